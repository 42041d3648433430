import SpecEngine
import SpecSemantics
import SpecSyntax

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
  /// Compiled invariants, constraints and action instances (nil: interpreter only).
  let code: CompiledCode?
  /// Per label: the compiled instance, compiled on first use (a spec may have many), and
  /// whether there is one (`.pending` before the first use, `.interpreted` when it is left
  /// to the interpreter). The states are kept in the worker, a struct, rather than in
  /// `CompiledCode`: a class's stored arrays cost a dynamic exclusivity check per access.
  let actionCode: CodeTable<Void>
  var actionState: [ActionCodeState]
  enum ActionCodeState { case pending, compiled, interpreted }
  /// Units run by compiled code to the end, and units handed to the interpreter (not
  /// compiled, or fallen back at run time): for tests and profiles.
  var compiledRuns = 0
  var interpretedRuns = 0

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
    let layout = StateLayout(spec: spec, evaluator: evaluator, interned: compiled.layout.interned)
    self.layout = layout
    self.code =
      compiled.usesCompiledCode
      ? CompiledCode(
        spec: spec, constants: compiled.constants.map { $0.deepCopy() }, layout: layout,
        evaluator: evaluator, instances: instances)
      : nil
    actionCode = CodeTable(count: instances.count)
    actionState = Array(repeating: .pending, count: instances.count)
  }

  /// Packs a state with this worker's own tables.
  func state(_ values: [Value]) -> SpecState {
    let words = layout.encode(values)
    return SpecState(words: words, fingerprint: layout.fingerprint(words))
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

  package mutating func successors(
    of state: SpecState, into transitions: inout [Transition<SpecState>]
  )
    throws
  {
    guard let code else {
      for label in instances.indices { try interpretInstance(label, of: state, into: &transitions) }
      return
    }
    let frame = code.frame
    frame.load(state)
    // Compiled code appends to the frame's array: lend it the caller's.
    swap(&transitions, &frame.emitted.pointee)
    defer { swap(&transitions, &frame.emitted.pointee) }
    for label in instances.indices {
      if actionState[label] == .pending {
        if let compiled = code.compileAction(label) {
          actionCode.set(label, compiled.run)
          actionState[label] = .compiled
        } else {
          actionState[label] = .interpreted
        }
      }
      guard actionState[label] == .compiled else {
        interpretedRuns += 1
        try interpretInstance(label, of: state, into: &frame.emitted.pointee)
        continue
      }
      frame.resetBindings()
      frame.label.pointee = label
      let before = frame.emitted.pointee.count
      do {
        try actionCode.run(label, frame)
        compiledRuns += 1
      } catch {
        // A fallback: the interpreter redoes the whole instance.
        frame.emitted.pointee.removeSubrange(before...)
        interpretedRuns += 1
        try interpretInstance(label, of: state, into: &frame.emitted.pointee)
      }
    }
  }

  /// Units (invariants, constraints, action instances) that compiled code ran to the end,
  /// and those the interpreter evaluated instead.
  package var codeRuns: (compiled: Int, interpreted: Int) { (compiledRuns, interpretedRuns) }

  /// Subexpressions that compiled code handed to the interpreter within its units.
  package var interpretedSubexpressions: Int { code?.frame.interpretedSubexpressions ?? 0 }

  /// One action instance, by the interpreter: the reference the compiled code falls back to.
  mutating func interpretInstance(
    _ label: Int, of state: SpecState, into transitions: inout [Transition<SpecState>]
  ) throws {
    let current = values(of: state)
    evaluator.state = current
    evaluator.primed = false
    evaluator.initMode = false
    let start = Partial(variables: spec.variables.count)
    let instance = instances[label]
    let action = spec.actions[instance.action]
    let partials: [Partial]
    do {
      evaluator.env = zip(action.parameters, instance.arguments).map {
        ($0.name.text, .value($1))
      }
      defer { evaluator.env = [] }
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

  package mutating func violatedInvariant(_ state: SpecState) throws -> Int? {
    for index in compiled.checkedInvariants
    where try !holds(.invariant(index), in: state) {
      return index
    }
    return nil
  }

  package mutating func satisfiesConstraints(_ state: SpecState) throws -> Bool {
    for index in spec.constraints.indices
    where try !holds(.constraint(index), in: state) {
      return false
    }
    return true
  }

  enum StatePredicate {
    case invariant(Int)
    case constraint(Int)
  }

  /// What compiled code alone answers for an invariant in a state: nil when it leaves the
  /// state to the interpreter, or when there is no compiled code. Tests compare it with
  /// the interpreter's answer, `false` included (`holds` has the interpreter confirm a
  /// compiled `false`, so a wrong one would not show through it).
  func compiledAnswer(invariant index: Int, in state: SpecState) -> Bool? {
    guard let code else { return nil }
    code.frame.load(state)
    return try? code.invariants.run(index, code.frame)
  }

  /// Whether a state predicate (an invariant, a constraint) holds: true from compiled
  /// code that ran to the end stands; anything else is decided by the interpreter, whose
  /// errors are reported.
  mutating func holds(_ predicate: StatePredicate, in state: SpecState) throws -> Bool {
    if let code {
      let table: CodeTable<Bool>
      let index: Int
      switch predicate {
      case .invariant(let i): (table, index) = (code.invariants, i)
      case .constraint(let i): (table, index) = (code.constraints, i)
      }
      code.frame.load(state)
      let holds = try? table.run(index, code.frame)
      if holds == nil { interpretedRuns += 1 } else { compiledRuns += 1 }
      if holds == true { return true }
    }
    evaluator.state = values(of: state)
    evaluator.env = []
    evaluator.primed = false
    evaluator.initMode = false
    do {
      switch predicate {
      case .invariant(let index): return try evaluator.isTrue(spec.invariants[index].body)
      case .constraint(let index): return try evaluator.isTrue(spec.constraints[index].body)
      }
    } catch let error as EvaluationError {
      throw ActionFailure(error: error, label: nil)
    }
  }

  package func fingerprint(_ state: SpecState) -> UInt64 { state.fingerprint }
}

/// One worker's compiled units: invariants and constraints compiled at once, action
/// instances when the worker first needs them.
final class CompiledCode {
  let compiler: ExpressionCompiler
  let frame: Frame
  let invariants: CodeTable<Bool>
  let constraints: CodeTable<Bool>
  let instances: [ActionInstance]

  init(
    spec: TypedSpec, constants: [Value], layout: StateLayout, evaluator: Evaluator,
    instances: [ActionInstance]
  ) {
    let compiler = ExpressionCompiler(spec: spec, constants: constants, layout: layout)
    self.compiler = compiler
    self.frame = Frame(layout: layout, evaluator: evaluator, variableCount: spec.variables.count)
    self.invariants = CodeTable(
      spec.invariants.map { invariant in
        compiler.beginUnit()
        return compiler.compileBool(invariant.body, .init())
      })
    self.constraints = CodeTable(
      spec.constraints.map { constraint in
        compiler.beginUnit()
        return compiler.compileBool(constraint.body, .init())
      })
    self.instances = instances
  }

  /// The compiled action instance, or nil when it is left to the interpreter.
  func compileAction(_ label: Int) -> ContinuationBox? {
    let instance = instances[label]
    let action = compiler.spec.actions[instance.action]
    var context = ExpressionCompiler.Context()
    context.inAction = true
    context.env = zip(action.parameters, instance.arguments).map { ($0.name.text, .value($1)) }
    compiler.beginUnit()
    return
      (try? compiler.compileConjuncts(
        action.body, context, multiple: false, then: compiler.emitter())).map(ContinuationBox.init)
  }
}

/// Compiled units by index (action instances by label, invariants, constraints), called
/// without reference counting: a closure read from an array (or a box holding one) was
/// retained and released around every call, once per unit and state (about 9% of all
/// instructions at TwoPhase N=6). Each entry is an unmanaged reference, borrowed for the
/// call; the table releases them when it goes.
final class CodeTable<Result> {
  typealias Body = (Frame) throws -> Result
  final class Code {
    let body: Body
    init(_ body: @escaping Body) { self.body = body }
  }

  let entries: UnsafeMutablePointer<Unmanaged<Code>?>
  let count: Int

  init(count: Int) {
    self.count = count
    entries = .allocate(capacity: max(1, count))
    entries.initialize(repeating: nil, count: max(1, count))
  }

  convenience init(_ bodies: [Body]) {
    self.init(count: bodies.count)
    for (index, body) in bodies.enumerated() { set(index, body) }
  }

  deinit {
    for index in 0..<count { entries[index]?.release() }
    entries.deallocate()
  }

  func set(_ index: Int, _ body: @escaping Body) {
    entries[index]?.release()
    entries[index] = Unmanaged.passRetained(Code(body))
  }

  /// Runs the unit at `index`, which must have been set.
  @inline(__always)
  func run(_ index: Int, _ frame: Frame) throws -> Result {
    try entries[index].unsafelyUnwrapped._withUnsafeGuaranteedRef { try $0.body(frame) }
  }
}
