import Synchronization

/// A flag another thread (a signal handler's watcher) sets to stop a search cleanly.
package final class StopFlag: Sendable {
  private let flag = Atomic<Bool>(false)
  package init() {}
  package func stop() { flag.store(true, ordering: .relaxed) }
  package var isStopped: Bool { flag.load(ordering: .relaxed) }
}

/// A snapshot for a progress line.
package struct SearchProgress: Sendable {
  package var depth: Int
  package var distinctStates: Int
  package var statesGenerated: Int
  package var queueSize: Int
  package var seconds: Double
  package var storeBytes: Int
}

/// Limits and switches of one search.
package struct SearchOptions: Sendable {
  package var workers: Int = 1
  package var storeMode: StoreMode = .exact
  package var checkDeadlock: Bool = true
  package var maxStates: Int?
  package var maxDepth: Int?
  package var timeout: Double?
  package var memoryLimit: Int?
  package var stopFlag: StopFlag?
  /// Called at most about once a second, from any thread.
  package var progress: (@Sendable (SearchProgress) -> Void)?

  package init() {}
}
