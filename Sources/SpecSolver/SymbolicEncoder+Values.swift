import SpecRuntime
import SpecSemantics
import SpecSyntax

/// Concrete values in and out, if-then-else and equality over symbolic values.
extension SymbolicEncoder {
  // MARK: - Concrete values

  /// A concrete value as a symbolic one.
  package func lift(_ value: Value) -> SymbolicValue {
    switch value {
    case .bool(let b): return .bool(terms.bool(b))
    case .int(let i): return .int(terms.int(i))
    case .string(let s): return .string(terms.int(strings.code(s) ?? -1))
    case .sequence(let items):
      return .sequence(length: terms.int(items.count), items: items.map(lift))
    case .record(let names, let values): return .record(names: names, values: values.map(lift))
    case .set(let elements): return .set(elements.map { Guarded(terms.trueTerm, lift($0)) })
    case .function(let keys, let values):
      return .function(
        zip(keys, values).map {
          FunctionEntry(key: lift($0), present: terms.trueTerm, value: lift($1))
        })
    }
  }

  /// The concrete value when every part of `value` is a constant term.
  package func constantValue(_ value: SymbolicValue) -> Value? {
    switch value {
    case .bool(let t): return t.boolConstant.map(Value.bool)
    case .int(let t): return t.intConstant.map(Value.int)
    case .string(let t): return t.intConstant.flatMap(strings.string).map(Value.string)
    case .sequence(let length, let items):
      guard let n = length.intConstant, n <= items.count else { return nil }
      var values: [Value] = []
      for item in items.prefix(n) {
        guard let v = constantValue(item) else { return nil }
        values.append(v)
      }
      return .sequence(values)
    case .record(let names, let values):
      var out: [Value] = []
      for v in values {
        guard let c = constantValue(v) else { return nil }
        out.append(c)
      }
      return .record(names: names, values: out)
    case .set(let elements):
      var out: [Value] = []
      for element in elements {
        guard let present = element.condition.boolConstant else { return nil }
        guard present else { continue }
        guard let v = constantValue(element.value) else { return nil }
        out.append(v)
      }
      return Value.makeSet(out)
    case .function(let entries):
      var pairs: [(Value, Value)] = []
      for entry in entries {
        guard let present = entry.present.boolConstant else { return nil }
        guard present else { continue }
        guard let k = constantValue(entry.key), let v = constantValue(entry.value) else {
          return nil
        }
        if !pairs.contains(where: { $0.0 == k }) { pairs.append((k, v)) }
      }
      return Value.makeFunction(pairs)
    case .alternatives(let choices):
      for choice in choices {
        guard let taken = choice.condition.boolConstant else { return nil }
        if taken { return constantValue(choice.value) }
      }
      return nil
    case .lazySet:
      return nil
    }
  }

  /// A set's entries with false ones dropped and, when every element is concrete, equal
  /// elements merged and sorted in value order (the order the evaluator enumerates in).
  func normalized(_ elements: [Guarded]) -> [Guarded] {
    let live = elements.filter { !$0.condition.isFalse }
    var constants: [Value] = []
    for element in live {
      guard let value = constantValue(element.value) else { return live }
      constants.append(value)
    }
    var merged: [Value: (Term, SymbolicValue)] = [:]
    for (element, value) in zip(live, constants) {
      if let (condition, symbolic) = merged[value] {
        merged[value] = (terms.or(condition, element.condition), symbolic)
      } else {
        merged[value] = (element.condition, element.value)
      }
    }
    return merged.keys.sorted().map { Guarded(merged[$0]!.0, merged[$0]!.1) }
  }

  /// Whether every element of the set is concrete and no two are equal.
  func hasDistinctConstantElements(_ elements: [Guarded]) -> Bool {
    var seen: Set<Value> = []
    for element in elements {
      guard let value = constantValue(element.value), seen.insert(value).inserted else {
        return false
      }
    }
    return true
  }

  /// A stand-in of the expression's type, for a result that only matters when
  /// evaluation has failed.
  func placeholder(_ type: Ty?) -> SymbolicValue {
    switch type ?? .any {
    case .any, .int: return .int(terms.int(0))
    case .bool: return .bool(terms.falseTerm)
    case .string(let values):
      return .string(terms.int(values.sorted().first.flatMap(strings.code) ?? 0))
    case .set: return .set([])
    case .sequence: return .sequence(length: terms.int(0), items: [])
    case .tuple(let members):
      return .sequence(length: terms.int(members.count), items: members.map(placeholder))
    case .function: return .function([])
    case .records(let shapes):
      guard let shape = shapes.first else { return .int(terms.int(0)) }
      let names = shape.fields.keys.sorted()
      return .record(names: names, values: names.map { placeholder(shape.fields[$0]) })
    }
  }

  /// Whether two values are built from the very same terms.
  func identical(_ a: SymbolicValue, _ b: SymbolicValue) -> Bool {
    switch (a, b) {
    case (.bool(let x), .bool(let y)), (.int(let x), .int(let y)), (.string(let x), .string(let y)):
      return x === y
    case (.sequence(let l1, let i1), .sequence(let l2, let i2)):
      return l1 === l2 && i1.count == i2.count && zip(i1, i2).allSatisfy { identical($0, $1) }
    case (.record(let n1, let v1), .record(let n2, let v2)):
      return n1 == n2 && zip(v1, v2).allSatisfy { identical($0, $1) }
    case (.set(let x), .set(let y)), (.alternatives(let x), .alternatives(let y)):
      return x.count == y.count
        && zip(x, y).allSatisfy { $0.condition === $1.condition && identical($0.value, $1.value) }
    case (.function(let x), .function(let y)):
      return x.count == y.count
        && zip(x, y).allSatisfy {
          $0.present === $1.present && identical($0.key, $1.key) && identical($0.value, $1.value)
        }
    default:
      return false
    }
  }

  // MARK: - If-then-else

  /// The value that is `a` when `condition` holds and `b` otherwise.
  package func ite(_ condition: Term, _ a: SymbolicValue, _ b: SymbolicValue) -> SymbolicValue {
    if let taken = condition.boolConstant { return taken ? a : b }
    switch (a, b) {
    case (.bool(let x), .bool(let y)): return .bool(terms.ite(condition, x, y))
    case (.int(let x), .int(let y)): return .int(terms.ite(condition, x, y))
    case (.string(let x), .string(let y)): return .string(terms.ite(condition, x, y))
    case (.sequence(let l1, let i1), .sequence(let l2, let i2)):
      var items: [SymbolicValue] = []
      for index in 0..<max(i1.count, i2.count) {
        if index < i1.count, index < i2.count {
          items.append(ite(condition, i1[index], i2[index]))
        } else {
          items.append(index < i1.count ? i1[index] : i2[index])
        }
      }
      return .sequence(length: terms.ite(condition, l1, l2), items: items)
    case (.record(let n1, let v1), .record(let n2, let v2)) where n1 == n2:
      return .record(names: n1, values: zip(v1, v2).map { ite(condition, $0, $1) })
    case (.set(let x), .set(let y)):
      if x.count == y.count, zip(x, y).allSatisfy({ identical($0.value, $1.value) }) {
        return .set(
          zip(x, y).map { Guarded(terms.ite(condition, $0.condition, $1.condition), $0.value) })
      }
      let notCondition = terms.not(condition)
      return .set(
        normalized(
          x.map { Guarded(terms.and(condition, $0.condition), $0.value) }
            + y.map { Guarded(terms.and(notCondition, $0.condition), $0.value) }))
    case (.function, .function), (.function, .sequence), (.sequence, .function):
      let x = entries(a) ?? []
      let y = entries(b) ?? []
      if x.count == y.count, zip(x, y).allSatisfy({ identical($0.key, $1.key) }) {
        return .function(
          zip(x, y).map {
            FunctionEntry(
              key: $0.key, present: terms.ite(condition, $0.present, $1.present),
              value: ite(condition, $0.value, $1.value))
          })
      }
      let notCondition = terms.not(condition)
      return .function(
        x.map {
          FunctionEntry(key: $0.key, present: terms.and(condition, $0.present), value: $0.value)
        }
          + y.map {
            FunctionEntry(
              key: $0.key, present: terms.and(notCondition, $0.present), value: $0.value)
          })
    default:
      let notCondition = terms.not(condition)
      var choices: [Guarded] = []
      for (side, sideCondition) in [(a, condition), (b, notCondition)] {
        if case .alternatives(let inner) = side {
          choices += inner.map { Guarded(terms.and(sideCondition, $0.condition), $0.value) }
        } else {
          choices.append(Guarded(sideCondition, side))
        }
      }
      return .alternatives(choices.filter { !$0.condition.isFalse })
    }
  }

  /// `if c1 then v1 else if c2 then v2 ... else fallback`.
  func chain(_ cases: [(Term, SymbolicValue)], otherwise fallback: SymbolicValue) -> SymbolicValue {
    var result = fallback
    for (condition, value) in cases.reversed() { result = ite(condition, value, result) }
    return result
  }

  // MARK: - Function views

  /// The entries of a function-like value: a function, a sequence (keys 1..length) or a
  /// record (keys the field names); nil for anything else.
  func entries(_ value: SymbolicValue) -> [FunctionEntry]? {
    switch value {
    case .function(let entries): return entries
    case .sequence(let length, let items):
      return items.enumerated().map { index, item in
        FunctionEntry(
          key: .int(terms.int(index + 1)), present: terms.lt(terms.int(index), length), value: item)
      }
    case .record(let names, let values):
      return zip(names, values).map {
        FunctionEntry(
          key: .string(terms.int(strings.code($0) ?? -1)), present: terms.trueTerm, value: $1)
      }
    default:
      return nil
    }
  }

  // MARK: - Equality

  /// The condition that `a` and `b` are the same value (the evaluator's `==`).
  package func equal(_ a: SymbolicValue, _ b: SymbolicValue, at range: SourceRange) throws -> Term {
    switch (a, b) {
    case (.bool(let x), .bool(let y)): return terms.iff(x, y)
    case (.int(let x), .int(let y)), (.string(let x), .string(let y)): return terms.eq(x, y)
    case (.alternatives(let choices), _):
      return terms.or(
        try choices.map { terms.and($0.condition, try equal($0.value, b, at: range)) })
    case (_, .alternatives):
      return try equal(b, a, at: range)
    case (.lazySet, _), (_, .lazySet), (.set, .set):
      let x = try elements(of: a, at: range)
      let y = try elements(of: b, at: range)
      return terms.and(try isSubset(x, y, at: range), try isSubset(y, x, at: range))
    case (.record(let n1, let v1), .record(let n2, let v2)):
      guard n1 == n2 else { return terms.falseTerm }
      return terms.and(try zip(v1, v2).map { try equal($0, $1, at: range) })
    case (.sequence(let l1, let i1), .sequence(let l2, let i2)):
      var parts = [terms.eq(l1, l2)]
      for index in 0..<min(i1.count, i2.count) {
        parts.append(
          terms.implies(
            terms.lt(terms.int(index), l1), try equal(i1[index], i2[index], at: range)))
      }
      return terms.and(parts)
    case (.function, .function), (.function, .sequence), (.sequence, .function):
      return try functionsEqual(entries(a) ?? [], entries(b) ?? [], at: range)
    default:
      return terms.falseTerm
    }
  }

  func functionsEqual(_ x: [FunctionEntry], _ y: [FunctionEntry], at range: SourceRange) throws
    -> Term
  {
    if x.count == y.count, zip(x, y).allSatisfy({ identical($0.key, $1.key) }) {
      return terms.and(
        try zip(x, y).map {
          terms.and(
            terms.iff($0.present, $1.present),
            terms.implies($0.present, try equal($0.value, $1.value, at: range)))
        })
    }
    var parts: [Term] = []
    var keyEqual: [[Term]] = []
    for e in x {
      keyEqual.append(try y.map { try equal(e.key, $0.key, at: range) })
    }
    for (i, e) in x.enumerated() {
      parts.append(
        terms.implies(
          e.present, terms.or(y.indices.map { terms.and(y[$0].present, keyEqual[i][$0]) })))
      for (j, f) in y.enumerated() where !keyEqual[i][j].isFalse {
        let both = terms.and(e.present, f.present, keyEqual[i][j])
        if both.isFalse { continue }
        parts.append(terms.implies(both, try equal(e.value, f.value, at: range)))
      }
    }
    for (j, f) in y.enumerated() {
      parts.append(
        terms.implies(
          f.present, terms.or(x.indices.map { terms.and(x[$0].present, keyEqual[$0][j]) })))
    }
    return terms.and(parts)
  }

  func isSubset(_ x: [Guarded], _ y: [Guarded], at range: SourceRange) throws -> Term {
    let index = ElementIndex(y, self)
    return terms.and(
      try x.map { element in
        terms.implies(element.condition, try index.member(element.value, self, at: range))
      })
  }

  func isMember(_ value: SymbolicValue, of elements: [Guarded], at range: SourceRange) throws
    -> Term
  {
    try ElementIndex(elements, self).member(value, self, at: range)
  }
}

/// A set's elements split into concrete ones, looked up by value, and symbolic ones,
/// compared one by one: membership of a concrete value in a set over a large type (a
/// set of messages) is then a lookup, not a comparison with every element.
struct ElementIndex {
  var constants: [Value: Term] = [:]
  var constantElements: [(Value, Term)] = []
  var symbolic: [Guarded] = []

  init(_ elements: [Guarded], _ encoder: SymbolicEncoder) {
    for element in elements {
      if let value = encoder.constantValue(element.value) {
        if let known = constants[value] {
          constants[value] = encoder.terms.or(known, element.condition)
        } else {
          constants[value] = element.condition
        }
        constantElements.append((value, element.condition))
      } else {
        symbolic.append(element)
      }
    }
  }

  func member(_ value: SymbolicValue, _ encoder: SymbolicEncoder, at range: SourceRange) throws
    -> Term
  {
    let terms = encoder.terms
    var options: [Term] = []
    if let concrete = encoder.constantValue(value) {
      if let condition = constants[concrete] { options.append(condition) }
    } else {
      for (element, condition) in constantElements {
        let same = try encoder.equal(value, encoder.lift(element), at: range)
        if !same.isFalse { options.append(terms.and(condition, same)) }
      }
    }
    for element in symbolic {
      let same = try encoder.equal(value, element.value, at: range)
      if !same.isFalse { options.append(terms.and(element.condition, same)) }
    }
    return terms.or(options)
  }
}
