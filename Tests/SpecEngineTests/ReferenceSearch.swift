import SpecEngine

/// A plain one-thread breadth-first search written for the tests, apart from the engine:
/// the verdict, figures and trace that the contract of `BreadthFirstSearch` promises.
///
/// States are checked when first discovered, in discovery order; deadlocks are looked
/// for level by level before a level is expanded (a deadlock at depth k comes before a
/// violation at depth k + 1); a state outside the constraint is checked against the
/// invariant but neither counted nor explored.
enum ReferenceSearch {
  static func run(_ graph: GraphSystem, checkDeadlock: Bool = true) -> Outcome {
    var parent: [Int: (node: Int, label: Int)?] = [:]
    var coverage = [ActionCoverage](repeating: ActionCoverage(), count: 2)
    var generated = graph.initial.count
    var depth = 0

    func path(to node: Int) -> [String] {
      var steps: [String] = []
      var current = node
      while let link = parent[current] ?? nil {
        steps.append("\(link.label):\(current)")
        current = link.node
      }
      steps.append("init:\(current)")
      return steps.reversed()
    }
    func outcome(_ verdict: String, _ trace: [String]?) -> Outcome {
      Outcome(
        verdict: verdict, distinct: parent.count, generated: generated, depth: depth,
        trace: trace, coverage: coverage)
    }

    var level: [Int] = []
    for node in graph.initial {
      if graph.outside.contains(node) {
        if graph.bad.contains(node) { return outcome("invariant 0", ["init:\(node)"]) }
        continue
      }
      if parent.keys.contains(node) { continue }
      parent[node] = .some(nil)
      level.append(node)
      if graph.bad.contains(node) { return outcome("invariant 0", path(to: node)) }
    }
    if !level.isEmpty { depth = 1 }
    while !level.isEmpty {
      if checkDeadlock, let stuck = level.first(where: { graph.edges[$0].isEmpty }) {
        return outcome("deadlock", path(to: stuck))
      }
      var next: [Int] = []
      for node in level {
        for (label, target) in graph.edges[node].enumerated() {
          generated += 1
          coverage[label % 2].generated += 1
          if parent.keys.contains(target) { continue }
          if graph.outside.contains(target) {
            if graph.bad.contains(target) {
              return outcome("invariant 0", path(to: node) + ["\(label):\(target)"])
            }
            continue
          }
          parent[target] = (node, label)
          coverage[label % 2].distinct += 1
          if graph.bad.contains(target) { return outcome("invariant 0", path(to: target)) }
          next.append(target)
        }
      }
      level = next
      if !level.isEmpty { depth += 1 }
    }
    return outcome("ok", nil)
  }

  /// The length of a shortest path from an initial node to each reachable node, by the
  /// textbook queue-based BFS, ignoring invariants and constraints.
  static func distances(_ graph: GraphSystem) -> [Int: Int] {
    var distance: [Int: Int] = [:]
    var queue: [Int] = []
    for node in graph.initial where distance[node] == nil {
      distance[node] = 0
      queue.append(node)
    }
    var head = 0
    while head < queue.count {
      let node = queue[head]
      head += 1
      for target in graph.edges[node] where distance[target] == nil {
        distance[target] = distance[node]! + 1
        queue.append(target)
      }
    }
    return distance
  }
}
