/// A trace as a generated test carries it: the first state, then each step's action, its
/// arguments and the state it leads to.
public struct ReplayTrace: Sendable {
  /// One step: an action with its arguments, and the state after it.
  public struct Step: Sendable {
    public var action: String
    /// In the action's parameter order.
    public var arguments: [(name: String, value: SpecValue)]
    public var state: [String: SpecValue]

    /// `.step("Withdraw", ["from": "alice", "amount": 3], state: [...])`: arguments keep
    /// the order they are written in, for messages.
    public static func step(
      _ action: String, _ arguments: KeyValuePairs<String, SpecValue> = [:],
      state: [String: SpecValue]
    ) -> Step {
      Step(action: action, arguments: arguments.map { ($0.key, $0.value) }, state: state)
    }

    /// `Withdraw(from = "alice", amount = 3)`, or `Tick` without arguments.
    public var label: String {
      if arguments.isEmpty { return action }
      return "\(action)(\(arguments.map { "\($0.name) = \($0.value)" }.joined(separator: ", ")))"
    }

    /// The arguments by name, as the adapter receives them.
    public var argumentsByName: [String: SpecValue] {
      var out: [String: SpecValue] = [:]
      for argument in arguments { out[argument.name] = argument.value }
      return out
    }
  }

  public var initial: [String: SpecValue]
  public var steps: [Step]
  /// For a counterexample: what its last state violates (`invariant NoOverdraft`).
  public var violation: String?

  public init(initial: [String: SpecValue], steps: [Step], violation: String? = nil) {
    self.initial = initial
    self.steps = steps
    self.violation = violation
  }

  /// The trace's states, the initial one first.
  public var states: [[String: SpecValue]] { [initial] + steps.map(\.state) }
}

/// What a replay found: nil `failure` when the test passes.
public struct ReplayOutcome: Sendable, Equatable {
  /// Why the test fails, for people; nil when it passes.
  public var failure: String?
  /// What happened, in one line, whether it passed or not.
  public var summary: String

  public init(failure: String?, summary: String) {
    self.failure = failure
    self.summary = summary
  }
}

/// Replays a trace against an implementation through its adapter.
///
/// - `conformance`: every step must be accepted and every observed state must equal the
///   trace's (for the variables the adapter exposes).
/// - `regression`: the trace is a counterexample; the test fails if the implementation
///   follows it all the way into its last, violating state, and passes once it refuses a
///   step or ends in a different state.
///
/// Errors the adapter throws propagate: they are failures of the test either way.
public enum TraceReplay {
  public static func conformance<Adapter: SpecAdapter>(
    _ trace: ReplayTrace, on adapter: inout Adapter
  ) throws -> ReplayOutcome {
    try adapter.reset(to: trace.initial)
    if let problem = try compare(try adapter.observe(), with: trace.initial, at: "state 1 (initial)") {
      return ReplayOutcome(failure: problem, summary: "the initial state differs")
    }
    for (index, step) in trace.steps.enumerated() {
      let number = index + 2
      guard try adapter.step(step.action, step.argumentsByName) else {
        let failure =
          "state \(number): the implementation refused \(step.label), which the trace takes"
        return ReplayOutcome(failure: failure, summary: "refused state \(number)")
      }
      let observed = try adapter.observe()
      if let problem = try compare(observed, with: step.state, at: "state \(number), after \(step.label)") {
        return ReplayOutcome(failure: problem, summary: "state \(number) differs")
      }
    }
    return ReplayOutcome(
      failure: nil, summary: "the implementation follows all \(trace.states.count) states")
  }

  public static func regression<Adapter: SpecAdapter>(
    _ trace: ReplayTrace, on adapter: inout Adapter
  ) throws -> ReplayOutcome {
    try adapter.reset(to: trace.initial)
    for (index, step) in trace.steps.enumerated() {
      guard try adapter.step(step.action, step.argumentsByName) else {
        return ReplayOutcome(
          failure: nil,
          summary: "the implementation refuses state \(index + 2), \(step.label): the counterexample no longer reproduces")
      }
    }
    let last = trace.states.count
    let observed = try adapter.observe()
    if let difference = try compare(observed, with: trace.states[last - 1], at: "state \(last)") {
      return ReplayOutcome(
        failure: nil, summary: "the implementation ends in a different state: \(difference)")
    }
    let what = trace.violation.map { ", which violates \($0)" } ?? ""
    let shown = observed.sorted { $0.key < $1.key }.map { "\($0.key) = \($0.value)" }
      .joined(separator: ", ")
    return ReplayOutcome(
      failure:
        "the implementation follows the counterexample all the way into state \(last)\(what): \(shown)",
      summary: "the counterexample reproduces")
  }

  /// The first difference between what the adapter observed and the trace's state, or
  /// nil. Only observed variables are compared. Observing no variable, or one the trace
  /// does not have, is a mistake of the adapter, thrown as an `AdapterMistake` so a
  /// regression test cannot pass because of it.
  public static func compare(
    _ observed: [String: SpecValue], with expected: [String: SpecValue], at place: String
  ) throws -> String? {
    if observed.isEmpty {
      throw AdapterMistake(message: "\(place): the adapter's observe() returned no variable")
    }
    for (name, got) in observed.sorted(by: { $0.key < $1.key }) {
      guard let want = expected[name] else {
        throw AdapterMistake(
          message: "\(place): observe() returned '\(name)', which is not a variable of the trace")
      }
      if got != want { return "\(place): \(name) is \(got), the trace has \(want)" }
    }
    return nil
  }
}

/// An adapter that does not keep its contract (see `SpecAdapter.observe()`).
public struct AdapterMistake: Error, Sendable, CustomStringConvertible {
  public var message: String
  public var description: String { message }
}
