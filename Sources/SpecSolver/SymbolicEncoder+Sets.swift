import SpecRuntime
import SpecSemantics
import SpecSyntax

/// Sets: listing elements, membership, and the lazy sets (`Int`, ranges of symbolic
/// size, types, `SUBSET`, function and record sets).
extension SymbolicEncoder {
  /// The elements of a set value, listing a lazy set when it is finite and small enough.
  func elements(of set: SymbolicValue, at range: SourceRange) throws -> [Guarded] {
    switch set {
    case .set(let elements): return elements
    case .alternatives(let choices):
      var all: [Guarded] = []
      for choice in choices {
        all += try elements(of: choice.value, at: range).map {
          Guarded(terms.and(choice.condition, $0.condition), $0.value)
        }
      }
      return normalized(all)
    case .lazySet(let lazy): return try list(lazy, at: range)
    default:
      throw EncodingError(.internalError, "expected a set, found a \(set.kindName)", at: range)
    }
  }

  func tooMany(_ what: String, at range: SourceRange) -> EncodingError {
    EncodingError(
      .unenumerableSet,
      "\(what) has more than \(Self.maxListedElements) elements: too many for the solver encoding to list",
      at: range)
  }

  private func list(_ lazy: LazySet, at range: SourceRange) throws -> [Guarded] {
    switch lazy {
    case .integers:
      throw EncodingError(
        .unenumerableSet, "Int is infinite: the solver encoding can only test membership in it",
        at: range)
    case .range(let low, let high):
      guard let a = low.intConstant, let b = high.intConstant else {
        if let lows = terms.interval(low), let highs = terms.interval(high) {
          // Symbolic bounds within known intervals: every candidate, present when in range.
          let first = lows.lowerBound
          let last = highs.upperBound
          guard first > last || last - first < Self.maxListedElements else {
            throw tooMany("the range \(first)..\(last) of candidates", at: range)
          }
          guard first <= last else { return [] }
          return (first...last).map { value in
            let v = terms.int(value)
            return Guarded(terms.and(terms.le(low, v), terms.le(v, high)), .int(v))
          }
        }
        throw EncodingError(
          .unenumerableSet,
          "this range's bounds are symbolic and unbounded: the solver encoding can test membership in it but cannot list its elements (quantify over a set of constant size instead)",
          at: range)
      }
      guard a <= b else { return [] }
      guard b - a < Self.maxListedElements else { throw tooMany("the range \(a)..\(b)", at: range) }
      return (a...b).map { Guarded(terms.trueTerm, .int(terms.int($0))) }
    case .type(let type):
      return try typeValues(type, at: range).map { Guarded(terms.trueTerm, lift($0)) }
    case .subsets(let base):
      let items = try elements(of: base, at: range)
      guard items.count <= 12 else {
        throw tooMany("SUBSET of a set with \(items.count) possible elements", at: range)
      }
      var out: [Guarded] = []
      for mask in 0..<(1 << items.count) {
        var condition: [Term] = []
        var members: [Guarded] = []
        for (bit, item) in items.enumerated() where mask & (1 << bit) != 0 {
          condition.append(item.condition)
          members.append(Guarded(terms.trueTerm, item.value))
        }
        out.append(Guarded(terms.and(condition), .set(normalized(members))))
      }
      return normalized(out)
    case .functions(let domain, let codomain):
      let keys = try elements(of: domain, at: range)
      let values = try elements(of: codomain, at: range)
      var count = 1.0
      for _ in keys { count *= Double(values.count) }
      guard count <= Double(Self.maxListedElements) else {
        throw tooMany("this function set", at: range)
      }
      var out: [Guarded] = [Guarded(terms.trueTerm, .function([]))]
      for key in keys {
        var grown: [Guarded] = []
        for partial in out {
          guard case .function(let sofar) = partial.value else { continue }
          for value in values {
            grown.append(
              Guarded(
                terms.and(partial.condition, terms.implies(key.condition, value.condition)),
                .function(
                  sofar + [
                    FunctionEntry(key: key.value, present: key.condition, value: value.value)
                  ])
              ))
          }
        }
        out = grown
      }
      return normalized(out.map { Guarded($0.condition, canonicalFunction($0.value)) })
    case .records(let fields):
      var out: [Guarded] = [Guarded(terms.trueTerm, .record(names: [], values: []))]
      for (name, fieldSet) in fields {
        let values = try elements(of: fieldSet, at: range)
        guard Double(out.count) * Double(values.count) <= Double(Self.maxListedElements) else {
          throw tooMany("this record set", at: range)
        }
        out = out.flatMap { partial -> [Guarded] in
          guard case .record(let names, let sofar) = partial.value else { return [] }
          return values.map {
            Guarded(
              terms.and(partial.condition, $0.condition),
              .record(names: names + [name], values: sofar + [$0.value]))
          }
        }
      }
      return normalized(out)
    }
  }

  /// A function whose keys are the constants 1..n, all present, as the sequence it is
  /// (the evaluator's canonical form).
  func canonicalFunction(_ value: SymbolicValue) -> SymbolicValue {
    guard case .function(let entries) = value else { return value }
    for (index, entry) in entries.enumerated() {
      guard entry.present.isTrue, case .int(let key) = entry.key, key.intConstant == index + 1
      else { return value }
    }
    return .sequence(length: terms.int(entries.count), items: entries.map(\.value))
  }

  // MARK: - Membership

  /// The condition that `value` is an element of `set`.
  package func member(_ value: SymbolicValue, of set: SymbolicValue, at range: SourceRange) throws
    -> Term
  {
    switch set {
    case .set(let elements):
      return try isMember(value, of: elements, at: range)
    case .alternatives(let choices):
      return terms.or(
        try choices.map { terms.and($0.condition, try member(value, of: $0.value, at: range)) })
    case .lazySet(let lazy):
      return try member(value, of: lazy, at: range)
    default:
      throw EncodingError(.internalError, "expected a set, found a \(set.kindName)", at: range)
    }
  }

  private func member(_ value: SymbolicValue, of lazy: LazySet, at range: SourceRange) throws
    -> Term
  {
    if case .alternatives(let choices) = value {
      return terms.or(
        try choices.map {
          terms.and($0.condition, try member($0.value, of: .lazySet(lazy), at: range))
        })
    }
    switch lazy {
    case .integers:
      if case .int = value { return terms.trueTerm }
      return terms.falseTerm
    case .range(let low, let high):
      guard case .int(let x) = value else { return terms.falseTerm }
      return terms.and(terms.le(low, x), terms.le(x, high))
    case .type(let type):
      return try member(value, ofType: type, at: range)
    case .subsets(let base):
      switch value {
      case .set, .lazySet:
        let items = try elements(of: value, at: range)
        return terms.and(
          try items.map { terms.implies($0.condition, try member($0.value, of: base, at: range)) })
      default:
        return terms.falseTerm
      }
    case .functions(let domain, let codomain):
      guard let found = entries(value), !isRecord(value) else { return terms.falseTerm }
      let keys = try elements(of: domain, at: range)
      let domainEqual = try equal(
        .set(found.map { Guarded($0.present, $0.key) }), .set(keys), at: range)
      var parts = [domainEqual]
      for entry in found {
        parts.append(terms.implies(entry.present, try member(entry.value, of: codomain, at: range)))
      }
      return terms.and(parts)
    case .records(let fields):
      guard case .record(let names, let values) = value, names == fields.map(\.0) else {
        return terms.falseTerm
      }
      return terms.and(try zip(values, fields).map { try member($0, of: $1.1, at: range) })
    }
  }

  func isRecord(_ value: SymbolicValue) -> Bool {
    if case .record = value { return true }
    return false
  }

  // MARK: - Set operators

  func union(_ a: SymbolicValue, _ b: SymbolicValue, at range: SourceRange) throws -> SymbolicValue
  {
    .set(normalized(try elements(of: a, at: range) + elements(of: b, at: range)))
  }

  func intersection(_ a: SymbolicValue, _ b: SymbolicValue, keep: Bool, at range: SourceRange)
    throws -> SymbolicValue
  {
    var out: [Guarded] = []
    for element in try elements(of: a, at: range) {
      let inside = try member(element.value, of: b, at: range)
      out.append(
        Guarded(terms.and(element.condition, keep ? inside : terms.not(inside)), element.value))
    }
    return .set(normalized(out))
  }

  /// The number of distinct elements.
  func cardinality(_ set: SymbolicValue, at range: SourceRange) throws -> Term {
    let items = try elements(of: set, at: range)
    if hasDistinctConstantElements(items) {
      return terms.add(items.map { terms.ite($0.condition, terms.int(1), terms.int(0)) })
    }
    var counted: [Term] = []
    for (index, item) in items.enumerated() {
      var earlier: [Term] = []
      for other in items[..<index] {
        earlier.append(terms.and(other.condition, try equal(other.value, item.value, at: range)))
      }
      let first = terms.and(item.condition, terms.not(terms.or(earlier)))
      counted.append(terms.ite(first, terms.int(1), terms.int(0)))
    }
    return terms.add(counted)
  }

  // MARK: - Choosing an element

  /// A fresh element of `set` for a binding context (`x' \in S`, an `\E` inside an action,
  /// an action parameter): the value and the condition that it is in the set. Nil when
  /// the set is certainly empty.
  func choose(from set: SymbolicValue, hint: String, at range: SourceRange) throws
    -> (SymbolicValue, Term)?
  {
    switch set {
    case .lazySet(.integers):
      return (.int(fresh(hint, .int)), terms.trueTerm)
    case .lazySet(.range(let low, let high)):
      let x = fresh(hint, .int)
      let inside = terms.and(terms.le(low, x), terms.le(x, high))
      bound(x, low, high)
      return (.int(x), inside)
    case .lazySet(.type(let type)):
      return try freshValue(of: type, hint: hint, at: range)
    case .lazySet(.subsets(let base)):
      let items = try elements(of: base, at: range)
      var chosen: [Guarded] = []
      for (index, item) in items.enumerated() {
        let bit = fresh("\(hint).\(index)", .bool)
        chosen.append(Guarded(terms.and(bit, item.condition), item.value))
      }
      return (.set(chosen), terms.trueTerm)
    case .lazySet(.functions(let domain, let codomain)):
      var made: [FunctionEntry] = []
      var constraints: [Term] = []
      for (index, key) in try elements(of: domain, at: range).enumerated() {
        guard
          let (value, inside) = try choose(from: codomain, hint: "\(hint)[\(index)]", at: range)
        else {
          constraints.append(terms.not(key.condition))
          made.append(
            FunctionEntry(key: key.value, present: key.condition, value: .int(terms.int(0))))
          continue
        }
        constraints.append(terms.implies(key.condition, inside))
        made.append(FunctionEntry(key: key.value, present: key.condition, value: value))
      }
      return (canonicalFunction(.function(made)), terms.and(constraints))
    case .lazySet(.records(let fields)):
      var values: [SymbolicValue] = []
      var constraints: [Term] = []
      for (name, fieldSet) in fields {
        guard let (value, inside) = try choose(from: fieldSet, hint: "\(hint).\(name)", at: range)
        else { return nil }
        values.append(value)
        constraints.append(inside)
      }
      return (.record(names: fields.map(\.0), values: values), terms.and(constraints))
    case .set, .alternatives:
      let items = try elements(of: set, at: range).filter { !$0.condition.isFalse }
      guard !items.isEmpty else { return nil }
      if items.count == 1 { return (items[0].value, items[0].condition) }
      if let sort = scalarSort(items) {
        let x = fresh(hint, sort)
        let value: SymbolicValue
        switch items[0].value {
        case .bool: value = .bool(x)
        case .string: value = .string(x)
        default: value = .int(x)
        }
        return (value, try isMember(value, of: items, at: range))
      }
      let selector = fresh(hint + ".choice", .int)
      var cases: [(Term, SymbolicValue)] = []
      var conditions: [Term] = []
      for (index, item) in items.enumerated() {
        let picked = terms.eq(selector, terms.int(index))
        cases.append((picked, item.value))
        conditions.append(terms.and(picked, item.condition))
      }
      return (
        chain(Array(cases.dropLast()), otherwise: cases[cases.count - 1].1), terms.or(conditions)
      )
    default:
      throw EncodingError(.internalError, "expected a set, found a \(set.kindName)", at: range)
    }
  }

  private func scalarSort(_ items: [Guarded]) -> Sort? {
    var kind: Int? = nil
    for item in items {
      let k: Int
      switch item.value {
      case .bool: k = 0
      case .int: k = 1
      case .string: k = 2
      default: return nil
      }
      if kind == nil { kind = k } else if kind != k { return nil }
    }
    return kind == 0 ? .bool : .int
  }
}
