import SpecEngine
import SpecRuntime
import SpecSemantics
import SpecSyntax

/// Confirms a solver's counterexample with the explicit evaluator, the checker's
/// reference semantics: every state is an initial state or a successor of the one before
/// by the named action instance, and the last state does what the solver said.
///
/// A counterexample the evaluator does not reproduce means the encoding and the evaluator
/// disagree: a bug, reported as `SPC902` rather than printed as if it were true.
package struct Replayer {
  package let spec: TypedSpec
  let compiled: CompiledSpec
  var worker: SpecWorker
  let evaluator: Evaluator

  /// - Parameter constants: concrete values for every constant (the model's for the
  ///   symbolic ones).
  package init(spec: TypedSpec, constants: [Value]) throws {
    self.spec = spec
    compiled = try CompiledSpec(spec: spec, constants: constants)
    worker = compiled.makeWorker()
    evaluator = Evaluator(spec: spec, constants: constants)
  }

  /// The label of an action instance, nil when the arguments name none.
  package func label(action: Int, arguments: [Value]) -> Int? {
    compiled.instances.firstIndex { $0.action == action && $0.arguments == arguments }
  }

  /// Whether `state` is one of `init`'s states.
  package mutating func isInitial(_ state: [Value]) throws -> Bool {
    try worker.initialStates().contains { compiled.values(of: $0) == state }
  }

  /// Whether the action instance leads from `state` to `next`.
  package mutating func isStep(
    from state: [Value], action: Int, arguments: [Value], to next: [Value]
  ) throws -> Bool {
    guard let label = label(action: action, arguments: arguments) else { return false }
    var transitions: [Transition<SpecState>] = []
    try worker.successors(of: compiled.state(state), into: &transitions)
    return transitions.contains { $0.label == label && compiled.values(of: $0.state) == next }
  }

  /// Expands `state`: throws the evaluation error the explicit checker would report.
  package mutating func expand(_ state: [Value]) throws {
    var transitions: [Transition<SpecState>] = []
    try worker.successors(of: compiled.state(state), into: &transitions)
  }

  /// Whether some action instance is enabled at `state` (throws the evaluation error the
  /// explicit checker would report).
  package mutating func hasSuccessor(_ state: [Value]) throws -> Bool {
    var transitions: [Transition<SpecState>] = []
    try worker.successors(of: compiled.state(state), into: &transitions)
    return !transitions.isEmpty
  }

  /// The first invariant `state` violates, as the explicit checker finds it.
  package mutating func violatedInvariant(_ state: [Value]) throws -> Int? {
    try worker.violatedInvariant(compiled.state(state))
  }

  package mutating func satisfiesConstraints(_ state: [Value]) throws -> Bool {
    try worker.satisfiesConstraints(compiled.state(state))
  }

  /// One invariant at `state`.
  package func holds(invariant index: Int, at state: [Value]) throws -> Bool {
    evaluator.state = state
    return try evaluator.isTrue(spec.invariants[index].body)
  }

  /// Whether the assumptions hold for these constants.
  package func assumptionsHold() throws -> Bool {
    evaluator.state = []
    for assumption in spec.assumptions where try !evaluator.isTrue(assumption.body) {
      return false
    }
    return true
  }
}

/// Why a replay failed.
package struct ReplayMismatch: Error, Sendable {
  package var message: String
  package init(_ message: String) { self.message = message }
}
