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

  @Test("the stage profile counts every stage of every level once, and changes no result")
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
    // A level of n states runs in chunks of max(256, n / 8), at most 4,096 per two
    // workers, plus a stage for its last merge.
    var stages = 0
    for size in Dictionary(grouping: distances.values, by: { $0 }).values.map(\.count) {
      let chunk = min(4096 * 2, max(256, size / 8))
      stages += (size + chunk - 1) / chunk + 1
    }
    #expect(profile[0].parallelStages + profile[0].serialStages == stages)
    #expect(profile[0].parallelStages > 0)
    #expect(profile[0].mergeSeconds > 0 && profile[0].mergeSeconds <= profile[0].stageSeconds)
    #expect(profile[0].busySeconds > 0)
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
