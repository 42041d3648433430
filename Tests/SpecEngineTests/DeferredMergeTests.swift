import Testing

@testable import SpecEngine

/// The merge of a successor whose check expansion left to an earlier batch's claim
/// (`Successor.deferred`): counted if stored, else checked by the merge itself.
@Suite("Merge of a deferred successor")
struct DeferredMergeTests {
  typealias Search = BreadthFirstSearch<GraphSystem>

  /// A graph whose nodes 1...4 are: 1 fine, 2 bad, 3 outside the constraints and bad,
  /// 4 failing its invariant.
  static let graph: GraphSystem = {
    var graph = GraphSystem(edges: Array(repeating: [], count: 5), initial: [0])
    graph.bad = [2, 3]
    graph.outside = [3]
    graph.failingInvariant = [4]
    return graph
  }()

  /// The merge of one batch (frontier slot 0) whose one successor, `node`, is deferred,
  /// in a store that holds `stored`; answers whether the merge goes on, and the merge.
  static func merge(_ node: Int, stored: [Int] = []) -> (going: Bool, merge: Search.LevelMerge) {
    var merge = Search.LevelMerge(storeMode: .exact, packing: nil)
    merge.store = StateStore(mode: .exact)
    merge.coverage = Array(repeating: ActionCoverage(), count: 2)
    var worker = graph.makeWorker()
    for state in stored {
      _ = merge.store.insert(state, fingerprint: worker.fingerprint(state))
    }
    var expansion = Search.Expansion(start: 0, packing: nil)
    expansion.states.append(node)
    var successor = Search.Successor(label: 1, fingerprint: worker.fingerprint(node))
    successor.stateIndex = 0
    successor.deferred = true
    expansion.successors = [successor]
    expansion.ends = [1]
    let context = Search.MergeContext(
      options: SearchOptions(), clock: Stopwatch(), depth: 1, actionOfLabel: [0, 1])
    let going = merge.merge(expansion, context: context, worker: &worker)
    return (going, merge)
  }

  @Test("found stored: only counted, not checked")
  func stored() {
    // Node 2 is bad: checking it would hold a violation.
    let (going, merge) = Self.merge(2, stored: [2])
    #expect(going)
    #expect(merge.pending == nil)
    #expect(merge.checks == 0)
    #expect(merge.store.count == 1)
    #expect(merge.generated == 1)
    #expect(merge.coverage[1].generated == 1 && merge.coverage[1].distinct == 0)
  }

  @Test("not stored and fine: checked by the merge, stored and added to the next frontier")
  func fine() {
    let (going, merge) = Self.merge(1, stored: [0])
    #expect(going)
    #expect(merge.pending == nil)
    #expect(merge.checks == 1)
    #expect(merge.store.count == 2)
    #expect(merge.next.count == 1 && merge.next.state(at: 0) == 1)
    #expect(merge.coverage[1].distinct == 1)
  }

  @Test("not stored and bad: the merge's check holds the violation, with the state stored")
  func violation() {
    let (going, merge) = Self.merge(2)
    #expect(!going)
    #expect(merge.checks == 1)
    guard case .violation(let invariant, let state)? = merge.pending?.problem else {
      Issue.record("no violation held: \(String(describing: merge.pending?.problem))")
      return
    }
    #expect(invariant == 0 && state == 2)
    #expect(merge.pending?.figures.distinct == 1)
  }

  @Test("outside the constraints and bad: held as the successor's violation, not stored")
  func outsideAndBad() {
    let (going, merge) = Self.merge(3)
    #expect(!going)
    #expect(merge.store.count == 0)
    guard
      case .successor(.invariantViolated(let invariant), let parent, let label, let state)? =
        merge.pending?.problem
    else {
      Issue.record("no successor violation held: \(String(describing: merge.pending?.problem))")
      return
    }
    #expect(invariant == 0 && parent == 0 && label == 1 && state == 3)
  }

  @Test("a check that throws in the merge: held as the successor's error")
  func error() {
    let (going, merge) = Self.merge(4)
    #expect(!going)
    #expect(merge.store.count == 0)
    guard
      case .successor(.error(let error, let duringLabel), let parent, let label, let state)? =
        merge.pending?.problem
    else {
      Issue.record("no error held: \(String(describing: merge.pending?.problem))")
      return
    }
    #expect(error as? ToyFailure == ToyFailure(node: 4, label: nil))
    #expect(duringLabel == nil && parent == 0 && label == 1 && state == 4)
  }
}
