import SpecSemantics
import SpecSyntax

extension Evaluator {
  /// The value of a constant range bound, computed once per expression.
  package func bound(_ expr: Expr) throws -> Int {
    if let known = boundsCache[expr.id] { return known }
    let value = try integer(expr)
    boundsCache[expr.id] = value
    return value
  }

  /// Every value of a finite type, in value order. Infinite types and types with more
  /// than `maxMaterializedElements` values are errors at `range`.
  package func values(of type: DeclaredType, named name: String, at range: SourceRange)
    throws -> [Value]
  {
    if let cached = typeValuesCache[name] { return cached }
    let values = try enumerateType(type, name: name, at: range)
    typeValuesCache[name] = values
    return values
  }

  func enumerateType(_ type: DeclaredType, name: String, at range: SourceRange)
    throws -> [Value]
  {
    func tooLarge(_ count: Double) -> EvaluationError {
      let amount = count < 0x1p62 ? String(Int(count)) : "more than 2^62"
      return EvaluationError(
        .tooLarge,
        "type '\(name)' has about \(amount) values: too many to enumerate (the limit is \(maxMaterializedElements))",
        at: range)
    }
    func infinite() -> EvaluationError {
      EvaluationError(.infiniteSet, "type '\(name)' is infinite and cannot be enumerated", at: range)
    }
    switch type {
    case .bool:
      return [.bool(false), .bool(true)]
    case .int, .sequence:
      throw infinite()
    case .range(let low, let high):
      let a = try bound(low)
      let b = try bound(high)
      guard a <= b else { return [] }
      let (span, overflowed) = b.subtractingReportingOverflow(a)
      guard !overflowed, span < maxMaterializedElements else { throw tooLarge(Double(b) - Double(a) + 1) }
      return (a...b).map(Value.int)
    case .enumeration(let literals):
      return literals.map(Value.string)
    case .set(let element):
      let elements = try enumerateType(element, name: name, at: range)
      guard elements.count <= maxSubsetElements else {
        throw tooLarge(Double(1 << min(elements.count, 62)))
      }
      var subsets: [Value] = []
      for mask in 0..<(1 << elements.count) {
        subsets.append(.set(elements.enumerated().filter { mask & (1 << $0.offset) != 0 }.map(\.element)))
      }
      return Value.makeSet(subsets).elements ?? []
    case .function(let domain, let result):
      let keys = try enumerateType(domain, name: name, at: range)
      let values = try enumerateType(result, name: name, at: range)
      return try functionSet(keys, values, at: range).elements ?? []
    case .tuple(let members):
      var tuples: [[Value]] = [[]]
      for member in members {
        let values = try enumerateType(member, name: name, at: range)
        let count = Double(tuples.count) * Double(values.count)
        guard count <= Double(maxMaterializedElements) else { throw tooLarge(count) }
        tuples = tuples.flatMap { prefix in values.map { prefix + [$0] } }
      }
      return tuples.map(Value.sequence)
    case .record(let fields):
      return try enumerateRecords(fields, name: name, at: range)
    case .recordUnion(let variants):
      var all: [Value] = []
      for fields in variants { all += try enumerateRecords(fields, name: name, at: range) }
      return Value.makeSet(all).elements ?? []
    }
  }

  func enumerateRecords(_ fields: [Field], name: String, at range: SourceRange)
    throws -> [Value]
  {
    var records: [[Value]] = [[]]
    for field in fields {
      let values = try enumerateType(field.type, name: name, at: range)
      guard Double(records.count) * Double(values.count) <= Double(maxMaterializedElements) else {
        throw EvaluationError(
          .tooLarge, "type '\(name)' has too many values to enumerate", at: range)
      }
      records = records.flatMap { prefix in values.map { prefix + [$0] } }
    }
    let names = fields.map(\.name)
    return records.map { Value.record(names: names, values: $0) }.sorted()
  }

  /// Whether `value` belongs to the declared type (ranges checked against their bounds).
  package func typeContains(_ type: DeclaredType, _ value: Value) throws -> Bool {
    switch (type, value) {
    case (.bool, .bool), (.int, .int): return true
    case (.range(let low, let high), .int(let i)):
      return try bound(low) <= i && i <= bound(high)
    case (.enumeration(let literals), .string(let s)):
      return literals.contains(s)
    case (.set(let element), .set(let elements)):
      for e in elements where !(try typeContains(element, e)) { return false }
      return true
    case (.sequence(let element), .sequence(let items)):
      for item in items where !(try typeContains(element, item)) { return false }
      return true
    case (.tuple(let members), .sequence(let items)):
      guard members.count == items.count else { return false }
      for (member, item) in zip(members, items) where !(try typeContains(member, item)) {
        return false
      }
      return true
    case (.function(let domain, let result), _):
      guard let pairs = value.functionPairs, !isRecord(value) else { return false }
      for (k, v) in pairs {
        guard try typeContains(domain, k), try typeContains(result, v) else { return false }
      }
      return true
    case (.record(let fields), .record):
      return try recordMatches(fields, value)
    case (.recordUnion(let variants), .record):
      for fields in variants where try recordMatches(fields, value) { return true }
      return false
    default:
      return false
    }
  }

  private func isRecord(_ value: Value) -> Bool {
    if case .record = value { return true }
    return false
  }

  private func recordMatches(_ fields: [Field], _ value: Value) throws -> Bool {
    guard case .record(let names, let values) = value, names == fields.map(\.name) else {
      return false
    }
    for (field, v) in zip(fields, values) where !(try typeContains(field.type, v)) { return false }
    return true
  }
}
