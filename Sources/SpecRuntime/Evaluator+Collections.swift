import SpecSemantics
import SpecSyntax

extension Evaluator {
  /// `f[arg]` for a function, sequence or record.
  package func apply(_ f: Value, _ arg: Value, at range: SourceRange, function: Expr? = nil)
    throws -> Value
  {
    switch f {
    case .sequence(let items):
      if case .int(let i) = arg, i >= 1, i <= items.count { return items[i - 1] }
    case .function(let keys, let values):
      if let index = Value.index(of: arg, in: keys) { return values[index] }
    case .record(let names, let values):
      if case .string(let name) = arg, let index = names.firstIndex(of: name) {
        return values[index]
      }
    default:
      throw EvaluationError(
        .evaluationFailed, "\(f) is not a function and cannot be applied", at: range)
    }
    let name = function.map { "'\(spec.file.text(of: $0.range))'" } ?? "the function"
    throw EvaluationError(
      .outsideDomain,
      "\(name) applied to \(arg), which is outside its domain \(domainDescription(f))",
      at: range)
  }

  func domainDescription(_ f: Value) -> String {
    if case .sequence(let items) = f { return items.isEmpty ? "{}" : "1..\(items.count)" }
    return Value.makeSet(f.functionPairs?.map(\.0) ?? []).description
  }

  func field(_ value: Value, _ name: String, at range: SourceRange) throws -> Value {
    guard case .record(let names, let values) = value else {
      throw EvaluationError(
        .evaluationFailed, "'.\(name)' needs a record, found \(value)", at: range)
    }
    guard let index = names.firstIndex(of: name) else {
      throw EvaluationError(.outsideDomain, "record \(value) has no field '\(name)'", at: range)
    }
    return values[index]
  }

  /// `[f EXCEPT !path = value]`, with `@` bound to the old value at the path.
  func except(_ base: Value, _ path: ArraySlice<ExceptStep>, _ valueExpr: Expr)
    throws -> Value
  {
    guard let step = path.first else {
      atValues.append(base)
      defer { atValues.removeLast() }
      return try eval(valueExpr)
    }
    let rest = path.dropFirst()
    switch step {
    case .field(let name):
      guard case .record(let names, var values) = base, let index = names.firstIndex(of: name.text)
      else {
        throw EvaluationError(
          .outsideDomain, "EXCEPT !.\(name.text): \(base) has no field '\(name.text)'",
          at: name.range)
      }
      values[index] = try except(values[index], rest, valueExpr)
      return .record(names: names, values: values)
    case .index(let indices):
      let key = try argument(indices)
      let range = indices[0].range.union(indices[indices.count - 1].range)
      switch base {
      case .sequence(var items):
        guard case .int(let i) = key, i >= 1, i <= items.count else { break }
        items[i - 1] = try except(items[i - 1], rest, valueExpr)
        return .sequence(items)
      case .function(let keys, var values):
        guard let index = Value.index(of: key, in: keys) else { break }
        values[index] = try except(values[index], rest, valueExpr)
        return .function(keys: keys, values: values)
      case .record(let names, var values):
        guard case .string(let name) = key, let index = names.firstIndex(of: name) else { break }
        values[index] = try except(values[index], rest, valueExpr)
        return .record(names: names, values: values)
      default:
        throw EvaluationError(
          .evaluationFailed, "EXCEPT needs a function, found \(base)", at: range)
      }
      throw EvaluationError(
        .outsideDomain,
        "EXCEPT ![\(key)]: \(key) is outside the function's domain \(domainDescription(base))",
        at: range)
    }
  }

  /// The elements of a set-valued expression, in value order.
  package func enumerate(_ expr: Expr) throws -> [Value] {
    if case .name(let name) = expr.kind, case .typeSet(let set) = resolution(expr) {
      return try values(of: set.type, named: name, at: expr.range)
    }
    return try setElements(expr)
  }

  func setElements(_ expr: Expr) throws -> [Value] {
    let value = try eval(expr)
    guard let elements = value.elements else {
      throw EvaluationError(.evaluationFailed, "expected a set, found \(value)", at: expr.range)
    }
    return elements
  }

  /// `element \in setExpr`, without building sets that membership can be decided on
  /// directly (types, ranges, `SUBSET`, `[S -> T]`, record sets).
  package func contains(_ setExpr: Expr, _ element: Value) throws -> Bool {
    switch setExpr.kind {
    case .name:
      if case .typeSet(let set) = resolution(setExpr) {
        return try typeContains(set.type, element)
      }
    case .binary(.range, let low, let high):
      guard case .int(let i) = element else { return false }
      return try integer(low) <= i && i <= integer(high)
    case .unary(.subset, let base):
      guard let elements = element.elements else { return false }
      for inner in elements where !(try contains(base, inner)) { return false }
      return true
    case .functionSet(let domain, let range):
      guard let pairs = element.functionPairs else { return false }
      let keys = Value.makeSet(pairs.map(\.0))
      guard keys == .set(try enumerate(domain)) else { return false }
      for (_, value) in pairs where !(try contains(range, value)) { return false }
      return true
    case .apply(let function, let args):
      // `Seq[S]`, which the analyzer allows only here: never built, it is infinite.
      if args.count == 1, case .name("Seq") = function.kind, resolution(function) != nil {
        guard case .sequence(let items) = element else { return false }
        for item in items where !(try contains(args[0], item)) { return false }
        return true
      }
    case .recordSet(let fields):
      guard case .record(let names, let values) = element,
        names == fields.map(\.0.text).sorted()
      else { return false }
      for (name, fieldSet) in fields {
        let index = names.firstIndex(of: name.text)!
        if !(try contains(fieldSet, values[index])) { return false }
      }
      return true
    default:
      break
    }
    return Value.index(of: element, in: try setElements(setExpr)) != nil
  }

  /// Calls `body` once per combination of values of `bindings`, in value order; stops
  /// early when `body` returns false.
  func forEachBinding(_ bindings: [Binding], _ body: () throws -> Bool)
    throws
  {
    var names: [(String, Expr)] = []
    for binding in bindings {
      for name in binding.names { names.append((name.text, binding.domain)) }
    }
    _ = try bindEach(names[...], body)
  }

  func forEachBinding(_ bindings: [Binding], each body: () throws -> Void)
    throws
  {
    try forEachBinding(bindings) { () throws -> Bool in
      try body()
      return true
    }
  }

  private func bindEach(
    _ names: ArraySlice<(String, Expr)>, _ body: () throws -> Bool
  ) throws -> Bool {
    guard let (name, domain) = names.first else { return try body() }
    for element in try enumerate(domain) {
      env.append((name, .value(element)))
      let goOn: Bool
      do {
        goOn = try bindEach(names.dropFirst(), body)
      } catch {
        env.removeLast()
        throw error
      }
      env.removeLast()
      if !goOn { return false }
    }
    return true
  }

  func buildFunction(_ bindings: [Binding], _ body: Expr) throws -> Value {
    let names = bindings.flatMap { $0.names.map(\.text) }
    var pairs: [(Value, Value)] = []
    try forEachBinding(bindings, each: { () throws in
      let key: Value
      if names.count == 1 {
        key = lookupValue(names[0])
      } else {
        key = .sequence(names.map(lookupValue))
      }
      pairs.append((key, try eval(body)))
    })
    return Value.makeFunction(pairs)
  }

  func lookupValue(_ name: String) -> Value {
    if let (binding, _) = lookup(name), case .value(let value) = binding { return value }
    return .bool(false)
  }

  func functionSet(_ domain: [Value], _ range: [Value], at location: SourceRange)
    throws -> Value
  {
    var count = 1.0
    for _ in domain { count *= Double(range.count) }
    guard count <= Double(maxMaterializedElements) else {
      throw EvaluationError(
        .tooLarge,
        "[S -> T] with |S| = \(domain.count) and |T| = \(range.count) has \(range.count)^\(domain.count) functions: too many to build",
        at: location)
    }
    var functions: [[Value]] = [[]]
    for _ in domain {
      functions = functions.flatMap { prefix in range.map { prefix + [$0] } }
    }
    return Value.makeSet(functions.map { Value.makeFunction(Array(zip(domain, $0))) })
  }

  func recordSet(_ fields: [(Name, Expr)], at location: SourceRange) throws
    -> Value
  {
    var records: [[(String, Value)]] = [[]]
    for (name, setExpr) in fields {
      let elements = try enumerate(setExpr)
      guard Double(records.count) * Double(elements.count) <= Double(maxMaterializedElements) else {
        throw EvaluationError(.tooLarge, "the record set is too large to build", at: location)
      }
      records = records.flatMap { prefix in elements.map { prefix + [(name.text, $0)] } }
    }
    return Value.makeSet(records.map(Value.makeRecord))
  }
}
