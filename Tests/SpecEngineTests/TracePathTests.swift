import Testing

@testable import SpecEngine

/// The trace replay (`path(to:)`) with 64-bit parents, which stores beyond 2^32 - 2 ids
/// take, gives the trace the 32-bit replay gives.
@Suite("Trace replay with either width of parents")
struct TracePathTests {
  @Test("the same trace, step by step, on random graphs with a bad node", arguments: 1...12)
  func sameTrace(seed: UInt64) throws {
    var graph = GraphSystem.random(nodes: 400, maxDegree: 4, seed: seed)
    // The last node a breadth-first walk from 0 meets is bad: the longest trace there is.
    var (order, distance) = ([0], [0: 0])
    var index = 0
    while index < order.count {
      let node = order[index]
      for next in graph.edges[node] where distance[next] == nil {
        distance[next] = distance[node]! + 1
        order.append(next)
      }
      index += 1
    }
    graph.bad = [order.last!]
    graph.packed = seed.isMultiple(of: 2) ? .oneWord : .none
    var search = BreadthFirstSearch(system: graph, options: SearchOptions())
    let result = search.run()
    guard case .invariantViolated = result.verdict else {
      Issue.record("expected a violation, got \(result.verdict)")
      return
    }
    let trace = try #require(result.trace)
    let target = try #require(trace.last?.state)
    let wide = search.path(to: target, parents: UInt64.self)
    let narrow = search.path(to: target, parents: UInt32.self)
    #expect(wide.map(\.state) == trace.map(\.state))
    #expect(wide.map(\.label) == trace.map(\.label))
    #expect(narrow.map(\.state) == trace.map(\.state))
    #expect(narrow.map(\.label) == trace.map(\.label))
    #expect(trace.count >= 3)
    // Each step is the first edge from the state before it that reaches it, and the
    // trace is as long as the bad node's distance (BFS: shortest).
    for (before, step) in zip(trace, trace.dropFirst()) {
      #expect(step.label == graph.edges[before.state].firstIndex(of: step.state))
    }
    #expect(trace.first?.state == 0)
    #expect(trace.count == distance[order.last!]! + 1)
  }
}
