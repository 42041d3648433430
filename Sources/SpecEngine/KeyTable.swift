import Synchronization

/// A set of 64-bit keys kept in the table itself, in ascending order: an ordered hash
/// table (Amble and Knuth's ordered linear probing, without wrap-around). The store keeps
/// fingerprints in it (fingerprint mode), or states that map one-to-one onto 64 bits
/// (exact mode with a `StateKey`). Keys must be spread evenly: fingerprints are, and the
/// store mixes state keys. A key's
/// home slot is the high half of key × size, which grows with the key, so a key sits at
/// its home or after it, behind smaller keys only, and a lookup stops at the first larger
/// key or empty slot. Eight bytes per slot and no index or side array: at the loads kept
/// here (0.68 to 0.85 between stages) 9.4 to 11.8 bytes per state.
///
/// An insert shifts the larger keys of its run one slot right, from the run's end back
/// to the new key's slot, each key copied before it is overwritten, so that one writer
/// and any number of readers may run at once (between two growths): a reader sees
/// ascending keys and finds every key present when its lookup began. A reader that misses
/// a key inserted meanwhile, or one moved to the overflow list, answers "not found",
/// which the search allows (its merge looks again). A key that would be pushed past the
/// last slot while readers run goes to `overflow` (the largest keys, sorted), which the
/// next growth takes back.
///
/// Key 0 marks an empty slot: the key 0 itself is a flag beside the slots.
@usableFromInline
struct KeyTable: @unchecked Sendable {
  /// Owns the slots and frees them with the last copy of the table.
  @usableFromInline
  final class Slots: @unchecked Sendable {
    @usableFromInline var base: UnsafeMutablePointer<Atomic<UInt64>>
    @usableFromInline var count: Int
    /// Whether the key 0 is in the set.
    @usableFromInline let holdsZero = Atomic<Bool>(false)

    @usableFromInline
    init(count: Int) {
      self.count = count
      base = .allocate(capacity: count)
      for slot in 0..<count { (base + slot).initialize(to: Atomic(0)) }
    }

    deinit {
      base.deinitialize(count: count)
      base.deallocate()
    }
  }

  @usableFromInline var owner: Slots
  @usableFromInline var slots: UnsafeMutablePointer<Atomic<UInt64>>
  /// Home slots: keys map to `0 ..< homes`.
  @usableFromInline var homes: Int
  /// Slots allocated: `homes` and a tail for the runs that pass the last home.
  @usableFromInline var end: Int
  /// Keys that did not fit before `end` while readers ran; all larger than any in a slot.
  @usableFromInline var overflow: [UInt64] = []
  @usableFromInline var count = 0
  /// While set, inserts do not grow the table (readers hold its address).
  @usableFromInline var readersMayRun = false

  /// Loads: the table grows past `maxLoad` (by a quarter, so to about 0.68), or past
  /// `concurrentLoad` while readers run.
  @usableFromInline static var maxLoad: Double { 0.85 }
  @usableFromInline static var concurrentLoad: Double { 0.92 }

  @usableFromInline
  init(capacity: Int) {
    homes = max(16, Int((Double(capacity) / Self.maxLoad).rounded(.up)))
    end = homes + Self.tail(homes)
    owner = Slots(count: end)
    slots = owner.base
  }

  /// Slots past the last home: enough for the runs at the end at these loads, almost
  /// always (what does not fit goes to `overflow` or makes the table grow).
  @inlinable
  static func tail(_ homes: Int) -> Int { 64 + homes / 256 }

  @inlinable @inline(__always)
  static func home(_ key: UInt64, _ homes: Int) -> Int {
    Int(truncatingIfNeeded: key.multipliedFullWidth(by: UInt64(homes)).high)
  }

  /// Where the key is: its slot, or `end` + its place in `overflow` (the key 0: `end` +
  /// the overflow's length); nil if absent. Valid until the next insert.
  @inlinable @inline(__always)
  func find(_ key: UInt64) -> Int? {
    if key == 0 { return owner.holdsZero.load(ordering: .acquiring) ? end + overflow.count : nil }
    var slot = Self.home(key, homes)
    while slot < end {
      let value = slots[slot].load(ordering: .acquiring)
      if value == key { return slot }
      if value == 0 || value > key { return nil }
      slot += 1
    }
    return Self.search(overflow, key).map { end + $0 }
  }

  /// The index of `key` in the sorted `list`, or nil.
  @usableFromInline
  static func search(_ list: [UInt64], _ key: UInt64) -> Int? {
    let place = insertionPoint(list, key)
    return place < list.count && list[place] == key ? place : nil
  }

  @usableFromInline
  static func insertionPoint(_ list: [UInt64], _ key: UInt64) -> Int {
    var (low, high) = (0, list.count)
    while low < high {
      let middle = (low + high) / 2
      if list[middle] < key { low = middle + 1 } else { high = middle }
    }
    return low
  }

  /// Inserts a key; false if it was there.
  @inlinable
  mutating func insert(_ key: UInt64) -> Bool {
    if key == 0 {
      if owner.holdsZero.load(ordering: .relaxed) { return false }
      owner.holdsZero.store(true, ordering: .releasing)
      count += 1
      return true
    }
    var slot = Self.home(key, homes)
    // The first slot holding an empty or larger key.
    while slot < end {
      let value = slots[slot].load(ordering: .relaxed)
      if value == key { return false }
      if value == 0 || value > key { break }
      slot += 1
    }
    if slot == end {
      let place = Self.insertionPoint(overflow, key)
      if place < overflow.count, overflow[place] == key { return false }
      overflow.insert(key, at: place)
    } else {
      var empty = slot
      while empty < end, slots[empty].load(ordering: .relaxed) != 0 { empty += 1 }
      if empty == end {
        // The run reaches the last slot: its largest key moves to the overflow list.
        empty = end - 1
        overflow.insert(slots[empty].load(ordering: .relaxed), at: 0)
      }
      var at = empty
      while at > slot {
        slots[at].store(slots[at - 1].load(ordering: .relaxed), ordering: .releasing)
        at -= 1
      }
      slots[slot].store(key, ordering: .releasing)
    }
    count += 1
    // Grown after a new key only, so that looking a present key up through `insert`
    // never changes the table.
    if !readersMayRun, !overflow.isEmpty || Double(count) > Double(homes) * Self.maxLoad {
      grow(toHold: count)
    }
    return true
  }

  /// Grows so that the next `additional` inserts keep the load under `concurrentLoad`,
  /// and keeps the table from growing until `endConcurrentReads()`.
  @inlinable
  mutating func beginConcurrentReads(additional: Int) {
    let needed = count + additional
    if Double(needed) > Double(homes) * Self.concurrentLoad { grow(toHold: needed) }
    readersMayRun = true
  }

  @inlinable
  mutating func endConcurrentReads() {
    readersMayRun = false
    if !overflow.isEmpty || Double(count) > Double(homes) * Self.maxLoad { grow(toHold: count) }
  }

  /// Rebuilds the table with at least a quarter more homes, and enough that `needed`
  /// keys stay under `maxLoad`: one pass over the keys in order, each placed at its new
  /// home or just after the key before it.
  @usableFromInline
  mutating func grow(toHold needed: Int) {
    let newHomes = max(
      homes + homes / 4, Int((Double(needed) / Self.maxLoad).rounded(.up)), 16)
    var tail = Self.tail(newHomes)
    while true {
      let bigger = Slots(count: newHomes + tail)
      if place(into: bigger.base, homes: newHomes, end: newHomes + tail) {
        bigger.holdsZero.store(owner.holdsZero.load(ordering: .relaxed), ordering: .relaxed)
        owner = bigger
        (slots, homes, end) = (bigger.base, newHomes, newHomes + tail)
        overflow = []
        return
      }
      tail *= 2
    }
  }

  /// Places every key (slots, then overflow) into `target`, ascending; false if they do
  /// not fit before `end`.
  @usableFromInline
  func place(into target: UnsafeMutablePointer<Atomic<UInt64>>, homes: Int, end: Int) -> Bool {
    var next = 0
    func put(_ key: UInt64) -> Bool {
      let slot = max(Self.home(key, homes), next)
      if slot >= end { return false }
      target[slot].store(key, ordering: .relaxed)
      next = slot + 1
      return true
    }
    for slot in 0..<self.end {
      let key = slots[slot].load(ordering: .relaxed)
      if key != 0, !put(key) { return false }
    }
    for key in overflow where !put(key) { return false }
    return true
  }

  /// Ids are below this: the slots, the overflow list and the key 0.
  @inlinable var idBound: Int { end + overflow.count + 1 }

  @inlinable var bytes: Int { end * 8 + overflow.capacity * 8 }
}
