import Dispatch
import Synchronization

/// Level-synchronous breadth-first search over a `TransitionSystem`.
///
/// Each level runs in two phases. Expansion (parallel): workers take chunks of the
/// frontier, compute successors, and check invariants and constraints of successors not
/// yet in the store (the store is only read). Merge (one thread, frontier order): counts,
/// inserts new states, picks the first problem. The merge order is the order a one-thread
/// BFS discovers states, so counts, verdict and trace are the same for any worker count,
/// and the first problem found is at the least depth: counterexamples are shortest.
public struct BreadthFirstSearch<System: TransitionSystem> {
  public typealias State = System.State

  // The search is generic over the system; the hot paths are `@inlinable` so that a client
  // module specialises them for its state type. Unspecialised, every successor paid for
  // runtime generic metadata lookups.

  /// What expansion learned about one successor. Kept small (a level's successors are
  /// all held until its merge): an error, which is rare, is kept in its expansion.
  @usableFromInline
  struct Successor {
    @usableFromInline var state: State
    @usableFromInline var fingerprint: UInt64
    @usableFromInline var label: Int32
    /// The index of the first invariant violated; -1 for none.
    @usableFromInline var violated: Int32 = -1
    /// Known to the store before this level began: nothing else was computed.
    @usableFromInline var known: Bool
    @usableFromInline var inModel = true
    /// Its constraint or invariant threw: the error is the expansion's `successorError`.
    @usableFromInline var failed = false

    @inlinable
    init(label: Int, state: State, fingerprint: UInt64, known: Bool) {
      self.label = Int32(truncatingIfNeeded: label)
      self.state = state
      self.fingerprint = fingerprint
      self.known = known
    }

    @inlinable var violation: Int? { violated < 0 ? nil : Int(violated) }
  }

  /// What expansion learned about one frontier state.
  @usableFromInline
  struct Expansion {
    @usableFromInline var successors: [Successor] = []
    /// The error of the first successor whose constraint or invariant threw (the merge
    /// stops there).
    @usableFromInline var successorError: (any Error & Sendable)?
    @usableFromInline var error: (any Error & Sendable)?
    @usableFromInline var errorLabel: Int?
    @inlinable init() {}
  }

  @usableFromInline let system: System
  @usableFromInline let options: SearchOptions
  @usableFromInline var store: StateStore<State>
  @usableFromInline var coverage: [ActionCoverage]
  /// The action of each label, looked up once.
  @usableFromInline let actionOfLabel: [Int]
  @usableFromInline var generated = 0
  @usableFromInline var depth = 0
  @usableFromInline let clock = Stopwatch()
  /// One worker per thread.
  public var workers: [System.Worker] { pool }
  @usableFromInline var pool: [System.Worker]

  public init(system: System, options: SearchOptions) {
    self.system = system
    self.options = options
    self.coverage = Array(repeating: ActionCoverage(), count: system.actionNames.count)
    self.actionOfLabel = (0..<system.labelCount).map { system.action(ofLabel: $0) }
    self.pool = (0..<max(1, options.workers)).map { _ in system.makeWorker() }
    self.store = StateStore(
      mode: options.storeMode, packing: system.packing, heapBytesPerState: system.stateHeapBytes)
  }

  /// A state of the current frontier and its index in the store.
  @usableFromInline
  struct Queued: Sendable {
    @usableFromInline var index: Int
    @usableFromInline var state: State
    @inlinable init(index: Int, state: State) {
      self.index = index
      self.state = state
    }
  }

  /// Per level, the number of states stored once it was complete: level `k` holds the
  /// indices `levelEnds[k - 1] ..< levelEnds[k]` (level 0: the initial states). States
  /// stored after the last entry belong to the level being merged.
  @usableFromInline var levelEnds: [Int] = []

  /// The level of the state at `index`.
  func level(of index: Int) -> Int {
    levelEnds.firstIndex { index < $0 } ?? levelEnds.count
  }

  /// The path from an initial state to the state at `index`.
  ///
  /// The store keeps no parents: they are found again by replaying the search up to that
  /// state's level, with the store as the oracle. A successor whose index lies in the
  /// next level and has no parent yet gets the one being expanded, which is exactly the
  /// parent the search gave it (states of a level were stored in the order the replay
  /// meets them). The states along the path are then regenerated from the initial state,
  /// following labels and store indices. Costs at most one more pass over the levels up
  /// to the violation; saves a 32-bit parent and a label per state all along.
  @usableFromInline
  mutating func path(to index: Int) -> [TraceStep<State>] {
    let target = level(of: index)
    let (ends, stored) = (levelEnds, store.count)
    let levelEnd = { (level: Int) in level < ends.count ? ends[level] : stored }
    // Per index up to the target's level: its parent's index, or `unreached`/`root`.
    let (unreached, root) = (UInt32.max, UInt32.max - 1)
    var parents = [UInt32](repeating: unreached, count: levelEnd(target))
    var labels = [Int32](repeating: -1, count: parents.count)
    var frontier: [(index: Int, state: State)] = []
    let initial = (try? pool[0].initialStates()) ?? []
    for state in initial {
      guard let found = store.find(state, fingerprint: pool[0].fingerprint(state)),
        found < levelEnd(0), parents[found] == unreached
      else { continue }
      parents[found] = root
      frontier.append((found, state))
    }
    var transitions: [Transition<State>] = []
    var depth = 0
    while depth < target, parents[index] == unreached, !frontier.isEmpty {
      depth += 1
      let (start, end) = (levelEnds[depth - 1], levelEnd(depth))
      var next: [(index: Int, state: State)] = []
      for (parent, state) in frontier {
        transitions.removeAll(keepingCapacity: true)
        try? pool[0].successors(of: state, into: &transitions)
        for transition in transitions {
          guard
            let found = store.find(
              transition.state, fingerprint: pool[0].fingerprint(transition.state)),
            found >= start, found < end, parents[found] == unreached
          else { continue }
          parents[found] = UInt32(parent)
          labels[found] = Int32(transition.label)
          next.append((found, transition.state))
        }
        if parents[index] != unreached { break }
      }
      frontier = next
    }
    // The chain of indices, first first.
    var chain: [Int] = []
    var current = index
    while parents[current] != unreached {
      chain.append(current)
      if parents[current] == root { break }
      current = Int(parents[current])
    }
    chain.reverse()
    guard let first = chain.first,
      let start = initial.first(where: {
        store.find($0, fingerprint: pool[0].fingerprint($0)) == first
      })
    else { return [] }
    var state = start
    var steps = [TraceStep(label: nil, state: state)]
    for link in chain.dropFirst() {
      transitions.removeAll(keepingCapacity: true)
      try? pool[0].successors(of: state, into: &transitions)
      guard
        let next = transitions.first(where: {
          $0.label == Int(labels[link])
            && store.find($0.state, fingerprint: pool[0].fingerprint($0.state)) == link
        })
      else { break }
      state = next.state
      steps.append(TraceStep(label: next.label, state: state))
    }
    return steps
  }

  /// Runs the search to a verdict.
  @inlinable
  public mutating func run() -> SearchResult<State> {
    var frontier: [Queued] = []
    switch exploreInitialStates(into: &frontier) {
    case .some(let result): return result
    case .none: break
    }
    while !frontier.isEmpty {
      if let reason = stopReason() { return finish(.incomplete(reason), trace: nil) }
      let expansions = expand(frontier)
      if let reason = stopReason(pendingBytes: Self.bytes(of: frontier, expansions)) {
        return finish(.incomplete(reason), trace: nil)
      }
      switch merge(frontier, expansions) {
      case .finished(let result): return result
      case .next(let next):
        levelEnds.append(store.count)
        frontier = next
        if !next.isEmpty { depth += 1 }
      }
    }
    return finish(.ok, trace: nil)
  }

  /// Why the search must stop now, if it must. `pendingBytes`: memory held outside the
  /// store, which counts against `--memory` too (a level's successors until its merge).
  @usableFromInline
  func stopReason(pendingBytes: Int = 0) -> StopReason? {
    if options.stopFlag?.isStopped == true { return .interrupted }
    if let timeout = options.timeout, clock.seconds >= timeout { return .timeout(timeout) }
    if let limit = options.memoryLimit, store.bytes + pendingBytes >= limit {
      return .memory(limit)
    }
    return nil
  }

  /// The bytes a frontier and its expansions hold (their arrays at capacity).
  @inlinable
  static func bytes(of frontier: [Queued], _ expansions: [Expansion]) -> Int {
    var total = frontier.capacity * MemoryLayout<Queued>.stride
    total += expansions.capacity * MemoryLayout<Expansion>.stride
    for index in expansions.indices {
      total += expansions[index].successors.capacity * MemoryLayout<Successor>.stride
    }
    return total
  }

  @usableFromInline
  func finish(_ verdict: Verdict, trace: [TraceStep<State>]?) -> SearchResult<State> {
    SearchResult(
      verdict: verdict, distinctStates: store.count, statesGenerated: generated, depth: depth,
      trace: trace, coverage: coverage, seconds: clock.seconds, workers: workers.count,
      storeBytes: store.bytes)
  }

  @usableFromInline
  mutating func exploreInitialStates(into frontier: inout [Queued]) -> SearchResult<State>? {
    let initial: [State]
    do {
      initial = try pool[0].initialStates()
    } catch {
      return finish(.error(error as (any Error & Sendable), duringLabel: nil), trace: nil)
    }
    generated = initial.count
    for state in initial {
      do {
        let fingerprint = pool[0].fingerprint(state)
        let inModel = try pool[0].satisfiesConstraints(state)
        if inModel, store.contains(state, fingerprint: fingerprint) { continue }
        let violation = try pool[0].violatedInvariant(state)
        if !inModel {
          if let violation {
            return finish(.invariantViolated(invariant: violation), trace: [TraceStep(label: nil, state: state)])
          }
          continue
        }
        if let limit = options.maxStates, store.count >= limit {
          return finish(.incomplete(.maxStates(limit)), trace: nil)
        }
        let (position, _) = store.insert(state, fingerprint: fingerprint)
        frontier.append(Queued(index: position, state: state))
        if let violation {
          return finish(.invariantViolated(invariant: violation), trace: path(to: position))
        }
      } catch {
        return finish(
          .error(error as (any Error & Sendable), duringLabel: nil),
          trace: [TraceStep(label: nil, state: state)])
      }
    }
    if !frontier.isEmpty { depth = 1 }
    levelEnds.append(store.count)
    return nil
  }

  /// Expands every frontier state, in parallel when there are several workers.
  @inlinable
  mutating func expand(_ frontier: [Queued]) -> [Expansion] {
    var expansions = [Expansion](repeating: Expansion(), count: frontier.count)
    let store = self.store
    let workerCount = min(pool.count, max(1, frontier.count / 16))
    if workerCount <= 1 {
      var transitions: [Transition<State>] = []
      for (slot, position) in frontier.enumerated() {
        expansions[slot] = Self.expand(
          position.state, store: store, worker: &pool[0], transitions: &transitions)
      }
      return expansions
    }
    let chunk = max(1, min(256, frontier.count / (workerCount * 8)))
    let next = Atomic<Int>(0)
    let stopFlag = options.stopFlag
    expansions.withUnsafeMutableBufferPointer { results in
      pool.withUnsafeMutableBufferPointer { pool in
        let results = UnsafeSendable(results)
        let pool = UnsafeSendable(pool)
        DispatchQueue.concurrentPerform(iterations: workerCount) { workerIndex in
          var transitions: [Transition<State>] = []
          while stopFlag?.isStopped != true {
            let start = next.wrappingAdd(chunk, ordering: .relaxed).oldValue
            if start >= frontier.count { break }
            for slot in start..<min(start + chunk, frontier.count) {
              results.value[slot] = Self.expand(
                frontier[slot].state, store: store, worker: &pool.value[workerIndex],
                transitions: &transitions)
            }
          }
        }
      }
    }
    return expansions
  }

  /// One state's successors, each looked up in the store and, when new, checked.
  /// `transitions` is scratch space, reused from state to state.
  @inlinable
  static func expand(
    _ state: State, store: StateStore<State>, worker: inout System.Worker,
    transitions: inout [Transition<State>]
  ) -> Expansion {
    var expansion = Expansion()
    transitions.removeAll(keepingCapacity: true)
    do {
      try worker.successors(of: state, into: &transitions)
    } catch {
      expansion.error = error as (any Error & Sendable)
      if let failure = error as? any LabelledFailure { expansion.errorLabel = failure.label }
      return expansion
    }
    expansion.successors.reserveCapacity(transitions.count)
    for transition in transitions {
      let fingerprint = worker.fingerprint(transition.state)
      var successor = Successor(
        label: transition.label, state: transition.state, fingerprint: fingerprint,
        known: store.contains(transition.state, fingerprint: fingerprint))
      if !successor.known {
        do {
          successor.inModel = try worker.satisfiesConstraints(transition.state)
          if let violated = try worker.violatedInvariant(transition.state) {
            successor.violated = Int32(truncatingIfNeeded: violated)
          }
        } catch {
          successor.failed = true
          if expansion.successorError == nil {
            expansion.successorError = error as (any Error & Sendable)
          }
        }
      }
      expansion.successors.append(successor)
    }
    return expansion
  }

  @usableFromInline
  enum MergeOutcome {
    case finished(SearchResult<State>)
    case next([Queued])
  }

  @inlinable
  mutating func merge(_ frontier: [Queued], _ expansions: [Expansion]) -> MergeOutcome {
    // Problems at this level (errors, deadlocks) come before those at the next.
    for (slot, expansion) in expansions.enumerated() {
      if let error = expansion.error {
        return .finished(
          finish(.error(error, duringLabel: expansion.errorLabel), trace: path(to: frontier[slot].index)))
      }
      if options.checkDeadlock, expansion.successors.isEmpty {
        return .finished(finish(.deadlock, trace: path(to: frontier[slot].index)))
      }
    }
    var next: [Queued] = []
    for (slot, expansion) in expansions.enumerated() {
      let parent = frontier[slot].index
      let successors = expansion.successors
      for index in successors.indices {
        // Most successors are known: read their fields in place, and copy the record
        // (its state) only for the others.
        generated += 1
        let label = Int(successors[index].label)
        let action = actionOfLabel[label]
        coverage[action].generated += 1
        if successors[index].known { continue }
        let successor = successors[index]
        if successor.failed, let error = expansion.successorError {
          let trace = path(to: parent) + [TraceStep(label: label, state: successor.state)]
          return .finished(finish(.error(error, duringLabel: nil), trace: trace))
        }
        if !successor.inModel {
          if let violation = successor.violation {
            let trace = path(to: parent) + [TraceStep(label: label, state: successor.state)]
            return .finished(finish(.invariantViolated(invariant: violation), trace: trace))
          }
          continue
        }
        if store.contains(successor.state, fingerprint: successor.fingerprint) { continue }
        if let limit = options.maxDepth, depth >= limit {
          return .finished(finish(.incomplete(.maxDepth(limit)), trace: nil))
        }
        if let limit = options.maxStates, store.count >= limit {
          return .finished(finish(.incomplete(.maxStates(limit)), trace: nil))
        }
        let position = store.insertNew(successor.state, fingerprint: successor.fingerprint)
        coverage[action].distinct += 1
        if let violation = successor.violation {
          return .finished(finish(.invariantViolated(invariant: violation), trace: path(to: position)))
        }
        next.append(Queued(index: position, state: successor.state))
        if store.count & 4095 == 0, let reason = stopReason() {
          return .finished(finish(.incomplete(reason), trace: nil))
        }
      }
      reportProgress(queue: next.count + expansions.count - slot)
    }
    return .next(next)
  }

  @usableFromInline var lastProgress = 0.0

  @usableFromInline
  mutating func reportProgress(queue: Int) {
    guard let progress = options.progress else { return }
    let now = clock.seconds
    guard now - lastProgress >= 1 else { return }
    lastProgress = now
    progress(
      SearchProgress(
        depth: depth, distinctStates: store.count, statesGenerated: generated, queueSize: queue,
        seconds: now, storeBytes: store.bytes))
  }
}

/// An error that knows which label (action instance) was being evaluated.
public protocol LabelledFailure: Error {
  var label: Int? { get }
}

/// Wraps a pointer for use across threads where the search guarantees disjoint access.
@usableFromInline
struct UnsafeSendable<T>: @unchecked Sendable {
  @usableFromInline var value: T
  @inlinable init(_ value: T) { self.value = value }
}
