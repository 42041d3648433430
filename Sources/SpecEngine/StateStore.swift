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
/// One writer and any number of readers may run at once, between two growths: a copy of
/// the store is a read view of the same buffers, valid until the original next grows
/// (which frees them). The writer stores a state's words or fingerprint before it
/// publishes the table entry (release), a reader loads entries with acquire, so a reader
/// sees a state whole or not at all (with keys: see `KeyTable`; a reader
/// may miss a state inserted meanwhile, never find one that is not there). `beginConcurrentReads(additional:)` grows ahead so
/// that the next inserts do not. The search relies on this to merge one chunk of a level while workers
/// expand the next (`supportsConcurrentReads`: not in exact mode without a packing, whose
/// states live in a Swift array).
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
  /// Owns the buffers below and frees them with the last copy of the store.
  @usableFromInline let owner: Buffers
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

  /// The buffers of a store; frees what it holds when the last copy of the store goes.
  @usableFromInline
  final class Buffers: @unchecked Sendable {
    @usableFromInline var table: UnsafeMutablePointer<Atomic<UInt32>>
    @usableFromInline var tableSize: Int
    @usableFromInline var words: UnsafeMutablePointer<UInt64>
    @usableFromInline var fingerprints: UnsafeMutablePointer<UInt64>

    @usableFromInline
    init(tableSize: Int) {
      self.tableSize = tableSize
      table = Buffers.emptyTable(tableSize)
      words = .allocate(capacity: 1)
      fingerprints = .allocate(capacity: 1)
    }

    @usableFromInline
    static func emptyTable(_ size: Int) -> UnsafeMutablePointer<Atomic<UInt32>> {
      let table = UnsafeMutablePointer<Atomic<UInt32>>.allocate(capacity: size)
      for slot in 0..<size { (table + slot).initialize(to: Atomic(0)) }
      return table
    }

    deinit {
      table.deinitialize(count: tableSize)
      table.deallocate()
      words.deallocate()
      fingerprints.deallocate()
    }
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
    owner = Buffers(tableSize: keyed ? 16 : max(16, capacity * 4 / 3 + 1))
    keys = KeyTable(capacity: keyed ? capacity : 0)
    (table, tableSize) = (owner.table, owner.tableSize)
    (words, wordCapacity) = (owner.words, 0)
    (fingerprints, fingerprintCapacity) = (owner.fingerprints, 0)
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
      if fingerprints[index] == fingerprint, states[index] == state { return index }
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
      let base = words + Int(entry - 1) * wordCount
      var same = true
      for word in 0..<wordCount where base[word] != key[word] {
        same = false
        break
      }
      if same { return Int(entry - 1) }
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

  /// Inserts a state given as packed words (see `find(packed:fingerprint:)`) that the
  /// caller has just looked up and not found.
  @inlinable
  public mutating func insertNew(packed key: UnsafePointer<UInt64>, fingerprint: UInt64) {
    precondition(
      packedWordCount > 0 || mode == .fingerprint, "an exact store without a packing takes states")
    insertEntry(key, fingerprint: fingerprint)
  }

  /// Stores a new entry: the fingerprint or state key, or the packed words at `key` (with
  /// a packing) or the fingerprint and its table slot, published last.
  @inlinable
  mutating func insertEntry(_ key: UnsafePointer<UInt64>?, fingerprint: UInt64) {
    if mode == .fingerprint {
      if keys.insert(fingerprint) { storedCount += 1 }
      return
    }
    if let keyReader {
      if keys.insert(Self.mixed(keyReader.code(key.unsafelyUnwrapped))) { storedCount += 1 }
      return
    }
    if (count + 1) * 4 > tableSize * 3, !readersMayRun { growTable(toHold: count + 1) }
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
  }

  @inlinable
  public func contains(_ state: State, fingerprint: UInt64) -> Bool {
    find(state, fingerprint: fingerprint) != nil
  }

  /// Inserts a state; whether it was new.
  @inlinable
  public mutating func insert(_ state: State, fingerprint: UInt64) -> Bool {
    if find(state, fingerprint: fingerprint) != nil { return false }
    insertNew(state, fingerprint: fingerprint)
    return true
  }

  /// Inserts a state the caller has just looked up and not found.
  @inlinable
  public mutating func insertNew(_ state: State, fingerprint: UInt64) {
    guard packedWordCount > 0 else {
      insertEntry(nil, fingerprint: fingerprint)
      if mode == .exact { states.append(state) }
      return
    }
    withUnsafeTemporaryAllocation(of: UInt64.self, capacity: packedWordCount) {
      packing.unsafelyUnwrapped.write(state, $0.baseAddress!)
      insertEntry($0.baseAddress!, fingerprint: fingerprint)
    }
  }

  /// While set, inserts do not grow the table (readers hold its address): the table may
  /// then fill to 7/8 at most, and `endConcurrentReads()` restores the 3/4 bound.
  @usableFromInline var readersMayRun = false

  /// Grows so that the next `additional` inserts move no buffer, and keeps the table from
  /// growing until `endConcurrentReads()`: readers may look states up meanwhile. The
  /// table is grown only if `additional` more entries would fill it beyond 7/8, so that a
  /// generous estimate does not leave it larger than a one-thread search would.
  @inlinable
  public mutating func beginConcurrentReads(additional: Int) {
    if keyed { return keys.beginConcurrentReads(additional: additional) }
    let needed = count + additional
    if needed * 8 > tableSize * 7 { growTable(toHold: needed) }
    reserveEntries(needed)
    readersMayRun = true
  }

  @inlinable
  public mutating func endConcurrentReads() {
    if keyed { return keys.endConcurrentReads() }
    readersMayRun = false
    if count * 4 > tableSize * 3 { growTable(toHold: count) }
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
    let bigger = Buffers.emptyTable(size)
    for index in 0..<count { Self.place(index, hash: hash(of: index), in: bigger, size: size) }
    owner.table.deinitialize(count: owner.tableSize)
    owner.table.deallocate()
    (owner.table, owner.tableSize) = (bigger, size)
    (table, tableSize) = (bigger, size)
  }

  /// The capacity after growing a buffer of `capacity` to hold at least `needed`.
  @usableFromInline
  static func grown(_ capacity: Int, toHold needed: Int) -> Int {
    max(needed, capacity + capacity / 8, 64)
  }

  @usableFromInline
  mutating func growWords(toHold needed: Int) {
    let capacity = Self.grown(wordCapacity, toHold: needed * packedWordCount)
    let bigger = UnsafeMutablePointer<UInt64>.allocate(capacity: capacity)
    bigger.update(from: words, count: count * packedWordCount)
    owner.words.deallocate()
    owner.words = bigger
    (words, wordCapacity) = (bigger, capacity)
  }

  @usableFromInline
  mutating func growFingerprints(toHold needed: Int) {
    let capacity = Self.grown(fingerprintCapacity, toHold: needed)
    let bigger = UnsafeMutablePointer<UInt64>.allocate(capacity: capacity)
    bigger.update(from: fingerprints, count: count)
    owner.fingerprints.deallocate()
    owner.fingerprints = bigger
    (fingerprints, fingerprintCapacity) = (bigger, capacity)
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
