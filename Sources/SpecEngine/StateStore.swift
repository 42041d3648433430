import Synchronization

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
  /// The words as one 64-bit number, when they map one-to-one onto one: the exact store
  /// then keeps that number alone. A one-word packing is its own key.
  public var key: StateKey?

  /// Without a `key`, one word is its own (set `key` to nil after for none).
  public init(
    wordCount: Int, write: @escaping @Sendable (State, UnsafeMutablePointer<UInt64>) -> Void,
    read: @escaping @Sendable (UnsafePointer<UInt64>) -> State, key: StateKey? = nil
  ) {
    self.wordCount = wordCount
    self.write = write
    self.read = read
    self.key = key ?? (wordCount == 1 ? .identity : nil)
  }
}

/// The states found so far.
///
/// Where states are kept as 64-bit keys it is a `KeyTable` of them: in fingerprint mode
/// the fingerprints, in exact mode with a packing that has a `StateKey` each state's
/// number under it, mixed one-to-one so that numbers spread evenly (no false positive: a
/// key is the state). Otherwise an open-addressing table of 32-bit state indices, probed
/// linearly, grown by half when three quarters full, beside, per state: in exact mode with
/// a packing, the packed words in one flat buffer (the table is placed by a hash of the
/// words, so no fingerprint is kept); in exact mode without one, the state and its
/// fingerprint. No parent or label in any mode: the search finds a trace's links again
/// when it needs them (see `BreadthFirstSearch.path(to:)`).
///
/// `find` answers a state's id: its index, in the order states were inserted, or with
/// keys its place in the key table (valid until the next insert); ids are below
/// `idBound`.
///
/// One writer and any number of readers may run at once: a copy of the store is a read
/// view of the buffers it was taken with. Each buffer is owned by an object that frees it
/// with the last copy holding it, and a growth puts a new buffer in the original's place
/// and leaves the old one to the copies still reading it, which see the store as it was
/// (with keys: see `KeyTable`). The writer stores a state's words or fingerprint before
/// it publishes the table entry (release), and a reader loads entries with acquire and
/// skips those of states stored after its copy was taken (their words may be in a newer
/// buffer only), so a reader sees a state whole or not at all, may miss one inserted
/// meanwhile, and never finds one that is not there. The search relies on this to merge
/// batches of a level while workers expand the next (`supportsConcurrentReads`: not in
/// exact mode without a packing, whose states live in a Swift array).
public struct StateStore<State: Hashable & Sendable>: @unchecked Sendable {
  public let mode: StoreMode
  /// Heap bytes each state holds outside the store's arrays, for honest accounting of
  /// states kept as values.
  @usableFromInline let heapBytesPerState: Int
  @usableFromInline let packing: StatePacking<State>?
  /// The packing's word count; 0 without one.
  @usableFromInline let packedWordCount: Int
  /// Exact mode: the packing's key, when states are kept as keys (`keyReader` reads it).
  @usableFromInline let stateKey: StateKey?
  @usableFromInline let keyReader: StateKey.Reader?
  /// Whether states are kept in `keys`: fingerprint mode, or a `stateKey`.
  @usableFromInline let keyed: Bool
  /// Own the buffers below (see the type's notes).
  @usableFromInline var tableOwner: TableBuffer
  @usableFromInline var wordsOwner: WordBuffer
  @usableFromInline var fingerprintsOwner: WordBuffer
  /// Entries are state index + 1; 0 is empty.
  @usableFromInline var table: UnsafeMutablePointer<Atomic<UInt32>>
  @usableFromInline var tableSize: Int
  /// Packed states, `packedWordCount` words each (exact mode with a packing).
  @usableFromInline var words: UnsafeMutablePointer<UInt64>
  @usableFromInline var wordCapacity: Int
  /// Fingerprints (exact mode without a packing).
  @usableFromInline var fingerprints: UnsafeMutablePointer<UInt64>
  @usableFromInline var fingerprintCapacity: Int
  /// Exact mode without a packing: the states.
  @usableFromInline var states: [State] = []
  /// Fingerprints, or states' mixed keys (see `keyed`).
  @usableFromInline var keys: KeyTable
  /// The number of states stored.
  public var count: Int { storedCount }
  @usableFromInline var storedCount = 0

  /// A table of entries; freed with the last copy of the store that holds it.
  @usableFromInline
  final class TableBuffer: @unchecked Sendable {
    @usableFromInline let base: UnsafeMutablePointer<Atomic<UInt32>>
    @usableFromInline let size: Int

    @usableFromInline
    init(size: Int) {
      self.size = size
      base = .allocate(capacity: size)
      for slot in 0..<size { (base + slot).initialize(to: Atomic(0)) }
    }

    deinit {
      base.deinitialize(count: size)
      base.deallocate()
    }
  }

  /// Words or fingerprints; freed with the last copy of the store that holds them.
  @usableFromInline
  final class WordBuffer: @unchecked Sendable {
    @usableFromInline let base: UnsafeMutablePointer<UInt64>

    @usableFromInline
    init(capacity: Int) { base = .allocate(capacity: max(1, capacity)) }

    deinit { base.deallocate() }
  }

  /// `packing` (exact mode) stores packed words.
  public init(
    mode: StoreMode = .exact, packing: StatePacking<State>? = nil,
    heapBytesPerState: Int = 0, capacity: Int = 1 << 10
  ) {
    self.mode = mode
    self.packing = mode == .exact ? packing : nil
    self.packedWordCount = self.packing?.wordCount ?? 0
    self.stateKey = self.packing?.key
    self.keyReader = stateKey?.reader
    self.keyed = mode == .fingerprint || stateKey != nil
    self.heapBytesPerState = heapBytesPerState
    tableOwner = TableBuffer(size: keyed ? 16 : max(16, capacity * 4 / 3 + 1))
    wordsOwner = WordBuffer(capacity: 0)
    fingerprintsOwner = WordBuffer(capacity: 0)
    keys = KeyTable(capacity: keyed ? capacity : 0)
    (table, tableSize) = (tableOwner.base, tableOwner.size)
    (words, wordCapacity) = (wordsOwner.base, 0)
    (fingerprints, fingerprintCapacity) = (fingerprintsOwner.base, 0)
  }

  /// Whether readers may look states up while one thread inserts (see the type's notes).
  public var supportsConcurrentReads: Bool { packedWordCount > 0 || mode == .fingerprint }

  @inlinable @inline(__always)
  static func slot(_ hash: UInt64, size: Int) -> Int {
    Int(truncatingIfNeeded: hash.multipliedFullWidth(by: UInt64(size)).high)
  }

  /// A state's key mixed one-to-one (splitmix64's finaliser after an offset), so that keys
  /// of similar states spread over the key table.
  @inlinable @inline(__always)
  static func mixed(_ code: UInt64) -> UInt64 {
    var z = code &+ 0x9E37_79B9_7F4A_7C15
    z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
    z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
    return z ^ (z >> 31)
  }

  /// A fixed-seed hash of packed words, for placing them in the table.
  @inlinable @inline(__always)
  static func hash(_ words: UnsafePointer<UInt64>, _ count: Int) -> UInt64 {
    var h: UInt64 = 0x9E37_79B9_7F4A_7C15
    for index in 0..<count { h = mixed(h ^ words[index]) }
    return h
  }

  /// The index of a state, or nil.
  @inlinable
  public func find(_ state: State, fingerprint: UInt64) -> Int? {
    if mode == .fingerprint { return keys.find(fingerprint) }
    if packedWordCount > 0 {
      // Through the optional in place: binding `packing` to a constant copied the struct,
      // retaining and releasing both of its closures for every lookup.
      return withUnsafeTemporaryAllocation(of: UInt64.self, capacity: packedWordCount) {
        scratch in
        let key = scratch.baseAddress!
        packing.unsafelyUnwrapped.write(state, key)
        return find(packed: key, fingerprint: fingerprint)
      }
    }
    // Exact mode without a packing: the states themselves, placed by fingerprint.
    var slot = Self.slot(fingerprint, size: tableSize)
    while true {
      let entry = table[slot].load(ordering: .acquiring)
      if entry == 0 { return nil }
      let index = Int(entry - 1)
      if index < storedCount, fingerprints[index] == fingerprint, states[index] == state {
        return index
      }
      slot += 1
      if slot == tableSize { slot = 0 }
    }
  }

  @inlinable
  func find(packed key: UnsafePointer<UInt64>, _ wordCount: Int) -> Int? {
    var slot = Self.slot(Self.hash(key, wordCount), size: tableSize)
    while true {
      let entry = table[slot].load(ordering: .acquiring)
      if entry == 0 { return nil }
      // A state stored after this copy was taken: its words may be in a newer buffer.
      let index = Int(entry - 1)
      if index < storedCount {
        let base = words + index * wordCount
        var same = true
        for word in 0..<wordCount where base[word] != key[word] {
          same = false
          break
        }
        if same { return index }
      }
      slot += 1
      if slot == tableSize { slot = 0 }
    }
  }

  /// The index of a state given as the words of the store's packing (exact mode) or, in
  /// fingerprint mode, by its fingerprint alone.
  @inlinable @inline(__always)
  public func find(packed key: UnsafePointer<UInt64>, fingerprint: UInt64) -> Int? {
    if mode == .fingerprint { return keys.find(fingerprint) }
    if let keyReader { return keys.find(Self.mixed(keyReader.code(key))) }
    precondition(packedWordCount > 0, "an exact store without a packing takes states")
    return find(packed: key, packedWordCount)
  }

  /// Inserts a state given as packed words (see `find(packed:fingerprint:)`) unless it is
  /// there; whether it was new. A key table finds or inserts in one probe.
  @inlinable
  public mutating func insert(packed key: UnsafePointer<UInt64>, fingerprint: UInt64) -> Bool {
    if !keyed, find(packed: key, fingerprint: fingerprint) != nil { return false }
    return insertNew(packed: key, fingerprint: fingerprint)
  }

  /// Inserts a state given as packed words (see `find(packed:fingerprint:)`) that the
  /// caller has just looked up and not found (a key table looks again in the same probe:
  /// false if it is there).
  @inlinable @discardableResult
  public mutating func insertNew(packed key: UnsafePointer<UInt64>, fingerprint: UInt64) -> Bool {
    precondition(
      packedWordCount > 0 || mode == .fingerprint, "an exact store without a packing takes states")
    return insertEntry(key, fingerprint: fingerprint)
  }

  /// Stores an entry: the fingerprint or state key (false if the key table has it), or
  /// the packed words at `key` (with a packing) or the fingerprint and its table slot,
  /// published last.
  @inlinable
  mutating func insertEntry(_ key: UnsafePointer<UInt64>?, fingerprint: UInt64) -> Bool {
    if keyed {
      let stored =
        if let keyReader { Self.mixed(keyReader.code(key.unsafelyUnwrapped)) } else { fingerprint }
      guard keys.insert(stored) else { return false }
      storedCount += 1
      return true
    }
    if (count + 1) * 4 > tableSize * 3 { growTable(toHold: count + 1) }
    reserveEntries(count + 1)
    let index = count
    let hash: UInt64
    if packedWordCount > 0 {
      let base = words + index * packedWordCount
      base.update(from: key.unsafelyUnwrapped, count: packedWordCount)
      hash = Self.hash(base, packedWordCount)
    } else {
      fingerprints[index] = fingerprint
      hash = fingerprint
    }
    Self.place(index, hash: hash, in: table, size: tableSize)
    storedCount += 1
    return true
  }

  @inlinable
  public func contains(_ state: State, fingerprint: UInt64) -> Bool {
    find(state, fingerprint: fingerprint) != nil
  }

  /// Inserts a state; whether it was new.
  @inlinable
  public mutating func insert(_ state: State, fingerprint: UInt64) -> Bool {
    if !keyed, find(state, fingerprint: fingerprint) != nil { return false }
    return insertNew(state, fingerprint: fingerprint)
  }

  /// Inserts a state the caller has just looked up and not found (a key table looks
  /// again in the same probe: false if it is there).
  @inlinable @discardableResult
  public mutating func insertNew(_ state: State, fingerprint: UInt64) -> Bool {
    guard packedWordCount > 0 else {
      let added = insertEntry(nil, fingerprint: fingerprint)
      if mode == .exact { states.append(state) }
      return added
    }
    return withUnsafeTemporaryAllocation(of: UInt64.self, capacity: packedWordCount) {
      packing.unsafelyUnwrapped.write(state, $0.baseAddress!)
      return insertEntry($0.baseAddress!, fingerprint: fingerprint)
    }
  }

  /// Per-state buffers for `needed` states. They grow by an eighth, at least: doubling
  /// would leave up to half of the reported bytes unused; each entry is copied about
  /// eight times in all, which is cheap next to computing it.
  @inlinable @inline(__always)
  mutating func reserveEntries(_ needed: Int) {
    if packedWordCount > 0 {
      if needed * packedWordCount > wordCapacity { growWords(toHold: needed) }
    } else if needed > fingerprintCapacity {
      growFingerprints(toHold: needed)
    }
  }

  @inlinable @inline(__always)
  static func place(
    _ index: Int, hash: UInt64, in table: UnsafeMutablePointer<Atomic<UInt32>>, size: Int
  ) {
    var slot = Self.slot(hash, size: size)
    while table[slot].load(ordering: .relaxed) != 0 {
      slot += 1
      if slot == size { slot = 0 }
    }
    table[slot].store(UInt32(index + 1), ordering: .releasing)
  }

  @usableFromInline
  mutating func growTable(toHold needed: Int) {
    var size = tableSize
    while needed * 4 > size * 3 { size += size / 2 }
    let bigger = TableBuffer(size: size)
    for index in 0..<count {
      Self.place(index, hash: hash(of: index), in: bigger.base, size: size)
    }
    tableOwner = bigger
    (table, tableSize) = (bigger.base, size)
  }

  /// The capacity after growing a buffer of `capacity` to hold at least `needed`.
  @usableFromInline
  static func grown(_ capacity: Int, toHold needed: Int) -> Int {
    max(needed, capacity + capacity / 8, 64)
  }

  @usableFromInline
  mutating func growWords(toHold needed: Int) {
    let capacity = Self.grown(wordCapacity, toHold: needed * packedWordCount)
    let bigger = WordBuffer(capacity: capacity)
    bigger.base.update(from: words, count: count * packedWordCount)
    wordsOwner = bigger
    (words, wordCapacity) = (bigger.base, capacity)
  }

  @usableFromInline
  mutating func growFingerprints(toHold needed: Int) {
    let capacity = Self.grown(fingerprintCapacity, toHold: needed)
    let bigger = WordBuffer(capacity: capacity)
    bigger.base.update(from: fingerprints, count: count)
    fingerprintsOwner = bigger
    (fingerprints, fingerprintCapacity) = (bigger.base, capacity)
    if mode == .exact { states.reserveCapacity(capacity) }
  }

  @usableFromInline
  func hash(of index: Int) -> UInt64 {
    guard packedWordCount > 0 else { return fingerprints[index] }
    return Self.hash(words + index * packedWordCount, packedWordCount)
  }

  /// Ids are below this.
  public var idBound: Int { keyed ? keys.idBound : count }

  /// Every byte the store holds: table, per-state buffers (at their capacity), states and
  /// their heap storage.
  public var bytes: Int {
    if keyed { return keys.bytes + tableSize * 4 }
    let stateBytes = states.capacity * (MemoryLayout<State>.stride + heapBytesPerState)
    return tableSize * 4 + wordCapacity * 8 + fingerprintCapacity * 8 + stateBytes
  }
}
