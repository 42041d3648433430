import SpecEngine
import SpecSemantics
import SpecSyntax

/// A state, packed by the spec's `StateLayout`, with its fixed-seed fingerprint.
///
/// Equality compares the packed words (exact); hashing feeds only the fingerprint, which
/// was computed once, in parallel, when the state was generated.
package struct SpecState: Hashable, Sendable {
  package let words: [UInt64]
  package let fingerprint: UInt64

  package init(words: [UInt64], fingerprint: UInt64) {
    self.words = words
    self.fingerprint = fingerprint
  }

  package static func == (a: SpecState, b: SpecState) -> Bool {
    a.fingerprint == b.fingerprint && a.words == b.words
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
    SpecState(words: layout.encode(values), fingerprint: Fingerprint.hash(values))
  }

  /// The value of each variable in a packed state.
  package func values(of state: SpecState) -> [Value] { layout.decode(state.words) }

  package var actionNames: [String] { spec.actions.map(\.name.text) }
  package var invariantNames: [String] { checkedInvariants.map { spec.invariants[$0].name.text } }
  package var labelCount: Int { instances.count }
  package func action(ofLabel label: Int) -> Int { instances[label].action }

  package func makeWorker() -> SpecWorker { SpecWorker(self) }

  /// A packed state's words live in a heap array: its header and the words.
  package var stateHeapBytes: Int { 32 + 8 * layout.wordCount }
}

/// Evaluates one compiled spec on one thread.
///
/// Each worker has its own deep copy of the spec's syntax trees, constants, action
/// arguments and packing tables: threads that read shared reference-counted objects
/// contend on their counts, which stopped the speed-up at two or three workers.
package struct SpecWorker: TransitionWorker {
  package typealias State = SpecState
  let compiled: CompiledSpec
  let evaluator: Evaluator
  let spec: TypedSpec
  let instances: [ActionInstance]
  let layout: StateLayout
  /// The last state decoded: a successor's constraints and invariants are checked one
  /// after the other, so it is decoded once.
  var decoded: (state: SpecState, values: [Value])?

  mutating func values(of state: SpecState) -> [Value] {
    if let decoded, decoded.state == state { return decoded.values }
    let values = layout.decode(state.words)
    decoded = (state, values)
    return values
  }

  init(_ compiled: CompiledSpec) {
    self.compiled = compiled
    let spec = compiled.spec.deepCopy()
    self.spec = spec
    let evaluator = Evaluator(spec: spec, constants: compiled.constants.map { $0.deepCopy() })
    self.evaluator = evaluator
    self.instances = compiled.instances.map {
      ActionInstance(action: $0.action, arguments: $0.arguments.map { $0.deepCopy() })
    }
    self.layout = StateLayout(spec: spec, evaluator: evaluator, interned: compiled.layout.interned)
  }

  /// Packs a state with this worker's own tables.
  func state(_ values: [Value]) -> SpecState {
    SpecState(words: layout.encode(values), fingerprint: Fingerprint.hash(values))
  }

  package mutating func initialStates() throws -> [SpecState] {
    evaluator.state = []
    let empty = Partial(variables: spec.variables.count)
    defer { evaluator.initMode = false }
    let partials: [Partial]
    do {
      partials = try evaluator.execute(spec.initial, from: empty, mode: .initial)
    } catch let error as EvaluationError {
      throw ActionFailure(error: error, label: nil)
    }
    var states: [SpecState] = []
    for partial in partials {
      var values: [Value] = []
      for (index, variable) in spec.variables.enumerated() {
        guard let value = partial.next[index] else {
          throw ActionFailure(
            error: EvaluationError(
              .unboundVariable, "init does not bind variable '\(variable.name.text)' in every case",
              at: variable.name.range),
            label: nil)
        }
        try checkType(
          index, value, at: partial.origins[index] ?? variable.name.range, label: nil, what: "init")
        values.append(value)
      }
      states.append(self.state(values))
    }
    return states
  }

  func checkType(_ index: Int, _ value: Value, at range: SourceRange, label: Int?, what: String)
    throws
  {
    let variable = spec.variables[index]
    let fits: Bool
    do {
      fits = try evaluator.typeContains(variable.type, value)
    } catch let error as EvaluationError {
      throw ActionFailure(error: error, label: label)
    }
    if !fits {
      throw ActionFailure(
        error: EvaluationError(
          .outsideType,
          "\(what) sets '\(variable.name.text)' to \(value), which is outside its declared type",
          at: range),
        label: label)
    }
  }

  package mutating func successors(of state: SpecState, into transitions: inout [Transition<SpecState>])
    throws
  {
    let current = values(of: state)
    evaluator.state = current
    let start = Partial(variables: spec.variables.count)
    for (label, instance) in instances.enumerated() {
      let action = spec.actions[instance.action]
      let partials: [Partial]
      do {
        evaluator.env = zip(action.parameters, instance.arguments).map {
          ($0.name.text, .value($1))
        }
        partials = try evaluator.execute(action.body, from: start, mode: .action)
      } catch let error as EvaluationError {
        throw ActionFailure(error: error, label: label)
      }
      for partial in partials {
        var values = current
        for index in values.indices {
          guard let value = partial.next[index], value != values[index] else { continue }
          try checkType(
            index, value, at: partial.origins[index] ?? action.name.range, label: label,
            what: "action '\(action.name.text)'")
          values[index] = value
        }
        transitions.append(Transition(label: label, state: self.state(values)))
      }
    }
    evaluator.env = []
  }

  package mutating func violatedInvariant(_ state: SpecState) throws -> Int? {
    evaluator.state = values(of: state)
    for index in compiled.checkedInvariants {
      do {
        if try !evaluator.isTrue(spec.invariants[index].body) { return index }
      } catch let error as EvaluationError {
        throw ActionFailure(error: error, label: nil)
      }
    }
    return nil
  }

  package mutating func satisfiesConstraints(_ state: SpecState) throws -> Bool {
    guard !spec.constraints.isEmpty else { return true }
    evaluator.state = values(of: state)
    for constraint in spec.constraints {
      do {
        if try !evaluator.isTrue(constraint.body) { return false }
      } catch let error as EvaluationError {
        throw ActionFailure(error: error, label: nil)
      }
    }
    return true
  }

  package func fingerprint(_ state: SpecState) -> UInt64 { state.fingerprint }
}
