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
