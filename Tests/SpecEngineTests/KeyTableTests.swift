import Dispatch
import Synchronization
import Testing

@testable import SpecEngine

/// The store of 64-bit keys (fingerprints, or states as numbers): an ordered hash table
/// of the keys themselves.
@Suite("Key table")
struct KeyTableTests {
  /// Every key in a slot, in slot order.
  static func keys(_ table: KeyTable) -> [UInt64] {
    (0..<table.end).map { table.slots[$0].load(ordering: .relaxed) }.filter { $0 != 0 }
  }

  /// Whether every key sits at its home or after it, behind smaller keys and no gap.
  static func isOrdered(_ table: KeyTable) -> Bool {
    var previous: UInt64 = 0
    for slot in 0..<table.end {
      let key = table.slots[slot].load(ordering: .relaxed)
      if key == 0 { continue }
      if key <= previous { return false }
      let home = KeyTable.home(key, table.homes)
      if home > slot { return false }
      for between in home..<slot where table.slots[between].load(ordering: .relaxed) == 0 {
        return false
      }
      previous = key
    }
    return true
  }

  @Test("the table grows after a new key passes the load, never on a key already there")
  func growsOnNewKeysOnly() {
    var table = KeyTable(capacity: 0)
    #expect(table.homes == 16)
    var random = SplitMix64(seed: 3)
    let keys = (0..<14).map { _ in random.next() | 1 }
    // 13 keys: 13 / 16 is under the load of 0.85; a 14th is over it.
    var answers = keys.prefix(13).map { table.insert($0) }
    #expect(answers == Array(repeating: true, count: 13))
    #expect(table.homes == 16 && table.count == 13)
    answers = keys.prefix(13).map { table.insert($0) }
    #expect(answers == Array(repeating: false, count: 13))
    #expect(table.homes == 16 && table.count == 13)
    let added = table.insert(keys[13])
    #expect(added)
    #expect(table.homes == 20 && table.count == 14)
    #expect(keys.allSatisfy { table.find($0) != nil } && Self.isOrdered(table))
  }

  @Test("200,000 random fingerprints: each found, 200,000 others not, in order, 9.4 to 12 bytes each")
  func randomKeys() {
    var table = KeyTable(capacity: 0)
    var random = SplitMix64(seed: 7)
    let keys = (0..<200_000).map { _ in random.next() }
    var byteFigures: [Double] = []
    for (number, key) in keys.enumerated() {
      let inserted = table.insert(key)
      #expect(inserted)
      if number >= 20_000, number % 997 == 0 {
        byteFigures.append(Double(table.bytes) / Double(table.count))
      }
    }
    #expect(table.count == 200_000)
    #expect(keys.allSatisfy { table.find($0) != nil })
    var again = 0
    for key in keys.prefix(1000) where table.insert(key) { again += 1 }
    #expect(again == 0)
    #expect(table.count == 200_000)
    let others = (0..<200_000).map { _ in random.next() }
    #expect(others.filter { table.find($0) != nil }.isEmpty)
    #expect(Self.isOrdered(table))
    #expect(Self.keys(table) == keys.sorted())
    #expect(table.overflow.isEmpty)
    // Between growths the load stays in 0.68...0.85: 8 bytes a slot, a small tail.
    let least = byteFigures.min()!
    let most = byteFigures.max()!
    #expect(least > 9.3 && least < 9.6, "least \(least)")
    #expect(most > 11.5 && most < 12, "most \(most)")
  }

  @Test("a slot's id stays until the next insert, and ids are below idBound")
  func ids() {
    var table = KeyTable(capacity: 100)
    let keys: [UInt64] = [5 << 60, 3 << 60, 9 << 60, 1]
    #expect(keys.filter { table.insert($0) }.count == 4)
    let ids = keys.map { table.find($0)! }
    #expect(Set(ids).count == 4)
    #expect(ids.allSatisfy { $0 < table.idBound })
    #expect(table.slots[ids[0]].load(ordering: .relaxed) == 5 << 60)
  }

  @Test("the key 0, which marks empty slots, is a key like any other")
  func zero() {
    var table = KeyTable(capacity: 10)
    #expect(table.find(0) == nil)
    let view = table
    let zero = table.insert(0)
    #expect(zero)
    #expect(table.find(1) == nil)
    let one = table.insert(1)
    #expect(one)
    let again = table.insert(0)
    #expect(!again)
    #expect(table.count == 2)
    // A reader's copy sees it, and so does the table after growing.
    #expect(view.find(0) != nil)
    for key in 2..<1000 { _ = table.insert(UInt64(key) << 50) }
    #expect(table.homes > 16)
    let ids = [table.find(0), table.find(1), table.find(2 << 50)]
    #expect(ids.allSatisfy { $0 != nil && $0! < table.idBound })
    #expect(Set(ids).count == 3)
    #expect(table.count == 1000)
  }

  @Test("keys pushed past the last slot while readers run wait in the overflow list")
  func overflow() {
    // 16 homes and 64 tail slots; every key's home is the last one.
    var table = KeyTable(capacity: 0)
    #expect(table.homes == 16 && table.end == 80)
    table.beginConcurrentReads(additional: 0)
    let keys = (0..<100).map { UInt64.max - UInt64($0) * 3 }
    // Ascending: slots 15 to 79 take the first 65, and the table may not grow.
    #expect(keys.reversed().filter { table.insert($0) }.count == 100)
    #expect(table.homes == 16)
    #expect(table.overflow.count == 100 - 65)
    #expect(table.overflow == table.overflow.sorted())
    #expect(keys.allSatisfy { table.find($0) != nil })
    let again = [keys[0], keys[99]].filter { table.insert($0) }
    #expect(again.isEmpty)
    #expect(table.idBound == 80 + 35 + 1)  // slots, overflow, the key 0
    table.endConcurrentReads()
    #expect(table.overflow.isEmpty)
    #expect(table.count == 100)
    #expect(keys.allSatisfy { table.find($0) != nil })
    #expect(Self.isOrdered(table))
    #expect(Self.keys(table) == keys.sorted())
  }

  @Test("an insert that pushes a run's largest key out keeps every key findable")
  func pushOut() {
    var table = KeyTable(capacity: 0)
    table.beginConcurrentReads(additional: 0)
    // Descending, each at slot 15 with the run behind it shifted: the 66th pushes the
    // largest out of slot 79.
    let large = (0..<66).map { UInt64.max - UInt64($0) }
    #expect(large.filter { table.insert($0) }.count == 66)
    #expect(table.overflow == [UInt64.max])
    // A smaller key of the same run: the run shifts and its new largest key moves out.
    let inserted = table.insert(UInt64.max - 1000)
    #expect(inserted)
    #expect(table.overflow == [UInt64.max - 1, UInt64.max])
    #expect((large + [UInt64.max - 1000]).allSatisfy { table.find($0) != nil })
    #expect(Self.isOrdered(table))
    table.endConcurrentReads()
    #expect(table.overflow.isEmpty && table.count == 67)
    #expect((large + [UInt64.max - 1000]).allSatisfy { table.find($0) != nil })
  }

  @Test("readers beside the writer find every key stored before they began, and no key never stored")
  func concurrentReaders() {
    var table = KeyTable(capacity: 0)
    var random = SplitMix64(seed: 11)
    let before = (0..<50_000).map { _ in random.next() }
    let during = (0..<50_000).map { _ in random.next() }
    let absent = (0..<50_000).map { _ in random.next() }
    for key in before { _ = table.insert(key) }
    table.beginConcurrentReads(additional: during.count)
    let view = table
    let misses = Atomic<Int>(0)
    let falseHits = Atomic<Int>(0)
    let writer = UnsafeSendable(UnsafeMutablePointer<KeyTable>.allocate(capacity: 1))
    writer.value.initialize(to: table)
    DispatchQueue.concurrentPerform(iterations: 3) { thread in
      if thread == 0 {
        for key in during { _ = writer.value.pointee.insert(key) }
        return
      }
      for _ in 0..<4 {
        for key in before where view.find(key) == nil { _ = misses.add(1, ordering: .relaxed) }
        for key in absent where view.find(key) != nil { _ = falseHits.add(1, ordering: .relaxed) }
      }
    }
    table = writer.value.move()
    writer.value.deallocate()
    table.endConcurrentReads()
    #expect(misses.load(ordering: .relaxed) == 0)
    #expect(falseHits.load(ordering: .relaxed) == 0)
    #expect(table.count == 100_000)
    #expect((before + during).allSatisfy { table.find($0) != nil })
    #expect(Self.isOrdered(table))
  }

  @Test("the store in fingerprint mode counts, finds and reports its bytes through the table")
  func store() {
    var store = StateStore<Int>(mode: .fingerprint)
    var random = SplitMix64(seed: 3)
    let fingerprints = (0..<10_000).map { _ in random.next() }
    var inserted = 0
    for (state, fingerprint) in zip(0..., fingerprints)
    where store.insert(state, fingerprint: fingerprint) {
      inserted += 1
    }
    let again = store.insert(0, fingerprint: fingerprints[0])
    #expect(inserted == 10_000 && !again)
    #expect(store.count == 10_000)
    #expect(zip(0..., fingerprints).allSatisfy { store.find($0, fingerprint: $1) != nil })
    #expect(store.bytes == store.keys.end * 8 + 16 * 4)
    #expect(Double(store.bytes) / 10_000 < 12)
  }
}
