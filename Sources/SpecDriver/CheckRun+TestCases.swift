/// One test case of a run, as JUnit reports show it.
package struct CheckTestCase: Sendable, Equatable {
  package enum Outcome: Sendable, Equatable {
    /// Passed; `output` says more when there is something to say (an expected violation).
    case passed(output: String?)
    /// A property does not hold, or an expectation is not met.
    case failure(type: String, message: String, details: String)
    /// The check could not be carried out: invalid spec, evaluation error, stopped early.
    case error(type: String, message: String, details: String)
    /// Not decided: the search stopped before this property was checked everywhere.
    case skipped(message: String)
  }

  package var name: String
  package var outcome: Outcome
  package var seconds: Double
}

extension CheckRun {
  /// The test cases of this run: `spec` (the spec is valid, its assumptions hold, the
  /// search ran to its end), then one per invariant checked, then `deadlock` when deadlock
  /// checking is on. An invalid spec has only `spec`.
  package var testCases: [CheckTestCase] {
    guard report.loaded.isValid, let spec = report.loaded.spec else {
      return [
        CheckTestCase(
          name: "spec",
          outcome: .error(
            type: "invalid_spec", message: report.outcomePhrase, details: report.renderText()),
          seconds: 0)
      ]
    }
    var cases = [CheckTestCase(name: "spec", outcome: specOutcome, seconds: report.seconds)]
    let selected = job.options.invariants
    for invariant in spec.invariants where selected?.contains(invariant.name.text) ?? true {
      let name = invariant.name.text
      cases.append(
        CheckTestCase(
          name: "invariant \(name)",
          outcome: propertyOutcome(
            violated: report.result == .invariantViolated && report.violation?.name == name,
            expected: expectsViolation(of: name)),
          seconds: 0))
    }
    if job.options.search.checkDeadlock {
      cases.append(
        CheckTestCase(
          name: "deadlock",
          outcome: propertyOutcome(
            violated: report.result == .deadlock,
            expected: job.expected == .deadlock),
          seconds: 0))
    }
    return cases
  }

  func expectsViolation(of name: String) -> Bool {
    if case .violation(let expected) = job.expected { return expected == name }
    return false
  }

  /// The `spec` case: fails on a false assumption or an expectation about no particular
  /// property; errs on an evaluation error or an unexpected early stop.
  var specOutcome: CheckTestCase.Outcome {
    switch report.result {
    case .error:
      return .error(
        type: "evaluation_error", message: report.outcomePhrase, details: report.renderText())
    case .assumptionFailed where !isExpectedFailure:
      return .failure(
        type: "assumption_failed", message: report.outcomePhrase, details: report.renderText())
    case .incomplete where status != .passed:
      return .error(type: "incomplete", message: report.outcomePhrase, details: report.renderText())
    default:
      break
    }
    if let mismatch, !mismatchBelongsToProperty {
      return .failure(type: "expectation", message: mismatch, details: report.renderText())
    }
    if isExpectedFailure, report.result == .assumptionFailed {
      return .passed(output: "\(outcome)\n\n\(report.renderText())")
    }
    return .passed(output: nil)
  }

  /// True when an unmet expectation names a property that has its own test case.
  var mismatchBelongsToProperty: Bool {
    guard mismatch != nil, report.result == .ok else { return false }
    switch job.expected {
    case .violation(let name?):
      return report.loaded.spec?.invariants.contains { $0.name.text == name } ?? false
    case .deadlock: return job.options.search.checkDeadlock
    default: return false
    }
  }

  /// An invariant's or deadlock freedom's case: `violated` when the search stopped at a
  /// violation of this very property; `expected` when the job expects that.
  func propertyOutcome(violated: Bool, expected: Bool)
    -> CheckTestCase.Outcome
  {
    if violated {
      let message = report.violation?.message ?? report.outcomePhrase
      if expected { return .passed(output: "\(outcome)\n\n\(report.renderText())") }
      return .failure(type: report.result.rawValue, message: message, details: report.renderText())
    }
    switch report.result {
    case .ok:
      if expected, let mismatch {
        return .failure(type: "expectation", message: mismatch, details: report.renderText())
      }
      return .passed(output: nil)
    case .incomplete:
      return .skipped(
        message: "not checked to completion: \(report.stopPhrase)")
    case .invariantViolated:
      return .skipped(
        message: "not checked to completion: the search stopped at the violation of "
          + (report.violation?.name ?? "an invariant"))
    case .deadlock:
      return .skipped(message: "not checked to completion: the search stopped at a deadlock")
    case .assumptionFailed:
      return .skipped(message: "not checked: \(report.outcomePhrase)")
    case .error:
      return .skipped(message: "not checked to completion: \(report.outcomePhrase)")
    }
  }
}
