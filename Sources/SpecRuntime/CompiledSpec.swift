import SpecEngine
import SpecSemantics
import SpecSyntax

/// A state, packed by the spec's `StateLayout`, with its fixed-seed fingerprint.
///
/// Equality compares the packed words (exact); hashing feeds only the fingerprint, which
/// was computed once, in parallel, when the state was generated. States of one or two
/// words (most specs' states) hold them inline: making a successor allocates nothing.
package struct SpecState: Hashable, Sendable {
  /// The first two words (zero beyond `wordCount`), inline.
  let first: UInt64
  let second: UInt64
  /// Every word, when there are more than two; nil otherwise.
  let spilled: [UInt64]?
  package let wordCount: Int
  package let fingerprint: UInt64

  package init(words: [UInt64], fingerprint: UInt64) {
    wordCount = words.count
    first = words.count > 0 ? words[0] : 0
    second = words.count > 1 ? words[1] : 0
    spilled = words.count > 2 ? words : nil
    self.fingerprint = fingerprint
  }

  /// A state from `count` words at `words`.
  @inline(__always)
  package init(copying words: UnsafePointer<UInt64>, count: Int, fingerprint: UInt64) {
    wordCount = count
    first = count > 0 ? words[0] : 0
    second = count > 1 ? words[1] : 0
    spilled = count > 2 ? Array(UnsafeBufferPointer(start: words, count: count)) : nil
    self.fingerprint = fingerprint
  }

  /// The packed words.
  package var words: [UInt64] {
    if let spilled { return spilled }
    return wordCount == 2 ? [first, second] : wordCount == 1 ? [first] : []
  }

  /// Writes the `wordCount` packed words to `target`.
  @inline(__always)
  package func copyWords(to target: UnsafeMutablePointer<UInt64>) {
    if let spilled {
      for index in 0..<wordCount { target[index] = spilled[index] }
      return
    }
    if wordCount > 0 { target[0] = first }
    if wordCount > 1 { target[1] = second }
  }

  package static func == (a: SpecState, b: SpecState) -> Bool {
    a.fingerprint == b.fingerprint && a.first == b.first && a.second == b.second
      && a.wordCount == b.wordCount && a.spilled == b.spilled
  }

  package func hash(into hasher: inout Hasher) {
    hasher.combine(fingerprint)
  }
}

/// An action instance: an action with one value per parameter.
package struct ActionInstance: Sendable {
  package var action: Int
  package var arguments: [Value]
}

/// An evaluation error with the action instance that was being evaluated.
package struct ActionFailure: LabelledFailure, Sendable {
  package var error: EvaluationError
  package var label: Int?
}

/// A typed spec with its constants bound: the `TransitionSystem` the engine checks.
package struct CompiledSpec: TransitionSystem {
  package typealias State = SpecState

  package let spec: TypedSpec
  package let constants: [Value]
  /// Every action instance, in action order and, within an action, in the value order of
  /// its arguments (first parameter slowest). A label is an index here.
  package let instances: [ActionInstance]
  package let layout: StateLayout
  /// The invariants checked, as indices into `spec.invariants` (all by default).
  package let checkedInvariants: [Int]
  /// Whether workers run compiled code (`ExpressionCompiler`), falling back to the
  /// interpreter per unit; false runs the interpreter only (tests compare the two).
  package var usesCompiledCode = true

  /// Builds the action instances by enumerating parameter types.
  package init(spec: TypedSpec, constants: [Value], invariants: [Int]? = nil) throws {
    self.spec = spec
    self.constants = constants
    self.checkedInvariants = invariants ?? Array(spec.invariants.indices)
    let evaluator = Evaluator(spec: spec, constants: constants)
    var instances: [ActionInstance] = []
    for (index, action) in spec.actions.enumerated() {
      var combinations: [[Value]] = [[]]
      for parameter in action.parameters {
        let values = try evaluator.values(
          of: parameter.type, named: "parameter \(parameter.name.text)", at: parameter.name.range)
        combinations = combinations.flatMap { prefix in values.map { prefix + [$0] } }
      }
      instances += combinations.map { ActionInstance(action: index, arguments: $0) }
    }
    self.instances = instances
    self.layout = StateLayout(spec: spec, evaluator: evaluator)
  }

  /// Packs a state given as one value per variable.
  package func state(_ values: [Value]) -> SpecState {
    let words = layout.encode(values)
    return SpecState(words: words, fingerprint: layout.fingerprint(words))
  }

  /// The value of each variable in a packed state.
  package func values(of state: SpecState) -> [Value] { layout.decode(state.words) }

  package var actionNames: [String] { spec.actions.map(\.name.text) }
  package var invariantNames: [String] { checkedInvariants.map { spec.invariants[$0].name.text } }
  package var labelCount: Int { instances.count }
  package func action(ofLabel label: Int) -> Int { instances[label].action }

  package func makeWorker() -> SpecWorker { SpecWorker(self) }

  /// A packed state of more than two words keeps them in a heap array: its header and
  /// the words.
  package var stateHeapBytes: Int { layout.wordCount > 2 ? 32 + 8 * layout.wordCount : 0 }

  /// States are their packed words; the store keeps them flat, or as one number where
  /// the layout's types allow (`StateLayout.stateKey`), and rebuilds the fingerprint when
  /// it hands one back.
  package var packing: StatePacking<SpecState>? {
    let layout = self.layout
    let wordCount = layout.wordCount
    var packing = StatePacking(
      wordCount: wordCount,
      write: { state, target in state.copyWords(to: target) },
      read: { source in
        SpecState(
          copying: source, count: wordCount,
          fingerprint: layout.fingerprint(source, count: wordCount))
      })
    packing.key = layout.stateKey
    return packing
  }
}
