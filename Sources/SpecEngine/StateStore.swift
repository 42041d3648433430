/// How the store remembers states.
public enum StoreMode: String, Sendable, CaseIterable {
  /// Whole states: no false positives, ever.
  case exact
  /// 64-bit fingerprints only, as TLC does: less memory, and a small chance that two
  /// states share a fingerprint and one is never explored (the estimate is reported).
  case fingerprint
}

/// How a system's states pack into a fixed number of 64-bit words, so that the store keeps
/// them in one flat array instead of one value (and heap array) per state.
public struct StatePacking<State>: Sendable {
  public var wordCount: Int
  /// Writes a state's `wordCount` words.
  public var write: @Sendable (State, UnsafeMutablePointer<UInt64>) -> Void
  /// Rebuilds a state from its words.
  public var read: @Sendable (UnsafePointer<UInt64>) -> State

  public init(
    wordCount: Int, write: @escaping @Sendable (State, UnsafeMutablePointer<UInt64>) -> Void,
    read: @escaping @Sendable (UnsafePointer<UInt64>) -> State
  ) {
    self.wordCount = wordCount
    self.write = write
    self.read = read
  }
}

/// The states found so far, each with an index in the order it was inserted. An
/// open-addressing table of 32-bit state indices, probed linearly.
///
/// Per state it keeps: in exact mode with a packing, the packed words in one flat array
/// (the table is placed by a hash of the words, so no fingerprint is kept); in exact mode
/// without one, the state and its fingerprint; in fingerprint mode, the fingerprint only.
/// No parent or label: the search finds a trace's links again when it needs them (see
/// `BreadthFirstSearch.path(to:)`). The table grows by half when three quarters full.
///
/// Not thread-safe for writes. Concurrent reads (`contains`) are safe while no thread
/// writes, which is how the level-synchronous search uses it: workers read during
/// expansion, one thread writes during the merge.
public struct StateStore<State: Hashable & Sendable>: Sendable {
  public let mode: StoreMode
  /// Heap bytes each state holds outside the store's arrays, for honest accounting of
  /// states kept as values.
  @usableFromInline let heapBytesPerState: Int
  @usableFromInline let packing: StatePacking<State>?
  /// The packing's word count; 0 without one.
  @usableFromInline let packedWordCount: Int
  /// Entries are state index + 1; 0 is empty.
  @usableFromInline var table: [UInt32]
  @usableFromInline var words: [UInt64] = []
  @usableFromInline var fingerprints: [UInt64] = []
  /// Exact mode without a packing: the states.
  @usableFromInline var states: [State] = []
  /// The number of states stored.
  public var count: Int { storedCount }
  @usableFromInline var storedCount = 0

  /// `packing` (exact mode) stores packed words.
  public init(
    mode: StoreMode = .exact, packing: StatePacking<State>? = nil,
    heapBytesPerState: Int = 0, capacity: Int = 1 << 10
  ) {
    self.mode = mode
    self.packing = mode == .exact ? packing : nil
    self.packedWordCount = self.packing?.wordCount ?? 0
    self.heapBytesPerState = heapBytesPerState
    table = [UInt32](repeating: 0, count: max(16, capacity * 4 / 3 + 1))
  }

  /// The state at an index (exact mode only).
  public func state(at index: Int) -> State {
    guard let packing else { return states[index] }
    return words.withUnsafeBufferPointer { buffer in
      packing.read(buffer.baseAddress! + index * packing.wordCount)
    }
  }

  @inlinable @inline(__always)
  static func slot(_ hash: UInt64, size: Int) -> Int {
    Int(truncatingIfNeeded: hash.multipliedFullWidth(by: UInt64(size)).high)
  }

  /// A fixed-seed hash of packed words, for placing them in the table.
  @inlinable @inline(__always)
  static func hash(_ words: UnsafePointer<UInt64>, _ count: Int) -> UInt64 {
    var h: UInt64 = 0x9E37_79B9_7F4A_7C15
    for index in 0..<count {
      var z = (h ^ words[index]) &+ 0x9E37_79B9_7F4A_7C15
      z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
      z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
      h = z ^ (z >> 31)
    }
    return h
  }

  /// The index of a state, or nil.
  @inlinable
  public func find(_ state: State, fingerprint: UInt64) -> Int? {
    if packedWordCount > 0 {
      // Through the optional in place: binding `packing` to a constant copied the struct,
      // retaining and releasing both of its closures for every lookup.
      return withUnsafeTemporaryAllocation(of: UInt64.self, capacity: packedWordCount) {
        scratch in
        let key = scratch.baseAddress!
        packing.unsafelyUnwrapped.write(state, key)
        return find(packed: key, packedWordCount)
      }
    }
    var slot = Self.slot(fingerprint, size: table.count)
    while true {
      let entry = table[slot]
      if entry == 0 { return nil }
      let index = Int(entry - 1)
      if fingerprints[index] == fingerprint, mode == .fingerprint || states[index] == state {
        return index
      }
      slot += 1
      if slot == table.count { slot = 0 }
    }
  }

  @inlinable
  func find(packed key: UnsafePointer<UInt64>, _ wordCount: Int) -> Int? {
    words.withUnsafeBufferPointer { stored in
      table.withUnsafeBufferPointer { table in
        var slot = Self.slot(Self.hash(key, wordCount), size: table.count)
        while true {
          let entry = table[slot]
          if entry == 0 { return nil }
          let index = Int(entry - 1)
          let base = stored.baseAddress! + index * wordCount
          var same = true
          for word in 0..<wordCount where base[word] != key[word] {
            same = false
            break
          }
          if same { return index }
          slot += 1
          if slot == table.count { slot = 0 }
        }
      }
    }
  }

  @inlinable
  public func contains(_ state: State, fingerprint: UInt64) -> Bool {
    find(state, fingerprint: fingerprint) != nil
  }

  /// Inserts a state; returns its index, and whether it was new.
  @inlinable
  public mutating func insert(_ state: State, fingerprint: UInt64) -> (index: Int, isNew: Bool)
  {
    if let existing = find(state, fingerprint: fingerprint) { return (existing, false) }
    return (insertNew(state, fingerprint: fingerprint), true)
  }

  /// Inserts a state the caller has just looked up and not found; returns its index.
  @inlinable
  public mutating func insertNew(_ state: State, fingerprint: UInt64) -> Int {
    if (count + 1) * 4 > table.count * 3 { grow() }
    let index = count
    let hash: UInt64
    if packedWordCount > 0 {
      let wordCount = packedWordCount
      reserve(&words, count: words.count + wordCount)
      let start = words.count
      words.append(contentsOf: repeatElement(0, count: wordCount))
      words.withUnsafeMutableBufferPointer {
        packing.unsafelyUnwrapped.write(state, $0.baseAddress! + start)
      }
      hash = words.withUnsafeBufferPointer { Self.hash($0.baseAddress! + start, wordCount) }
    } else {
      reserve(&fingerprints, count: count + 1)
      fingerprints.append(fingerprint)
      hash = fingerprint
      if mode == .exact { states.append(state) }
    }
    place(index, hash: hash, in: &table)
    storedCount += 1
    return index
  }

  /// Grows an array by an eighth when full: doubling would leave up to half of the
  /// reported bytes unused. Each element is copied about eight times in all, which is
  /// cheap next to computing it.
  @inlinable
  func reserve<T>(_ array: inout [T], count needed: Int) {
    if needed > array.capacity {
      array.reserveCapacity(max(needed, array.capacity + array.capacity / 8, 64))
    }
  }

  @inlinable
  func place(_ index: Int, hash: UInt64, in table: inout [UInt32]) {
    var slot = Self.slot(hash, size: table.count)
    while table[slot] != 0 {
      slot += 1
      if slot == table.count { slot = 0 }
    }
    table[slot] = UInt32(index + 1)
  }

  @usableFromInline
  mutating func grow() {
    var bigger = [UInt32](repeating: 0, count: table.count + table.count / 2)
    for index in 0..<count { place(index, hash: hash(of: index), in: &bigger) }
    table = bigger
  }

  @usableFromInline
  func hash(of index: Int) -> UInt64 {
    guard let packing else { return fingerprints[index] }
    return words.withUnsafeBufferPointer {
      Self.hash($0.baseAddress! + index * packing.wordCount, packing.wordCount)
    }
  }

  /// Every byte the store holds: table, per-state arrays (at their capacity), states and
  /// their heap storage.
  public var bytes: Int {
    let stateBytes = states.capacity * (MemoryLayout<State>.stride + heapBytesPerState)
    return table.count * 4 + words.capacity * 8 + fingerprints.capacity * 8 + stateBytes
  }
}
