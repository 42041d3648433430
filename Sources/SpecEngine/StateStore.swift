/// How the store remembers states.
package enum StoreMode: String, Sendable, CaseIterable {
  /// Whole states: no false positives, ever.
  case exact
  /// 64-bit fingerprints only, as TLC does: less memory, and a small chance that two
  /// states share a fingerprint and one is never explored (the estimate is reported).
  case fingerprint
}

/// The states found so far, with the parent and label of each, so a trace is rebuilt by
/// walking parents. An open-addressing table of state indices, probed linearly by
/// fingerprint; in exact mode a fingerprint match is confirmed by comparing states.
///
/// Not thread-safe for writes. Concurrent reads (`contains`) are safe while no thread
/// writes, which is how the level-synchronous search uses it: workers read during
/// expansion, one thread writes during the merge.
package struct StateStore<State: Hashable & Sendable>: Sendable {
  package let mode: StoreMode
  /// Heap bytes each state holds outside the store's arrays (packed words), for honest
  /// accounting.
  let heapBytesPerState: Int
  private var table: [Int32]
  private var mask: Int
  package private(set) var fingerprints: [UInt64] = []
  private var parents: [Int32] = []
  private var labels: [Int32] = []
  /// Exact mode: the states; fingerprint mode: only the initial states, to replay traces.
  private var states: [State] = []

  package init(mode: StoreMode = .exact, heapBytesPerState: Int = 0, capacity: Int = 1 << 12) {
    self.mode = mode
    self.heapBytesPerState = heapBytesPerState
    var size = 16
    while size < capacity * 2 { size <<= 1 }
    table = [Int32](repeating: -1, count: size)
    mask = size - 1
  }

  package var count: Int { fingerprints.count }

  /// The state at an index (exact mode only).
  package func state(at index: Int) -> State { states[index] }

  /// The index of a state, or nil.
  package func find(_ state: State, fingerprint: UInt64) -> Int? {
    var slot = Int(truncatingIfNeeded: fingerprint) & mask
    while true {
      let entry = table[slot]
      if entry < 0 { return nil }
      let index = Int(entry)
      if fingerprints[index] == fingerprint, mode == .fingerprint || states[index] == state {
        return index
      }
      slot = (slot + 1) & mask
    }
  }

  package func contains(_ state: State, fingerprint: UInt64) -> Bool {
    find(state, fingerprint: fingerprint) != nil
  }

  /// Inserts a state; returns its index, and whether it was new.
  package mutating func insert(_ state: State, fingerprint: UInt64, parent: Int?, label: Int?)
    -> (index: Int, isNew: Bool)
  {
    if let existing = find(state, fingerprint: fingerprint) { return (existing, false) }
    if (count + 1) * 2 > table.count { grow() }
    let index = count
    var slot = Int(truncatingIfNeeded: fingerprint) & mask
    while table[slot] >= 0 { slot = (slot + 1) & mask }
    table[slot] = Int32(index)
    fingerprints.append(fingerprint)
    parents.append(Int32(parent ?? -1))
    labels.append(Int32(label ?? -1))
    if mode == .exact || parent == nil { states.append(state) }
    return (index, true)
  }

  private mutating func grow() {
    let size = table.count * 2
    var bigger = [Int32](repeating: -1, count: size)
    let newMask = size - 1
    for (index, fingerprint) in fingerprints.enumerated() {
      var slot = Int(truncatingIfNeeded: fingerprint) & newMask
      while bigger[slot] >= 0 { slot = (slot + 1) & newMask }
      bigger[slot] = Int32(index)
    }
    table = bigger
    mask = newMask
  }

  /// The chain of (label, fingerprint) from an initial state to `index`, first first;
  /// the first entry's label is nil.
  package func chain(to index: Int) -> [(label: Int?, fingerprint: UInt64, index: Int)] {
    var steps: [(label: Int?, fingerprint: UInt64, index: Int)] = []
    var current = index
    while current >= 0 {
      let label = labels[current]
      steps.append((label < 0 ? nil : Int(label), fingerprints[current], current))
      current = Int(parents[current])
    }
    return steps.reversed()
  }

  /// Initial states kept in fingerprint mode, to replay traces from.
  package var initialStates: [State] { mode == .fingerprint ? states : [] }

  /// Every byte the store holds: table, per-state arrays, states and their heap storage.
  package var bytes: Int {
    let stateBytes = mode == .exact ? MemoryLayout<State>.stride + heapBytesPerState : 0
    return table.count * 4 + fingerprints.capacity * 8 + parents.capacity * 4
      + labels.capacity * 4 + states.capacity * (mode == .exact ? stateBytes : 0)
  }
}
