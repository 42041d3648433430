import Synchronization

/// Which batch of a level checks a successor that several batches expanded at once meet.
///
/// Batches of a level are expanded side by side ahead of their merge, so a state new to
/// the store can be met in two of them, and each would check its invariants and
/// constraints. A batch that meets a new successor claims its fingerprint here; a claim
/// held by an earlier batch tells it to skip the check: the earlier batch checks it and
/// is merged first, so by this batch's merge the state is in the store, and the merge
/// only counts it. The table only saves work, never decides a result: a claim is lossy
/// (a slot keeps one fingerprint, the latest claim replaces an entry) and matches
/// fingerprints, not states, so the merge checks a skipped successor itself when it does
/// not find the state stored (the earlier batch's state was outside the constraints, or
/// was another state with that fingerprint). A claim by a later batch does not count: the
/// successor is checked, since this batch is merged first.
///
/// An entry is 40 high bits of a fingerprint (its slot comes from the low bits) and
/// 24 bits of batch index + 1; 0 is empty. Read and written relaxed: nothing else is
/// published through it.
@usableFromInline
struct ClaimTable: @unchecked Sendable {
  @usableFromInline static let batchBits: UInt64 = 24
  @usableFromInline static let batchMask: UInt64 = (1 << batchBits) - 1
  /// The most batches a level may have for claims to name them.
  @usableFromInline static let batchLimit = Int(batchMask) - 1

  @usableFromInline let slots: UnsafeMutablePointer<Atomic<UInt64>>
  @usableFromInline let mask: UInt64
  @usableFromInline let count: Int

  /// A table of at least `capacity` slots (a power of two), all empty. The owner frees it
  /// (`deallocate`).
  @inlinable
  init(capacity: Int) {
    var count = 1
    while count < capacity { count <<= 1 }
    self.count = count
    mask = UInt64(count - 1)
    slots = .allocate(capacity: count)
    for slot in 0..<count { (slots + slot).initialize(to: Atomic(0)) }
  }

  @inlinable
  func deallocate() {
    slots.deinitialize(count: count)
    slots.deallocate()
  }

  @inlinable var bytes: Int { count * MemoryLayout<UInt64>.stride }

  /// Claims `fingerprint` for `batch` (below `batchLimit`); true when an earlier batch
  /// holds it, so that this one may skip the successor's check.
  @inlinable
  func claim(_ fingerprint: UInt64, batch: Int) -> Bool {
    let slot = Int(fingerprint & mask)
    let tag = fingerprint & ~Self.batchMask
    let desired = tag | UInt64(batch + 1)
    var entry = slots[slot].load(ordering: .relaxed)
    while true {
      if entry & ~Self.batchMask == tag, entry & Self.batchMask != 0,
        Int(entry & Self.batchMask) - 1 <= batch
      {
        return Int(entry & Self.batchMask) - 1 < batch
      }
      let (exchanged, original) = slots[slot].compareExchange(
        expected: entry, desired: desired, ordering: .relaxed)
      if exchanged { return false }
      entry = original
    }
  }
}
