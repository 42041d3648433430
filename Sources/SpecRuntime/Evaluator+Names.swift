import SpecSemantics
import SpecSyntax

extension Evaluator {
  func evalName(_ name: String, _ expr: Expr) throws -> Value {
    switch resolution(expr) {
    case .local(let local):
      guard let (binding, _) = lookup(local) else {
        throw EvaluationError(.unboundVariable, "'\(name)' is not bound here", at: expr.range)
      }
      switch binding {
      case .value(let value): return value
      case .definition(let definition, let depth):
        return try evalLetDefinition(definition, args: [], depth: depth, at: expr.range)
      }
    case .variable(let index):
      return try variable(index, at: expr.range)
    case .constant(let index):
      return constants[index]
    case .definition(let index):
      return try callDefinition(index, args: [], at: expr.range)
    case .predicate(.invariant(let index)):
      return try eval(spec.invariants[index].body)
    case .predicate(.constraint(let index)):
      return try eval(spec.constraints[index].body)
    case .typeSet(let set):
      return .set(try values(of: set.type, named: set.name, at: expr.range))
    case .builtin, nil:
      throw EvaluationError(.internalError, "unresolved name '\(name)'", at: expr.range)
    }
  }

  /// A state variable's value, from the next state when primed.
  func variable(_ index: Int, at range: SourceRange) throws -> Value {
    if primed || initMode {
      guard index < next.count, let value = next[index] else {
        let name = spec.variables[index].name.text
        throw EvaluationError(
          .unboundVariable,
          initMode
            ? "variable '\(name)' is read before init binds it"
            : "'\(name)'' is read before the action binds it",
          at: range)
      }
      return value
    }
    guard index < state.count else {
      throw EvaluationError(
        .unboundVariable,
        "variable '\(spec.variables[index].name.text)' is read before init binds it", at: range)
    }
    return state[index]
  }

  func evalCall(_ name: Name, _ args: [Expr], _ expr: Expr) throws -> Value {
    switch resolution(expr) {
    case .definition(let index):
      var values: [Value] = []
      for arg in args { values.append(try eval(arg)) }
      return try callDefinition(index, args: values, at: expr.range)
    case .local(let local):
      guard let (binding, _) = lookup(local), case .definition(let definition, let depth) = binding
      else {
        throw EvaluationError(.notCallable, "'\(name.text)' is not an operator", at: name.range)
      }
      var values: [Value] = []
      for arg in args { values.append(try eval(arg)) }
      return try evalLetDefinition(definition, args: values, depth: depth, at: expr.range)
    case .builtin(let builtin):
      return try callBuiltin(builtin, args, expr)
    default:
      throw EvaluationError(.internalError, "unresolved operator '\(name.text)'", at: name.range)
    }
  }

  /// Evaluates a top-level operator with fresh bindings for its parameters.
  func callDefinition(_ index: Int, args: [Value], at range: SourceRange) throws
    -> Value
  {
    let definition = spec.definitions[index]
    let cacheable = args.isEmpty && definition.level == .constant
    if cacheable, let cached = definitionCache[index] { return cached }
    // A state-level operator reads the current state (unprimed, outside init) and its
    // arguments only, so within one state its answer is remembered: Paxos' invariant asks
    // votes(a) 36 times a state for 3 acceptors. A remembered answer is used only where
    // evaluating it again would not pass the depth limit, so errors stay the same.
    let remembered = definition.level == .state && !primed && !initMode
    let key = remembered ? CallKey(definition: index, args: args) : nil
    if let key, let cached = callCache[key], callDepth + cached.depth <= Self.maxCallDepth {
      deepestCall = max(deepestCall, callDepth + cached.depth)
      return cached.value
    }
    let saved = env
    env = []
    defer { env = saved }
    for (parameter, value) in zip(definition.parameters, args) {
      env.append((parameter.name.text, .value(value)))
    }
    if env.count > 10_000 || callDepth > Self.maxCallDepth {
      throw EvaluationError(
        .evaluationFailed, "operator '\(definition.name.text)' recursed too deeply", at: range)
    }
    let start = callDepth
    let outerDeepest = deepestCall
    deepestCall = start
    callDepth += 1
    defer {
      callDepth -= 1
      deepestCall = max(outerDeepest, deepestCall)
    }
    let value = try eval(definition.body)
    if cacheable { definitionCache[index] = value }
    if let key { callCache[key] = CachedCall(value: value, depth: deepestCall - start) }
    return value
  }

  func evalLetDefinition(
    _ definition: LetDefinition, args: [Value], depth: Int, at range: SourceRange
  ) throws -> Value {
    let saved = env
    env.removeLast(env.count - depth)
    defer { env = saved }
    for (parameter, value) in zip(definition.parameters, args) {
      env.append((parameter.text, .value(value)))
    }
    return try eval(definition.body)
  }

  func callBuiltin(_ builtin: Builtin, _ args: [Expr], _ expr: Expr) throws
    -> Value
  {
    func sequence(_ index: Int) throws -> [Value] {
      let value = try eval(args[index])
      guard case .sequence(let items) = value else {
        throw EvaluationError(
          .evaluationFailed, "\(builtin.rawValue) needs a sequence, found \(value)",
          at: args[index].range)
      }
      return items
    }
    switch builtin {
    case .len:
      return .int(try sequence(0).count)
    case .head:
      let items = try sequence(0)
      guard let first = items.first else {
        throw EvaluationError(.emptySequence, "Head of the empty sequence", at: expr.range)
      }
      return first
    case .tail:
      let items = try sequence(0)
      guard !items.isEmpty else {
        throw EvaluationError(.emptySequence, "Tail of the empty sequence", at: expr.range)
      }
      return .sequence(Array(items.dropFirst()))
    case .append:
      let items = try sequence(0)
      return .sequence(items + [try eval(args[1])])
    case .subSeq:
      let items = try sequence(0)
      let m = try integer(args[1])
      let n = try integer(args[2])
      if m > n { return .sequence([]) }
      guard m >= 1, n <= items.count else {
        throw EvaluationError(
          .emptySequence, "SubSeq(s, \(m), \(n)) is outside 1..\(items.count)", at: expr.range)
      }
      return .sequence(Array(items[(m - 1)..<n]))
    case .cardinality:
      return .int(try enumerate(args[0]).count)
    }
  }

  func integer(_ expr: Expr) throws -> Int {
    let value = try eval(expr)
    guard case .int(let i) = value else {
      throw EvaluationError(
        .evaluationFailed, "expected an integer, found \(value)", at: expr.range)
    }
    return i
  }
}
