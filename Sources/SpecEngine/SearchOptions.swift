import Synchronization

/// A flag another thread (a signal handler's watcher) sets to stop a search cleanly.
public final class StopFlag: Sendable {
  private let flag = Atomic<Bool>(false)
  public init() {}
  public func stop() { flag.store(true, ordering: .relaxed) }
  public var isStopped: Bool { flag.load(ordering: .relaxed) }
}

/// A snapshot for a progress line.
public struct SearchProgress: Sendable {
  public var depth: Int
  public var distinctStates: Int
  public var statesGenerated: Int
  public var queueSize: Int
  public var seconds: Double
  public var storeBytes: Int
}

/// Limits and switches of one search.
public struct SearchOptions: Sendable {
  public var workers: Int = 1
  public var storeMode: StoreMode = .exact
  public var checkDeadlock: Bool = true
  public var maxStates: Int?
  public var maxDepth: Int?
  public var timeout: Double?
  public var memoryLimit: Int?
  public var stopFlag: StopFlag?
  /// Frontier states that may be expanded ahead of the merge (so a level's successor
  /// records are held that many states' worth at a time, and at least two batches per
  /// thread), and the most in a batch.
  /// Changes no result, only memory and speed. Nil: 4,096 per two workers, so that more
  /// workers still take batches as large as one worker does (a successor repeated within
  /// a batch is checked once; smaller batches checked more).
  public var levelChunk: Int?
  /// Called at most about once a second, from any thread.
  public var progress: (@Sendable (SearchProgress) -> Void)?
  /// Called once at the end with where the levels' time went (a diagnostic for tuning
  /// the parallel search; timing costs two clock reads per batch).
  public var stageProfile: (@Sendable (StageProfile) -> Void)?

  public init() {}
}

/// Where the time of a search's levels went, summed over levels.
public struct StageProfile: Sendable {
  /// Levels searched with several threads, and with one.
  public var parallelLevels = 0
  public var serialLevels = 0
  /// Wall-clock seconds inside levels.
  public var levelSeconds = 0.0
  /// Seconds the merges took (beside expansion or alone).
  public var mergeSeconds = 0.0
  /// Thread-seconds spent expanding and merging, and thread-seconds the levels held
  /// (wall-clock seconds × threads): the difference is waiting.
  public var busySeconds = 0.0
  public var heldSeconds = 0.0
  /// Successors not in the store when expansion looked them up: each goes through the
  /// merge's own lookup.
  public var unknownSuccessors = 0
  /// Invariant and constraint checks of successors: one per unknown successor, less those
  /// an earlier batch of the level claimed (see `ClaimTable`), plus those the merge did
  /// because it did not find a claimed one stored (the claim was of another state, or of
  /// one outside the constraints).
  public var checkedSuccessors = 0
  /// Unknown successors whose check expansion skipped for an earlier batch's claim.
  public var claimedSuccessors = 0
  public init() {}

  public var description: String {
    func f(_ x: Double) -> String { String(Int((x * 1000).rounded())) }
    return
      "levels: \(parallelLevels) parallel, \(serialLevels) serial; "
      + "in levels \(f(levelSeconds)) ms, merging \(f(mergeSeconds)) ms; "
      + "threads busy \(f(busySeconds)) ms of \(f(heldSeconds)) ms held; "
      + "\(unknownSuccessors) successors not stored when looked up, \(checkedSuccessors) checked "
      + "(\(claimedSuccessors) left to an earlier batch's claim)"
  }
}
