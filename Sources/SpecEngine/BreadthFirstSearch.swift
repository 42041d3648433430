import Dispatch
import Synchronization

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// Level-synchronous breadth-first search over a `TransitionSystem`.
///
/// A level's frontier is cut into batches. Any thread takes the next batch to expand:
/// computes successors and checks the invariants and constraints of those not yet in the
/// store (which it only reads), unless an earlier batch of the level claimed the same
/// fingerprint (`ClaimTable`: the merge then finds the state stored, or checks it).
/// Whichever thread finds the next batch to merge expanded, while no other merges,
/// merges it and the ready ones after it, in frontier order: counts, inserts new states
/// (checking a deferred one it does not find stored), holds the first problem. The merge
/// order is the order a one-thread BFS discovers states, so counts, verdict and trace are
/// the same for any worker count, and the first problem found is at the least depth:
/// counterexamples are shortest.
public struct BreadthFirstSearch<System: TransitionSystem> {
  public typealias State = System.State

  // The search is generic over the system; the hot paths are `@inlinable` so that a client
  // module specialises them for its state type. Unspecialised, every successor paid for
  // runtime generic metadata lookups.

  /// What expansion learned about one successor: plain data, so that a level's records
  /// are neither reference counted nor destroyed one by one. A successor not in the store
  /// when looked up keeps its state in its expansion's `states`; an error, which is rare,
  /// is kept in the expansion.
  @usableFromInline
  struct Successor {
    @usableFromInline var fingerprint: UInt64
    @usableFromInline var label: Int32
    /// The index of the first invariant violated; -1 for none.
    @usableFromInline var violated: Int32 = -1
    /// Its state's index in the expansion's `states`; -1: the state was in the store when
    /// looked up, and nothing else was computed.
    @usableFromInline var stateIndex: Int32 = -1
    @usableFromInline var inModel = true
    /// Its constraint or invariant threw: the error is the expansion's `successorError`.
    @usableFromInline var failed = false
    /// Not checked: an earlier batch of the level claimed it (`ClaimTable`), so the merge
    /// should find it stored; if not, the merge checks it.
    @usableFromInline var deferred = false

    @inlinable
    init(label: Int, fingerprint: UInt64) {
      self.label = Int32(truncatingIfNeeded: label)
      self.fingerprint = fingerprint
    }

    @inlinable var known: Bool { stateIndex < 0 }
    @inlinable var violation: Int? { violated < 0 ? nil : Int(violated) }
  }

  /// What expansion learned about a batch of consecutive frontier states.
  @usableFromInline
  struct Expansion: @unchecked Sendable {
    /// The frontier index of the batch's first state.
    @usableFromInline var start: Int
    /// Per state of the batch, where its successors end in `successors`.
    @usableFromInline var ends: [Int32] = []
    @usableFromInline var successors: [Successor] = []
    /// The states of the successors not in the store when looked up.
    @usableFromInline var states: StateBuffer<State>
    /// The first state of the batch that failed to expand or (when deadlocks are checked)
    /// has no successor: its offset in the batch, the error and the label evaluated. The
    /// batch's expansion stops there.
    @usableFromInline var problem: (offset: Int, error: (any Error & Sendable)?, label: Int?)?
    /// The error of the first successor whose constraint or invariant threw (the merge
    /// stops there).
    @usableFromInline var successorError: (any Error & Sendable)?
    /// Successors not checked because an earlier batch claimed them (stage profile).
    @usableFromInline var deferredCount = 0

    @inlinable
    init(start: Int, packing: StatePacking<State>?) {
      self.start = start
      states = StateBuffer(packing: packing)
    }

    @inlinable
    var bytes: Int {
      MemoryLayout<Self>.stride + ends.capacity * 4
        + successors.capacity * MemoryLayout<Successor>.stride + states.bytes
    }
  }

  /// A level's states, in the order the search discovered them.
  @usableFromInline
  struct Frontier: @unchecked Sendable {
    @usableFromInline var states: StateBuffer<State>
    @inlinable init(packing: StatePacking<State>?) { states = StateBuffer(packing: packing) }
    @inlinable var count: Int { states.count }
    @inlinable var isEmpty: Bool { states.count == 0 }
    @inlinable func state(at slot: Int) -> State { states.state(at: slot) }
    @inlinable var bytes: Int { states.bytes }
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
  public var workers: [System.Worker] { pool.map(\.worker) }
  /// Workers padded apart: each thread writes its worker's counters and caches, and two
  /// workers sharing a cache line slowed both (false sharing).
  @usableFromInline var pool: [Padded<System.Worker>]
  /// The system's packing: the search keeps its own lists of states packed too.
  @usableFromInline let packing: StatePacking<State>?

  public init(system: System, options: SearchOptions) {
    self.system = system
    self.options = options
    self.coverage = Array(repeating: ActionCoverage(), count: system.actionNames.count)
    self.actionOfLabel = (0..<system.labelCount).map { system.action(ofLabel: $0) }
    self.pool = (0..<max(1, options.workers)).map { _ in Padded(system.makeWorker()) }
    self.packing = system.packing
    self.store = StateStore(
      mode: options.storeMode, packing: packing, heapBytesPerState: system.stateHeapBytes)
  }

  /// The path from an initial state to `target`, a stored state.
  ///
  /// The store keeps no parents: they are found again by replaying the search, level by
  /// level, with the store as the oracle (ids from `find`). A stored successor the replay
  /// has not met yet gets the state being expanded as its parent, which is exactly the
  /// parent the search gave it: the replay meets a level's states in the order the search
  /// discovered them, and BFS meets each state first at its own level. The states along
  /// the path are then regenerated from the initial state, following ids.
  /// Costs at most one more pass over the levels up to the target, and one 32-bit parent
  /// per store id (about half the store's bytes); saves a parent and a label per state
  /// all along. No label is kept: the step from a parent to a state is the first of the
  /// parent's transitions that reaches it, in the replay as in the search.
  ///
  /// Parents are 32-bit while the store's ids fit, 64-bit beyond (some 4 billion places:
  /// a store of about 40 GB, within the default bound on a machine of 128 GB).
  @usableFromInline
  mutating func path(to target: State) -> [TraceStep<State>] {
    store.idBound < Int(UInt32.max - 1)
      ? path(to: target, parents: UInt32.self) : path(to: target, parents: UInt64.self)
  }

  /// `path(to:)` with parents of the given width.
  mutating func path<Parent: FixedWidthInteger & UnsignedInteger>(
    to target: State, parents _: Parent.Type
  ) -> [TraceStep<State>] {
    let id = { [store, worker = pool[0].worker] (state: State) in
      store.find(state, fingerprint: worker.fingerprint(state))
    }
    guard let targetID = id(target) else { return [] }
    // Per id: its parent's id, or `unreached`/`root`.
    let (unreached, root) = (Parent.max, Parent.max - 1)
    var parents = [Parent](repeating: unreached, count: store.idBound)
    var frontier: [(id: Int, state: State)] = []
    let initial = (try? pool[0].worker.initialStates()) ?? []
    for state in initial {
      guard let found = id(state), parents[found] == unreached else { continue }
      parents[found] = root
      frontier.append((found, state))
    }
    var transitions: [Transition<State>] = []
    while parents[targetID] == unreached, !frontier.isEmpty {
      var next: [(id: Int, state: State)] = []
      for (parent, state) in frontier {
        transitions.removeAll(keepingCapacity: true)
        try? pool[0].worker.successors(of: state, into: &transitions)
        for transition in transitions {
          guard let found = id(transition.state), parents[found] == unreached else { continue }
          parents[found] = Parent(parent)
          next.append((found, transition.state))
        }
        if parents[targetID] != unreached { break }
      }
      frontier = next
    }
    // The chain of ids, first first.
    var chain: [Int] = []
    var current = targetID
    while parents[current] != unreached {
      chain.append(current)
      if parents[current] == root { break }
      current = Int(parents[current])
    }
    chain.reverse()
    guard let first = chain.first, let start = initial.first(where: { id($0) == first }) else {
      return []
    }
    var state = start
    var steps = [TraceStep(label: nil, state: state)]
    for link in chain.dropFirst() {
      transitions.removeAll(keepingCapacity: true)
      try? pool[0].worker.successors(of: state, into: &transitions)
      guard let next = transitions.first(where: { id($0.state) == link }) else { break }
      state = next.state
      steps.append(TraceStep(label: next.label, state: state))
    }
    return steps
  }

  /// Where the levels' time went, when `options.stageProfile` asks.
  @usableFromInline var profile = StageProfile()

  /// Runs the search to a verdict.
  @inlinable
  public mutating func run() -> SearchResult<State> {
    defer { options.stageProfile?(profile) }
    var frontier = Frontier(packing: packing)
    if let result = exploreInitialStates(into: &frontier) { return result }
    while !frontier.isEmpty {
      if let reason = stopReason() { return finish(.incomplete(reason), trace: nil) }
      switch searchLevel(frontier) {
      case .finished(let result): return result
      case .next(let next):
        frontier = next
        if !next.isEmpty { depth += 1 }
      }
    }
    return finish(.ok, trace: nil)
  }

  /// Why the search must stop now, if it must.
  @usableFromInline
  func stopReason() -> StopReason? {
    Self.stopReason(options, clock, bytes: store.bytes)
  }

  @inlinable
  static func stopReason(_ options: SearchOptions, _ clock: Stopwatch, bytes: Int) -> StopReason? {
    if options.stopFlag?.isStopped == true { return .interrupted }
    if let timeout = options.timeout, clock.seconds >= timeout { return .timeout(timeout) }
    if let limit = options.memoryLimit, bytes >= limit { return .memory(limit) }
    return nil
  }

  /// The figures a result reports.
  @usableFromInline
  struct Figures {
    @usableFromInline var distinct: Int
    @usableFromInline var generated: Int
    @usableFromInline var coverage: [ActionCoverage]
    @inlinable init(distinct: Int, generated: Int, coverage: [ActionCoverage]) {
      (self.distinct, self.generated, self.coverage) = (distinct, generated, coverage)
    }
  }

  /// `figures`: those to report instead of the current ones (a problem of a level is
  /// reported with the figures the level started with, however much of it was merged).
  @usableFromInline
  func finish(
    _ verdict: Verdict, trace: [TraceStep<State>]?, figures: Figures? = nil
  ) -> SearchResult<State> {
    SearchResult(
      verdict: verdict, distinctStates: figures?.distinct ?? store.count,
      statesGenerated: figures?.generated ?? generated, depth: depth, trace: trace,
      coverage: figures?.coverage ?? coverage, seconds: clock.seconds, workers: workers.count,
      storeBytes: store.bytes)
  }

  @usableFromInline
  mutating func exploreInitialStates(into frontier: inout Frontier) -> SearchResult<State>? {
    let initial: [State]
    do {
      initial = try pool[0].worker.initialStates()
    } catch {
      return finish(.error(error as (any Error & Sendable), duringLabel: nil), trace: nil)
    }
    generated = initial.count
    for state in initial {
      do {
        let fingerprint = pool[0].worker.fingerprint(state)
        let inModel = try pool[0].worker.satisfiesConstraints(state)
        if inModel, store.contains(state, fingerprint: fingerprint) { continue }
        let violation = try pool[0].worker.violatedInvariant(state)
        if !inModel {
          if let violation {
            return finish(
              .invariantViolated(invariant: violation), trace: [TraceStep(label: nil, state: state)]
            )
          }
          continue
        }
        if let limit = options.maxStates, store.count >= limit {
          return finish(.incomplete(.maxStates(limit)), trace: nil)
        }
        store.insertNew(state, fingerprint: fingerprint)
        frontier.states.append(state)
        if let violation {
          return finish(.invariantViolated(invariant: violation), trace: path(to: state))
        }
      } catch {
        return finish(
          .error(error as (any Error & Sendable), duringLabel: nil),
          trace: [TraceStep(label: nil, state: state)])
      }
    }
    if !frontier.isEmpty { depth = 1 }
    return nil
  }

  @usableFromInline
  enum LevelOutcome {
    case finished(SearchResult<State>)
    case next(Frontier)
  }

  /// A problem among a level's successors, kept until the rest of the level has been
  /// expanded: an error or deadlock of the level itself comes first.
  @usableFromInline
  enum Problem {
    /// A stored state violates an invariant.
    case violation(invariant: Int, state: State)
    /// A successor that is not stored (outside the constraints, or its checks threw) of
    /// the level's state at frontier slot `parent`.
    case successor(Verdict, parent: Int, label: Int, state: State)
    case incomplete(StopReason)
  }

  /// The merge of one level, batch by batch, in frontier order.
  @usableFromInline
  struct LevelMerge {
    @usableFromInline var store: StateStore<State>
    @usableFromInline var coverage: [ActionCoverage]
    @usableFromInline var generated: Int
    /// The next frontier, in the order a one-thread search discovers it.
    @usableFromInline var next: Frontier
    /// The first problem met, with the figures at that moment. Nothing is merged after it.
    @usableFromInline var pending: (problem: Problem, figures: Figures)?
    /// A reason to stop at once (interrupted, out of time or memory).
    @usableFromInline var stop: StopReason?
    /// Deferred successors the merge checked itself (stage profile).
    @usableFromInline var checks = 0

    /// Empty: the search swaps its store, coverage and count in for each level.
    @inlinable
    init(storeMode: StoreMode, packing: StatePacking<State>?) {
      (store, coverage, generated) = (StateStore(mode: storeMode, capacity: 0), [], 0)
      next = Frontier(packing: packing)
    }

    @inlinable
    mutating func hold(_ problem: Problem) {
      pending = (problem, Figures(distinct: store.count, generated: generated, coverage: coverage))
    }

    /// Merges the expansion of one batch: counts, stores new states, holds the first
    /// problem. False when the level's merge must stop (a problem held, or a reason to
    /// stop).
    @inlinable
    mutating func merge(
      _ expansion: Expansion, context: MergeContext, worker: inout System.Worker
    ) -> Bool {
      // Successors generated per label: most records are of states already stored, and
      // counting them is all the merge does with them, so that is a tight loop over
      // plain memory. Folded into the figures at the end, and into a held problem's.
      let counts = UnsafeMutableBufferPointer<Int>.allocate(
        capacity: context.actionOfLabel.count)
      counts.initialize(repeating: 0)
      defer {
        fold(counts, context)
        counts.deallocate()
      }
      // The batch's records and packed states through pointers: a closure per record
      // copied the store it captured.
      return expansion.successors.withUnsafeBufferPointer { records in
        expansion.states.words.withUnsafeBufferPointer { words in
          var first = 0
          for (offset, end) in expansion.ends.enumerated() {
            for index in first..<Int(end) {
              counts[Int(records[index].label)] += 1
              if records[index].known { continue }
              if !merge(
                expansion, records[index], parent: expansion.start + offset,
                words: words.baseAddress, context: context, worker: &worker)
              {
                // Nothing changed since the problem was held but the counts.
                fold(counts, context)
                if pending != nil { hold(pending!.problem) }
                return false
              }
            }
            first = Int(end)
          }
          return true
        }
      }
    }

    /// Adds the counts of successors generated to the figures, and clears them.
    @inlinable
    mutating func fold(_ counts: UnsafeMutableBufferPointer<Int>, _ context: MergeContext) {
      for label in counts.indices where counts[label] != 0 {
        generated += counts[label]
        coverage[context.actionOfLabel[label]].generated += counts[label]
        counts[label] = 0
      }
    }

    /// Merges a successor that was not in the store when looked up (its generation is
    /// counted by the caller); false when the level's merge must stop.
    @inlinable @inline(__always)
    mutating func merge(
      _ expansion: Expansion, _ successor: Successor, parent: Int, words: UnsafePointer<UInt64>?,
      context: MergeContext, worker: inout System.Worker
    ) -> Bool {
      let label = Int(successor.label)
      let action = context.actionOfLabel[label]
      let stateIndex = Int(successor.stateIndex)
      let wordCount = expansion.states.wordCount
      let packed = wordCount > 0 ? words.unsafelyUnwrapped + stateIndex * wordCount : nil
      var successor = successor
      if successor.deferred {
        // An earlier batch claimed it and, when it is the same state inside the
        // constraints, stored it: nothing to do. Else it is checked here.
        if stored(expansion, successor, packed: packed) { return true }
        let state = expansion.states.state(at: stateIndex)
        checks += 1
        do {
          successor.inModel = try worker.satisfiesConstraints(state)
          if let violated = try worker.violatedInvariant(state) {
            successor.violated = Int32(truncatingIfNeeded: violated)
          }
        } catch {
          hold(
            .successor(
              .error(error as (any Error & Sendable), duringLabel: nil), parent: parent,
              label: label, state: state))
          return false
        }
      }
      if successor.failed, let error = expansion.successorError {
        hold(
          .successor(
            .error(error, duringLabel: nil), parent: parent, label: label,
            state: expansion.states.state(at: stateIndex)))
        return false
      }
      if !successor.inModel {
        guard let violation = successor.violation else { return true }
        hold(
          .successor(
            .invariantViolated(invariant: violation), parent: parent, label: label,
            state: expansion.states.state(at: stateIndex)))
        return false
      }
      // One probe finds the state or inserts it, unless a new state would pass a limit:
      // then only a lookup, and the merge stops at the first new one.
      let depthLimit = context.options.maxDepth.flatMap { context.depth >= $0 ? $0 : nil }
      let stateLimit = context.options.maxStates.flatMap { store.count >= $0 ? $0 : nil }
      if depthLimit != nil || stateLimit != nil {
        if stored(expansion, successor, packed: packed) { return true }
        hold(.incomplete(depthLimit.map { .maxDepth($0) } ?? .maxStates(stateLimit!)))
        return false
      }
      if let packed {
        guard store.insert(packed: packed, fingerprint: successor.fingerprint) else { return true }
        next.states.append(packed: packed)
      } else {
        let state = expansion.states.states[stateIndex]
        guard store.insert(state, fingerprint: successor.fingerprint) else { return true }
        next.states.append(state)
      }
      coverage[action].distinct += 1
      if let violation = successor.violation {
        hold(.violation(invariant: violation, state: expansion.states.state(at: stateIndex)))
        return false
      }
      if store.count & 4095 == 0,
        let reason = BreadthFirstSearch.stopReason(
          context.options, context.clock, bytes: store.bytes)
      {
        stop = reason
        return false
      }
      return true
    }

    /// Whether the store holds a successor's state (`packed`: its words, if packed).
    @inlinable
    func stored(_ expansion: Expansion, _ successor: Successor, packed: UnsafePointer<UInt64>?)
      -> Bool
    {
      if let packed {
        return store.find(packed: packed, fingerprint: successor.fingerprint) != nil
      }
      return store.contains(
        expansion.states.states[Int(successor.stateIndex)], fingerprint: successor.fingerprint)
    }
  }

  /// What a merge reads of the search, copied so that a merge can run beside workers.
  @usableFromInline
  struct MergeContext: @unchecked Sendable {
    @usableFromInline let options: SearchOptions
    @usableFromInline let clock: Stopwatch
    @usableFromInline let depth: Int
    @usableFromInline let actionOfLabel: [Int]
    @inlinable
    init(options: SearchOptions, clock: Stopwatch, depth: Int, actionOfLabel: [Int]) {
      (self.options, self.clock, self.depth, self.actionOfLabel) =
        (options, clock, depth, actionOfLabel)
    }
  }

  /// How the threads of a level share the store with its merge.
  @usableFromInline
  enum Sharing {
    /// Packed words or keys: the merge inserts while threads read, and a growth puts new
    /// buffers in place of the ones readers hold (each reader takes the store anew for
    /// each batch; see `StateStore`).
    case growsAside
    /// States kept as values: a merge waits until no thread reads, and none reads until it
    /// ends.
    case exclusive
  }

  /// What the threads of one level share: the batches of its frontier, expanded by any
  /// thread, and merged in frontier order by whichever thread holds the merge.
  @usableFromInline
  final class Pipeline: @unchecked Sendable {
    /// Batch `i` is frontier slots `bounds[i] ..< bounds[i + 1]`.
    @usableFromInline let bounds: [Int]
    @usableFromInline let batchCount: Int
    /// Batches that may be expanded ahead of the merge: the successor records held.
    @usableFromInline let window: Int
    @usableFromInline let sharing: Sharing
    @usableFromInline let results: UnsafeMutablePointer<Expansion>
    /// Set (release) when a batch's expansion is in `results`.
    @usableFromInline let ready: UnsafeMutablePointer<Atomic<Bool>>
    /// The next batch to expand, and the batches merged.
    @usableFromInline let taken = Atomic<Int>(0)
    @usableFromInline let merged = Atomic<Int>(0)
    @usableFromInline let mergeLock = Atomic<Bool>(false)
    /// The least batch with a problem of the level (an error expanding, a deadlock).
    @usableFromInline let firstProblem = Atomic<Int>(Int.max)
    /// The merge holds a problem: later batches are expanded only for the level's own.
    @usableFromInline let mergeStopped = Atomic<Bool>(false)
    /// Everything stops (interrupted, out of time or memory).
    @usableFromInline let halted = Atomic<Bool>(false)
    /// Threads reading the store, and a merge waiting for them or keeping them out.
    @usableFromInline let readers = Atomic<Int>(0)
    @usableFromInline let excluding = Atomic<Bool>(false)
    /// Bytes of the expansions not merged yet.
    @usableFromInline let heldBytes = Atomic<Int>(0)
    /// Bytes of the frontier and of the level's list of batches.
    @usableFromInline let fixedBytes: Int
    /// Why a thread other than the merge's stopped the level (out of time or memory).
    @usableFromInline let haltReason = Mutex<StopReason?>(nil)
    /// The store as threads read it.
    @usableFromInline let snapshot: Mutex<StateStore<State>?>
    /// The merge's own, touched only by the thread holding `mergeLock`.
    @usableFromInline var level: LevelMerge
    @usableFromInline var progressDue: Double
    /// Nanoseconds spent expanding and merging (stage profile).
    @usableFromInline let busy = Atomic<Int>(0)
    @usableFromInline let merging = Atomic<Int>(0)
    /// Successors not in the store when looked up, and those of them not checked because
    /// an earlier batch claimed them (stage profile).
    @usableFromInline let unknown = Atomic<Int>(0)
    @usableFromInline let deferred = Atomic<Int>(0)
    /// Who checks a successor that batches expanded side by side meet (several threads
    /// only: one thread merges each batch before it expands the next).
    @usableFromInline let claims: ClaimTable?

    @inlinable
    init(
      bounds: [Int], window: Int, sharing: Sharing, level: LevelMerge,
      packing: StatePacking<State>?, frontierBytes: Int, progressDue: Double, threads: Int
    ) {
      self.bounds = bounds
      batchCount = bounds.count - 1
      self.window = window
      self.sharing = sharing
      self.level = level
      self.progressDue = progressDue
      snapshot = Mutex(nil)
      // 4,096 slots per thread: 32 KiB each, so that the table stays in the caches; the
      // claims that matter are those of the batches in flight, and a slot keeps the latest
      // (a table sized by the level was 4% slower on FilterLock N=5, whose checks are
      // cheap, and saved no more checks).
      claims =
        threads > 1 && batchCount < ClaimTable.batchLimit
        ? ClaimTable(capacity: 4096 * threads)
        : nil
      fixedBytes =
        frontierBytes + batchCount * (MemoryLayout<Expansion>.stride + 1 + 8)
        + (claims?.bytes ?? 0)
      results = .allocate(capacity: batchCount)
      ready = .allocate(capacity: batchCount)
      for index in 0..<batchCount {
        (results + index).initialize(to: Expansion(start: bounds[index], packing: packing))
        (ready + index).initialize(to: Atomic(false))
      }
    }

    deinit {
      claims?.deallocate()
      results.deinitialize(count: batchCount)
      results.deallocate()
      ready.deinitialize(count: batchCount)
      ready.deallocate()
    }

    /// Bytes the level holds outside the store, which count against `--memory` too: the
    /// frontiers, the list of batches, and the expansions not merged yet. Read by the
    /// merge, or by any thread once the merge has stopped.
    @inlinable var pendingBytes: Int {
      fixedBytes + level.next.bytes + heldBytes.load(ordering: .relaxed)
    }

    /// Waits once more: yields the processor for the first 64 waits in a row, then sleeps a
    /// little, so that threads beyond the cores do not take them from the merge.
    @inlinable
    static func pause(_ waits: inout Int) {
      waits += 1
      if waits < 64 { sched_yield() } else { usleep(50) }
    }

    /// Batches that may still be merged: those before the first problem of the level.
    @inlinable var mergeLimit: Int { min(batchCount, firstProblem.load(ordering: .acquiring)) }

    @inlinable
    func startReading() {
      guard sharing != .growsAside else { return }
      while true {
        readers.add(1, ordering: .sequentiallyConsistent)
        if !excluding.load(ordering: .sequentiallyConsistent) { return }
        readers.subtract(1, ordering: .sequentiallyConsistent)
        var waits = 0
        while excluding.load(ordering: .relaxed) { Self.pause(&waits) }
      }
    }

    @inlinable
    func stopReading() {
      guard sharing != .growsAside else { return }
      readers.subtract(1, ordering: .releasing)
    }

    /// Waits until no thread reads the store, and keeps them out until `stopExcluding`.
    @inlinable
    func startExcluding() {
      excluding.store(true, ordering: .sequentiallyConsistent)
      while readers.load(ordering: .sequentiallyConsistent) > 0 { sched_yield() }
    }

    @inlinable
    func stopExcluding() { excluding.store(false, ordering: .releasing) }

    /// Stops every thread, for `reason` if given (else the stop flag was set).
    @inlinable
    func halt(_ reason: StopReason?) {
      if let reason { haltReason.withLock { if $0 == nil { $0 = reason } } }
      halted.store(true, ordering: .releasing)
    }

    /// Makes the merge's store the one threads read. The copy it replaces goes after the
    /// lock is let go: it may hold the last reference to a buffer a growth left behind.
    @inlinable
    func publish() {
      let store = level.store
      let replaced = snapshot.withLock { snapshot in
        defer { snapshot = store }
        return snapshot
      }
      _ = replaced
    }
  }

  /// Expands and merges one level. The frontier is cut into batches of up to 256 states
  /// (smaller toward the level's end, so that the threads finish together); any thread
  /// takes the next batch to expand, and whichever finds the next batch to merge ready
  /// merges the ready ones, in frontier order, while the others go on expanding (at most
  /// `window` batches ahead of the merge: `options.levelChunk` frontier states, or 4,096
  /// per two workers, and at least two batches per thread). There is no barrier within
  /// a level: a thread waits only when it is that far ahead of the merge, when nothing is
  /// left to take, or while states kept as values are merged (`Sharing`).
  ///
  /// Problems of the level (an error expanding a state, a deadlock) are reported with the
  /// figures the level started with, before any problem among its successors, which only
  /// stops the merge: the same verdict, figures and trace as a search that expands a
  /// whole level before merging it, for any number of threads and any batches.
  @inlinable
  mutating func searchLevel(_ frontier: Frontier) -> LevelOutcome {
    let atStart = Figures(distinct: store.count, generated: generated, coverage: coverage)
    let timed = options.stageProfile != nil
    let levelStart = timed ? clock.seconds : 0
    let threads = min(pool.count, max(1, frontier.count / 16))
    let size = Self.batchSize(frontier.count, threads: threads, cap: options.levelChunk)
    let ahead = options.levelChunk ?? 4096 * max(1, (pool.count + 1) / 2)
    let sharing: Sharing = store.supportsConcurrentReads ? .growsAside : .exclusive
    let pipe = Pipeline(
      bounds: Self.batchBounds(frontier.count, size: size, threads: threads),
      window: max(2 * threads, ahead / size), sharing: sharing,
      level: LevelMerge(storeMode: options.storeMode, packing: packing),
      packing: packing, frontierBytes: frontier.bytes, progressDue: lastProgress + 1,
      threads: threads)
    // The level's merge owns the store, coverage and count, and hands them back at the end
    // (swapped, never shared: a store without a packing keeps its states in a Swift
    // array, which sharing would copy on the next insert).
    func exchange() {
      swap(&store, &pipe.level.store)
      swap(&coverage, &pipe.level.coverage)
      swap(&generated, &pipe.level.generated)
    }
    exchange()
    pipe.publish()
    let context = MergeContext(
      options: options, clock: clock, depth: depth, actionOfLabel: actionOfLabel)
    let checkDeadlock = options.checkDeadlock
    pool.withUnsafeMutableBufferPointer { pool in
      let pool = UnsafeSendable(pool)
      DispatchQueue.concurrentPerform(iterations: threads) { thread in
        Self.work(
          pipe, frontier: frontier, worker: &pool.value[thread].worker, context: context,
          checkDeadlock: checkDeadlock, timed: timed)
      }
    }
    pipe.snapshot.withLock { $0 = nil }
    exchange()
    lastProgress = pipe.progressDue - 1
    if timed {
      let seconds = clock.seconds - levelStart
      if threads > 1 { profile.parallelLevels += 1 } else { profile.serialLevels += 1 }
      profile.levelSeconds += seconds
      profile.heldSeconds += seconds * Double(threads)
      profile.busySeconds += Double(pipe.busy.load(ordering: .relaxed)) / 1e9
      profile.mergeSeconds += Double(pipe.merging.load(ordering: .relaxed)) / 1e9
      profile.unknownSuccessors += pipe.unknown.load(ordering: .relaxed)
      profile.claimedSuccessors += pipe.deferred.load(ordering: .relaxed)
      profile.checkedSuccessors +=
        pipe.unknown.load(ordering: .relaxed) - pipe.deferred.load(ordering: .relaxed)
        + pipe.level.checks
    }
    // The level's own problems first, in frontier order: every batch before the first
    // one with a problem was expanded, unless the search was stopped.
    let merged = pipe.merged.load(ordering: .acquiring)
    for index in merged..<min(pipe.batchCount, pipe.taken.load(ordering: .acquiring)) {
      guard pipe.ready[index].load(ordering: .acquiring) else { break }
      guard let problem = pipe.results[index].problem else { continue }
      let trace = path(to: frontier.state(at: pipe.bounds[index] + problem.offset))
      guard let error = problem.error else {
        return .finished(finish(.deadlock, trace: trace, figures: atStart))
      }
      return .finished(
        finish(.error(error, duringLabel: problem.label), trace: trace, figures: atStart))
    }
    if let reason = pipe.level.stop {
      return .finished(finish(.incomplete(reason), trace: nil))
    }
    if pipe.halted.load(ordering: .acquiring) {
      let reason = pipe.haltReason.withLock { $0 } ?? .interrupted
      return .finished(finish(.incomplete(reason), trace: nil))
    }
    guard let (problem, figures) = pipe.level.pending else { return .next(pipe.level.next) }
    switch problem {
    case .violation(let invariant, let state):
      return .finished(
        finish(.invariantViolated(invariant: invariant), trace: path(to: state), figures: figures))
    case .successor(let verdict, let parent, let label, let state):
      let trace = path(to: frontier.state(at: parent)) + [TraceStep(label: label, state: state)]
      return .finished(finish(verdict, trace: trace, figures: figures))
    case .incomplete(let reason):
      return .finished(finish(.incomplete(reason), trace: nil, figures: figures))
    }
  }

  /// Frontier states per batch: 256, or fewer so that each thread gets about eight.
  @inlinable
  static func batchSize(_ count: Int, threads: Int, cap: Int?) -> Int {
    let size = threads <= 1 ? 256 : max(1, min(256, count / (threads * 8)))
    return max(1, min(size, cap ?? size))
  }

  /// Where the batches of a level of `count` states start, and its end: batches of
  /// `size`, then smaller ones (down to 16) as the last `2 × threads` batches' worth
  /// remains, so that no thread is left alone with a long batch at the level's end.
  @inlinable
  static func batchBounds(_ count: Int, size: Int, threads: Int) -> [Int] {
    var bounds = [0]
    var start = 0
    while start < count {
      let remaining = count - start
      let step = threads <= 1 ? size : min(size, max(min(size, 16), remaining / (threads * 2)))
      start += min(step, remaining)
      bounds.append(start)
    }
    return bounds
  }

  /// One thread's share of a level: merge the batches that are ready when no other thread
  /// merges, else expand the next batch, until nothing is left.
  @inlinable
  static func work(
    _ pipe: Pipeline, frontier: Frontier, worker: inout System.Worker, context: MergeContext,
    checkDeadlock: Bool, timed: Bool
  ) {
    var transitions: [Transition<State>] = []
    var seen = BatchSet()
    let stopFlag = context.options.stopFlag
    let clock = context.clock
    var waits = 0
    while !pipe.halted.load(ordering: .relaxed) {
      if mergeReady(
        pipe, frontier: frontier, context: context, worker: &worker, timed: timed)
      {
        waits = 0
        continue
      }
      let index = pipe.taken.load(ordering: .relaxed)
      let problem = pipe.firstProblem.load(ordering: .acquiring)
      if index >= min(pipe.batchCount, problem == Int.max ? Int.max : problem + 1) {
        // Nothing left to expand: done once nothing is left to merge.
        let merged = pipe.merged.load(ordering: .acquiring)
        if merged >= pipe.mergeLimit || pipe.mergeStopped.load(ordering: .acquiring) { return }
        Pipeline.pause(&waits)
        continue
      }
      let probeOnly = pipe.mergeStopped.load(ordering: .acquiring)
      if !probeOnly, index - pipe.merged.load(ordering: .acquiring) >= pipe.window {
        Pipeline.pause(&waits)
        continue
      }
      if stopFlag?.isStopped == true {
        pipe.halt(nil)
        return
      }
      // The merge may have stopped the level since the loop's test.
      if pipe.halted.load(ordering: .acquiring) { return }
      guard
        pipe.taken.compareExchange(
          expected: index, desired: index + 1, ordering: .relaxed
        ).exchanged
      else { continue }
      waits = 0
      var expansion = Expansion(start: pipe.bounds[index], packing: frontier.states.packing)
      pipe.startReading()
      let started = timed ? clock.seconds : 0
      do {
        // Taken anew for each batch: the merge may have grown the store since.
        guard let store = pipe.snapshot.withLock({ $0 }) else {
          preconditionFailure("a thread reads the store while none is published")
        }
        expand(
          &expansion, to: pipe.bounds[index + 1], of: frontier, store: store, worker: &worker,
          transitions: &transitions, seen: &seen, claims: pipe.claims, batch: index,
          probeOnly: probeOnly, checkDeadlock: checkDeadlock)
        // With the merge stopped by a problem, the rest of the level is probed: time and
        // memory are checked here, the merge no longer does.
        if probeOnly,
          let reason = BreadthFirstSearch.stopReason(
            context.options, clock,
            bytes: store.bytes + pipe.pendingBytes)
        {
          pipe.halt(reason)
        }
      }
      pipe.stopReading()
      if expansion.problem != nil {
        var least = pipe.firstProblem.load(ordering: .relaxed)
        while index < least {
          let (exchanged, original) = pipe.firstProblem.compareExchange(
            expected: least, desired: index, ordering: .acquiringAndReleasing)
          if exchanged { break }
          least = original
        }
      }
      pipe.heldBytes.add(expansion.bytes, ordering: .relaxed)
      if timed {
        pipe.busy.add(Int((clock.seconds - started) * 1e9), ordering: .relaxed)
        pipe.unknown.add(expansion.states.count, ordering: .relaxed)
        pipe.deferred.add(expansion.deferredCount, ordering: .relaxed)
      }
      // Built apart and stored once: neighbours in `results` belong to other threads.
      (pipe.results + index).pointee = expansion
      pipe.ready[index].store(true, ordering: .releasing)
    }
  }

  /// Merges the batches that are ready, in frontier order, if no other thread merges;
  /// false if it merged none.
  @inlinable
  static func mergeReady(
    _ pipe: Pipeline, frontier: Frontier, context: MergeContext, worker: inout System.Worker,
    timed: Bool
  ) -> Bool {
    var next = pipe.merged.load(ordering: .acquiring)
    guard next < pipe.mergeLimit, pipe.ready[next].load(ordering: .acquiring),
      !pipe.mergeStopped.load(ordering: .acquiring)
    else { return false }
    guard
      pipe.mergeLock.compareExchange(expected: false, desired: true, ordering: .acquiring)
        .exchanged
    else { return false }
    defer { pipe.mergeLock.store(false, ordering: .releasing) }
    let clock = context.clock
    let started = timed ? clock.seconds : 0
    defer {
      if timed {
        let nanoseconds = Int((clock.seconds - started) * 1e9)
        pipe.busy.add(nanoseconds, ordering: .relaxed)
        pipe.merging.add(nanoseconds, ordering: .relaxed)
      }
    }
    next = pipe.merged.load(ordering: .relaxed)
    var mergedAny = false
    // Exclusive sharing keeps readers out for the whole run of ready batches.
    var excluding = false
    while next < pipe.mergeLimit, pipe.ready[next].load(ordering: .acquiring),
      !pipe.mergeStopped.load(ordering: .relaxed), !pipe.halted.load(ordering: .relaxed)
    {
      // A batch with a problem of the level is not merged: the level ends with it (the
      // first problem seen here may have been published after `mergeLimit` was read).
      if pipe.results[next].problem != nil { break }
      // Before each merge, as between levels: the expansions held count too, the one to
      // merge included (a batch's successor records can outweigh the store).
      if let reason = BreadthFirstSearch.stopReason(
        context.options, clock, bytes: pipe.level.store.bytes + pipe.pendingBytes)
      {
        pipe.level.stop = reason
        pipe.halt(reason)
        break
      }
      if pipe.sharing == .exclusive, !excluding {
        pipe.startExcluding()
        // No copy of the store may be alive while its values change.
        pipe.snapshot.withLock { $0 = nil }
        excluding = true
      }
      let going = pipe.level.merge(pipe.results[next], context: context, worker: &worker)
      if pipe.sharing == .growsAside { pipe.publish() }
      pipe.heldBytes.subtract(pipe.results[next].bytes, ordering: .relaxed)
      (pipe.results + next).pointee = Expansion(start: 0, packing: nil)
      next += 1
      pipe.merged.store(next, ordering: .releasing)
      mergedAny = true
      if !going {
        if let reason = pipe.level.stop {
          pipe.halt(reason)
        } else {
          pipe.mergeStopped.store(true, ordering: .releasing)
        }
        break
      }
      if context.options.progress != nil, clock.seconds >= pipe.progressDue {
        reportProgress(pipe, context: context, queue: frontier.count - pipe.bounds[next])
      }
    }
    if excluding {
      pipe.publish()
      pipe.stopExcluding()
    }
    return mergedAny
  }

  /// Expands the frontier states from `expansion.start` to `end`: each successor looked
  /// up in the store and, when not there, kept and checked (unless an earlier batch holds
  /// its fingerprint's claim: `deferred`), unless an earlier successor of the batch is the
  /// same state (`seen`). `transitions` and `seen` are scratch space, reused from state to
  /// state and batch to batch. `probeOnly`: only whether states fail or have no successor
  /// (the level already has a problem among its successors, which an error or deadlock of
  /// the level would still overrule).
  @inlinable
  static func expand(
    _ expansion: inout Expansion, to end: Int, of frontier: Frontier, store: StateStore<State>,
    worker: inout System.Worker, transitions: inout [Transition<State>], seen: inout BatchSet,
    claims: ClaimTable?, batch: Int, probeOnly: Bool, checkDeadlock: Bool
  ) {
    let packing = frontier.states.packing
    let wordCount = frontier.states.wordCount
    let scratch = UnsafeMutablePointer<UInt64>.allocate(capacity: max(1, wordCount))
    defer { scratch.deallocate() }
    seen.removeAll()
    for slot in expansion.start..<end {
      transitions.removeAll(keepingCapacity: true)
      do {
        try worker.successors(of: frontier.states.state(at: slot), into: &transitions)
      } catch {
        let label = (error as? any LabelledFailure)?.label
        expansion.problem = (slot - expansion.start, error as (any Error & Sendable), label)
        return
      }
      if checkDeadlock, transitions.isEmpty {
        expansion.problem = (slot - expansion.start, nil, nil)
        return
      }
      if probeOnly { continue }
      if expansion.successors.isEmpty {
        expansion.successors.reserveCapacity(transitions.count * (end - slot))
      }
      // Field by field in place: copying each `Transition` went through an outlined
      // generic copy of its state (about 80 instructions per successor).
      for index in transitions.indices {
        var successor = Successor(
          label: transitions[index].label,
          fingerprint: worker.fingerprint(transitions[index].state))
        var known: Bool
        let fresh = expansion.states.count
        if wordCount > 0 {
          packing.unsafelyUnwrapped.write(transitions[index].state, scratch)
          known = store.find(packed: scratch, fingerprint: successor.fingerprint) != nil
          if !known {
            known =
              seen.find(successor.fingerprint, orInsert: fresh) { earlier in
                expansion.states.withWords(at: earlier) { words in
                  (0..<wordCount).allSatisfy { words[$0] == scratch[$0] }
                }
              } != nil
            if !known { expansion.states.append(packed: scratch) }
          }
        } else {
          known = store.contains(transitions[index].state, fingerprint: successor.fingerprint)
          if !known {
            known =
              seen.find(successor.fingerprint, orInsert: fresh) {
                expansion.states.states[$0] == transitions[index].state
              } != nil
            if !known { expansion.states.append(transitions[index].state) }
          }
        }
        if !known {
          successor.stateIndex = Int32(truncatingIfNeeded: expansion.states.count - 1)
          if let claims, claims.claim(successor.fingerprint, batch: batch) {
            successor.deferred = true
            expansion.deferredCount += 1
          } else {
            do {
              successor.inModel = try worker.satisfiesConstraints(transitions[index].state)
              if let violated = try worker.violatedInvariant(transitions[index].state) {
                successor.violated = Int32(truncatingIfNeeded: violated)
              }
            } catch {
              successor.failed = true
              if expansion.successorError == nil {
                expansion.successorError = error as (any Error & Sendable)
              }
            }
            // A state this batch will not store: later batches check it themselves, in
            // parallel, rather than leave it to the merge.
            if let claims, successor.failed || !successor.inModel {
              claims.release(successor.fingerprint, batch: batch)
            }
          }
        }
        expansion.successors.append(successor)
      }
      expansion.ends.append(Int32(truncatingIfNeeded: expansion.successors.count))
    }
  }

  @usableFromInline var lastProgress = 0.0

  /// Reports the search's progress from the merge; `queue`: frontier states not merged.
  @usableFromInline
  static func reportProgress(_ pipe: Pipeline, context: MergeContext, queue: Int) {
    let now = context.clock.seconds
    pipe.progressDue = now + 1
    context.options.progress?(
      SearchProgress(
        depth: context.depth, distinctStates: pipe.level.store.count,
        statesGenerated: pipe.level.generated, queueSize: pipe.level.next.count + queue,
        seconds: now, storeBytes: pipe.level.store.bytes))
  }

}

/// An error that knows which label (action instance) was being evaluated.
public protocol LabelledFailure: Error {
  var label: Int? { get }
}

/// A value followed by two cache lines of padding, so that neighbours in an array written
/// by different threads do not share a line.
@usableFromInline
struct Padded<Value> {
  @usableFromInline var worker: Value
  @usableFromInline var padding: (SIMD64<UInt8>, SIMD64<UInt8>) = (.zero, .zero)
  @inlinable init(_ worker: Value) { self.worker = worker }
}

/// Wraps a pointer for use across threads where the search guarantees disjoint access.
@usableFromInline
struct UnsafeSendable<T>: @unchecked Sendable {
  @usableFromInline var value: T
  @inlinable init(_ value: T) { self.value = value }
}
