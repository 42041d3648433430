import SpecSemantics
import SpecSyntax

/// Evaluates expressions of a `TypedSpec` over values.
///
/// One evaluator per thread: it holds the current state, the next state being built and
/// the bound names as mutable fields. Every failure is an `EvaluationError` with the
/// position of the expression that failed; integer overflow is detected, never trapped.
package final class Evaluator {
  /// A bound name: a value, or a `LET` operator evaluated at each use in its scope.
  enum Bound {
    case value(Value)
    case definition(LetDefinition, scopeDepth: Int)
  }

  package let spec: TypedSpec
  package private(set) var constants: [Value] {
    didSet { forgetCalls() }
  }
  package var state: [Value] = [] {
    didSet { forgetCalls() }
  }
  /// The next state while an action is evaluated: nil entries are not yet bound.
  package var next: [Value?] = []
  var primed = false
  /// In `init`, unprimed variables are read from `next`, where init binds them.
  var initMode = false
  var env: [(String, Bound)] = []
  var atValues: [Value] = []
  var boundsCache: [Int: Int] = [:]
  var typeValuesCache: [String: [Value]] = [:]
  var definitionCache: [Int: Value] = [:]
  var callDepth = 0
  /// Operator calls nested deeper than this are an error (`recursed too deeply`).
  static let maxCallDepth = 2_000
  /// Calls of state-level operators in the current state, unprimed (see `callDefinition`),
  /// forgotten whenever the state or the constants change.
  var callCache: [CallKey: CachedCall] = [:]
  /// The deepest `callDepth` a call has started at since the outermost call began,
  /// counting the calls a cached answer stands for.
  var deepestCall = 0

  struct CallKey: Hashable {
    let definition: Int
    let args: [Value]
  }

  struct CachedCall {
    let value: Value
    /// How much deeper than the call itself its evaluation started calls.
    let depth: Int
  }

  @inline(__always)
  func forgetCalls() {
    if !callCache.isEmpty { callCache.removeAll(keepingCapacity: true) }
  }

  /// `spec.resolutions` as an array by node id: the dictionary's hashing was a
  /// measurable share of evaluation time.
  let resolutionTable: [Resolution?]

  package init(spec: TypedSpec, constants: [Value]) {
    self.spec = spec
    self.constants = constants
    let size = (spec.resolutions.keys.filter { $0 < 1 << 20 }.max() ?? -1) + 1
    var table = [Resolution?](repeating: nil, count: size)
    for (id, resolution) in spec.resolutions where id < size { table[id] = resolution }
    self.resolutionTable = table
  }

  @inline(__always)
  func resolution(_ expr: Expr) -> Resolution? {
    expr.id < resolutionTable.count ? resolutionTable[expr.id] : spec.resolutions[expr.id]
  }

  // MARK: - Environment

  package func withBound<T>(_ name: String, _ value: Value, _ body: () throws -> T) rethrows -> T {
    env.append((name, .value(value)))
    defer { env.removeLast() }
    return try body()
  }

  func lookup(_ name: String) -> (Bound, Int)? {
    var index = env.count - 1
    while index >= 0 {
      if env[index].0 == name { return (env[index].1, index) }
      index -= 1
    }
    return nil
  }

  // MARK: - Entry points

  /// Evaluates a Boolean expression.
  package func isTrue(_ expr: Expr) throws -> Bool {
    let value = try eval(expr)
    guard case .bool(let b) = value else {
      throw EvaluationError(
        .evaluationFailed, "expected a Boolean, found \(value)", at: expr.range)
    }
    return b
  }

  package func eval(_ expr: Expr) throws -> Value {
    switch expr.kind {
    case .name(let name): return try evalName(name, expr)
    case .integer(let value): return .int(value)
    case .string(let text): return .string(text)
    case .boolean(let b): return .bool(b)
    case .at:
      guard let value = atValues.last else {
        throw EvaluationError(.evaluationFailed, "'@' outside EXCEPT", at: expr.range)
      }
      return value
    case .unary(let op, let operand): return try evalUnary(op, operand, expr)
    case .binary(let op, let lhs, let rhs): return try evalBinary(op, lhs, rhs, expr)
    case .junction(let isConjunction, let items):
      for item in items where try isTrue(item) != isConjunction { return .bool(!isConjunction) }
      return .bool(isConjunction)
    case .call(let name, let args): return try evalCall(name, args, expr)
    case .apply(let function, let args):
      let f = try eval(function)
      let arg = try argument(args)
      return try apply(f, arg, at: expr.range, function: function)
    case .field(let record, let name):
      let value = try eval(record)
      return try field(value, name.text, at: name.range)
    case .prime(let operand):
      if primed { return try eval(operand) }
      primed = true
      defer { primed = false }
      return try eval(operand)
    case .setEnumeration(let items):
      var elements: [Value] = []
      elements.reserveCapacity(items.count)
      for item in items { elements.append(try eval(item)) }
      return Value.makeSet(elements)
    case .setFilter(let binding, let predicate):
      var kept: [Value] = []
      let name = binding.names[0].text
      for element in try enumerate(binding.domain) {
        if try withBound(name, element, { () throws in try isTrue(predicate) }) {
          kept.append(element)
        }
      }
      return .set(kept)
    case .setMap(let body, let bindings):
      var results: [Value] = []
      try forEachBinding(bindings, each: { () throws in results.append(try eval(body)) })
      return Value.makeSet(results)
    case .tuple(let items):
      var values: [Value] = []
      for item in items { values.append(try eval(item)) }
      return .sequence(values)
    case .function(let bindings, let body):
      return try buildFunction(bindings, body)
    case .functionSet(let domain, let range):
      return try functionSet(try enumerate(domain), try enumerate(range), at: expr.range)
    case .record(let fields):
      var pairs: [(String, Value)] = []
      for (name, value) in fields { pairs.append((name.text, try eval(value))) }
      return Value.makeRecord(pairs)
    case .recordSet(let fields):
      return try recordSet(fields, at: expr.range)
    case .except(let base, let clauses):
      var value = try eval(base)
      for clause in clauses { value = try except(value, clause.path[...], clause.value) }
      return value
    case .ifThenElse(let condition, let then, let otherwise):
      return try isTrue(condition) ? try eval(then) : try eval(otherwise)
    case .caseOf(let arms, let other):
      for (condition, value) in arms where try isTrue(condition) { return try eval(value) }
      if let other { return try eval(other) }
      throw EvaluationError(
        .evaluationFailed, "no CASE arm applies and there is no OTHER", at: expr.range)
    case .letIn(let definitions, let body):
      let depth = env.count
      defer { env.removeLast(env.count - depth) }
      for definition in definitions {
        env.append((definition.name.text, .definition(definition, scopeDepth: env.count)))
      }
      return try eval(body)
    case .quantified(let quantifier, let bindings, let body):
      let wanted = quantifier == .exists
      var found = false
      try forEachBinding(bindings) { () throws -> Bool in
        if try isTrue(body) == wanted {
          found = true
          return false
        }
        return true
      }
      return .bool(found == wanted)
    case .choose(let name, let domain, let body):
      for element in try enumerate(domain) {
        if try withBound(name.text, element, { () throws in try isTrue(body) }) {
          return element
        }
      }
      throw EvaluationError(
        .chooseNoWitness, "CHOOSE found no value in its domain that satisfies its predicate",
        at: expr.range)
    case .unchanged(let items):
      for item in items {
        let before = try eval(item)
        let after = try withPrimes { () throws in try eval(item) }
        if before != after { return .bool(false) }
      }
      return .bool(true)
    }
  }

  func withPrimes<T>(_ body: () throws -> T) throws -> T {
    let saved = primed
    primed = true
    defer { primed = saved }
    return try body()
  }

  func argument(_ args: [Expr]) throws -> Value {
    if args.count == 1 { return try eval(args[0]) }
    var values: [Value] = []
    for arg in args { values.append(try eval(arg)) }
    return .sequence(values)
  }
}

extension Evaluator {
  /// Replaces the constants' values (the loader fills them in dependency order).
  package func setConstants(_ values: [Value]) {
    constants = values
    boundsCache = [:]
    typeValuesCache = [:]
    definitionCache = [:]
  }
}
