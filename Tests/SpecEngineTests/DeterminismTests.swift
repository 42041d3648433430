import SpecEngine
import Testing

/// CLI.md: "The same spec, constants and flags give the same counts, the same verdict and
/// the same trace whatever --workers is." The graphs have thousands of states and levels
/// of hundreds, so several workers really share each level.
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

  func expectSameOutcome(_ graph: GraphSystem, checkDeadlock: Bool = true) -> Outcome {
    let outcomes = Self.workerCounts.map { workers in
      Outcome(search(graph, workers: workers, configure: { $0.checkDeadlock = checkDeadlock }))
    }
    for (workers, outcome) in zip(Self.workerCounts, outcomes).dropFirst() {
      #expect(outcome == outcomes[0], "\(workers) workers differ from one")
    }
    return outcomes[0]
  }

  @Test("the levels of the test graphs are wide enough to be shared by workers")
  func levelsAreWide() {
    let (_, distances) = Self.graph(seed: 7)
    let widest = Dictionary(grouping: distances.values, by: { $0 }).values.map(\.count).max()!
    #expect(widest >= 1000)
    #expect(distances.count >= 4000)
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
}
