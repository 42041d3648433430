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
    var (order, seen) = ([0], Set([0]))
    var index = 0
    while index < order.count {
      for next in graph.edges[order[index]] where seen.insert(next).inserted {
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
  }
}
