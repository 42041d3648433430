import SpecEngine
import Testing

@Suite("Breadth-first search on toy systems")
struct BreadthFirstSearchTests {
  @Test("counts 7 distinct states, 8 generated and depth 7 for a counter modulo 7")
  func counter() {
    let outcome = Outcome(search(.counter(modulo: 7)))
    #expect(
      outcome
        == Outcome(
          verdict: "ok", distinct: 7, generated: 8, depth: 7, trace: nil,
          coverage: [ActionCoverage(generated: 7, distinct: 6), ActionCoverage()]))
  }

  @Test("counts states, generated successors, levels and per-action coverage of a small graph")
  func smallGraph() {
    // 0 -> 1, 2;  1 -> 3;  2 -> 3, 0;  3 -> 3. Levels {0}, {1, 2}, {3}.
    let graph = GraphSystem(edges: [[1, 2], [3], [3, 0], [3]], initial: [0])
    let outcome = Outcome(search(graph))
    #expect(
      outcome
        == Outcome(
          verdict: "ok", distinct: 4, generated: 7, depth: 3, trace: nil,
          coverage: [
            ActionCoverage(generated: 4, distinct: 2), ActionCoverage(generated: 2, distinct: 1),
          ]))
    #expect(outcome == ReferenceSearch.run(graph))
  }

  @Test("counts duplicate initial states as generated but once as distinct")
  func duplicateInitialStates() {
    var graph = GraphSystem.counter(modulo: 5)
    graph.initial = [3, 3, 0]
    let outcome = Outcome(search(graph))
    #expect(outcome.verdict == "ok")
    #expect(outcome.distinct == 5)
    #expect(outcome.generated == 8)
    #expect(outcome.depth == 3)
    #expect(outcome == ReferenceSearch.run(graph))
  }

  @Test("reports an invariant violated at depth 43 with the 43-state path that reaches it")
  func violationAtKnownDepth() {
    var graph = GraphSystem.counter(modulo: 100)
    graph.bad = [42]
    let outcome = Outcome(search(graph))
    #expect(outcome.verdict == "invariant 0")
    #expect(outcome.distinct == 43)
    #expect(outcome.generated == 43)
    #expect(outcome.depth == 42)
    #expect(outcome.trace == ["init:0"] + (1...42).map { "0:\($0)" })
    #expect(outcome == ReferenceSearch.run(graph))
  }

  @Test("reports an initial state that violates the invariant with a one-state trace")
  func violationInInitialState() {
    var graph = GraphSystem.counter(modulo: 5)
    graph.initial = [1, 0]
    graph.bad = [0]
    let outcome = Outcome(search(graph))
    #expect(outcome.verdict == "invariant 0")
    #expect(outcome.trace == ["init:0"])
    #expect(outcome.distinct == 2)
    #expect(outcome.generated == 2)
    #expect(outcome == ReferenceSearch.run(graph))
  }

  @Test("finds the shortest counterexample in random graphs, as an independent BFS does")
  func shortestTracesInRandomGraphs() {
    for seed in UInt64(1)...6 {
      var graph = GraphSystem.random(nodes: 1500, maxDegree: 3, seed: seed)
      let distances = ReferenceSearch.distances(graph)
      var generator = SplitMix64(seed: seed ^ 0xBAD)
      let reachable = distances.keys.sorted()
      graph.bad = Set((0..<4).map { _ in reachable[generator.next(below: reachable.count)] })
      let result = search(graph)
      let outcome = Outcome(result)
      let nearest = graph.bad.map { distances[$0]! }.min()!
      #expect(outcome.verdict == "invariant 0", "seed \(seed)")
      #expect(result.trace?.count == nearest + 1, "seed \(seed): shortest distance \(nearest)")
      #expect(isPath(result.trace ?? [], in: graph), "seed \(seed)")
      #expect(graph.bad.contains(result.trace?.last?.state ?? -1), "seed \(seed)")
      #expect(outcome == ReferenceSearch.run(graph), "seed \(seed)")
    }
  }

  @Test("explores the whole reachable part of a random graph with no bad state")
  func completeRandomGraph() {
    let graph = GraphSystem.random(nodes: 2000, maxDegree: 3, seed: 99)
    let outcome = Outcome(search(graph, configure: { $0.checkDeadlock = false }))
    let distances = ReferenceSearch.distances(graph)
    #expect(outcome.verdict == "ok")
    #expect(outcome.distinct == distances.count)
    #expect(outcome.depth == distances.values.max()! + 1)
    #expect(
      outcome.generated == 1 + distances.keys.reduce(0) { $0 + graph.edges[$1].count })
    #expect(outcome == ReferenceSearch.run(graph, checkDeadlock: false))
  }

  @Test("a deadlock trace ends in the state that has no successor")
  func deadlockAtTheEndOfAChain() {
    let outcome = Outcome(search(.chain(4)))
    #expect(
      outcome
        == Outcome(
          verdict: "deadlock", distinct: 4, generated: 4, depth: 4,
          trace: ["init:0", "0:1", "0:2", "0:3"],
          coverage: [ActionCoverage(generated: 3, distinct: 3), ActionCoverage()]))
  }

  @Test("with deadlock checking off, a state without successors is no problem")
  func deadlockSuppressed() {
    let outcome = Outcome(search(.chain(4), configure: { $0.checkDeadlock = false }))
    #expect(outcome.verdict == "ok")
    #expect(outcome.distinct == 4)
    #expect(outcome.generated == 4)
    #expect(outcome.depth == 4)
    #expect(outcome.trace == nil)
  }

  @Test("reports the least-depth deadlock of a random graph with a shortest trace")
  func deadlockInRandomGraph() {
    for seed in UInt64(11)...14 {
      var graph = GraphSystem.random(nodes: 1500, maxDegree: 3, seed: seed)
      let distances = ReferenceSearch.distances(graph)
      var generator = SplitMix64(seed: seed)
      let reachable = distances.keys.sorted().filter { distances[$0]! >= 3 }
      let sinks = (0..<3).map { _ in reachable[generator.next(below: reachable.count)] }
      for sink in sinks { graph.edges[sink] = [] }
      let trueDistances = ReferenceSearch.distances(graph)
      let nearest = sinks.compactMap { trueDistances[$0] }.min()!
      let result = search(graph)
      #expect(Outcome(result) == ReferenceSearch.run(graph), "seed \(seed)")
      #expect(result.trace?.count == nearest + 1, "seed \(seed)")
      let last = result.trace?.last?.state ?? 0
      #expect(graph.edges[last].isEmpty, "seed \(seed)")
      #expect(isPath(result.trace ?? [], in: graph), "seed \(seed)")
    }
  }

  @Test(
    "fingerprint mode finds the same traces again without stored parents, from several initial states",
    arguments: StoreMode.allCases)
  func tracesFoundAgainInBothModes(mode: StoreMode) {
    for seed in UInt64(21)...26 {
      var graph = GraphSystem.random(nodes: 1200, maxDegree: 4, seed: seed)
      graph.initial = [0, 7, 0, 3]
      let distances = ReferenceSearch.distances(graph)
      var generator = SplitMix64(seed: seed)
      let reachable = distances.keys.sorted().filter { distances[$0]! >= 4 }
      graph.bad = [reachable[generator.next(below: reachable.count)]]
      for workers in [1, 2] {
        let result = search(graph, workers: workers) { $0.storeMode = mode }
        #expect(Outcome(result) == ReferenceSearch.run(graph), "seed \(seed), \(workers) workers")
        #expect(isPath(result.trace ?? [], in: graph), "seed \(seed)")
      }
    }
  }

  @Test("an error while expanding a state ends the search with the path to that state")
  func workerThrowsWhileExpanding() {
    var graph = GraphSystem.counter(modulo: 10)
    graph.failing = [5]
    let outcome = Outcome(search(graph))
    #expect(outcome.verdict == "error ToyFailure(node: 5, label: Optional(0)) during 0")
    #expect(outcome.trace == ["init:0", "0:1", "0:2", "0:3", "0:4", "0:5"])
    #expect(outcome.distinct == 6)
    #expect(outcome.generated == 6)
    #expect(outcome.depth == 6)
  }

  @Test("an error in the invariant of a successor gives the path to that successor")
  func workerThrowsInInvariant() {
    var graph = GraphSystem.counter(modulo: 10)
    graph.failingInvariant = [3]
    let outcome = Outcome(search(graph))
    #expect(outcome.verdict == "error ToyFailure(node: 3, label: nil) during nil")
    #expect(outcome.trace == ["init:0", "0:1", "0:2", "0:3"])
    #expect(outcome.distinct == 3)
    #expect(outcome.generated == 4)
  }

  @Test("an error computing the initial states ends the search with no trace")
  func workerThrowsInInit() {
    var graph = GraphSystem.counter(modulo: 10)
    graph.failsInInit = true
    let outcome = Outcome(search(graph))
    #expect(outcome.verdict == "error ToyFailure(node: -1, label: nil) during nil")
    #expect(outcome.trace == nil)
    #expect(outcome.distinct == 0)
    #expect(outcome.generated == 0)
  }

  @Test("a state outside the constraint is not counted or explored")
  func constraintBoundsTheSearch() {
    var graph = GraphSystem.counter(modulo: 10)
    graph.outside = Set(4...9)
    let outcome = Outcome(search(graph))
    #expect(outcome.verdict == "ok")
    #expect(outcome.distinct == 4)
    #expect(outcome.generated == 5)
    #expect(outcome.depth == 4)
    #expect(outcome == ReferenceSearch.run(graph))

    graph.bad = [5]
    #expect(Outcome(search(graph)).verdict == "ok")
  }

  @Test("a state outside the constraint is still checked against the invariant")
  func constraintStillChecksInvariants() {
    var graph = GraphSystem.counter(modulo: 10)
    graph.outside = Set(4...9)
    graph.bad = [4]
    let outcome = Outcome(search(graph))
    #expect(outcome.verdict == "invariant 0")
    #expect(outcome.trace == ["init:0", "0:1", "0:2", "0:3", "0:4"])
    #expect(outcome.distinct == 4)
    #expect(outcome == ReferenceSearch.run(graph))
  }

  @Test("an initial state outside the constraint is not counted")
  func constraintOnInitialStates() {
    var graph = GraphSystem.counter(modulo: 10)
    graph.initial = [7, 0]
    graph.outside = Set(5...9)
    let outcome = Outcome(search(graph))
    #expect(outcome.verdict == "ok")
    #expect(outcome.distinct == 5)
    #expect(outcome.generated == 7)
    #expect(outcome == ReferenceSearch.run(graph))
  }

  @Test("stops at the state limit with exactly that many distinct states")
  func maxStates() {
    let outcome = Outcome(search(.counter(modulo: 100), configure: { $0.maxStates = 10 }))
    #expect(outcome.verdict == "incomplete: the state limit (10) was reached")
    #expect(outcome.distinct == 10)
    #expect(outcome.generated == 11)
    #expect(outcome.trace == nil)
  }

  @Test("the state limit applies to initial states too")
  func maxStatesAmongInitialStates() {
    var graph = GraphSystem.counter(modulo: 100)
    graph.initial = [0, 1, 2, 3]
    let result = search(graph, configure: { $0.maxStates = 2 })
    guard case .incomplete(let reason) = result.verdict else {
      Issue.record("expected incomplete, got \(Outcome(result))")
      return
    }
    #expect(reason == .maxStates(2))
    #expect(result.distinctStates == 2)
  }

  @Test("a state limit equal to the number of reachable states is not reached")
  func maxStatesNotReached() {
    let outcome = Outcome(search(.counter(modulo: 10), configure: { $0.maxStates = 10 }))
    #expect(outcome.verdict == "ok")
    #expect(outcome.distinct == 10)
  }

  @Test("stops at the depth limit when a deeper state exists")
  func maxDepth() {
    let result = search(.counter(modulo: 100), configure: { $0.maxDepth = 5 })
    guard case .incomplete(let reason) = result.verdict else {
      Issue.record("expected incomplete, got \(Outcome(result))")
      return
    }
    #expect(reason == .maxDepth(5))
    #expect(result.distinctStates == 5)
    #expect(result.depth == 5)
    #expect(result.statesGenerated == 6)
  }

  @Test("a depth limit equal to the graph's depth is not reached")
  func maxDepthNotReached() {
    let outcome = Outcome(search(.counter(modulo: 5), configure: { $0.maxDepth = 5 }))
    #expect(outcome.verdict == "ok")
    #expect(outcome.distinct == 5)
    #expect(outcome.depth == 5)
  }

  @Test("a stop flag set before the search stops it after the initial states")
  func stopFlagSetBefore() {
    let flag = StopFlag()
    flag.stop()
    let result = search(.counter(modulo: 100), configure: { $0.stopFlag = flag })
    guard case .incomplete(let reason) = result.verdict else {
      Issue.record("expected incomplete, got \(Outcome(result))")
      return
    }
    #expect(reason == .interrupted)
    #expect(result.distinctStates == 1)
    #expect(result.trace == nil)
  }

  @Test("a stop flag set during a level stops the search at the end of that level")
  func stopFlagSetDuring() {
    for workers in [1, 4] {
      let flag = StopFlag()
      var graph = GraphSystem.counter(modulo: 100)
      graph.stopAt = 20
      graph.stopFlag = flag
      let result = search(graph, workers: workers, configure: { $0.stopFlag = flag })
      #expect(Outcome(result).verdict == "incomplete: interrupted", "\(workers) workers")
      #expect(result.distinctStates == 21, "\(workers) workers")
      #expect(result.statesGenerated == 21, "\(workers) workers")
    }
  }

  @Test("--memory counts a level's successors held for its merge, not only the store")
  func memoryBoundCountsTheLevel() {
    // One initial state with 5,000 successors: the store holds a few kilobytes when the
    // level is expanded, its successor records over 100 KB.
    var edges = [[Int]](repeating: [], count: 5_001)
    edges[0] = Array(1...5_000)
    let graph = GraphSystem(edges: edges, initial: [0])
    let result = search(graph) { $0.memoryLimit = 50_000 }
    #expect(Outcome(result).verdict == "incomplete: the memory limit (50000 bytes) was reached")
    #expect(result.distinctStates == 1)
    let unbounded = search(graph) { $0.checkDeadlock = false }
    #expect(unbounded.distinctStates == 5_001)
  }

  @Test("a zero timeout stops the search as incomplete")
  func timeout() {
    let result = search(.counter(modulo: 100), configure: { $0.timeout = 0 })
    guard case .incomplete(let reason) = result.verdict else {
      Issue.record("expected incomplete, got \(Outcome(result))")
      return
    }
    #expect(reason == .timeout(0))
  }
}

/// Whether a trace starts in an initial state and each step follows the edge its label
/// names.
func isPath(_ trace: [TraceStep<Int>], in graph: GraphSystem) -> Bool {
  guard let first = trace.first, first.label == nil, graph.initial.contains(first.state) else {
    return false
  }
  for (previous, step) in zip(trace, trace.dropFirst()) {
    guard let label = step.label, label < graph.edges[previous.state].count,
      graph.edges[previous.state][label] == step.state
    else { return false }
  }
  return true
}
