import SpecEngine
import SpecRuntime
import SpecSemantics
import SpecSolver
import SpecSyntax
import SpecTrace
import SpecZ3

/// Flags of `speccheck prove` and `speccheck bmc`.
package struct SolverOptions: Sendable {
  /// Seconds each solver check may take; nil for no limit.
  package var timeout: Double?
  /// `prove --invariant NAME`: the invariants to prove together (all when empty).
  package var invariants: [String] = []
  /// `bmc --depth K`: the most steps searched.
  package var depth = 10
  /// `bmc`: whether a reachable state without successors is reported (`--no-deadlock`
  /// turns it off).
  package var checkDeadlock = true
  package init() {}
}

extension Driver {
  /// The solver both commands use.
  package static let solvers: any SMTSolverFactory = Z3SolverFactory()

  /// Loads a spec for the solver: constants without a value stay symbolic.
  static func loadForSolver(path: String, overrides: [ConstantOverride]) -> LoadedSpec {
    SpecLoader.load(path: path, overrides: overrides, symbolicConstants: true)
  }

  /// Bounded model checking of one spec file.
  package static func bmc(path: String, overrides: [ConstantOverride], options: SolverOptions)
    -> BMCReport
  {
    bmc(loadForSolver(path: path, overrides: overrides), options: options)
  }

  package static func bmc(_ loaded: LoadedSpec, options: SolverOptions) -> BMCReport {
    var report = BMCReport(loaded: loaded, depth: options.depth, solver: solvers.name)
    guard loaded.isValid, let spec = loaded.spec, let constants = loaded.constants else {
      report.result = .error
      return report
    }
    let stopwatch = Stopwatch()
    let checker = BoundedModelChecker(
      spec: spec, constants: constants, symbolic: symbolicFlags(loaded), solvers: solvers)
    do {
      let result = try checker.run(
        depth: options.depth, timeout: options.timeout, checkDeadlock: options.checkDeadlock)
      report.queries = result.queries
      report.notes = result.notes
      report.apply(result.outcome)
    } catch {
      report.fail(error)
    }
    report.seconds = stopwatch.seconds
    return report
  }

  /// Proves the chosen invariants of one spec file inductive.
  package static func prove(path: String, overrides: [ConstantOverride], options: SolverOptions)
    -> ProveReport
  {
    prove(loadForSolver(path: path, overrides: overrides), options: options)
  }

  package static func prove(_ loaded: LoadedSpec, options: SolverOptions) -> ProveReport {
    var report = ProveReport(loaded: loaded, solver: solvers.name)
    guard loaded.isValid, let spec = loaded.spec, let constants = loaded.constants else {
      report.result = .error
      return report
    }
    var chosen: [Int] = []
    for name in options.invariants {
      guard let index = spec.invariants.firstIndex(where: { $0.name.text == name }) else {
        report.result = .error
        report.problems.append(
          Diagnostic(
            .unknownName,
            "--invariant names '\(name)', which is not an invariant of the spec (it has \(spec.invariants.map(\.name.text).joined(separator: ", ")))",
            at: .none))
        return report
      }
      if !chosen.contains(index) { chosen.append(index) }
    }
    if options.invariants.isEmpty { chosen = Array(spec.invariants.indices) }
    report.invariantNames = chosen.map { spec.invariants[$0].name.text }
    let stopwatch = Stopwatch()
    let checker = InductionChecker(
      spec: spec, constants: constants, symbolic: symbolicFlags(loaded), solvers: solvers)
    do {
      report.apply(try checker.run(invariants: chosen, timeout: options.timeout))
    } catch {
      report.fail(error)
    }
    report.seconds = stopwatch.seconds
    return report
  }

  static func symbolicFlags(_ loaded: LoadedSpec) -> [Bool] {
    let count = loaded.constants?.count ?? 0
    return loaded.symbolicConstants.count == count
      ? loaded.symbolicConstants : Array(repeating: false, count: count)
  }

  /// A solver counterexample as a trace of the spec.
  static func makeTrace(_ found: SymbolicTrace, spec: TypedSpec, description: String) -> Trace {
    var steps = [Trace.Step(action: nil, arguments: [], values: found.states.first ?? [])]
    for (index, step) in found.steps.enumerated() where index + 1 < found.states.count {
      let action = spec.actions[step.action]
      steps.append(
        Trace.Step(
          action: action.name.text,
          arguments: zip(action.parameters, step.arguments).map {
            Trace.Argument(name: $0.name.text, value: $1)
          },
          values: found.states[index + 1]))
    }
    if found.states.isEmpty { steps = [] }
    return Trace(
      specName: spec.name, source: spec.file.path, description: description,
      parameters: zip(spec.constants, found.constants).map {
        Trace.Argument(name: $0.name.text, value: $1)
      },
      variables: spec.variables.map(\.name.text), steps: steps)
  }
}

/// What the solver commands say when the spec cannot be encoded or the solver fails.
struct SolverProblem {
  var diagnostic: Diagnostic
  var isInternal: Bool

  init(_ error: any Error) {
    switch error {
    case let encoding as EncodingError:
      diagnostic = encoding.diagnostic
      isInternal = encoding.diagnostic.code == .internalError
    case let solver as SolverError:
      diagnostic = Diagnostic(.solverFailure, solver.message, at: .none)
      isInternal = false
    case let mismatch as ReplayMismatch:
      diagnostic = Diagnostic(
        .replayMismatch,
        "internal error: the solver's counterexample is not confirmed by the explicit evaluator: \(mismatch.message). This is a bug in speccheck; the counterexample is not reported.",
        at: .none)
      isInternal = true
    default:
      diagnostic = Diagnostic(.internalError, "internal error: \(error)", at: .none)
      isInternal = true
    }
  }
}
