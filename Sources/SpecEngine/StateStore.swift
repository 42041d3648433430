/// The set of states found so far, with the parent link and label of each, so a trace is
/// rebuilt by walking parents. Exact: states are compared in full, never by hash alone.
///
/// Not thread-safe for writes; concurrent reads (`contains`) are safe while no thread
/// writes, which is how the level-synchronous search uses it.
package struct StateStore<State: Hashable & Sendable>: Sendable {
  package private(set) var states: [State] = []
  private var parents: [Int32] = []
  private var labels: [Int32] = []
  private var index: [State: Int32] = [:]

  package init() {}

  package var count: Int { states.count }

  package func contains(_ state: State) -> Bool { index[state] != nil }

  /// Inserts a state; returns its index, and whether it was new.
  package mutating func insert(_ state: State, parent: Int?, label: Int?) -> (index: Int, isNew: Bool) {
    if let existing = index[state] { return (Int(existing), false) }
    let position = Int32(states.count)
    index[state] = position
    states.append(state)
    parents.append(Int32(parent ?? -1))
    labels.append(Int32(label ?? -1))
    return (Int(position), true)
  }

  /// The path from an initial state to the state at `position`, first state first.
  package func path(to position: Int) -> [TraceStep<State>] {
    var steps: [TraceStep<State>] = []
    var current = position
    while current >= 0 {
      let label = labels[current]
      steps.append(TraceStep(label: label < 0 ? nil : Int(label), state: states[current]))
      current = Int(parents[current])
    }
    return steps.reversed()
  }

  /// Bytes held by the store and its side arrays (the states' own heap storage, for
  /// states that are not plain values, is not included).
  package var approximateBytes: Int {
    let stateBytes = MemoryLayout<State>.stride
    return states.capacity * stateBytes + parents.capacity * 4 + labels.capacity * 4
      + index.capacity * (stateBytes + 4 + 1)
  }
}
