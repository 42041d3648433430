import SpecRuntime
import SpecSemantics
import SpecSyntax

/// Unary and binary operators, function application, record fields and `EXCEPT`.
extension SymbolicEncoder {
  func encodeUnary(_ op: UnaryOperator, _ operand: Expr, _ expr: Expr) throws -> SymbolicValue {
    switch op {
    case .not:
      return .bool(terms.not(try formula(operand)))
    case .negate:
      return .int(terms.neg(try integer(operand)))
    case .domain:
      let value = try encode(operand)
      if case .alternatives(let choices) = value {
        var all: [Guarded] = []
        for choice in choices {
          guard let found = entries(choice.value) else { continue }
          all += found.map { Guarded(terms.and(choice.condition, $0.present), $0.key) }
        }
        return .set(normalized(all))
      }
      guard let found = entries(value) else {
        throw EncodingError(.internalError, "DOMAIN of a \(value.kindName)", at: operand.range)
      }
      return .set(normalized(found.map { Guarded($0.present, $0.key) }))
    case .subset:
      return .lazySet(.subsets(try encode(operand)))
    case .union:
      var all: [Guarded] = []
      for element in try elements(of: try encode(operand), at: operand.range) {
        all += try elements(of: element.value, at: operand.range).map {
          Guarded(terms.and(element.condition, $0.condition), $0.value)
        }
      }
      return .set(normalized(all))
    }
  }

  func encodeBinary(_ op: BinaryOperator, _ lhs: Expr, _ rhs: Expr, _ expr: Expr) throws
    -> SymbolicValue
  {
    switch op {
    case .and, .or:
      return .bool(try junction([lhs, rhs], isConjunction: op == .and))
    case .implies:
      let a = try formula(lhs)
      let b = try under(a) { try formula(rhs) }
      return .bool(terms.implies(a, b))
    case .equiv:
      return .bool(terms.iff(try formula(lhs), try formula(rhs)))
    case .eq:
      return .bool(try equal(try encode(lhs), try encode(rhs), at: expr.range))
    case .neq:
      return .bool(terms.not(try equal(try encode(lhs), try encode(rhs), at: expr.range)))
    case .in, .notin:
      let element = try encode(lhs)
      let inside = try member(element, of: try encode(rhs), at: expr.range)
      return .bool(op == .in ? inside : terms.not(inside))
    case .subseteq:
      let a = try encode(lhs)
      let b = try encode(rhs)
      return .bool(
        terms.and(
          try elements(of: a, at: lhs.range).map {
            terms.implies($0.condition, try member($0.value, of: b, at: expr.range))
          }))
    case .range:
      let low = try integer(lhs)
      let high = try integer(rhs)
      if let a = low.intConstant, let b = high.intConstant, b - a < Self.maxListedElements {
        guard a <= b else { return .set([]) }
        return .set((a...b).map { Guarded(terms.trueTerm, .int(terms.int($0))) })
      }
      return .lazySet(.range(low, high))
    case .union:
      return try union(try encode(lhs), try encode(rhs), at: expr.range)
    case .intersect, .setminus:
      return try intersection(
        try encode(lhs), try encode(rhs), keep: op == .intersect, at: expr.range)
    case .concat:
      return try concatenate(try encode(lhs), try encode(rhs), at: expr.range)
    case .fnMerge:
      let a = try encode(lhs)
      let b = try encode(rhs)
      guard let x = entries(a), let y = entries(b) else {
        throw EncodingError(.internalError, "'@@' needs two functions", at: expr.range)
      }
      return canonicalFunction(.function(x + y))
    case .singletonFn:
      return canonicalFunction(
        .function([
          FunctionEntry(key: try encode(lhs), present: terms.trueTerm, value: try encode(rhs))
        ]))
    case .lt, .gt, .le, .ge, .plus, .minus, .times, .div, .mod, .power:
      return try arithmetic(op, try integer(lhs), try integer(rhs), expr)
    }
  }

  func arithmetic(_ op: BinaryOperator, _ a: Term, _ b: Term, _ expr: Expr) throws -> SymbolicValue
  {
    switch op {
    case .lt: return .bool(terms.lt(a, b))
    case .gt: return .bool(terms.lt(b, a))
    case .le: return .bool(terms.le(a, b))
    case .ge: return .bool(terms.le(b, a))
    case .plus: return .int(terms.add(a, b))
    case .minus: return .int(terms.sub(a, b))
    case .times: return .int(terms.mul(a, b))
    case .div, .mod:
      let zero = terms.int(0)
      fail(
        terms.eq(b, zero), .divisionByZero,
        "\(op == .div ? "division" : "modulus") by zero", at: expr.range)
      if let divisor = b.intConstant, divisor > 0 {
        return .int(op == .div ? terms.div(a, b) : terms.mod(a, b))
      }
      // Floor division: for b < 0, floor(a / b) = floor(-a / -b), Euclidean with -b > 0.
      let positive = terms.lt(zero, b)
      let quotient = terms.ite(positive, terms.div(a, b), terms.div(terms.neg(a), terms.neg(b)))
      if op == .div { return .int(quotient) }
      return .int(terms.sub(a, terms.mul(b, quotient)))
    case .power:
      guard let exponent = b.intConstant else {
        throw unsupported("'^' with a symbolic exponent", at: expr.range)
      }
      guard exponent >= 0 else {
        fail(terms.trueTerm, .evaluationFailed, "negative exponent", at: expr.range)
        return .int(terms.int(0))
      }
      guard exponent <= 64 else {
        if let base = a.intConstant, (-1...1).contains(base) {
          return .int(terms.int(base == -1 ? (exponent % 2 == 0 ? 1 : -1) : base))
        }
        throw unsupported("'^' with an exponent above 64", at: expr.range)
      }
      var result = terms.int(1)
      for _ in 0..<exponent { result = terms.mul(result, a) }
      return .int(result)
    default:
      throw EncodingError(.internalError, "not arithmetic: \(op.rawValue)", at: expr.range)
    }
  }

  // MARK: - Application

  /// `f[arg]` for a function, sequence or record; a failure where `arg` is outside the
  /// domain.
  func apply(_ f: SymbolicValue, _ arg: SymbolicValue, type: Ty?, at range: SourceRange) throws
    -> SymbolicValue
  {
    if case .alternatives(let choices) = f {
      var cases: [(Term, SymbolicValue)] = []
      for choice in choices {
        cases.append(
          (
            choice.condition,
            try under(choice.condition) { try apply(choice.value, arg, type: type, at: range) }
          ))
      }
      guard let last = cases.last else { return placeholder(type) }
      return chain(Array(cases.dropLast()), otherwise: last.1)
    }
    if case .sequence(let length, let items) = f, case .int(let index) = arg,
      let k = index.intConstant
    {
      let inside = k >= 1 && k <= items.count ? terms.le(terms.int(k), length) : terms.falseTerm
      fail(
        terms.not(inside), .outsideDomain, "function applied to \(k), outside its domain", at: range
      )
      return k >= 1 && k <= items.count ? items[k - 1] : placeholder(type)
    }
    guard let found = entries(f) else {
      throw EncodingError(.internalError, "a \(f.kindName) applied like a function", at: range)
    }
    var cases: [(Term, SymbolicValue)] = []
    for entry in found {
      let matches = terms.and(entry.present, try equal(entry.key, arg, at: range))
      if matches.isFalse { continue }
      cases.append((matches, entry.value))
      if matches.isTrue { break }
    }
    fail(
      terms.not(terms.or(cases.map(\.0))), .outsideDomain,
      "function applied to an argument outside its domain", at: range)
    guard let last = cases.last else { return placeholder(type) }
    return chain(Array(cases.dropLast()), otherwise: last.1)
  }

  func field(_ value: SymbolicValue, _ name: String, type: Ty?, at range: SourceRange) throws
    -> SymbolicValue
  {
    switch value {
    case .record(let names, let values):
      guard let index = names.firstIndex(of: name) else {
        fail(terms.trueTerm, .outsideDomain, "record has no field '\(name)'", at: range)
        return placeholder(type)
      }
      return values[index]
    case .alternatives(let choices):
      var cases: [(Term, SymbolicValue)] = []
      var missing: [Term] = []
      for choice in choices {
        if case .record(let names, let values) = choice.value,
          let index = names.firstIndex(of: name)
        {
          cases.append((choice.condition, values[index]))
        } else {
          missing.append(choice.condition)
        }
      }
      fail(terms.or(missing), .outsideDomain, "record has no field '\(name)'", at: range)
      guard let last = cases.last else { return placeholder(type) }
      return chain(Array(cases.dropLast()), otherwise: last.1)
    default:
      throw EncodingError(.internalError, "'.\(name)' on a \(value.kindName)", at: range)
    }
  }

  // MARK: - EXCEPT

  /// `[base EXCEPT !path = value]` with `@` bound to the old value at the path.
  func except(_ base: SymbolicValue, _ path: ArraySlice<ExceptStep>, _ valueExpr: Expr) throws
    -> SymbolicValue
  {
    guard let step = path.first else {
      atValues.append(base)
      defer { atValues.removeLast() }
      return try encode(valueExpr)
    }
    let rest = path.dropFirst()
    if case .alternatives(let choices) = base {
      var cases: [(Term, SymbolicValue)] = []
      for choice in choices {
        cases.append(
          (
            choice.condition,
            try under(choice.condition) { try except(choice.value, path, valueExpr) }
          ))
      }
      guard let last = cases.last else { return base }
      return chain(Array(cases.dropLast()), otherwise: last.1)
    }
    switch step {
    case .field(let name):
      guard case .record(let names, var values) = base, let index = names.firstIndex(of: name.text)
      else {
        fail(
          terms.trueTerm, .outsideDomain, "EXCEPT !.\(name.text): no field '\(name.text)'",
          at: name.range)
        return base
      }
      values[index] = try except(values[index], rest, valueExpr)
      return .record(names: names, values: values)
    case .index(let indices):
      let key = try argument(indices)
      let range = indices[0].range.union(indices[indices.count - 1].range)
      return try exceptIndex(base, key, rest, valueExpr, at: range)
    }
  }

  private func exceptIndex(
    _ base: SymbolicValue, _ key: SymbolicValue, _ rest: ArraySlice<ExceptStep>, _ valueExpr: Expr,
    at range: SourceRange
  ) throws -> SymbolicValue {
    switch base {
    case .sequence(let length, var items):
      var inside: [Term] = []
      for index in items.indices {
        let matches = terms.and(
          terms.lt(terms.int(index), length), try equal(key, .int(terms.int(index + 1)), at: range))
        if matches.isFalse { continue }
        inside.append(matches)
        let updated = try under(matches) { try except(items[index], rest, valueExpr) }
        items[index] = ite(matches, updated, items[index])
      }
      fail(
        terms.not(terms.or(inside)), .outsideDomain, "EXCEPT index outside the sequence's domain",
        at: range)
      return .sequence(length: length, items: items)
    case .record(let names, var values):
      var inside: [Term] = []
      for index in names.indices {
        let matches = try equal(
          key, .string(terms.int(strings.code(names[index]) ?? -1)), at: range)
        if matches.isFalse { continue }
        inside.append(matches)
        let updated = try under(matches) { try except(values[index], rest, valueExpr) }
        values[index] = ite(matches, updated, values[index])
      }
      fail(
        terms.not(terms.or(inside)), .outsideDomain,
        "EXCEPT names a field the record does not have", at: range)
      return .record(names: names, values: values)
    case .function(var found):
      var inside: [Term] = []
      var earlier = terms.falseTerm
      for index in found.indices {
        let matches = terms.and(
          terms.not(earlier), found[index].present, try equal(found[index].key, key, at: range))
        if matches.isFalse { continue }
        inside.append(matches)
        earlier = terms.or(earlier, matches)
        let updated = try under(matches) { try except(found[index].value, rest, valueExpr) }
        found[index].value = ite(matches, updated, found[index].value)
      }
      fail(
        terms.not(terms.or(inside)), .outsideDomain, "EXCEPT key outside the function's domain",
        at: range)
      return .function(found)
    default:
      throw EncodingError(.internalError, "EXCEPT on a \(base.kindName)", at: range)
    }
  }
}
