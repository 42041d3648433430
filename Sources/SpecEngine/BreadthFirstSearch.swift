import Dispatch
import Synchronization

/// Level-synchronous breadth-first search over a `TransitionSystem`.
///
/// Each level runs in chunks of its frontier, each in two phases. Expansion (parallel):
/// workers take batches of the chunk, compute successors, and check invariants and
/// constraints of successors not yet in the store (the store is only read). Merge (one
/// thread, frontier order): counts, inserts new states, holds the first problem. A chunk's
/// merge runs beside the next chunk's expansion. The merge order is the order a one-thread
/// BFS discovers states, so counts, verdict and trace are the same for any worker count,
/// and the first problem found is at the least depth: counterexamples are shortest.
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
  /// the path are then regenerated from the initial state, following labels and ids.
  /// Costs at most one more pass over the levels up to the target, and two arrays as
  /// long as the store's ids; saves a 32-bit parent and a label per state all along.
  @usableFromInline
  mutating func path(to target: State) -> [TraceStep<State>] {
    let id = { [store, worker = pool[0].worker] (state: State) in
      store.find(state, fingerprint: worker.fingerprint(state))
    }
    guard let targetID = id(target) else { return [] }
    // Per id: its parent's id, or `unreached`/`root`.
    let (unreached, root) = (UInt32.max, UInt32.max - 1)
    var parents = [UInt32](repeating: unreached, count: store.idBound)
    var labels = [Int32](repeating: -1, count: parents.count)
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
          parents[found] = UInt32(parent)
          labels[found] = Int32(transition.label)
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
      guard
        let next = transitions.first(where: {
          $0.label == Int(labels[link]) && id($0.state) == link
        })
      else { break }
      state = next.state
      steps.append(TraceStep(label: next.label, state: state))
    }
    return steps
  }

  /// Where the stages' time went, when `options.stageProfile` asks.
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

  /// Why the search must stop now, if it must. `pendingBytes`: memory held outside the
  /// store, which counts against `--memory` too (a level's frontiers and successors).
  @usableFromInline
  func stopReason(pendingBytes: Int = 0) -> StopReason? {
    Self.stopReason(options, clock, bytes: store.bytes + pendingBytes)
  }

  @inlinable
  static func stopReason(_ options: SearchOptions, _ clock: Stopwatch, bytes: Int) -> StopReason? {
    if options.stopFlag?.isStopped == true { return .interrupted }
    if let timeout = options.timeout, clock.seconds >= timeout { return .timeout(timeout) }
    if let limit = options.memoryLimit, bytes >= limit { return .memory(limit) }
    return nil
  }

  /// The bytes a chunk's expansions hold (arrays at capacity).
  @inlinable
  static func bytes(of expansions: [Expansion]) -> Int {
    var total = expansions.capacity * MemoryLayout<Expansion>.stride
    for index in expansions.indices { total += expansions[index].bytes }
    return total
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
            return finish(.invariantViolated(invariant: violation), trace: [TraceStep(label: nil, state: state)])
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

  /// The merge of one level, chunk by chunk, in frontier order.
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

    /// Empty: the search swaps its store, coverage and count in for each stage.
    @inlinable
    init(storeMode: StoreMode, packing: StatePacking<State>?) {
      (store, coverage, generated) = (StateStore(mode: storeMode, capacity: 0), [], 0)
      next = Frontier(packing: packing)
    }

    @inlinable
    mutating func hold(_ problem: Problem) {
      pending = (problem, Figures(distinct: store.count, generated: generated, coverage: coverage))
    }

    /// Merges the expansions of consecutive batches of `frontier`: counts, stores new
    /// states, holds the first problem.
    @inlinable
    mutating func merge(_ expansions: [Expansion], of frontier: Frontier, context: MergeContext) {
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
      for expansion in expansions {
        // The batch's records and packed states through pointers: a closure per record
        // copied the store it captured.
        let going = expansion.successors.withUnsafeBufferPointer { records in
          expansion.states.words.withUnsafeBufferPointer { words in
            var first = 0
            for (offset, end) in expansion.ends.enumerated() {
              for index in first..<Int(end) {
                counts[Int(records[index].label)] += 1
                if records[index].known { continue }
                if !merge(
                  expansion, records[index], parent: expansion.start + offset,
                  words: words.baseAddress, context: context)
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
        if !going { return }
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
      context: MergeContext
    ) -> Bool {
      let label = Int(successor.label)
      let action = context.actionOfLabel[label]
      let stateIndex = Int(successor.stateIndex)
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
      let wordCount = expansion.states.wordCount
      let packed = wordCount > 0 ? words.unsafelyUnwrapped + stateIndex * wordCount : nil
      let stored =
        if let packed {
          store.find(packed: packed, fingerprint: successor.fingerprint) != nil
        } else {
          store.contains(expansion.states.states[stateIndex], fingerprint: successor.fingerprint)
        }
      if stored { return true }
      if let limit = context.options.maxDepth, context.depth >= limit {
        hold(.incomplete(.maxDepth(limit)))
        return false
      }
      if let limit = context.options.maxStates, store.count >= limit {
        hold(.incomplete(.maxStates(limit)))
        return false
      }
      if let packed {
        store.insertNew(packed: packed, fingerprint: successor.fingerprint)
        next.states.append(packed: packed)
      } else {
        let state = expansion.states.states[stateIndex]
        store.insertNew(state, fingerprint: successor.fingerprint)
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

  /// Expands and merges one level in chunks of `options.levelChunk` states (see there), so that only
  /// a chunk's successor records are held at a time. Stage `s` expands chunk `s` while
  /// (with several workers and a store that allows it) one of them merges chunk `s - 1`.
  /// Problems of the level (an error expanding a state, a deadlock) are reported with the
  /// figures the level started with, before any problem among its successors, which waits
  /// for the rest of the level's expansion: the same verdict, figures and trace as a
  /// search that expands a whole level before merging it.
  @inlinable
  mutating func searchLevel(_ frontier: Frontier) -> LevelOutcome {
    let atStart = Figures(distinct: store.count, generated: generated, coverage: coverage)
    // The level's merge owns the store, coverage and count during each stage, and hands
    // them back between stages (swapped, never shared: a store without a packing keeps
    // its states in a Swift array, which sharing would copy on the next insert).
    var level = LevelMerge(storeMode: options.storeMode, packing: packing)
    func exchange(_ level: inout LevelMerge) {
      swap(&store, &level.store)
      swap(&coverage, &level.coverage)
      swap(&generated, &level.generated)
    }
    let context = MergeContext(
      options: options, clock: clock, depth: depth, actionOfLabel: actionOfLabel)
    // A narrow level still gets about eight chunks: its last merge runs alone.
    let wide = options.levelChunk ?? 4096 * max(1, (pool.count + 1) / 2)
    let chunk = max(1, min(wide, max(256, frontier.count / 8)))
    let chunkCount = (frontier.count + chunk - 1) / chunk
    var merging: [Expansion]?
    for stage in 0...chunkCount {
      let start = min(stage * chunk, frontier.count)
      let range = start..<min(start + chunk, frontier.count)
      let toMerge = level.pending == nil && level.stop == nil ? merging : nil
      exchange(&level)
      let expansions = runStage(
        frontier, expanding: range, probeOnly: level.pending != nil, merging: toMerge,
        level: &level, context: context)
      exchange(&level)
      // The level's own problems first: they come before anything its merge found or
      // ran into. (Batches a stop left unexpanded have no problem.)
      for expansion in expansions {
        guard let problem = expansion.problem else { continue }
        let trace = path(to: frontier.state(at: expansion.start + problem.offset))
        guard let error = problem.error else {
          return .finished(finish(.deadlock, trace: trace, figures: atStart))
        }
        return .finished(
          finish(.error(error, duringLabel: problem.label), trace: trace, figures: atStart))
      }
      if let reason = level.stop { return .finished(finish(.incomplete(reason), trace: nil)) }
      // After the last merge, what it held stands; the limits are checked again before
      // the next level.
      if stage == chunkCount { break }
      // Both chunks' records are alive here: the one just merged and the one expanded.
      let held =
        frontier.bytes + level.next.bytes + Self.bytes(of: expansions)
        + Self.bytes(of: merging ?? [])
      if let reason = stopReason(pendingBytes: held) {
        return .finished(finish(.incomplete(reason), trace: nil))
      }
      merging = expansions
      reportProgress(queue: level.next.count + frontier.count - range.upperBound)
    }
    guard let (problem, figures) = level.pending else { return .next(level.next) }
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

  /// One stage of a level: merges `merging` (when given) and expands `frontier[range]` in
  /// batches. With several workers and a store that allows concurrent reads, the merge
  /// runs on one of them while the others expand; the store grows beforehand, so that it
  /// does not move under the readers.
  @inlinable
  mutating func runStage(
    _ frontier: Frontier, expanding range: Range<Int>, probeOnly: Bool,
    merging: [Expansion]?, level: inout LevelMerge, context: MergeContext
  ) -> [Expansion] {
    let timed = options.stageProfile != nil
    let stageStart = timed ? clock.seconds : 0
    var threads = min(pool.count, max(1, range.count / 16))
    let overlap = merging != nil && pool.count > 1 && level.store.supportsConcurrentReads
    if overlap {
      threads = max(threads, 2)
      var fresh = 0
      for expansion in merging! { fresh += expansion.states.count }
      level.store.beginConcurrentReads(additional: fresh)
    } else if let merging {
      level.merge(merging, of: frontier, context: context)
      if timed { profile.mergeSeconds += clock.seconds - stageStart }
    }
    let batch = threads <= 1 ? 256 : max(1, min(256, range.count / (threads * 8)))
    let batchCount = (range.count + batch - 1) / batch
    let packing = self.packing
    var expansions = (0..<batchCount).map {
      Expansion(start: range.lowerBound + $0 * batch, packing: packing)
    }
    let store = level.store
    let checkDeadlock = options.checkDeadlock
    let end = range.upperBound
    if threads <= 1 {
      var transitions: [Transition<State>] = []
      var seen = BatchSet()
      for index in expansions.indices {
        Self.expand(
          &expansions[index], to: min(expansions[index].start + batch, end), of: frontier,
          store: store, worker: &pool[0].worker, transitions: &transitions, seen: &seen,
          probeOnly: probeOnly, checkDeadlock: checkDeadlock)
      }
      if timed {
        let seconds = clock.seconds - stageStart
        noteStage(expansions, seconds: seconds, threads: 1, busy: seconds, merging: 0)
      }
      return expansions
    }
    let next = Atomic<Int>(0)
    let stopFlag = options.stopFlag
    let mergeJob = UnsafeSendable(overlap ? merging : nil)
    // Nanoseconds: busy, over all threads, and the merge's.
    let busy = Atomic<Int>(0)
    let merged = Atomic<Int>(0)
    let clock = self.clock
    let nanoseconds = { @Sendable (since: Double) in Int((clock.seconds - since) * 1e9) }
    withUnsafeMutablePointer(to: &level) { level in
      expansions.withUnsafeMutableBufferPointer { results in
        pool.withUnsafeMutableBufferPointer { pool in
          let (results, pool, level) = (
            UnsafeSendable(results), UnsafeSendable(pool), UnsafeSendable(level)
          )
          DispatchQueue.concurrentPerform(iterations: threads) { thread in
            let started = timed ? clock.seconds : 0
            defer { if timed { busy.add(nanoseconds(started), ordering: .relaxed) } }
            if thread == 0, let mergeJob = mergeJob.value {
              level.value.pointee.merge(mergeJob, of: frontier, context: context)
              if timed { merged.add(nanoseconds(started), ordering: .relaxed) }
            }
            var transitions: [Transition<State>] = []
            var seen = BatchSet()
            while stopFlag?.isStopped != true {
              let index = next.wrappingAdd(1, ordering: .relaxed).oldValue
              if index >= batchCount { break }
              // Built apart and stored once: neighbours in `results` belong to other threads.
              var expansion = Expansion(start: range.lowerBound + index * batch, packing: packing)
              Self.expand(
                &expansion, to: min(expansion.start + batch, end), of: frontier, store: store,
                worker: &pool.value[thread].worker, transitions: &transitions, seen: &seen,
                probeOnly: probeOnly, checkDeadlock: checkDeadlock)
              results.value[index] = expansion
            }
          }
        }
      }
    }
    if overlap { level.store.endConcurrentReads() }
    if timed {
      noteStage(
        expansions, seconds: clock.seconds - stageStart, threads: threads,
        busy: Double(busy.load(ordering: .relaxed)) / 1e9,
        merging: Double(merged.load(ordering: .relaxed)) / 1e9)
    }
    return expansions
  }

  /// Adds a stage to the stage profile: `threads` threads held `seconds`, busy `busy`
  /// thread-seconds in all, of which `merging` seconds merged beside the expansions.
  @inlinable
  mutating func noteStage(
    _ expansions: [Expansion], seconds: Double, threads: Int, busy: Double, merging: Double
  ) {
    if threads > 1 { profile.parallelStages += 1 } else { profile.serialStages += 1 }
    profile.stageSeconds += seconds
    profile.heldSeconds += seconds * Double(threads)
    profile.busySeconds += busy
    profile.mergeSeconds += merging
    for expansion in expansions { profile.unknownSuccessors += expansion.states.count }
  }

  /// Expands the frontier states from `expansion.start` to `end`: each successor looked
  /// up in the store and, when not there, checked and kept, unless an earlier successor
  /// of the batch is the same state (`seen`). `transitions` and `seen` are scratch space,
  /// reused from state to state and batch to batch. `probeOnly`: only whether states fail or have no
  /// successor (the level already has a problem among its successors, which an error or
  /// deadlock of the level would still overrule).
  @inlinable
  static func expand(
    _ expansion: inout Expansion, to end: Int, of frontier: Frontier, store: StateStore<State>,
    worker: inout System.Worker, transitions: inout [Transition<State>], seen: inout BatchSet,
    probeOnly: Bool,
    checkDeadlock: Bool
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
        }
        expansion.successors.append(successor)
      }
      expansion.ends.append(Int32(truncatingIfNeeded: expansion.successors.count))
    }
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
