import SpecRuntime
import SpecSemantics
import SpecSyntax

/// Names, operator calls and built-ins.
extension SymbolicEncoder {
  func encodeName(_ name: String, _ expr: Expr) throws -> SymbolicValue {
    switch spec.resolutions[expr.id] {
    case .local(let local):
      switch lookup(local) {
      case .value(let value)?: return value
      case .definition(let definition, let depth)?:
        return try encodeLetDefinition(definition, args: [], depth: depth, at: expr.range)
      case nil:
        throw EncodingError(.internalError, "'\(name)' is not bound here", at: expr.range)
      }
    case .variable(let index):
      return try variable(index, at: expr.range)
    case .constant(let index):
      return try constant(index)
    case .definition(let index):
      return try callDefinition(index, args: [], at: expr.range)
    case .predicate(.invariant(let index)):
      return try encode(spec.invariants[index].body)
    case .predicate(.constraint(let index)):
      return try encode(spec.constraints[index].body)
    case .typeSet(let set):
      return .lazySet(.type(set.type))
    case .builtin, nil:
      throw EncodingError(.internalError, "unresolved name '\(name)'", at: expr.range)
    }
  }

  /// A state variable: from the next state when primed (and in `init`), else the current.
  func variable(_ index: Int, at range: SourceRange) throws -> SymbolicValue {
    if primed || initMode {
      if index < next.count, let value = next[index] { return value }
      let name = spec.variables[index].name.text
      fail(
        terms.trueTerm, .unboundVariable,
        initMode
          ? "variable '\(name)' is read before init binds it"
          : "'\(name)'' is read before the action binds it", at: range)
      return placeholder(spec.variables[index].type.ty)
    }
    guard index < state.count else {
      throw EncodingError(
        .internalError, "variable '\(spec.variables[index].name.text)' has no symbolic value",
        at: range)
    }
    return state[index]
  }

  /// A constant's value: lifted when concrete, fresh of its type when symbolic.
  package func constant(_ index: Int) throws -> SymbolicValue {
    if let known = constantValues[index] { return known }
    let declaration = spec.constants[index]
    let value: SymbolicValue
    if !symbolicConstants[index] {
      value = lift(concreteConstants[index])
    } else if let expr = declaration.value {
      let saved = (state, next, primed, env, initMode, pathCondition)
      defer { (state, next, primed, env, initMode, pathCondition) = saved }
      env = []
      primed = false
      initMode = false
      pathCondition = terms.trueTerm
      value = try encode(expr)
      constantConstraints.append(
        try member(value, ofType: declaration.type, at: declaration.name.range))
    } else {
      let (made, inside) = try freshValue(
        of: declaration.type, hint: declaration.name.text, at: declaration.name.range)
      value = made
      constantConstraints.append(inside)
    }
    constantValues[index] = value
    return value
  }

  func encodeCall(_ name: Name, _ args: [Expr], _ expr: Expr) throws -> SymbolicValue {
    switch spec.resolutions[expr.id] {
    case .definition(let index):
      let values = try args.map { try encode($0) }
      return try callDefinition(index, args: values, at: expr.range)
    case .local(let local):
      guard case .definition(let definition, let depth)? = lookup(local) else {
        throw EncodingError(.internalError, "'\(name.text)' is not an operator", at: name.range)
      }
      let values = try args.map { try encode($0) }
      return try encodeLetDefinition(definition, args: values, depth: depth, at: expr.range)
    case .builtin(let builtin):
      return try callBuiltin(builtin, args, expr)
    default:
      throw EncodingError(.internalError, "unresolved operator '\(name.text)'", at: name.range)
    }
  }

  /// Inlines a top-level operator with its parameters bound. Recursion is unrolled while
  /// the arguments decide the base case; past `recursionLimit` levels the rest is a
  /// limit failure (answer unknown if it is reachable), or an error when it is certain.
  func callDefinition(_ index: Int, args: [SymbolicValue], at range: SourceRange) throws
    -> SymbolicValue
  {
    let definition = spec.definitions[index]
    let cacheable = args.isEmpty && definition.level == .constant
    if cacheable, let cached = definitionCache[index] { return cached }
    let constants = args.map { constantValue($0) }
    let concrete = constants.allSatisfy { $0 != nil }
    let key = CallKey(definition: index, arguments: constants.compactMap { $0 })
    if concrete, definition.level == .constant, let cached = callCache[key] { return cached }
    if !concrete, isRecursive(index), let cases = try splitOnIntervals(index, args, at: range) {
      return cases
    }
    if callDepth >= 4 * Self.recursionLimit || (callDepth >= Self.recursionLimit && !concrete) {
      if pathCondition.isTrue || callDepth >= 4 * Self.recursionLimit {
        throw EncodingError(
          .recursionTooDeep,
          "operator '\(definition.name.text)' recurses more than \(callDepth) levels deep when unrolled for the solver: its recursion must end on the values the spec gives it",
          at: range)
      }
      limit(
        "operator '\(definition.name.text)' was unrolled only \(Self.recursionLimit) levels deep, and deeper calls may be reached",
        at: range)
      return placeholder(definition.result?.ty ?? spec.types[definition.body.id])
    }
    let saved = env
    env = zip(definition.parameters, args).map { ($0.name.text, .value($1)) }
    defer { env = saved }
    callDepth += 1
    defer { callDepth -= 1 }
    let before = failures.count
    let value = try encode(definition.body)
    if cacheable, failures.count == before { definitionCache[index] = value }
    if concrete, definition.level == .constant, failures.count == before { callCache[key] = value }
    return value
  }

  /// A recursive operator applied to integers of known small ranges, as one call per
  /// combination of their values: each call then unrolls on constants, where symbolic
  /// arguments would unroll to the recursion limit.
  private func splitOnIntervals(_ index: Int, _ args: [SymbolicValue], at range: SourceRange)
    throws -> SymbolicValue?
  {
    var choices: [[(Term, SymbolicValue)]] = []
    var count = 1
    for arg in args {
      guard constantValue(arg) == nil else {
        choices.append([(terms.trueTerm, arg)])
        continue
      }
      guard case .int(let term) = arg, let interval = terms.interval(term) else { return nil }
      count *= interval.count
      guard count <= 64 else { return nil }
      choices.append(interval.map { (terms.eq(term, terms.int($0)), .int(terms.int($0))) })
    }
    var combinations: [(Term, [SymbolicValue])] = [(terms.trueTerm, [])]
    for options in choices {
      combinations = combinations.flatMap { prefix in
        options.map { (terms.and(prefix.0, $0.0), prefix.1 + [$0.1]) }
      }
    }
    var cases: [(Term, SymbolicValue)] = []
    for (condition, values) in combinations where !condition.isFalse {
      cases.append(
        (condition, try under(condition) { try callDefinition(index, args: values, at: range) }))
    }
    guard let last = cases.last else { return nil }
    return chain(Array(cases.dropLast()), otherwise: last.1)
  }

  /// Whether an operator can call itself, directly or through others.
  func isRecursive(_ index: Int) -> Bool {
    if let known = recursive[index] { return known }
    var seen: Set<Int> = []
    var stack = callees(of: index)
    var found = false
    while let next = stack.popLast() {
      if next == index {
        found = true
        break
      }
      if seen.insert(next).inserted { stack += callees(of: next) }
    }
    recursive[index] = found
    return found
  }

  private func callees(of index: Int) -> [Int] {
    var found: [Int] = []
    func visit(_ expr: Expr) {
      if case .definition(let callee) = spec.resolutions[expr.id] { found.append(callee) }
      expr.children.forEach(visit)
    }
    visit(spec.definitions[index].body)
    return found
  }

  func encodeLetDefinition(
    _ definition: LetDefinition, args: [SymbolicValue], depth: Int, at range: SourceRange
  ) throws -> SymbolicValue {
    let saved = env
    env.removeLast(env.count - depth)
    defer { env = saved }
    for (parameter, value) in zip(definition.parameters, args) {
      env.append((parameter.text, .value(value)))
    }
    return try encode(definition.body)
  }

  func callBuiltin(_ builtin: Builtin, _ args: [Expr], _ expr: Expr) throws -> SymbolicValue {
    let values = try args.map { try encode($0) }
    switch builtin {
    case .cardinality:
      return .int(try cardinality(values[0], at: args[0].range))
    case .len:
      let (length, _) = try sequenceParts(values[0], at: args[0].range)
      return .int(length)
    case .head:
      let (length, items) = try sequenceParts(values[0], at: args[0].range)
      fail(
        terms.le(length, terms.int(0)), .emptySequence, "Head of the empty sequence", at: expr.range
      )
      return items.first ?? placeholder(spec.types[expr.id])
    case .tail:
      let (length, items) = try sequenceParts(values[0], at: args[0].range)
      fail(
        terms.le(length, terms.int(0)), .emptySequence, "Tail of the empty sequence", at: expr.range
      )
      return .sequence(
        length: terms.ite(
          terms.le(length, terms.int(0)), terms.int(0), terms.sub(length, terms.int(1))),
        items: Array(items.dropFirst()))
    case .append:
      let (length, items) = try sequenceParts(values[0], at: args[0].range)
      return append(length, items, values[1])
    case .subSeq:
      let (length, items) = try sequenceParts(values[0], at: args[0].range)
      let m = try integer(values[1], at: args[1].range)
      let n = try integer(values[2], at: args[2].range)
      return subSequence(length, items, m, n, at: expr.range)
    }
  }

  /// A sequence's length and items; tuples are sequences too.
  func sequenceParts(_ value: SymbolicValue, at range: SourceRange) throws -> (
    Term, [SymbolicValue]
  ) {
    switch value {
    case .sequence(let length, let items): return (length, items)
    case .function(let entries) where entries.isEmpty: return (terms.int(0), [])
    case .alternatives(let choices):
      guard let first = choices.first else { return (terms.int(0), []) }
      var merged = first.value
      for choice in choices.dropFirst() { merged = ite(choice.condition, choice.value, merged) }
      if case .sequence(let length, let items) = merged { return (length, items) }
      fallthrough
    default:
      throw unsupported(
        "this \(value.kindName) is used as a sequence: the solver encoding supports sequence operators only on values built as sequences",
        at: range)
    }
  }

  func append(_ length: Term, _ items: [SymbolicValue], _ element: SymbolicValue) -> SymbolicValue {
    if let n = length.intConstant, n <= items.count {
      var grown = Array(items.prefix(n))
      grown.append(element)
      return .sequence(length: terms.int(n + 1), items: grown)
    }
    var grown: [SymbolicValue] = []
    for (index, item) in items.enumerated() {
      grown.append(ite(terms.eq(length, terms.int(index)), element, item))
    }
    grown.append(element)
    return .sequence(length: terms.add(length, terms.int(1)), items: grown)
  }

  func subSequence(
    _ length: Term, _ items: [SymbolicValue], _ m: Term, _ n: Term, at range: SourceRange
  ) -> SymbolicValue {
    let empty = terms.lt(n, m)
    fail(
      terms.and(terms.not(empty), terms.or(terms.lt(m, terms.int(1)), terms.lt(length, n))),
      .emptySequence, "SubSeq is outside the sequence's indices", at: range)
    let newLength = terms.ite(empty, terms.int(0), terms.add(terms.sub(n, m), terms.int(1)))
    if let start = m.intConstant, start >= 1 {
      return .sequence(length: newLength, items: Array(items.dropFirst(start - 1)))
    }
    var out: [SymbolicValue] = []
    for index in items.indices {
      // item index of the result is item (m - 1 + index) of the source
      var cases: [(Term, SymbolicValue)] = []
      for (source, item) in items.enumerated() where source >= index {
        cases.append((terms.eq(terms.add(m, terms.int(index - 1)), terms.int(source)), item))
      }
      guard let last = cases.last else { break }
      out.append(chain(Array(cases.dropLast()), otherwise: last.1))
    }
    return .sequence(length: newLength, items: out)
  }

  func concatenate(_ a: SymbolicValue, _ b: SymbolicValue, at range: SourceRange) throws
    -> SymbolicValue
  {
    let (l1, i1) = try sequenceParts(a, at: range)
    let (l2, i2) = try sequenceParts(b, at: range)
    if let n = l1.intConstant, n <= i1.count {
      return .sequence(length: terms.add(l1, l2), items: Array(i1.prefix(n)) + i2)
    }
    var out: [SymbolicValue] = []
    for index in 0..<(i1.count + i2.count) {
      var cases: [(Term, SymbolicValue)] = []
      if index < i1.count { cases.append((terms.lt(terms.int(index), l1), i1[index])) }
      for (j, item) in i2.enumerated() where j <= index {
        cases.append((terms.eq(terms.add(l1, terms.int(j)), terms.int(index)), item))
      }
      guard let last = cases.last else { continue }
      out.append(chain(Array(cases.dropLast()), otherwise: last.1))
    }
    return .sequence(length: terms.add(l1, l2), items: out)
  }
}
