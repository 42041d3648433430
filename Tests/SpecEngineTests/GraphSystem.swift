import SpecEngine

/// A toy `TransitionSystem` over the nodes of a directed graph given as adjacency lists.
///
/// The successor reached over a node's `i`-th edge has label `i`; labels alternate between
/// two actions, `Even` and `Odd`, so coverage has something to split. Nodes in `bad` violate
/// the one invariant, nodes in `outside` violate the state constraint, expanding a node in
/// `failing` throws, checking the invariant of a node in `failingInvariant` throws, and
/// expanding `stopAt` sets `stopFlag`.
struct GraphSystem: TransitionSystem {
  typealias State = Int

  var edges: [[Int]]
  var initial: [Int]
  var bad: Set<Int> = []
  var outside: Set<Int> = []
  var failing: Set<Int> = []
  var failingInvariant: Set<Int> = []
  var failsInInit = false
  var stopAt: Int?
  var stopFlag: StopFlag?
  /// Fingerprints of only this many values (node modulo it): distinct states share them.
  var fingerprintClasses: Int?
  /// The packing offered to the store (with one, the exact store may be read while a
  /// chunk is merged).
  var packed = Packing.none

  var actionNames: [String] { ["Even", "Odd"] }
  var invariantNames: [String] { ["Good"] }
  var labelCount: Int { max(1, edges.map(\.count).max() ?? 0) }
  func action(ofLabel label: Int) -> Int { label % 2 }
  func makeWorker() -> GraphWorker { GraphWorker(system: self) }
  var packing: StatePacking<Int>? {
    switch packed {
    case .none:
      return nil
    case .oneWord:
      return StatePacking(
        wordCount: 1, write: { state, words in words[0] = UInt64(state) },
        read: { Int($0[0]) })
    case .twoWords, .twoWordsKeyed:
      // The node modulo 7, and the rest.
      let key =
        packed == .twoWords
        ? nil
        : StateKey(digits: [
          StateKey.Digit(word: 0, shift: 0, width: 3, radix: 7),
          StateKey.Digit(word: 1, shift: 0, width: 40, radix: 1 << 40),
        ])
      return StatePacking(
        wordCount: 2,
        write: { state, words in
          words[0] = UInt64(state % 7)
          words[1] = UInt64(state / 7)
        },
        read: { Int($0[1]) * 7 + Int($0[0]) }, key: key)
    }
  }

  /// How states are offered to the store: not packed (the exact store keeps them in an
  /// array), one word (kept as a key), two words kept as they are, or two words and a key
  /// over them (kept as a key, a mixed-radix number).
  enum Packing: Equatable {
    case none, oneWord, twoWords, twoWordsKeyed
  }

  /// A cycle `0 -> 1 -> ... -> n-1 -> 0` starting at 0.
  static func counter(modulo n: Int) -> GraphSystem {
    GraphSystem(edges: (0..<n).map { [($0 + 1) % n] }, initial: [0])
  }

  /// A chain `0 -> 1 -> ... -> n-1` whose last node has no successor.
  static func chain(_ n: Int) -> GraphSystem {
    GraphSystem(edges: (0..<n).map { $0 + 1 < n ? [$0 + 1] : [] }, initial: [0])
  }

  /// A pseudo-random graph: every node has 1 to `maxDegree` edges to random nodes
  /// (repeats allowed). The same seed gives the same graph on every run and platform.
  static func random(nodes: Int, maxDegree: Int, seed: UInt64) -> GraphSystem {
    var generator = SplitMix64(seed: seed)
    let edges = (0..<nodes).map { _ in
      (0..<(1 + generator.next(below: maxDegree))).map { _ in generator.next(below: nodes) }
    }
    return GraphSystem(edges: edges, initial: [0])
  }
}

/// What a `GraphWorker` throws: the node it was at and the label it was evaluating.
struct ToyFailure: LabelledFailure, Sendable, Equatable {
  var node: Int
  var label: Int?
}

struct GraphWorker: TransitionWorker {
  typealias State = Int
  let system: GraphSystem

  mutating func initialStates() throws -> [Int] {
    if system.failsInInit { throw ToyFailure(node: -1, label: nil) }
    return system.initial
  }

  mutating func successors(of state: Int, into transitions: inout [Transition<Int>]) throws {
    if state == system.stopAt { system.stopFlag?.stop() }
    for (label, target) in system.edges[state].enumerated() {
      if system.failing.contains(state), label == system.edges[state].count - 1 {
        throw ToyFailure(node: state, label: label)
      }
      transitions.append(Transition(label: label, state: target))
    }
  }

  mutating func violatedInvariant(_ state: Int) throws -> Int? {
    if system.failingInvariant.contains(state) { throw ToyFailure(node: state, label: nil) }
    return system.bad.contains(state) ? 0 : nil
  }

  mutating func satisfiesConstraints(_ state: Int) throws -> Bool {
    !system.outside.contains(state)
  }

  func fingerprint(_ state: Int) -> UInt64 {
    let value = system.fingerprintClasses.map { state % $0 } ?? state
    return UInt64(bitPattern: Int64(value)) &* 0x9E37_79B9_7F4A_7C15
  }
}

/// Sebastiano Vigna's SplitMix64: a tiny generator with a fixed, portable sequence.
struct SplitMix64 {
  var state: UInt64
  init(seed: UInt64) { state = seed }

  mutating func next() -> UInt64 {
    state &+= 0x9E37_79B9_7F4A_7C15
    var z = state
    z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
    z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
    return z ^ (z >> 31)
  }

  mutating func next(below bound: Int) -> Int { Int(next() % UInt64(bound)) }
}

/// The search's result in comparable form: `Verdict` holds an `any Error`, so it is not
/// `Equatable` itself.
struct Outcome: Equatable, CustomStringConvertible {
  var verdict: String
  var distinct: Int
  var generated: Int
  var depth: Int
  /// `label:state` per step, `init:state` first; nil when there is no trace.
  var trace: [String]?
  var coverage: [ActionCoverage]

  init(_ result: SearchResult<Int>) {
    switch result.verdict {
    case .ok: verdict = "ok"
    case .invariantViolated(let index): verdict = "invariant \(index)"
    case .deadlock: verdict = "deadlock"
    case .error(let error, let label):
      let failure = error as? ToyFailure ?? ToyFailure(node: -99, label: nil)
      verdict = "error \(failure) during \(label.map(String.init) ?? "nil")"
    case .incomplete(let reason): verdict = "incomplete: \(reason.description)"
    }
    distinct = result.distinctStates
    generated = result.statesGenerated
    depth = result.depth
    trace = result.trace.map { steps in
      steps.map { "\($0.label.map(String.init) ?? "init"):\($0.state)" }
    }
    coverage = result.coverage
  }

  init(
    verdict: String, distinct: Int, generated: Int, depth: Int, trace: [String]?,
    coverage: [ActionCoverage]
  ) {
    self.verdict = verdict
    self.distinct = distinct
    self.generated = generated
    self.depth = depth
    self.trace = trace
    self.coverage = coverage
  }

  var description: String {
    "\(verdict), \(distinct) distinct, \(generated) generated, depth \(depth), trace \(trace ?? [])"
  }
}

/// Runs the engine's search on a toy system.
func search(
  _ system: GraphSystem, workers: Int = 1, configure: (inout SearchOptions) -> Void = { _ in }
)
  -> SearchResult<Int>
{
  var options = SearchOptions()
  options.workers = workers
  configure(&options)
  var bfs = BreadthFirstSearch(system: system, options: options)
  return bfs.run()
}
