import SpecSemantics
import SpecSyntax

/// Next-state values bound so far along one branch of an action (or of `init`).
struct Partial {
  var next: [Value?]
  /// Variables bound by `x'[k] = e`: later `x'[j] = e` compose instead of testing.
  var composed: [Bool]
  /// Where each variable was last bound, so a value outside its type is reported at the
  /// assignment that made it.
  var origins: [SourceRange?]

  init(variables: Int) {
    next = Array(repeating: nil, count: variables)
    composed = Array(repeating: false, count: variables)
    origins = Array(repeating: nil, count: variables)
  }
}

/// TLC's semantics of conjunct lists: the first `x' = e` or `x' \in S` binds (in `init`:
/// `x = e`, `x \in S`), later mentions test; `\/`, `\E`, `IF`, `CASE` branch, each branch
/// binding on its own; `LET` and action-level operators are entered.
extension Evaluator {
  enum Mode { case initial, action }

  /// Runs a conjunct list from `start`, returning every branch that survives.
  func execute(_ conjuncts: [Expr], from start: Partial, mode: Mode) throws -> [Partial] {
    var partials = [start]
    for conjunct in conjuncts {
      partials = try execute(conjunct, partials, mode: mode)
      if partials.isEmpty { break }
    }
    return partials
  }

  /// Sets up `next` (and init mode) so expressions read the partial's bindings.
  func enter(_ partial: Partial, mode: Mode) {
    next = partial.next
    initMode = mode == .initial
  }

  func execute(_ expr: Expr, _ partials: [Partial], mode: Mode) throws -> [Partial] {
    switch expr.kind {
    case .junction(true, let items):
      var current = partials
      for item in items {
        current = try execute(item, current, mode: mode)
        if current.isEmpty { break }
      }
      return current
    case .binary(.and, let lhs, let rhs):
      let left = try execute(lhs, partials, mode: mode)
      return left.isEmpty ? [] : try execute(rhs, left, mode: mode)
    case .junction(false, let items):
      var results: [Partial] = []
      for item in items { results += try execute(item, partials, mode: mode) }
      return results
    case .binary(.or, let lhs, let rhs):
      return try execute(lhs, partials, mode: mode) + execute(rhs, partials, mode: mode)
    case .binary(.eq, let lhs, let rhs):
      if let target = bindingTarget(lhs, mode: mode) {
        return try partials.flatMap { partial throws in
          try assign(target, rhs, partial, mode: mode, whole: expr)
        }
      }
    case .binary(.in, let lhs, let rhs):
      if let target = bindingTarget(lhs, mode: mode), target.path.isEmpty {
        return try partials.flatMap { partial throws in
          try choose(target.variable, rhs, partial, mode: mode, whole: expr)
        }
      }
    case .unchanged(let items):
      return try partials.compactMap { partial throws in
        try unchanged(items, partial, mode: mode)
      }
    case .quantified(.exists, let bindings, let body):
      var results: [Partial] = []
      for partial in partials {
        enter(partial, mode: mode)
        try forEachBinding(bindings, each: { () throws in
          results += try execute(body, [partial], mode: mode)
        })
      }
      return results
    case .ifThenElse(let condition, let then, let otherwise):
      var results: [Partial] = []
      for partial in partials {
        enter(partial, mode: mode)
        results += try execute(try isTrue(condition) ? then : otherwise, [partial], mode: mode)
      }
      return results
    case .caseOf(let arms, let other):
      var results: [Partial] = []
      for partial in partials {
        enter(partial, mode: mode)
        var chosen: Expr? = nil
        for (condition, value) in arms where try isTrue(condition) {
          chosen = value
          break
        }
        guard let branch = chosen ?? other else {
          throw EvaluationError(
            .evaluationFailed, "no CASE arm applies and there is no OTHER", at: expr.range)
        }
        results += try execute(branch, [partial], mode: mode)
      }
      return results
    case .letIn(let definitions, let body):
      let depth = env.count
      defer { env.removeLast(env.count - depth) }
      for definition in definitions {
        env.append((definition.name.text, .definition(definition, scopeDepth: env.count)))
      }
      return try execute(body, partials, mode: mode)
    case .call, .name:
      if case .definition(let index) = resolution(expr),
        spec.definitions[index].level == .action
      {
        return try enterDefinition(index, expr, partials, mode: mode)
      }
    default:
      break
    }
    // Anything else is a guard.
    return try partials.filter { partial throws in
      enter(partial, mode: mode)
      return try isTrue(expr)
    }
  }

  /// An action-level operator used as a conjunct: its body binds like inline conjuncts.
  func enterDefinition(_ index: Int, _ expr: Expr, _ partials: [Partial], mode: Mode) throws
    -> [Partial]
  {
    let definition = spec.definitions[index]
    var args: [Value] = []
    if case .call(_, let argExprs) = expr.kind {
      for partial in partials.prefix(1) { enter(partial, mode: mode) }
      var results: [Partial] = []
      for partial in partials {
        enter(partial, mode: mode)
        args = try argExprs.map { try eval($0) }
        results += try withDefinitionScope(definition, args) {
          try execute(definition.body, [partial], mode: mode)
        }
      }
      return results
    }
    return try withDefinitionScope(definition, args) {
      try execute(definition.body, partials, mode: mode)
    }
  }

  func withDefinitionScope<T>(_ definition: DefinitionDecl, _ args: [Value], _ body: () throws -> T)
    rethrows -> T
  {
    let saved = env
    env = zip(definition.parameters, args).map { ($0.name.text, .value($1)) }
    defer { env = saved }
    return try body()
  }

  func bindingTarget(_ lhs: Expr, mode: Mode) -> BindingTarget? {
    BindingTarget.of(lhs, inInit: mode == .initial) { resolution($0) }
  }

  /// `x' = e` binds, `x'[k] = e` binds or composes; an already bound target is tested.
  func assign(_ target: BindingTarget, _ rhs: Expr, _ partial: Partial, mode: Mode, whole: Expr)
    throws -> [Partial]
  {
    enter(partial, mode: mode)
    let variable = target.variable
    let bound = partial.next[variable] != nil
    if target.path.isEmpty {
      if bound { return try isTrue(whole) ? [partial] : [] }
      var updated = partial
      updated.next[variable] = try eval(rhs)
      updated.origins[variable] = whole.range
      return [updated]
    }
    if bound, !partial.composed[variable] { return try isTrue(whole) ? [partial] : [] }
    let base = try partial.next[variable] ?? self.variable(variable, unprimedAt: whole.range)
    var keys: [Value] = []
    for step in target.path {
      guard case .apply(_, let args) = step.kind else { continue }
      keys.append(try argument(args))
    }
    let value = try eval(rhs)
    var updated = partial
    updated.next[variable] = try replacing(in: base, keys[...], with: value, at: target.path)
    updated.composed[variable] = true
    updated.origins[variable] = whole.range
    return [updated]
  }

  func variable(_ index: Int, unprimedAt range: SourceRange) throws -> Value {
    guard index < state.count else {
      throw EvaluationError(.unboundVariable, "variable read before it is bound", at: range)
    }
    return state[index]
  }

  /// `f` with the value at the path `keys` replaced.
  func replacing(in base: Value, _ keys: ArraySlice<Value>, with value: Value, at path: [Expr])
    throws -> Value
  {
    guard let key = keys.first else { return value }
    let step = path[path.count - keys.count]
    let inner = try apply(base, key, at: step.range)
    let replaced = try replacing(in: inner, keys.dropFirst(), with: value, at: path)
    switch base {
    case .sequence(var items):
      if case .int(let i) = key { items[i - 1] = replaced }
      return .sequence(items)
    case .function(let keyList, var values):
      if let index = Value.index(of: key, in: keyList) { values[index] = replaced }
      return .function(keys: keyList, values: values)
    case .record(let names, var values):
      if case .string(let name) = key, let index = names.firstIndex(of: name) {
        values[index] = replaced
      }
      return .record(names: names, values: values)
    default:
      return base
    }
  }

  /// `x' \in S`: one branch per element when unbound, a test when bound.
  func choose(_ variable: Int, _ setExpr: Expr, _ partial: Partial, mode: Mode, whole: Expr)
    throws -> [Partial]
  {
    enter(partial, mode: mode)
    if partial.next[variable] != nil { return try isTrue(whole) ? [partial] : [] }
    return try enumerate(setExpr).map { element in
      var updated = partial
      updated.next[variable] = element
      updated.origins[variable] = whole.range
      return updated
    }
  }

  func unchanged(_ items: [Expr], _ partial: Partial, mode: Mode) throws -> Partial? {
    var updated = partial
    for item in items {
      switch item.kind {
      case .tuple(let members):
        guard let inner = try unchanged(members, updated, mode: mode) else { return nil }
        updated = inner
      default:
        guard case .variable(let index) = resolution(item) else { continue }
        let current = try variable(index, unprimedAt: item.range)
        if let bound = updated.next[index] {
          if bound != current { return nil }
        } else {
          updated.next[index] = current
        }
      }
    }
    return updated
  }
}
