import SpecEngine
import Synchronization
import Testing

/// CLI.md: "The same spec, constants and flags give the same counts, the same verdict and
/// the same trace whatever --workers is." The graphs have thousands of states and levels
/// of hundreds, so several workers really share each level; each is also searched in
/// small chunks (one chunk merged while the next is expanded) and in both store modes.
@Suite("Determinism of the search across worker counts")
struct DeterminismTests {
  static let workerCounts = [1, 2, 4, 8]

  /// A random graph with 5000 nodes and the nodes at a given distance from node 0.
  static func graph(seed: UInt64) -> (GraphSystem, distances: [Int: Int]) {
    let graph = GraphSystem.random(nodes: 5000, maxDegree: 4, seed: seed)
    return (graph, ReferenceSearch.distances(graph))
  }

  static func nodes(at distance: Int, in distances: [Int: Int]) -> [Int] {
    distances.filter { $0.value == distance }.map(\.key).sorted()
  }

  /// How the store keeps states and how many frontier states a chunk has: the default,
  /// and small chunks in the stores whose merge runs beside the next chunk's expansion
  /// (fingerprints; exact words; exact keys, of one word or a mixed-radix number of two).
  static let layouts: [(packed: GraphSystem.Packing, mode: StoreMode, chunk: Int)] = [
    (.none, .exact, 4096), (.oneWord, .exact, 7), (.none, .fingerprint, 1), (.twoWords, .exact, 64),
    (.twoWordsKeyed, .exact, 64), (.oneWord, .fingerprint, 64),
  ]

  func expectSameOutcome(_ graph: GraphSystem, checkDeadlock: Bool = true) -> Outcome {
    var first: Outcome?
    for layout in Self.layouts {
      var graph = graph
      graph.packed = layout.packed
      for workers in Self.workerCounts {
        let outcome = Outcome(
          search(graph, workers: workers) {
            $0.checkDeadlock = checkDeadlock
            $0.storeMode = layout.mode
            $0.levelChunk = layout.chunk
          })
        if let first {
          #expect(outcome == first, "\(workers) workers, \(layout) differ from one, default")
        } else {
          first = outcome
        }
      }
    }
    return first!
  }

  @Test("the levels of the test graphs are wide enough to be shared by workers")
  func levelsAreWide() {
    let (_, distances) = Self.graph(seed: 7)
    let widest = Dictionary(grouping: distances.values, by: { $0 }).values.map(\.count).max()!
    #expect(widest >= 1000)
    #expect(distances.count >= 4000)
  }

  @Test(
    "the stage profile counts every level once and each new state's check, and changes no result")
  func stageProfile() {
    let (graph, distances) = Self.graph(seed: 7)
    let plain = Outcome(search(graph, workers: 4))
    let profiles = Mutex<[StageProfile]>([])
    let profiled = Outcome(
      search(graph, workers: 4) { options in
        options.stageProfile = { profile in profiles.withLock { $0.append(profile) } }
      })
    #expect(profiled == plain)
    let profile = profiles.withLock { $0 }
    #expect(profile.count == 1)
    // Every level is searched, the last (which finds nothing new) too; a level of fewer
    // than 32 states has one thread.
    let sizes = Dictionary(grouping: distances.values, by: { $0 }).values.map(\.count)
    #expect(profile[0].parallelLevels == sizes.filter { $0 >= 32 }.count)
    #expect(profile[0].serialLevels == sizes.filter { $0 < 32 }.count)
    #expect(profile[0].mergeSeconds > 0 && profile[0].mergeSeconds <= profile[0].busySeconds)
    #expect(profile[0].busySeconds > 0 && profile[0].busySeconds <= profile[0].heldSeconds)
    #expect(profile[0].levelSeconds > 0)
    // Each new state was checked at least once (the initial one is not expanded).
    #expect(profile[0].unknownSuccessors >= distances.count - 1)

    // One worker merges each batch before it expands the next: every successor not in
    // the store is a new state, met first in its batch, so exactly one check per state.
    profiles.withLock { $0 = [] }
    _ = search(graph, workers: 1) { options in
      options.stageProfile = { profile in profiles.withLock { $0.append(profile) } }
    }
    #expect(profiles.withLock { $0[0].unknownSuccessors } == distances.count - 1)
    #expect(profiles.withLock { $0[0].parallelLevels } == 0)
  }

  @Test("an invariant violation: same figures and trace for 1, 2, 4 and 8 workers")
  func invariantViolation() {
    for seed in UInt64(7)...9 {
      var (graph, distances) = Self.graph(seed: seed)
      // Several bad states in one deep level: which one is reported depends on the order
      // of discovery, which must not depend on the worker count.
      graph.bad = Set(Self.nodes(at: 6, in: distances).suffix(40))
      let outcome = expectSameOutcome(graph, checkDeadlock: false)
      #expect(outcome == ReferenceSearch.run(graph, checkDeadlock: false), "seed \(seed)")
      #expect(outcome.trace?.count == 7, "seed \(seed)")
    }
  }

  @Test("a deadlock: same figures and trace for 1, 2, 4 and 8 workers")
  func deadlock() {
    var (graph, distances) = Self.graph(seed: 21)
    for node in Self.nodes(at: 5, in: distances).suffix(30) { graph.edges[node] = [] }
    let outcome = expectSameOutcome(graph)
    #expect(outcome.verdict == "deadlock")
    #expect(outcome == ReferenceSearch.run(graph))
  }

  @Test("an error of a worker: same figures and trace for 1, 2, 4 and 8 workers")
  func workerError() {
    var (graph, distances) = Self.graph(seed: 33)
    graph.failing = Set(Self.nodes(at: 5, in: distances).suffix(25))
    graph.failingInvariant = Set(Self.nodes(at: 6, in: distances).prefix(25))
    let outcome = expectSameOutcome(graph, checkDeadlock: false)
    #expect(outcome.verdict.hasPrefix("error"))
    #expect(outcome.trace?.count == 6)
  }

  @Test("a constrained search: same figures for 1, 2, 4 and 8 workers")
  func constraint() {
    var (graph, distances) = Self.graph(seed: 44)
    graph.outside = Set(Self.nodes(at: 4, in: distances).filter { $0 % 3 == 0 })
    graph.bad = Set(Self.nodes(at: 7, in: distances).suffix(10))
    let outcome = expectSameOutcome(graph, checkDeadlock: false)
    #expect(outcome == ReferenceSearch.run(graph, checkDeadlock: false))
  }

  @Test("a successor left to an earlier batch's claim, not found stored, is checked by the merge")
  func claimsOfSharedFingerprints() {
    // Eight fingerprints for 5000 states: nearly every claim a batch meets is of another
    // state, or of a state outside the constraints. Only exact stores keep such states
    // apart.
    var (graph, distances) = Self.graph(seed: 66)
    graph.fingerprintClasses = 8
    graph.outside = Set(Self.nodes(at: 4, in: distances).filter { $0 % 3 == 0 })
    graph.bad = Set(Self.nodes(at: 7, in: distances).suffix(10))
    let reference = ReferenceSearch.run(graph, checkDeadlock: false)
    #expect(reference.verdict.hasPrefix("invariant"))
    expectSameOutcomeWithClaims(graph, as: reference)
    // An invariant that throws, met by the merge's own check too: the same error.
    graph.bad = []
    graph.failingInvariant = Set(Self.nodes(at: 9, in: distances).suffix(5))
    let failing = Outcome(search(graph, workers: 1) { $0.checkDeadlock = false })
    #expect(failing.verdict.hasPrefix("error"))
    expectSameOutcomeWithClaims(graph, as: failing)
  }

  /// Searches `graph` in every exact layout on 1, 2, 4 and 8 workers: the outcome is
  /// `expected`, and with several workers some checks were left to claims and some of
  /// those done by the merge.
  func expectSameOutcomeWithClaims(_ graph: GraphSystem, as expected: Outcome) {
    var graph = graph
    for layout in Self.layouts where layout.mode == .exact {
      graph.packed = layout.packed
      for workers in Self.workerCounts {
        let profiles = Mutex<[StageProfile]>([])
        let outcome = Outcome(
          search(graph, workers: workers) {
            $0.checkDeadlock = false
            $0.levelChunk = layout.chunk
            $0.stageProfile = { profile in profiles.withLock { $0.append(profile) } }
          })
        #expect(outcome == expected, "\(workers) workers, \(layout)")
        let profile = profiles.withLock { $0[0] }
        if workers == 1 {
          #expect(profile.claimedSuccessors == 0)
          #expect(profile.checkedSuccessors == profile.unknownSuccessors)
        } else {
          #expect(profile.claimedSuccessors > 0, "\(workers) workers, \(layout)")
          #expect(
            profile.checkedSuccessors > profile.unknownSuccessors - profile.claimedSuccessors,
            "\(workers) workers, \(layout)")
        }
      }
    }
  }

  @Test("a complete search: same figures and coverage for 1, 2, 4 and 8 workers")
  func complete() {
    let (graph, distances) = Self.graph(seed: 55)
    let outcome = expectSameOutcome(graph, checkDeadlock: false)
    #expect(outcome.verdict == "ok")
    #expect(outcome.distinct == distances.count)
    #expect(outcome == ReferenceSearch.run(graph, checkDeadlock: false))
  }

  @Test(
    "a deadlock in a later chunk of a level overrules a violation found in an earlier one",
    arguments: [1, 2])
  func deadlockAfterAViolationInAnEarlierChunk(workers: Int) {
    // Level 2 is [1, 2]: 1 steps to the bad 3, 2 has no successor. Chunks of one state
    // merge 1's successors (the violation, depth 3) before 2 is even expanded.
    var graph = GraphSystem(edges: [[1, 2], [3], [], [3]], initial: [0])
    graph.bad = [3]
    for layout in Self.layouts {
      graph.packed = layout.packed
      let result = search(graph, workers: workers) {
        $0.storeMode = layout.mode
        $0.levelChunk = 1
      }
      #expect(
        Outcome(result)
          == Outcome(
            verdict: "deadlock", distinct: 3, generated: 3, depth: 2, trace: ["init:0", "1:2"],
            coverage: [
              ActionCoverage(generated: 1, distinct: 1), ActionCoverage(generated: 1, distinct: 1),
            ]),
        "\(layout)")
      #expect(Outcome(result) == ReferenceSearch.run(graph), "\(layout)")
    }
  }

  @Test(
    "an error expanding a later chunk's state overrules the state limit an earlier chunk's merge reached",
    arguments: [1, 2])
  func errorAfterTheStateLimitInAnEarlierChunk(workers: Int) {
    // Level 2 is [1, 2]: 1's successors 3 and 4 reach the limit of 3 states in its merge;
    // expanding 2 throws. A whole-level search finds the error before merging anything.
    var graph = GraphSystem(edges: [[1, 2], [3, 4], [3], [3], [3]], initial: [0])
    graph.failing = [2]
    for layout in Self.layouts {
      graph.packed = layout.packed
      let result = search(graph, workers: workers) {
        $0.storeMode = layout.mode
        $0.levelChunk = 1
        $0.maxStates = 3
      }
      let outcome = Outcome(result)
      #expect(outcome.verdict.hasPrefix("error"), "\(layout)")
      #expect(outcome.distinct == 3, "\(layout)")
      #expect(outcome.generated == 3, "\(layout)")
      #expect(outcome.trace == ["init:0", "1:2"], "\(layout)")
    }
  }
}
