import SpecRuntime
import SpecSemantics
import SpecSolver
import SpecSyntax
import SpecTrace

/// What `prove` found for one spec file, ready to render.
package struct ProveReport: Sendable {
  /// One invariant's outcome.
  package struct Entry: Sendable {
    package enum Verdict: String, Sendable {
      case proved
      case violatedInitially = "violated_initially"
      case notInductive = "not_inductive"
      case unknown
    }
    package var name: String
    package var verdict: Verdict
    /// The counterexample: one initial state, or a state and a step (to induction).
    package var trace: Trace?
    package var reason: String?
  }

  /// An action failing (an evaluation error, a value leaving its declared type) from a
  /// state that satisfies the hypotheses: the invariants do not rule that state out.
  package struct StepFailure: Sendable {
    package var diagnostic: Diagnostic
    package var trace: Trace
  }

  package var loaded: LoadedSpec
  package var solver: String
  package var result: SolverResult = .proved
  /// The invariants asked about, in the spec's order (all of them without `--invariant`).
  package var invariantNames: [String] = []
  package var entries: [Entry] = []
  package var stepFailures: [StepFailure] = []
  /// `init` failing, an unsupported construct, a solver failure, an internal error.
  package var problems: [Diagnostic] = []
  package var notes: [String] = []
  package var queries = 0
  package var seconds = 0.0

  init(loaded: LoadedSpec, solver: String) {
    self.loaded = loaded
    self.solver = solver
  }

  package var exitCode: Int32 { result.exitCode }

  mutating func apply(_ found: InductionResult) {
    guard let spec = loaded.spec else { return }
    queries = found.queries
    notes = found.notes
    if found.assumptionsUnsatisfiable {
      result = .assumptionFailed
      problems.append(
        Diagnostic(
          .assumptionFailed, "no values of the constants satisfy the assumptions", at: .none))
      return
    }
    for (index, verdict) in found.verdicts {
      let name = spec.invariants[index].name.text
      switch verdict {
      case .proved:
        entries.append(Entry(name: name, verdict: .proved))
      case .violatedInitially(let trace):
        entries.append(
          Entry(
            name: name, verdict: .violatedInitially,
            trace: Driver.makeTrace(
              trace, spec: spec, description: "an initial state that violates \(name)")))
      case .notInductive(let trace):
        entries.append(
          Entry(
            name: name, verdict: .notInductive,
            trace: Driver.makeTrace(
              trace, spec: spec,
              description:
                "a counterexample to induction for \(name): the first state satisfies the hypotheses but need not be reachable"
            )))
      case .unknown(let reason):
        entries.append(Entry(name: name, verdict: .unknown, reason: reason))
      }
    }
    for failure in found.failures {
      if failure.trace.states.count == 1 {
        stepFailures.append(
          StepFailure(
            diagnostic: failure.diagnostic,
            trace: Driver.makeTrace(
              failure.trace, spec: spec,
              description: "a state satisfying the hypotheses from which an action fails")))
      } else {
        problems.append(failure.diagnostic)
      }
    }
    if let reason = found.stepUnknown {
      notes.append(
        "whether every action is defined and keeps the declared types is unknown: \(reason)")
    }
    if !problems.isEmpty {
      result = .error
    } else if !stepFailures.isEmpty
      || entries.contains(where: { $0.verdict == .notInductive || $0.verdict == .violatedInitially }
      )
    {
      result = .notInductive
    } else if entries.contains(where: { $0.verdict == .unknown }) || found.stepUnknown != nil {
      result = .unknown
    } else {
      result = .proved
    }
  }

  mutating func fail(_ error: any Error) {
    result = .error
    problems.append(SolverProblem(error).diagnostic)
  }

  package var constants: [(String, Value?)] {
    guard let spec = loaded.spec, let values = loaded.constants else { return [] }
    let symbolic = Driver.symbolicFlags(loaded)
    return spec.constants.indices.map { index in
      (spec.constants[index].name.text, symbolic[index] ? nil : values[index])
    }
  }

  /// The first counterexample, for `--trace-out`.
  package var firstTrace: Trace? {
    entries.lazy.compactMap(\.trace).first ?? stepFailures.first?.trace
  }

  /// The first counterexample as an ITF document, for `--trace-out`.
  package func itf() -> JSON? {
    guard let trace = firstTrace, let spec = loaded.spec else { return nil }
    return ITFWriter.encode(trace, spec: spec)
  }

  // MARK: - Rendering

  package func renderText() -> String {
    var out = loaded.renderDiagnostics()
    guard loaded.isValid, let spec = loaded.spec else {
      return out + "\(loaded.path): invalid spec\n"
    }
    out += problems.map { $0.render(in: spec.file) }.joined()
    let constantsText = SolverText.constants(constants)
    if !entries.isEmpty {
      let what = entries.count == 1 ? "1 invariant" : "\(entries.count) invariants, together"
      out += "\(loaded.path): proving \(what)\(constantsText)\n"
      let width = entries.map(\.name.count).max() ?? 0
      for entry in entries {
        let padded = entry.name + String(repeating: " ", count: width - entry.name.count)
        let verdict = String(entry.verdict.rawValue.map { $0 == "_" ? " " : $0 })
        out += "  \(padded)  \(verdict)\(entry.reason.map { " (\($0))" } ?? "")\n"
      }
    }
    for entry in entries {
      guard let trace = entry.trace else { continue }
      if entry.verdict == .violatedInitially {
        out += "initial state violating \(entry.name):\n"
        out += trace.renderText()
      } else {
        out +=
          "counterexample to induction for \(entry.name) (a state satisfying the hypotheses, then a step):\n"
        out += Self.renderInduction(trace)
      }
    }
    for failure in stepFailures {
      out += failure.diagnostic.render(in: spec.file)
      out += "an action fails from this state, which satisfies the hypotheses:\n"
      out += Self.renderInduction(failure.trace)
    }
    for note in notes { out += "note: \(note)\n" }
    out += "\(loaded.path): \(summary)\n"
    out +=
      "prove: \(queries) solver quer\(queries == 1 ? "y" : "ies"), \(SolverText.seconds(seconds)) s, \(solver)\n"
    return out
  }

  var summary: String {
    switch result {
    case .proved:
      return entries.count == 1
        ? "proved: \(entries[0].name) is inductive"
        : "proved: the invariants are inductive together"
    case .notInductive:
      return stepFailures.isEmpty
        ? "not inductive"
        : "not inductive: an action fails or leaves its declared types from a state the invariants allow"
    case .assumptionFailed: return "no constants satisfy the assumptions"
    case .unknown: return "unknown: the solver could not decide every invariant"
    default: return SolverText.errorSummary(problems)
    }
  }

  /// A two-state trace whose first state is any state satisfying the hypotheses.
  static func renderInduction(_ trace: Trace) -> String {
    var lines = trace.renderText().split(separator: "\n", omittingEmptySubsequences: false)
    if let first = lines.first, first.hasSuffix("1. init") {
      lines[0] = first.dropLast(4) + "(a state satisfying the hypotheses)"
    }
    return lines.joined(separator: "\n")
  }

  package func json() -> JSON {
    .object([
      ("spec", .string(loaded.spec?.name ?? "")),
      ("file", .string(loaded.path)),
      ("constants", ConstantsJSON.object(constants, spec: loaded.spec)),
      ("result", .string(result.rawValue)),
      ("invariants", .array(entriesJSON)),
      ("step_failures", .array(stepFailuresJSON)),
      ("notes", .array(notes.map(JSON.string))),
      ("queries", .int(queries)),
      ("seconds", .double((seconds * 1000).rounded() / 1000)),
      ("solver", .string(solver)),
      ("diagnostics", SolverText.diagnosticsJSON(loaded, problems)),
    ])
  }

  /// One object per invariant decided: `name`, `result`, `reason` (for unknown), `trace`.
  var entriesJSON: [JSON] {
    entries.map { entry in
      var pairs: [(String, JSON)] = [
        ("name", .string(entry.name)), ("result", .string(entry.verdict.rawValue)),
      ]
      if let reason = entry.reason { pairs.append(("reason", .string(reason))) }
      if let trace = entry.trace, let spec = loaded.spec {
        pairs.append(("trace", ITFWriter.encode(trace, spec: spec)))
      } else {
        pairs.append(("trace", .null))
      }
      return .object(pairs)
    }
  }

  var stepFailuresJSON: [JSON] {
    guard let spec = loaded.spec else { return [] }
    return stepFailures.map { failure in
      .object([
        ("diagnostic", DiagnosticJSON.object(failure.diagnostic, in: spec.file)),
        ("trace", ITFWriter.encode(failure.trace, spec: spec)),
      ])
    }
  }
}
