/// A system the engine can check: initial states, labelled successors, invariants.
///
/// The engine never sees the spec language: the compiled spec implements this protocol,
/// and so can toy systems in tests. Everything a worker thread needs to evaluate lives in
/// its `Worker`, made once per thread, so evaluators need not be thread-safe.
public protocol TransitionSystem: Sendable {
  associatedtype State: Hashable & Sendable
  associatedtype Worker: TransitionWorker where Worker.State == State

  /// Names of the actions, indexed by `TransitionLabel.action`.
  var actionNames: [String] { get }
  /// Names of the invariants, indexed by the result of `violatedInvariant`.
  var invariantNames: [String] { get }
  /// The number of distinct labels (action instances); labels are `0..<labelCount`.
  var labelCount: Int { get }
  /// The action a label belongs to.
  func action(ofLabel label: Int) -> Int

  func makeWorker() -> Worker

  /// Heap bytes a state holds outside its inline representation, for memory accounting.
  var stateHeapBytes: Int { get }

  /// How states pack into a fixed number of words, if they do: the exact store then keeps
  /// them in one flat array.
  var packing: StatePacking<State>? { get }
}

extension TransitionSystem {
  public var stateHeapBytes: Int { 0 }
  public var packing: StatePacking<State>? { nil }
}

/// One thread's view of a `TransitionSystem`. Errors thrown are errors of the spec
/// (an evaluation failure); the engine reports them with the trace that reached them.
public protocol TransitionWorker {
  associatedtype State: Hashable & Sendable

  /// Initial states, in a fixed order, duplicates allowed.
  mutating func initialStates() throws -> [State]
  /// Appends every successor of `state` with its label, in a fixed order.
  mutating func successors(of state: State, into transitions: inout [Transition<State>]) throws
  /// The index of the first invariant `state` violates, or nil.
  mutating func violatedInvariant(_ state: State) throws -> Int?
  /// Whether `state` satisfies every state constraint (TLC's CONSTRAINT).
  mutating func satisfiesConstraints(_ state: State) throws -> Bool
  /// A fixed-seed 64-bit hash of `state`: the same on every run and every machine.
  func fingerprint(_ state: State) -> UInt64
}

/// A successor and the label (action instance) that produced it.
public struct Transition<State: Sendable>: Sendable {
  public var label: Int
  public var state: State
  @inlinable
  public init(label: Int, state: State) {
    self.label = label
    self.state = state
  }
}
