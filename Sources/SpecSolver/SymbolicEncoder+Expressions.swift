import SpecRuntime
import SpecSemantics
import SpecSyntax

/// The expression switch: one case per construct, as in `Evaluator.eval`.
extension SymbolicEncoder {
  package func encode(_ expr: Expr) throws -> SymbolicValue {
    switch expr.kind {
    case .name(let name): return try encodeName(name, expr)
    case .integer(let value): return .int(terms.int(value))
    case .string(let text):
      guard let code = strings.code(text) else {
        throw EncodingError(
          .internalError, "string \"\(text)\" missing from the string table", at: expr.range)
      }
      return .string(terms.int(code))
    case .boolean(let b): return .bool(terms.bool(b))
    case .at:
      guard let value = atValues.last else {
        throw EncodingError(.internalError, "'@' outside EXCEPT", at: expr.range)
      }
      return value
    case .unary(let op, let operand): return try encodeUnary(op, operand, expr)
    case .binary(let op, let lhs, let rhs): return try encodeBinary(op, lhs, rhs, expr)
    case .junction(let isConjunction, let items):
      return .bool(try junction(items, isConjunction: isConjunction))
    case .call(let name, let args): return try encodeCall(name, args, expr)
    case .apply(let function, let args):
      let f = try encode(function)
      let arg = try argument(args)
      return try apply(f, arg, type: spec.types[expr.id], at: expr.range)
    case .field(let record, let name):
      return try field(try encode(record), name.text, type: spec.types[expr.id], at: name.range)
    case .prime(let operand):
      if primed { return try encode(operand) }
      primed = true
      defer { primed = false }
      return try encode(operand)
    case .setEnumeration(let items):
      return .set(normalized(try items.map { Guarded(terms.trueTerm, try encode($0)) }))
    case .setFilter(let binding, let predicate):
      let name = binding.names[0].text
      var kept: [Guarded] = []
      for element in try elements(of: try encode(binding.domain), at: binding.domain.range) {
        let holds = try under(element.condition) {
          try withBound(name, element.value) { try formula(predicate) }
        }
        kept.append(Guarded(terms.and(element.condition, holds), element.value))
      }
      return .set(normalized(kept))
    case .setMap(let body, let bindings):
      var results: [Guarded] = []
      try forEachBinding(bindings) { condition in
        results.append(Guarded(condition, try encode(body)))
      }
      return .set(normalized(results))
    case .tuple(let items):
      return .sequence(length: terms.int(items.count), items: try items.map { try encode($0) })
    case .function(let bindings, let body):
      return try buildFunction(bindings, body)
    case .functionSet(let domain, let range):
      return .lazySet(.functions(try encode(domain), try encode(range)))
    case .record(let fields):
      let sorted = fields.sorted { $0.0.text < $1.0.text }
      return .record(names: sorted.map(\.0.text), values: try sorted.map { try encode($0.1) })
    case .recordSet(let fields):
      let sorted = fields.sorted { $0.0.text < $1.0.text }
      return .lazySet(.records(try sorted.map { ($0.0.text, try encode($0.1)) }))
    case .except(let base, let clauses):
      var value = try encode(base)
      for clause in clauses { value = try except(value, clause.path[...], clause.value) }
      return value
    case .ifThenElse(let condition, let then, let otherwise):
      let c = try formula(condition)
      if let taken = c.boolConstant { return try encode(taken ? then : otherwise) }
      let a = try under(c) { try encode(then) }
      let b = try under(terms.not(c)) { try encode(otherwise) }
      return ite(c, a, b)
    case .caseOf(let arms, let other):
      return try encodeCase(arms, other, expr)
    case .letIn(let definitions, let body):
      let depth = env.count
      defer { env.removeLast(env.count - depth) }
      for definition in definitions {
        env.append((definition.name.text, .definition(definition, scopeDepth: env.count)))
      }
      return try encode(body)
    case .quantified(let quantifier, let bindings, let body):
      return .bool(try quantify(quantifier == .exists, bindings, body))
    case .choose(let name, let domain, let body):
      return try encodeChoose(name, domain, body, expr)
    case .unchanged(let items):
      var parts: [Term] = []
      for item in items {
        let before = try encode(item)
        let after = try withPrimes { try encode(item) }
        parts.append(try equal(before, after, at: item.range))
      }
      return .bool(terms.and(parts))
    }
  }

  func withPrimes<T>(_ body: () throws -> T) rethrows -> T {
    let saved = primed
    primed = true
    defer { primed = saved }
    return try body()
  }

  func argument(_ args: [Expr]) throws -> SymbolicValue {
    if args.count == 1 { return try encode(args[0]) }
    return .sequence(length: terms.int(args.count), items: try args.map { try encode($0) })
  }

  /// `/\` and `\/` with the evaluator's short circuit: later items are evaluated only
  /// when the earlier ones did not decide.
  func junction(_ items: [Expr], isConjunction: Bool) throws -> Term {
    var parts: [Term] = []
    var going = terms.trueTerm
    for item in items {
      let value = try under(going) { try formula(item) }
      parts.append(value)
      going = terms.and(going, isConjunction ? value : terms.not(value))
      if going.isFalse { break }
    }
    return isConjunction ? terms.and(parts) : terms.or(parts)
  }

  func encodeCase(_ arms: [(Expr, Expr)], _ other: Expr?, _ expr: Expr) throws -> SymbolicValue {
    var cases: [(Term, SymbolicValue)] = []
    var noneYet = terms.trueTerm
    for (condition, value) in arms {
      let c = try under(noneYet) { try formula(condition) }
      let taken = terms.and(noneYet, c)
      if !taken.isFalse {
        cases.append((c, try under(taken) { try encode(value) }))
      }
      noneYet = terms.and(noneYet, terms.not(c))
      if noneYet.isFalse { break }
    }
    let fallback: SymbolicValue
    if let other {
      fallback =
        noneYet.isFalse
        ? placeholder(spec.types[expr.id]) : try under(noneYet) { try encode(other) }
    } else {
      fail(noneYet, .evaluationFailed, "no CASE arm applies and there is no OTHER", at: expr.range)
      fallback = cases.last?.1 ?? placeholder(spec.types[expr.id])
    }
    return chain(cases, otherwise: fallback)
  }

  func encodeChoose(_ name: Name, _ domain: Expr, _ body: Expr, _ expr: Expr) throws
    -> SymbolicValue
  {
    let items = try elements(of: try encode(domain), at: domain.range)
    guard items.allSatisfy({ constantValue($0.value) != nil }) else {
      throw unsupported(
        "CHOOSE over a set whose elements are symbolic: the solver encoding picks the least element in value order only among concrete elements",
        at: expr.range)
    }
    var cases: [(Term, SymbolicValue)] = []
    var noneYet = terms.trueTerm
    for item in normalized(items) {
      let holds = try under(terms.and(noneYet, item.condition)) {
        try withBound(name.text, item.value) { try formula(body) }
      }
      let picked = terms.and(item.condition, holds)
      cases.append((picked, item.value))
      noneYet = terms.and(noneYet, terms.not(picked))
    }
    fail(
      noneYet, .chooseNoWitness,
      "CHOOSE found no value in its domain that satisfies its predicate", at: expr.range)
    return chain(cases, otherwise: cases.last?.1 ?? placeholder(spec.types[expr.id]))
  }

  /// `\A` / `\E` over finite sets, expanded. Failures inside the body count only where
  /// the evaluator gets to them: it stops at the first deciding element in value order.
  func quantify(_ exists: Bool, _ bindings: [Binding], _ body: Expr) throws -> Term {
    var parts: [Term] = []
    var undecided = terms.trueTerm
    try forEachBinding(bindings) { condition, ordered in
      let before = failures.count
      let holds = try formula(body)
      if ordered, failures.count > before {
        for index in before..<failures.count {
          failures[index].condition = terms.and(failures[index].condition, undecided)
        }
      }
      let part = exists ? terms.and(condition, holds) : terms.implies(condition, holds)
      parts.append(part)
      undecided = terms.and(undecided, exists ? terms.not(part) : part)
    }
    return exists ? terms.or(parts) : terms.and(parts)
  }

  /// Calls `body` once per combination of elements of the bindings (first name slowest),
  /// with the names bound and the path condition saying the elements are present.
  func forEachBinding(_ bindings: [Binding], _ body: (Term) throws -> Void) throws {
    try forEachBinding(bindings) { condition, _ in try body(condition) }
  }

  /// The same, also telling `body` whether the combinations come in the evaluator's order
  /// (every element concrete, so listed in value order).
  func forEachBinding(_ bindings: [Binding], _ body: (Term, Bool) throws -> Void) throws {
    var names: [(String, Expr)] = []
    for binding in bindings {
      for name in binding.names { names.append((name.text, binding.domain)) }
    }
    try bindEach(names[...], terms.trueTerm, true, body)
  }

  private func bindEach(
    _ names: ArraySlice<(String, Expr)>, _ condition: Term, _ ordered: Bool,
    _ body: (Term, Bool) throws -> Void
  ) throws {
    guard let (name, domain) = names.first else {
      try under(condition) { try body(condition, ordered) }
      return
    }
    let set = try under(condition) { try encode(domain) }
    let items = try elements(of: set, at: domain.range)
    let inOrder = ordered && items.allSatisfy { constantValue($0.value) != nil }
    for element in items {
      let inner = terms.and(condition, element.condition)
      if inner.isFalse { continue }
      try withBound(name, element.value) { try bindEach(names.dropFirst(), inner, inOrder, body) }
    }
  }

  func buildFunction(_ bindings: [Binding], _ body: Expr) throws -> SymbolicValue {
    let names = bindings.flatMap { $0.names.map(\.text) }
    var made: [FunctionEntry] = []
    try forEachBinding(bindings) { condition in
      let key: SymbolicValue
      if names.count == 1 {
        key = lookupValue(names[0])
      } else {
        key = .sequence(length: terms.int(names.count), items: names.map(lookupValue))
      }
      made.append(FunctionEntry(key: key, present: condition, value: try encode(body)))
    }
    return canonicalFunction(.function(made))
  }

  func lookupValue(_ name: String) -> SymbolicValue {
    if case .value(let value) = lookup(name) { return value }
    return .bool(terms.falseTerm)
  }
}
