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
  /// Frontier states expanded between two merges: a level's successor records are held a
  /// chunk at a time. Changes no result, only memory and speed.
  public var levelChunk: Int = 4096
  /// Called at most about once a second, from any thread.
  public var progress: (@Sendable (SearchProgress) -> Void)?

  public init() {}
}
