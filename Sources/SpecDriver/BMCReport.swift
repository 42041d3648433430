import SpecRuntime
import SpecSemantics
import SpecSolver
import SpecSyntax
import SpecTrace

/// The verdict of `prove` or `bmc`, as the JSON `result` field spells it.
package enum SolverResult: String, Sendable {
  case ok
  case proved
  case invariantViolated = "invariant_violated"
  /// `bmc`: a reachable state without successors.
  case deadlock
  case notInductive = "not_inductive"
  case assumptionFailed = "assumption_failed"
  /// An evaluation error, a construct the solver cannot handle, a solver failure, or an
  /// internal error.
  case error
  case unknown

  /// The exit code of CLI.md.
  package var exitCode: Int32 {
    switch self {
    case .ok, .proved: 0
    case .invariantViolated, .deadlock, .notInductive, .assumptionFailed: 1
    case .error: 2
    case .unknown: 3
    }
  }
}

/// What `bmc` found for one spec file, ready to render.
package struct BMCReport: Sendable {
  package var loaded: LoadedSpec
  /// The most steps searched.
  package var depth: Int
  package var solver: String
  package var result: SolverResult = .ok
  /// The violated invariant's name (`deadlock` for a deadlock), with a sentence saying
  /// where.
  package var violation: (name: String, message: String)?
  /// What the search could not cover.
  package var notes: [String] = []
  /// The counterexample, replayed by the explicit evaluator.
  package var trace: Trace?
  /// Diagnostics of an evaluation error, an unsupported construct or a solver failure.
  package var problems: [Diagnostic] = []
  /// Why the answer is unknown.
  package var reason: String?
  /// The depth at which the solver gave up.
  package var unknownDepth: Int?
  package var queries = 0
  package var seconds = 0.0

  init(loaded: LoadedSpec, depth: Int, solver: String) {
    self.loaded = loaded
    self.depth = depth
    self.solver = solver
  }

  package var exitCode: Int32 { result.exitCode }

  mutating func apply(_ outcome: BMCOutcome) {
    guard let spec = loaded.spec else { return }
    switch outcome {
    case .ok:
      result = .ok
    case .violation(let invariant, let found):
      result = .invariantViolated
      let name = spec.invariants[invariant].name.text
      trace = Driver.makeTrace(
        found, spec: spec, description: "a counterexample to invariant \(name), found by bmc")
      violation = (
        name, "invariant \(name) is violated in state \(found.states.count) of the trace"
      )
    case .deadlock(let found):
      result = .deadlock
      trace = Driver.makeTrace(found, spec: spec, description: "a path to a deadlock, found by bmc")
      violation = (
        "deadlock", "deadlock: no action is enabled in state \(found.states.count) of the trace"
      )
    case .evaluationError(let diagnostic, let found):
      result = .error
      problems.append(diagnostic)
      trace = Driver.makeTrace(
        found, spec: spec, description: "a path to an evaluation error, found by bmc")
      if trace?.steps.isEmpty == true { trace = nil }
    case .assumptionsUnsatisfiable:
      result = .assumptionFailed
      problems.append(
        Diagnostic(
          .assumptionFailed, "no values of the constants satisfy the assumptions", at: .none))
    case .unknown(let depth, let why):
      result = .unknown
      reason = why
      unknownDepth = depth
    }
  }

  mutating func fail(_ error: any Error) {
    result = .error
    problems.append(SolverProblem(error).diagnostic)
  }

  /// The constants: given values, and for a counterexample the solver's values of the
  /// symbolic ones.
  package var constants: [(String, Value?)] {
    guard let spec = loaded.spec, let values = loaded.constants else { return [] }
    let symbolic = Driver.symbolicFlags(loaded)
    return spec.constants.indices.map { index in
      let name = spec.constants[index].name.text
      if !symbolic[index] { return (name, values[index]) }
      return (name, trace?.parameters.first { $0.name == name }?.value)
    }
  }

  /// The report for people: verdict, problem, trace, statistics.
  package func renderText() -> String {
    var out = loaded.renderDiagnostics()
    guard loaded.isValid, let spec = loaded.spec else {
      return out + "\(loaded.path): invalid spec\n"
    }
    out += problems.map { $0.render(in: spec.file) }.joined()
    let constantsText = SolverText.constants(constants)
    switch result {
    case .ok:
      out +=
        "\(loaded.path): ok, no invariant violated within \(depth) step\(depth == 1 ? "" : "s")\(constantsText)\n"
    case .invariantViolated, .deadlock:
      out += "\(loaded.path): \(violation?.message ?? "invariant violated")\(constantsText)\n"
    case .assumptionFailed:
      out += "\(loaded.path): no constants satisfy the assumptions\n"
    case .unknown:
      let safe = (unknownDepth ?? 0) - 1
      let prefix =
        safe >= 0 ? "no invariant violated within \(safe) step\(safe == 1 ? "" : "s"), then " : ""
      out +=
        "\(loaded.path): unknown: \(prefix)the solver gave up at depth \(unknownDepth ?? 0): \(reason ?? "unknown")\(constantsText)\n"
    case .error, .proved, .notInductive:
      out += "\(loaded.path): \(SolverText.errorSummary(problems))\(constantsText)\n"
    }
    if let trace {
      out += "trace (\(trace.steps.count) state\(trace.steps.count == 1 ? "" : "s")):\n"
      out += trace.renderText()
    }
    for note in notes { out += "note: \(note)\n" }
    out +=
      "bmc: depth \(depth), \(queries) solver quer\(queries == 1 ? "y" : "ies"), \(SolverText.seconds(seconds)) s, \(solver)\n"
    return out
  }

  /// One JSON object.
  package func json() -> JSON {
    var pairs: [(String, JSON)] = [
      ("spec", .string(loaded.spec?.name ?? "")),
      ("file", .string(loaded.path)),
      ("constants", ConstantsJSON.object(constants, spec: loaded.spec)),
      ("result", .string(result.rawValue)),
      ("depth", .int(depth)),
    ]
    if let violation {
      pairs.append(
        (
          "violation",
          .object([
            ("kind", .string(result == .deadlock ? "deadlock" : "invariant")),
            ("name", .string(violation.name)),
            ("message", .string(violation.message)),
          ])
        ))
    } else {
      pairs.append(("violation", .null))
    }
    if let trace, let spec = loaded.spec {
      pairs.append(("trace", ITFWriter.encode(trace, spec: spec)))
    } else {
      pairs.append(("trace", .null))
    }
    if let reason { pairs.append(("reason", .string(reason))) }
    if let unknownDepth { pairs.append(("unknown_depth", .int(unknownDepth))) }
    pairs += [
      ("notes", .array(notes.map(JSON.string))),
      ("queries", .int(queries)),
      ("seconds", .double((seconds * 1000).rounded() / 1000)),
      ("solver", .string(solver)),
      ("diagnostics", SolverText.diagnosticsJSON(loaded, problems)),
    ]
    return .object(pairs)
  }

  /// The counterexample as an ITF document, if there is one.
  package func itf() -> JSON? {
    guard let trace, let spec = loaded.spec else { return nil }
    return ITFWriter.encode(trace, spec: spec)
  }
}

/// Text and JSON pieces shared by the `prove` and `bmc` reports.
enum SolverText {
  static func constants(_ constants: [(String, Value?)]) -> String {
    guard !constants.isEmpty else { return "" }
    let parts = constants.map { name, value in "\(name) = \(value.map(\.description) ?? "symbolic")"
    }
    return " (\(parts.joined(separator: ", ")))"
  }

  static func diagnosticsJSON(_ loaded: LoadedSpec, _ problems: [Diagnostic]) -> JSON {
    var diagnostics: [JSON] = []
    for source in loaded.sources {
      diagnostics += source.diagnostics.map { DiagnosticJSON.object($0, in: source.file) }
    }
    if let spec = loaded.spec {
      diagnostics += problems.map { DiagnosticJSON.object($0, in: spec.file) }
    }
    return .array(diagnostics)
  }

  static func errorSummary(_ problems: [Diagnostic]) -> String {
    guard let first = problems.first else { return "error" }
    switch first.code {
    case .replayMismatch, .internalError: return "internal error (see above)"
    case .solverFailure: return "the solver failed"
    case .unsupportedBySolver, .unenumerableSet, .unsupportedSolverType, .recursionTooDeep:
      return "cannot be encoded for the solver"
    default: return "evaluation error"
    }
  }

  static func seconds(_ s: Double) -> String {
    let hundredths = Int((s * 100).rounded())
    let fraction = hundredths % 100
    return "\(hundredths / 100).\(fraction < 10 ? "0" : "")\(fraction)"
  }
}
