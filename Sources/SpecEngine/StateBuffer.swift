/// States one after the other, for the search's own lists (frontiers, new successors): as
/// packed words when the system has a packing, which is plain memory (no reference
/// counting per state, nothing to destroy one by one), else as values.
@usableFromInline
struct StateBuffer<State: Sendable>: @unchecked Sendable {
  @usableFromInline let packing: StatePacking<State>?
  /// The packing's word count; 0: states are kept as values.
  @usableFromInline let wordCount: Int
  @usableFromInline var words: [UInt64] = []
  @usableFromInline var states: [State] = []
  @usableFromInline var count = 0

  @inlinable
  init(packing: StatePacking<State>?) {
    self.packing = packing
    wordCount = packing?.wordCount ?? 0
  }

  /// Appends a state given as packed words (`wordCount > 0`).
  @inlinable
  mutating func append(packed source: UnsafePointer<UInt64>) {
    // Word by word: states are a word or two, and a bulk append costs a call to memcpy.
    for word in 0..<wordCount { words.append(source[word]) }
    count += 1
  }

  /// Appends a state, packed when the buffer packs.
  @inlinable
  mutating func append(_ state: State) {
    guard wordCount > 0 else {
      states.append(state)
      count += 1
      return
    }
    withUnsafeTemporaryAllocation(of: UInt64.self, capacity: wordCount) {
      packing.unsafelyUnwrapped.write(state, $0.baseAddress!)
      append(packed: $0.baseAddress!)
    }
  }

  /// The words of the state at `index` (`wordCount > 0`).
  @inlinable
  func withWords<R>(at index: Int, _ body: (UnsafePointer<UInt64>) throws -> R) rethrows -> R {
    try words.withUnsafeBufferPointer { try body($0.baseAddress! + index * wordCount) }
  }

  /// The state at `index`.
  @inlinable
  func state(at index: Int) -> State {
    guard wordCount > 0 else { return states[index] }
    return withWords(at: index) { packing.unsafelyUnwrapped.read($0) }
  }

  /// Bytes held, at capacity.
  @inlinable
  var bytes: Int { words.capacity * 8 + states.capacity * MemoryLayout<State>.stride }
}

/// The successors of one batch that were not in the store, by fingerprint: a successor
/// met again later in the same batch is marked known instead of checked again (the merge
/// meets the first one before it, and either stores that state or stops there). Many
/// successors repeat within a batch (neighbouring states share successors): TwoPhase
/// N=7 looked 1.6M successors up as new for 296K states.
@usableFromInline
struct BatchSet {
  /// Per slot: a state index in the batch's `StateBuffer` + 1; 0 is empty.
  @usableFromInline var slots: [Int32]
  @usableFromInline var fingerprints: [UInt64]
  @usableFromInline var count = 0

  @inlinable
  init() {
    slots = Array(repeating: 0, count: 1024)
    fingerprints = Array(repeating: 0, count: 1024)
  }

  @inlinable
  mutating func removeAll() {
    if count == 0 { return }
    slots.withUnsafeMutableBufferPointer { $0.update(repeating: 0) }
    count = 0
  }

  /// The index of an earlier state with `fingerprint` that `isSame` accepts; else nil,
  /// and `index` is recorded for it.
  @inlinable
  mutating func find(
    _ fingerprint: UInt64, orInsert index: Int, isSame: (Int) -> Bool
  ) -> Int? {
    if (count + 1) * 2 > slots.count { grow() }
    let mask = slots.count - 1
    var slot = Int(truncatingIfNeeded: fingerprint >> 32) & mask
    while true {
      let entry = Int(slots[slot])
      if entry == 0 { break }
      if fingerprints[slot] == fingerprint, isSame(entry - 1) { return entry - 1 }
      slot = (slot + 1) & mask
    }
    slots[slot] = Int32(truncatingIfNeeded: index + 1)
    fingerprints[slot] = fingerprint
    count += 1
    return nil
  }

  @usableFromInline
  mutating func grow() {
    let (oldSlots, oldFingerprints) = (slots, fingerprints)
    slots = Array(repeating: 0, count: oldSlots.count * 2)
    fingerprints = Array(repeating: 0, count: oldSlots.count * 2)
    let mask = slots.count - 1
    for (entry, fingerprint) in zip(oldSlots, oldFingerprints) where entry != 0 {
      var slot = Int(truncatingIfNeeded: fingerprint >> 32) & mask
      while slots[slot] != 0 { slot = (slot + 1) & mask }
      (slots[slot], fingerprints[slot]) = (entry, fingerprint)
    }
  }
}
