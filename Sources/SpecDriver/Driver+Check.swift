import SpecEngine
import SpecRuntime
import SpecSemantics
import SpecSyntax
import SpecTrace

/// Flags of `speccheck check` that reach the engine.
package struct CheckOptions: Sendable {
  package var search = SearchOptions()
  /// Names of the invariants to check; nil checks them all.
  package var invariants: [String]?
  /// Whether `search.memoryLimit` is the CLI's default (a share of the machine's memory)
  /// rather than one the user set: the report then says where the limit came from.
  package var memoryLimitIsDefault = false
  package init() {}
}

/// A bound on the state store's bytes that the user gave: a number, or none at all (which
/// lifts the CLI's default bound).
package enum MemoryBound: Sendable, Equatable {
  case bytes(Int)
  case unbounded

  package var bytes: Int? {
    switch self {
    case .bytes(let bytes): bytes
    case .unbounded: nil
    }
  }
}

extension Driver {
  /// Loads and checks one spec: assumptions first, then a breadth-first search.
  package static func check(path: String, overrides: [ConstantOverride], options: CheckOptions)
    -> CheckReport
  {
    check(SpecLoader.load(path: path, overrides: overrides), options: options)
  }

  package static func check(_ loaded: LoadedSpec, options: CheckOptions) -> CheckReport {
    guard loaded.isValid, let spec = loaded.spec, let constants = loaded.constants else {
      return CheckReport(loaded: loaded, result: .error)
    }
    var report = CheckReport(loaded: loaded, result: .ok)
    report.workers = options.search.workers
    report.storeMode = options.search.storeMode
    report.memoryLimitIsDefault = options.memoryLimitIsDefault
    if let failed = checkAssumptions(spec, constants, &report) { return failed }
    guard
      let system = compileSystem(spec, constants, invariants: options.invariants, report: &report)
    else { return report }
    var search = BreadthFirstSearch(system: system, options: options.search)
    let result = search.run()
    report.distinctStates = result.distinctStates
    report.statesGenerated = result.statesGenerated
    report.depth = result.depth
    report.seconds = result.seconds
    report.workers = result.workers
    report.storeBytes = result.storeBytes
    report.coverage = zip(system.actionNames, result.coverage).map {
      CheckReport.Coverage(action: $0, generated: $1.generated, distinct: $1.distinct)
    }
    apply(
      result.verdict, trace: result.trace, system: system, spec: spec, constants: constants,
      to: &report)
    return report
  }

  /// The spec compiled for a search (`check`, `simulate`) with the invariants `--invariant`
  /// names (all when nil), or nil with the report's result and problems set: an unknown
  /// invariant name, or a constant that fails to evaluate.
  static func compileSystem(
    _ spec: TypedSpec, _ constants: [Value], invariants names: [String]?,
    report: inout CheckReport
  ) -> CompiledSpec? {
    var selected: [Int]?
    if let names {
      let known = spec.invariants.map(\.name.text)
      for name in names where !known.contains(name) {
        report.result = .error
        report.problems = [
          Diagnostic(
            .unknownName, "--invariant names '\(name)', which is not an invariant of the spec",
            at: .none)
        ]
        return nil
      }
      selected = spec.invariants.indices.filter { names.contains(spec.invariants[$0].name.text) }
    }
    do {
      return try CompiledSpec(spec: spec, constants: constants, invariants: selected)
    } catch let error as EvaluationError {
      report.result = .error
      report.problems = [error.diagnostic]
    } catch {
      report.result = .error
      report.problems = [Diagnostic(.internalError, "\(error)", at: .none)]
    }
    return nil
  }

  /// Sets the report's verdict, violation, problems and trace from a search's result
  /// (shared by `check` and `simulate`).
  static func apply(
    _ verdict: Verdict, trace: [TraceStep<SpecState>]?, system: CompiledSpec, spec: TypedSpec,
    constants: [Value], to report: inout CheckReport
  ) {
    report.trace = trace.map { makeTrace($0, system: system, spec: spec, constants: constants) }
    switch verdict {
    case .ok:
      report.result = .ok
    case .invariantViolated(let index):
      let name = spec.invariants[index].name.text
      report.result = .invariantViolated
      report.violation = .init(
        kind: "invariant", name: name,
        message:
          "invariant \(name) is violated in state \(report.trace?.steps.count ?? 0) of the trace")
      report.trace?.description = "a counterexample to invariant \(name)"
    case .deadlock:
      report.result = .deadlock
      report.violation = .init(
        kind: "deadlock", name: "deadlock",
        message:
          "deadlock: no action is enabled in state \(report.trace?.steps.count ?? 0) of the trace")
      report.trace?.description = "a path to a deadlock"
    case .error(let error, let label):
      report.result = .error
      var diagnostic =
        (error as? ActionFailure)?.error.diagnostic
        ?? Diagnostic(.internalError, "\(error)", at: .none)
      if let label = label ?? (error as? ActionFailure)?.label {
        let instance = system.instances[label]
        let action = spec.actions[instance.action]
        let step = Trace.Step(
          action: action.name.text,
          arguments: zip(action.parameters, instance.arguments).map {
            Trace.Argument(name: $0.name.text, value: $1)
          }, values: [])
        diagnostic.notes.append(
          .init(
            "while evaluating action \(step.label) in the last state of the trace",
            range: action.name.range))
      }
      report.problems = [diagnostic]
      report.trace?.description = "a path to an evaluation error"
    case .incomplete(let reason):
      report.result = .incomplete
      report.stopReason = reason
    }
  }

  /// Evaluates every `assume`; a false one ends the check with `assumption_failed`.
  static func checkAssumptions(_ spec: TypedSpec, _ constants: [Value], _ report: inout CheckReport)
    -> CheckReport?
  {
    let evaluator = Evaluator(spec: spec, constants: constants)
    for assumption in spec.assumptions {
      do {
        if try !evaluator.isTrue(assumption.body) {
          report.result = .assumptionFailed
          let label = assumption.name.text == "assume" ? "" : " \(assumption.name.text)"
          report.violation = .init(
            kind: "assumption", name: assumption.name.text,
            message: "assumption\(label) is false for the given constants")
          report.problems = [
            Diagnostic(
              .assumptionFailed, "assumption\(label) is false for the given constants",
              at: assumption.body.range)
          ]
          return report
        }
      } catch let error as EvaluationError {
        report.result = .error
        report.problems = [error.diagnostic]
        return report
      } catch {
        report.result = .error
        return report
      }
    }
    return nil
  }

  static func makeTrace(
    _ steps: [TraceStep<SpecState>], system: CompiledSpec, spec: TypedSpec, constants: [Value]
  ) -> Trace {
    Trace(
      specName: spec.name, source: spec.file.path, description: "",
      parameters: zip(spec.constants, constants).map {
        Trace.Argument(name: $0.name.text, value: $1)
      },
      variables: spec.variables.map(\.name.text),
      steps: steps.map { step in
        guard let label = step.label else {
          return Trace.Step(action: nil, arguments: [], values: system.values(of: step.state))
        }
        let instance = system.instances[label]
        let action = spec.actions[instance.action]
        return Trace.Step(
          action: action.name.text,
          arguments: zip(action.parameters, instance.arguments).map {
            Trace.Argument(name: $0.name.text, value: $1)
          },
          values: system.values(of: step.state))
      })
  }
}
