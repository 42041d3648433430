import SpecEngine
import SpecRuntime
import SpecSemantics
import SpecTrace

/// Checks that a trace is a behaviour of a spec: its first state is an initial state and
/// each later state is reached from the one before by the action (and arguments) it names.
enum TraceValidation {
  struct Problem: Error {
    var message: String
  }

  /// Replays `trace`; returns the index (in `spec.invariants`) of the first invariant its
  /// last state violates, or nil. Throws a `Problem` for a step the spec does not allow,
  /// and the evaluator's `ActionFailure` for an evaluation error on the way.
  static func replay(_ trace: Trace, spec: TypedSpec, constants: [Value]) throws -> Int? {
    for parameter in trace.parameters {
      guard let index = spec.constantIndex(named: parameter.name) else { continue }
      if constants[index] != parameter.value {
        throw Problem(
          message:
            "the trace was made with \(parameter.name) = \(parameter.value), but the spec has \(parameter.name) = \(constants[index]) (use --const)"
        )
      }
    }
    let system = try CompiledSpec(spec: spec, constants: constants)
    var worker = system.makeWorker()
    func state(_ number: Int, _ values: [Value]) throws -> SpecState {
      let packed = system.state(values)
      // Packing keeps only what the declared types can hold: a value outside its type
      // would come back different.
      guard system.values(of: packed) == values else {
        throw Problem(message: "state \(number) holds a value outside its variable's declared type")
      }
      return packed
    }
    var current = try state(1, trace.steps[0].values)
    guard try worker.initialStates().contains(current) else {
      throw Problem(message: "state 1 is not an initial state of \(spec.name)")
    }
    for (index, step) in trace.steps.enumerated().dropFirst() {
      let target = try state(index + 1, step.values)
      var transitions: [Transition<SpecState>] = []
      try worker.successors(of: current, into: &transitions)
      let reached = transitions.contains { transition in
        transition.state == target && matches(step, system.instances[transition.label], spec)
      }
      guard reached else {
        throw Problem(
          message: "state \(index + 1) is not reached from state \(index) by \(step.label)")
      }
      current = target
    }
    return try worker.violatedInvariant(current)
  }

  /// Whether a step names this action instance (arguments the step omits match any).
  static func matches(_ step: Trace.Step, _ instance: ActionInstance, _ spec: TypedSpec) -> Bool {
    let action = spec.actions[instance.action]
    guard step.action == action.name.text else { return false }
    return zip(action.parameters, instance.arguments).allSatisfy { parameter, value in
      step.arguments.first { $0.name == parameter.name.text }.map { $0.value == value } ?? true
    }
  }
}
