import Synchronization

/// Which batch of a level checks a successor that several batches expanded at once meet.
///
/// Batches of a level are expanded side by side ahead of their merge, so a state new to
/// the store can be met in two of them, and each would check its invariants and
/// constraints. A batch that meets a new successor claims its fingerprint here; a claim
/// held by an earlier batch tells it to skip the check: the earlier batch checks it and
/// is merged first, so by this batch's merge the state is in the store, and the merge
/// only counts it. The table only saves work, never decides a result: a claim is lossy
/// (a slot keeps one fingerprint: a claim of another one in the slot replaces it) and
/// matches fingerprints, and only partly, not states, so the merge checks a skipped
/// successor itself when it does not find the state stored (the earlier batch's state
/// was another state, or outside the constraints and its claim not released yet). A
/// batch that finds a state outside the constraints, or whose check threw, releases its
/// claim, so that later batches check such states in parallel. A claim by a later batch
/// does not count: the successor is checked, since this batch is merged first, and its
/// claim replaces the later one.
///
/// In fingerprint mode the store takes two states of one fingerprint for one state, and
/// so does the merge of a deferred successor, with one difference from one thread: two
/// states of one fingerprint in one batch, the second outside the constraints or failing
/// its check, both deferred to an earlier claim of a third state: one thread reports the
/// second's problem, while the merge checks and stores the first and then finds the
/// second stored. That takes three states sharing a 64-bit fingerprint, the kind of
/// collision fingerprint mode's estimate is about.
///
/// An entry is the fingerprint's bits above the lowest 24 (its slot comes from its
/// lowest bits, so the bits between the slot's and 24 are compared by neither) and
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

  /// Claims `fingerprint` for `batch` (at most `batchLimit`); true when an earlier batch
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

  /// Gives up `batch`'s claim of `fingerprint`, if it still holds it.
  @inlinable
  func release(_ fingerprint: UInt64, batch: Int) {
    let slot = Int(fingerprint & mask)
    let held = fingerprint & ~Self.batchMask | UInt64(batch + 1)
    _ = slots[slot].compareExchange(expected: held, desired: 0, ordering: .relaxed)
  }
}
