import SpecTrace

/// What a run of `check` is expected to find: the `expect` of a `speccheck.json` entry.
///
/// A spec that demonstrates a bug (DieHard's `NotSolved`) is expected to keep failing;
/// its run passes while it fails exactly as designed, so CI stays green.
package enum ExpectedOutcome: Sendable, Equatable, CustomStringConvertible {
  /// No invariant violated, no deadlock, search complete: the default.
  case ok
  /// An invariant is violated: the named one, or any when the name is nil.
  case violation(String?)
  /// A reachable state has no successor.
  case deadlock
  /// An `assume` is false for the constants.
  case assumptionFailure
  /// Nothing violated, whether or not the search reached a limit (a bounded smoke check).
  case incomplete

  /// Parses `ok`, `violation`, `violation of NAME`, `deadlock`, `assumption failure`,
  /// `incomplete`, or the JSON result names `invariant_violated`, `assumption_failed`.
  package init?(text: String) {
    let words = text.split(whereSeparator: { $0 == " " || $0 == "\t" }).map(String.init)
    switch words {
    case ["ok"]: self = .ok
    case ["violation"], ["invariant_violated"]: self = .violation(nil)
    case _ where words.count == 3 && words[0] == "violation" && words[1] == "of":
      self = .violation(words[2])
    case ["deadlock"]: self = .deadlock
    case ["assumption", "failure"], ["assumption_failed"]: self = .assumptionFailure
    case ["incomplete"]: self = .incomplete
    default: return nil
    }
  }

  /// The config spelling: `violation of NotSolved`.
  package var description: String {
    switch self {
    case .ok: "ok"
    case .violation(let name?): "violation of \(name)"
    case .violation(nil): "violation"
    case .deadlock: "deadlock"
    case .assumptionFailure: "assumption failure"
    case .incomplete: "incomplete"
    }
  }
}

/// One run of `check`: a spec file, constant overrides, flags and the expected outcome.
/// A sweep over constants gives one job per combination of values.
package struct CheckJob: Sendable {
  /// The spec file, as it is shown in reports.
  package var path: String
  package var overrides: [ConstantOverride]
  package var options: CheckOptions
  package var expected: ExpectedOutcome

  package init(
    path: String, overrides: [ConstantOverride] = [], options: CheckOptions = CheckOptions(),
    expected: ExpectedOutcome = .ok
  ) {
    self.path = path
    self.overrides = overrides
    self.options = options
    self.expected = expected
  }

  /// What tells this run apart from other runs of the same file: `RMCount = 3`, and
  /// `no deadlock check` when deadlock checking is off. Empty for a plain run.
  package var label: String {
    var parts = overrides.map { "\($0.name) = \($0.valueText.trimmed)" }
    if !options.search.checkDeadlock { parts.append("no deadlock check") }
    return parts.joined(separator: ", ")
  }

  /// `specs/TwoPhase.spec [RMCount = 3]`, or the bare path for a plain run.
  package var title: String {
    label.isEmpty ? path : "\(path) [\(label)]"
  }
}

/// A job, the report it produced, and the report judged against the job's expectation.
package struct CheckRun: Sendable {
  /// How the run counts in a summary.
  package enum Status: String, Sendable {
    case passed, failed, error, incomplete
  }

  package var job: CheckJob
  package var report: CheckReport
  package private(set) var status: Status
  /// Why the run failed its expectation when the report alone does not say so (an
  /// expected violation that did not happen); nil otherwise.
  package private(set) var mismatch: String?

  package init(job: CheckJob, report: CheckReport) {
    self.job = job
    self.report = report
    (status, mismatch) = Self.judge(report, against: job.expected)
  }

  /// The exit code of this run: 0 when it passed, else CLI.md's code for what went wrong
  /// (an unmet expectation counts as a violation, 1).
  package var exitCode: Int32 {
    switch status {
    case .passed: 0
    case .failed: 1
    case .error: 2
    case .incomplete: 3
    }
  }

  /// True when the run found the violation, deadlock or false assumption it expected.
  package var isExpectedFailure: Bool {
    status == .passed && report.result != .ok && report.result != .incomplete
  }

  /// The most serious exit code over several runs: invalid (2) over violated (1) over
  /// incomplete (3) over ok.
  package static func worstExitCode(_ codes: [Int32]) -> Int32 {
    let rank: [Int32: Int] = [0: 0, 3: 1, 1: 2, 2: 3]
    return codes.max { rank[$0, default: 4] < rank[$1, default: 4] } ?? 0
  }

  static func judge(_ report: CheckReport, against expected: ExpectedOutcome) -> (Status, String?) {
    if report.result == .error { return (.error, nil) }
    let invariants = report.loaded.spec?.invariants.map(\.name.text) ?? []
    if case .violation(let name?) = expected, !invariants.contains(name) {
      return (.failed, "expected a violation of \(name), but the spec has no invariant \(name)")
    }
    switch (expected, report.result) {
    case (.ok, .ok), (.deadlock, .deadlock), (.assumptionFailure, .assumptionFailed),
      (.incomplete, .ok), (.incomplete, .incomplete), (.violation(nil), .invariantViolated):
      return (.passed, nil)
    case (.violation(let name?), .invariantViolated) where report.violation?.name == name:
      return (.passed, nil)
    case (.ok, _):
      return (report.result == .incomplete ? .incomplete : .failed, nil)
    case (_, .incomplete):
      return (.incomplete, "expected \(expected.phrase), but the search stopped early")
    case (_, .ok):
      let states =
        "\(report.distinctStates) reachable state\(report.distinctStates == 1 ? "" : "s")"
      return (.failed, "expected \(expected.phrase), but none was found in \(states)")
    default:
      return (.failed, "expected \(expected.phrase), but found \(report.outcomePhrase)")
    }
  }
}

extension ExpectedOutcome {
  /// `a violation of NotSolved`, for messages.
  var phrase: String {
    switch self {
    case .ok: "no violation"
    case .violation(let name?): "a violation of \(name)"
    case .violation(nil): "an invariant violation"
    case .deadlock: "a deadlock"
    case .assumptionFailure: "a false assumption"
    case .incomplete: "no violation"
    }
  }
}

extension CheckReport {
  /// What the run found, in a few words: `invariant NotSolved violated`, `deadlock`.
  package var outcomePhrase: String {
    switch result {
    case .ok: return "ok"
    case .invariantViolated: return "invariant \(violation?.name ?? "?") violated"
    case .deadlock: return "deadlock"
    case .assumptionFailed:
      let name = violation?.name ?? "assume"
      return name == "assume" ? "assumption false" : "assumption \(name) false"
    case .error:
      if !loaded.isValid {
        let count = loaded.diagnostics.filter { $0.severity == .error }.count
        return "invalid spec (\(count) error\(count == 1 ? "" : "s"))"
      }
      return "evaluation error" + (problems.first.map { ": \($0.message)" } ?? "")
    case .incomplete:
      return "incomplete: \(stopPhrase)"
    }
  }
}

extension CheckRun {
  /// The report's JSON object (CLI.md); a run with an expectation other than `ok` adds
  /// `expected` (the config's spelling) and `passed`.
  package func json() -> JSON {
    let json = report.json()
    guard job.expected != .ok, case .object(var pairs) = json else { return json }
    pairs.append(("expected", .string(job.expected.description)))
    pairs.append(("passed", .bool(status == .passed)))
    return .object(pairs)
  }
}

extension Driver {
  /// Loads and checks a job's spec and judges the report against its expectation.
  package static func run(_ job: CheckJob) -> CheckRun {
    CheckRun(
      job: job, report: check(path: job.path, overrides: job.overrides, options: job.options))
  }
}

extension String {
  var trimmed: String {
    var scalars = Substring(self)
    while let first = scalars.first, first == " " || first == "\t" { scalars.removeFirst() }
    while let last = scalars.last, last == " " || last == "\t" { scalars.removeLast() }
    return String(scalars)
  }
}
