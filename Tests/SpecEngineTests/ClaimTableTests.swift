import Dispatch
import Synchronization
import Testing

@testable import SpecEngine

/// The table that tells a batch to leave a successor's check to an earlier batch.
@Suite("Claim table")
struct ClaimTableTests {
  @Test("an earlier batch's claim holds; a later batch's is taken over")
  func earliestBatchHolds() {
    let table = ClaimTable(capacity: 1000)
    defer { table.deallocate() }
    #expect(table.count == 1024)
    let fingerprint: UInt64 = 0xDEAD_BEEF_0000_0005
    #expect(!table.claim(fingerprint, batch: 7))  // first: batch 7 checks it
    #expect(table.claim(fingerprint, batch: 9))  // 7 is earlier: 9 skips
    #expect(!table.claim(fingerprint, batch: 7))  // its own claim: still checks
    #expect(!table.claim(fingerprint, batch: 3))  // 7 is later: 3 checks and takes over
    #expect(table.claim(fingerprint, batch: 7))  // now 3 holds it
    #expect(table.claim(fingerprint, batch: 9))
    #expect(!table.claim(fingerprint, batch: 0))
  }

  @Test("a slot keeps the latest fingerprint: another one in the slot replaces the claim")
  func lossySlot() {
    let table = ClaimTable(capacity: 16)
    defer { table.deallocate() }
    let first: UInt64 = 0x1111_0000_0000_0003
    let second: UInt64 = 0x2222_0000_0000_0003  // same slot (low bits), another tag
    #expect(!table.claim(first, batch: 1))
    #expect(!table.claim(second, batch: 2))  // not the same fingerprint: checked
    #expect(!table.claim(first, batch: 5))  // the claim of 1 was replaced: checked again
    #expect(table.claim(second, batch: 6) == false)  // and so was 2's, by 5's
    #expect(table.claim(first, batch: 8) == false)
  }

  @Test("a released claim no longer holds; a claim taken over is not released by its old holder")
  func release() {
    let table = ClaimTable(capacity: 16)
    defer { table.deallocate() }
    let fingerprint: UInt64 = 0xABCD_0000_0000_0002
    #expect(!table.claim(fingerprint, batch: 4))
    table.release(fingerprint, batch: 4)
    #expect(!table.claim(fingerprint, batch: 6))  // nobody holds it: 6 checks and holds it
    table.release(fingerprint, batch: 4)  // not 4's any more: nothing changes
    #expect(table.claim(fingerprint, batch: 9))
    #expect(!table.claim(fingerprint, batch: 2))
    table.release(fingerprint, batch: 6)  // 2 holds it now
    #expect(table.claim(fingerprint, batch: 6))
  }

  @Test("batch numbers up to the limit round-trip; batch 0 is not an empty slot")
  func batchNumbers() {
    let table = ClaimTable(capacity: 4)
    defer { table.deallocate() }
    let fingerprint: UInt64 = 1 << 40
    #expect(!table.claim(fingerprint, batch: ClaimTable.batchLimit - 1))
    #expect(table.claim(fingerprint, batch: ClaimTable.batchLimit))
    #expect(!table.claim(fingerprint, batch: 0))
    #expect(table.claim(fingerprint, batch: ClaimTable.batchLimit - 1))
  }

  /// Fingerprint `n` (below 4096): slot `n` of a table of 4096, and a tag of its own.
  static func fingerprint(_ n: Int) -> UInt64 { UInt64(n) << 40 | UInt64(n) }

  @Test("threads claiming at once: for each fingerprint, a batch after the least one skips")
  func concurrentClaims() {
    let table = ClaimTable(capacity: 1 << 12)
    defer { table.deallocate() }
    // Eight threads (batches 0..7) claim the same 1000 fingerprints, each in its own
    // order; each fingerprint has a slot of its own. Batch 0 never skips.
    let skips = Mutex<[Int]>(Array(repeating: 0, count: 8))
    DispatchQueue.concurrentPerform(iterations: 8) { batch in
      var skipped = 0
      for step in 0..<1000 {
        if table.claim(Self.fingerprint((step * 7 + batch * 131) % 1000), batch: batch) {
          skipped += 1
        }
      }
      skips.withLock { $0[batch] = skipped }
    }
    #expect(skips.withLock { $0[0] } == 0)
    // After all claims, batch 0 holds every fingerprint: any other batch would skip.
    for step in 0..<1000 {
      #expect(table.claim(Self.fingerprint(step), batch: 1))
    }
  }
}
