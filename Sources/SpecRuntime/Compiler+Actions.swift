import SpecEngine
import SpecSemantics
import SpecSyntax

/// Runs the rest of an action from the current bindings; the last one emits a successor.
typealias Continuation = (Frame) throws -> Void

/// A continuation kept in an array (see `BoolBox`).
struct ContinuationBox {
  let run: Continuation
}

/// Calls each branch with the same bindings, in order.
func branching(_ branches: [ContinuationBox]) -> Continuation {
  switch branches.count {
  case 0: return { _ in }
  case 1: return branches[0].run
  case 2:
    let (a, b) = (branches[0].run, branches[1].run)
    return { frame in
      try a(frame)
      try b(frame)
    }
  default:
    let middle = branches.count / 2
    let a = branching(Array(branches[..<middle]))
    let b = branching(Array(branches[middle...]))
    return { frame in
      try a(frame)
      try b(frame)
    }
  }
}

/// Compiles an action instance into continuation-passing closures over the next state's
/// packed words, following `ActionInterpreter`'s TLC semantics conjunct by conjunct.
///
/// The interpreter runs each conjunct on every branch (partial next state) before the next
/// conjunct; these closures run depth first. The successors come out in the same order as
/// long as no disjunction is met by several branches at once (the interpreter lists such a
/// disjunction's results disjunct by disjunct); such actions are not compiled.
extension ExpressionCompiler {
  /// Why an action is left to the interpreter.
  struct Unsupported: Error {}

  func compileConjuncts(
    _ items: [Expr], _ context: Context, multiple: Bool, then next: @escaping Continuation
  )
    throws(Unsupported) -> Continuation
  {
    var items = items
    // A conjunct that folds to false ends the action there (those before it still run,
    // as in the interpreter): over the candidates of a message set, most bodies start so.
    if let stop = items.firstIndex(where: { fold($0, context) == .bool(false) }) {
      items = Array(items[...stop])
    }
    var branching = [multiple]
    for item in items.dropLast() { branching.append(branching.last! || mayBranch(item)) }
    var continuation = next
    for (item, multiple) in zip(items, branching).reversed() {
      continuation = try compileConjunct(item, context, multiple: multiple, then: continuation)
    }
    return continuation
  }

  func compileConjunct(
    _ expr: Expr, _ context: Context, multiple: Bool, then next: @escaping Continuation
  )
    throws(Unsupported) -> Continuation
  {
    switch expr.kind {
    case .junction(true, let items):
      return try compileConjuncts(items, context, multiple: multiple, then: next)
    case .binary(.and, let lhs, let rhs):
      return try compileConjuncts([lhs, rhs], context, multiple: multiple, then: next)
    case .junction(false, let items):
      return try disjunction(items, context, multiple: multiple, then: next)
    case .binary(.or, let lhs, let rhs):
      return try disjunction([lhs, rhs], context, multiple: multiple, then: next)
    case .binary(.eq, let lhs, let rhs):
      if let target = bindingTarget(lhs) {
        return try assignment(target, rhs, expr, context, then: next)
      }
    case .binary(.in, let lhs, let rhs):
      if let target = bindingTarget(lhs), target.path.isEmpty {
        return try choice(target.variable, rhs, expr, context, then: next)
      }
    case .unchanged(let items):
      return try unchanged(items, then: next)
    case .quantified(.exists, let bindings, let body):
      var failed = false
      let unrolled = unrollGuarded(bindings, context) { inner -> ContinuationBox in
        do throws(Unsupported) {
          return ContinuationBox(run: try compileConjunct(body, inner, multiple: false, then: next))
        } catch {
          failed = true
          return ContinuationBox(run: { _ in })
        }
      }
      guard let unrolled, !failed else { throw Unsupported() }
      // A body over members of a guarded set runs only where they are present.
      return branching(
        unrolled.map { guarded, branch in
          guard let guarded else { return branch }
          return ContinuationBox(run: whenTrue(guarded.closure, then: branch.run))
        })
    case .ifThenElse(let condition, let then, let otherwise):
      let test = compileBool(condition, context)
      let yes = try compileConjunct(then, context, multiple: false, then: next)
      let no = try compileConjunct(otherwise, context, multiple: false, then: next)
      return { frame in try test(frame) ? yes(frame) : no(frame) }
    case .caseOf(let arms, let other):
      let tests = arms.map { BoolBox(run: compileBool($0.0, context)) }
      let branches = try arms.map { arm throws(Unsupported) in
        ContinuationBox(run: try compileConjunct(arm.1, context, multiple: false, then: next))
      }
      let otherwise = try other.map { expr throws(Unsupported) in
        try compileConjunct(expr, context, multiple: false, then: next)
      }
      return { frame in
        for index in tests.indices where try tests[index].run(frame) {
          return try branches[index].run(frame)
        }
        guard let otherwise else { throw Frame.Fallback() }
        try otherwise(frame)
      }
    case .letIn(let definitions, let body):
      var inner = context
      for definition in definitions {
        inner.env.append(
          (definition.name.text, .definition(definition, scopeDepth: inner.env.count)))
      }
      return try compileConjunct(body, inner, multiple: multiple, then: next)
    case .call(_, let args):
      if case .definition(let index) = resolution(expr), spec.definitions[index].level == .action {
        let definition = spec.definitions[index]
        var inner = context
        inner.env = []
        for (parameter, arg) in zip(definition.parameters, args) {
          guard case .constant(let value) = compile(arg, context) else { throw Unsupported() }
          inner.env.append((parameter.name.text, .value(value)))
        }
        return try inlinedAction { () throws(Unsupported) in
          try compileConjunct(definition.body, inner, multiple: false, then: next)
        }
      }
    case .name:
      if case .definition(let index) = resolution(expr), spec.definitions[index].level == .action {
        var inner = context
        inner.env = []
        return try inlinedAction { () throws(Unsupported) in
          try compileConjunct(spec.definitions[index].body, inner, multiple: multiple, then: next)
        }
      }
    default:
      break
    }
    let test = compileBool(expr, context)
    return whenTrue(test, then: next)
  }

  /// Runs `next` where `test` holds. One closure for every test of an action (guards,
  /// members of guarded sets), so the optimiser has no twin closures to merge behind a
  /// thunk (which cost TwoPhase an extra call per test).
  func whenTrue(_ test: @escaping BoolCode, then next: @escaping Continuation) -> Continuation {
    { frame in if try test(frame) { try next(frame) } }
  }

  func inlinedAction(_ body: () throws(Unsupported) -> Continuation) throws(Unsupported)
    -> Continuation
  {
    guard inlineDepth < Self.maxInlineDepth else { throw Unsupported() }
    inlineDepth += 1
    defer { inlineDepth -= 1 }
    return try body()
  }

  func disjunction(
    _ items: [Expr], _ context: Context, multiple: Bool, then next: @escaping Continuation
  )
    throws(Unsupported) -> Continuation
  {
    if multiple { throw Unsupported() }
    let branches = try items.map { item throws(Unsupported) in
      ContinuationBox(run: try compileConjunct(item, context, multiple: false, then: next))
    }
    return branching(branches)
  }

  /// Whether a conjunct can turn one branch into several.
  func mayBranch(_ expr: Expr) -> Bool {
    switch expr.kind {
    case .junction(false, _), .binary(.or, _, _), .quantified(.exists, _, _): return true
    case .binary(.in, let lhs, _): return bindingTarget(lhs) != nil
    case .junction(true, let items): return items.contains(where: mayBranch)
    case .binary(.and, let a, let b): return mayBranch(a) || mayBranch(b)
    case .ifThenElse(_, let a, let b): return mayBranch(a) || mayBranch(b)
    case .caseOf(let arms, let other):
      return arms.contains { mayBranch($0.1) } || other.map(mayBranch) == true
    case .letIn(_, let body): return mayBranch(body)
    case .call, .name:
      if case .definition(let index) = resolution(expr), spec.definitions[index].level == .action {
        return true
      }
      return false
    default: return false
    }
  }

  func bindingTarget(_ lhs: Expr) -> BindingTarget? {
    BindingTarget.of(lhs, inInit: false) { self.resolution($0) }
  }

  // MARK: - Binding

  /// The packed bits of a value about to be bound to a variable's slot (or an entry of
  /// it), checked against the declared type; a value outside it falls back, so the
  /// interpreter reports it exactly.
  func checkedBits(_ code: Code, type: DeclaredType, codec: StateLayout.Codec) -> BitsCode {
    if case .constant(let v) = code {
      guard (try? folder.typeContains(type, v)) == true, let bits = layout.exactBits(of: v, codec)
      else { return { _ in throw Frame.Fallback() } }
      return { _ in bits }
    }
    switch (type, codec) {
    case (.bool, .bool):
      let b = bool(code)
      return { try b($0) ? 1 : 0 }
    case (.range(let lowExpr, let highExpr), .range(let low, _, _)):
      guard let x = int(code), let high = try? folder.bound(highExpr),
        (try? folder.bound(lowExpr)) == low
      else { break }
      return { frame in
        let i = try x(frame)
        guard i >= low, i <= high else { throw Frame.Fallback() }
        return UInt64(i &- low)
      }
    case (.int, .int):
      guard let x = int(code) else { break }
      return { UInt64(bitPattern: Int64(try x($0))) }
    case (_, .enumeration), (_, .bitset):
      // Bits of the same enumeration or bitset codec are values of the type.
      if let (source, read) = packed(code), StateLayout.isSame(source, codec) { return read }
    default:
      break
    }
    let v = value(code)
    let layout = self.layout
    return { frame in
      let value = try v(frame)
      guard try frame.evaluator.typeContains(type, value),
        let bits = layout.exactBits(of: value, codec)
      else { throw Frame.Fallback() }
      return bits
    }
  }

  /// For `x' = x` (no clauses) and `x' = [x EXCEPT ...]` (its clauses): the updates the
  /// right side makes to the target variable's own current value; nil for anything else.
  func updatesOfItself(_ target: BindingTarget, _ rhs: Expr) -> [ExceptClause]? {
    var (base, clauses) = (rhs, [ExceptClause]())
    if case .except(let updated, let updates) = rhs.kind { (base, clauses) = (updated, updates) }
    guard target.path.isEmpty, case .name = base.kind,
      case .variable(target.variable) = resolution(base)
    else { return nil }
    return clauses
  }

  /// The slot a binding target writes, and the declared type of what is written there.
  func targetSlot(_ target: BindingTarget, _ context: Context) throws(Unsupported)
    -> (slot: Slot, type: DeclaredType)
  {
    var slot = Slot(
      variable: target.variable, primed: true, offset: layout.offsets[target.variable],
      codec: layout.codecs[target.variable], presence: [])
    var type = spec.variables[target.variable].type
    for step in target.path {
      guard case .apply(_, let args) = step.kind else { throw Unsupported() }
      var keys: [Value] = []
      for arg in args {
        guard case .constant(let key) = compile(arg, context) else { throw Unsupported() }
        keys.append(key)
      }
      let key = keys.count == 1 ? keys[0] : .sequence(keys)
      guard let inner = entry(of: slot, at: key) else { throw Unsupported() }
      switch (type, key) {
      case (.function(_, let range), _): type = range
      case (.record(let fields), .string(let name)):
        guard let field = fields.first(where: { $0.name == name }) else { throw Unsupported() }
        type = field.type
      default: throw Unsupported()
      }
      slot = inner
    }
    guard slot.codec.width <= 64 else { throw Unsupported() }
    if case .interned = slot.codec { throw Unsupported() }
    return (slot, type)
  }

  /// `x' = e` binds an unbound `x`; `x'[k] = e` binds or updates the entry; a bound target
  /// is a test of the whole equation.
  func assignment(
    _ target: BindingTarget, _ rhs: Expr, _ whole: Expr, _ context: Context,
    then next: @escaping Continuation
  ) throws(Unsupported) -> Continuation {
    if let dynamic = try dynamicEntryAssignment(target, rhs, whole, context, then: next) {
      return dynamic
    }
    if let union = unionAssignment(target, rhs, whole, context, then: next) {
      return union
    }
    if let update = exceptAssignment(target, rhs, whole, context, then: next) {
      return update
    }
    let test = compileBool(whole, context)
    let (slot, type) = try targetSlot(target, context)
    let write = checkedBits(compile(rhs, context), type: type, codec: slot.codec)
    let variable = target.variable
    let offset = slot.offset
    let width = slot.codec.width
    if target.path.isEmpty {
      return { frame in
        if frame.bound[variable] != 0 {
          if try test(frame) { try next(frame) }
          return
        }
        Frame.write(frame.next, offset, width, try write(frame))
        frame.bound[variable] = 1
        try next(frame)
        frame.bound[variable] = 0
      }
    }
    let variableOffset = layout.offsets[variable]
    let variableWidth = layout.codecs[variable].width
    let presence = slot.presence
    return { frame in
      let wasBound = frame.bound[variable]
      if wasBound == 1 {
        if try test(frame) { try next(frame) }
        return
      }
      if wasBound == 0 { Frame.copy(frame.current, frame.next, variableOffset, variableWidth) }
      for bit in presence where Frame.read(frame.next, bit, 1) == 0 { throw Frame.Fallback() }
      let saved = Frame.read(frame.next, offset, width)
      Frame.write(frame.next, offset, width, try write(frame))
      frame.bound[variable] = 2
      try next(frame)
      Frame.write(frame.next, offset, width, saved)
      frame.bound[variable] = wasBound
    }
  }

  /// `x' \in S` over a constant set: one branch per element, in value order.
  func choice(
    _ variable: Int, _ setExpr: Expr, _ whole: Expr, _ context: Context,
    then next: @escaping Continuation
  )
    throws(Unsupported) -> Continuation
  {
    let test = compileBool(whole, context)
    guard case .constant(.set(let elements)) = compile(setExpr, context) else {
      throw Unsupported()
    }
    let codec = layout.codecs[variable]
    guard codec.width <= 64 else { throw Unsupported() }
    if case .interned = codec { throw Unsupported() }
    let type = spec.variables[variable].type
    let choices: [UInt64?] = elements.map { v in
      guard (try? folder.typeContains(type, v)) == true else { return nil }
      return layout.exactBits(of: v, codec)
    }
    let offset = layout.offsets[variable]
    let width = codec.width
    return { frame in
      if frame.bound[variable] != 0 {
        if try test(frame) { try next(frame) }
        return
      }
      for bits in choices {
        guard let bits else { throw Frame.Fallback() }
        Frame.write(frame.next, offset, width, bits)
        frame.bound[variable] = 1
        try next(frame)
      }
      frame.bound[variable] = 0
    }
  }

  /// `UNCHANGED <<x, y>>`: binds unbound variables to their current values; a bound one
  /// must already equal its current value.
  func unchanged(_ items: [Expr], then next: @escaping Continuation) throws(Unsupported)
    -> Continuation
  {
    var variables: [Int] = []
    func collect(_ items: [Expr]) {
      for item in items {
        if case .tuple(let members) = item.kind {
          collect(members)
        } else if case .variable(let index) = resolution(item) {
          variables.append(index)
        }
      }
    }
    collect(items)
    guard variables.count <= 64 else { throw Unsupported() }
    let places = variables.map {
      (variable: $0, offset: layout.offsets[$0], width: layout.codecs[$0].width)
    }
    return { frame in
      for index in places.indices where frame.bound[places[index].variable] != 0 {
        let place = places[index]
        if !Frame.equal(frame.current, frame.next, place.offset, place.width) { return }
      }
      var newlyBound: UInt64 = 0
      for index in places.indices where frame.bound[places[index].variable] == 0 {
        let place = places[index]
        Frame.copy(frame.current, frame.next, place.offset, place.width)
        frame.bound[place.variable] = 1
        newlyBound |= 1 << UInt64(index)
      }
      try next(frame)
      for index in places.indices where newlyBound & (1 << UInt64(index)) != 0 {
        frame.bound[places[index].variable] = 0
      }
    }
  }

  /// The last continuation: the successor is the current state with every bound
  /// variable's bits taken from the next state.
  func emitter() -> Continuation {
    var pieces: [(variable: Int, word: Int, mask: UInt64)] = []
    for variable in layout.codecs.indices {
      var position = layout.offsets[variable]
      let end = position + layout.codecs[variable].width
      while position < end {
        let shift = position & 63
        let chunk = min(64 - shift, end - position)
        let mask: UInt64 = (chunk == 64 ? ~0 : (1 << UInt64(chunk)) - 1) << UInt64(shift)
        pieces.append((variable, position >> 6, mask))
        position += chunk
      }
    }
    let layout = self.layout
    let wordCount = layout.wordCount
    return { frame in
      let words = frame.scratch
      for index in 0..<wordCount { words[index] = frame.current[index] }
      for index in pieces.indices {
        let piece = pieces[index]
        if frame.bound[piece.variable] != 0 {
          words[piece.word] =
            (words[piece.word] & ~piece.mask) | (frame.next[piece.word] & piece.mask)
        }
      }
      frame.emitted.pointee.append(
        Transition(
          label: frame.label.pointee,
          state: SpecState(
            copying: words, count: wordCount,
            fingerprint: layout.fingerprint(words, count: wordCount))))
    }
  }
}
