import SpecRuntime
import SpecSemantics
import SpecSyntax

/// One way through the conjuncts of `init` or of an action: the condition for taking it
/// and the next-state values it binds.
package struct Branch {
  package var condition: Term
  /// The next value of each variable, nil where the branch does not bind it.
  package var next: [SymbolicValue?]
  /// Variables bound by `x'[k] = e`: later `x'[j] = e` compose instead of testing.
  var composed: [Bool]
}

/// An action encoded from a symbolic state: its parameters (fresh, existentially
/// quantified) and its branches.
package struct EncodedAction {
  package var action: Int
  package var parameters: [SymbolicValue]
  package var branches: [Branch]
}

/// TLC's conjunct semantics, as `ActionInterpreter` implements it, over symbolic values:
/// the first `x' = e` / `x' \in S` binds (in `init`: `x = e` / `x \in S`), later mentions
/// test; `\/`, `\E`, `IF` and `CASE` branch; `LET` and action-level operators are entered.
extension SymbolicEncoder {
  enum Mode { case initial, action }

  /// The branches of `init`; every variable bound in each (a failure otherwise), with the
  /// conditions that the values are of their declared types among the failures.
  package func encodeInit() throws -> [Branch] {
    let count = spec.variables.count
    let start = Branch(
      condition: terms.trueTerm, next: Array(repeating: nil, count: count),
      composed: Array(repeating: false, count: count))
    state = []
    defer { initMode = false }
    let branches = try execute(spec.initial, from: start, mode: .initial)
    initMode = false
    for branch in branches {
      pathCondition = branch.condition
      for (index, variable) in spec.variables.enumerated() {
        guard let value = branch.next[index] else {
          fail(
            terms.trueTerm, .unboundVariable,
            "init does not bind variable '\(variable.name.text)' in every case",
            at: variable.name.range)
          continue
        }
        let inside = try member(value, ofType: variable.type, at: variable.name.range)
        fail(
          terms.not(inside), .outsideType,
          "init sets '\(variable.name.text)' to a value outside its declared type",
          at: variable.name.range)
      }
    }
    pathCondition = terms.trueTerm
    return branches
  }

  /// The branches of one action from `state` (the encoder's current state); failures
  /// record where it goes wrong or leaves a declared type.
  ///
  /// - Parameter arguments: concrete arguments (one instance of the action), or nil for
  ///   fresh parameters of their declared types.
  package func encodeAction(_ index: Int, arguments: [Value]? = nil) throws -> EncodedAction {
    let action = spec.actions[index]
    let count = spec.variables.count
    var parameters: [SymbolicValue] = arguments?.map(lift) ?? []
    var constraints: [Term] = []
    for parameter in action.parameters where arguments == nil {
      let (value, inside) = try freshValue(
        of: parameter.type, hint: "\(action.name.text).\(parameter.name.text)",
        at: parameter.name.range)
      parameters.append(value)
      constraints.append(inside)
    }
    env = zip(action.parameters, parameters).map { ($0.name.text, .value($1)) }
    defer { env = [] }
    let start = Branch(
      condition: terms.and(constraints), next: Array(repeating: nil, count: count),
      composed: Array(repeating: false, count: count))
    let branches = try execute(action.body, from: start, mode: .action)
    for branch in branches {
      pathCondition = branch.condition
      for (variableIndex, variable) in spec.variables.enumerated() {
        guard let value = branch.next[variableIndex] else { continue }
        let inside = try member(value, ofType: variable.type, at: action.name.range)
        fail(
          terms.not(inside), .outsideType,
          "action '\(action.name.text)' sets '\(variable.name.text)' to a value outside its declared type",
          at: action.name.range)
      }
    }
    pathCondition = terms.trueTerm
    return EncodedAction(action: index, parameters: parameters, branches: branches)
  }

  /// Every combination of arguments of an action whose parameters have few values (at
  /// most `limit` combinations), in the order `CompiledSpec` enumerates them; nil when
  /// there are more, or a parameter type cannot be listed.
  package func instances(of index: Int, limit: Int = 64) -> [[Value]]? {
    var combinations: [[Value]] = [[]]
    for parameter in spec.actions[index].parameters {
      guard let values = try? typeValues(parameter.type, at: parameter.name.range),
        combinations.count * values.count <= limit
      else { return nil }
      combinations = combinations.flatMap { prefix in values.map { prefix + [$0] } }
    }
    return combinations
  }

  func execute(_ conjuncts: [Expr], from start: Branch, mode: Mode) throws -> [Branch] {
    var branches = [start]
    for conjunct in conjuncts {
      branches = try execute(conjunct, branches, mode: mode)
      if branches.isEmpty { break }
    }
    return branches
  }

  /// Sets up the context so expressions read the branch's bindings.
  func enter(_ branch: Branch, mode: Mode) {
    next = branch.next
    initMode = mode == .initial
    pathCondition = branch.condition
  }

  func execute(_ expr: Expr, _ branches: [Branch], mode: Mode) throws -> [Branch] {
    switch expr.kind {
    case .junction(true, let items):
      var current = branches
      for item in items {
        current = try execute(item, current, mode: mode)
        if current.isEmpty { break }
      }
      return current
    case .binary(.and, let lhs, let rhs):
      let left = try execute(lhs, branches, mode: mode)
      return left.isEmpty ? [] : try execute(rhs, left, mode: mode)
    case .junction(false, let items):
      var results: [Branch] = []
      for item in items { results += try execute(item, branches, mode: mode) }
      return results
    case .binary(.or, let lhs, let rhs):
      return try execute(lhs, branches, mode: mode) + execute(rhs, branches, mode: mode)
    case .binary(.eq, let lhs, let rhs):
      if let target = bindingTarget(lhs, mode: mode) {
        return try branches.flatMap { try assign(target, rhs, $0, mode: mode, whole: expr) }
      }
    case .binary(.in, let lhs, let rhs):
      if let target = bindingTarget(lhs, mode: mode), target.path.isEmpty {
        return try branches.flatMap {
          try chooseNext(target.variable, rhs, $0, mode: mode, whole: expr)
        }
      }
    case .unchanged(let items):
      return try branches.compactMap { try unchanged(items, $0, mode: mode) }
    case .quantified(.exists, let bindings, let body):
      var results: [Branch] = []
      for branch in branches {
        enter(branch, mode: mode)
        let names = bindings.flatMap { binding in binding.names.map { ($0.text, binding.domain) } }
        try bindExisting(names[...], branch, mode: mode) { chosen in
          results += try execute(body, [chosen], mode: mode)
        }
      }
      return results
    case .ifThenElse(let condition, let then, let otherwise):
      var results: [Branch] = []
      for branch in branches {
        enter(branch, mode: mode)
        let c = try formula(condition)
        results += try execute(then, restricted(branch, c), mode: mode)
        results += try execute(otherwise, restricted(branch, terms.not(c)), mode: mode)
      }
      return results
    case .caseOf(let arms, let other):
      return try executeCase(arms, other, expr, branches, mode: mode)
    case .letIn(let definitions, let body):
      let depth = env.count
      defer { env.removeLast(env.count - depth) }
      for definition in definitions {
        env.append((definition.name.text, .definition(definition, scopeDepth: env.count)))
      }
      return try execute(body, branches, mode: mode)
    case .call, .name:
      if case .definition(let index) = spec.resolutions[expr.id],
        spec.definitions[index].level == .action
      {
        return try enterDefinition(index, expr, branches, mode: mode)
      }
    default:
      break
    }
    // Anything else is a guard.
    return try branches.compactMap { branch in
      enter(branch, mode: mode)
      return restricted(branch, try formula(expr)).first
    }
  }

  /// The branch with its condition strengthened, or nothing when that is false.
  func restricted(_ branch: Branch, _ condition: Term) -> [Branch] {
    var copy = branch
    copy.condition = terms.and(branch.condition, condition)
    return copy.condition.isFalse ? [] : [copy]
  }

  private func executeCase(
    _ arms: [(Expr, Expr)], _ other: Expr?, _ expr: Expr, _ branches: [Branch], mode: Mode
  ) throws -> [Branch] {
    var results: [Branch] = []
    for branch in branches {
      enter(branch, mode: mode)
      var noneYet = terms.trueTerm
      var taken: [(Term, Expr)] = []
      for (condition, value) in arms {
        let c = try under(noneYet) { try formula(condition) }
        taken.append((terms.and(noneYet, c), value))
        noneYet = terms.and(noneYet, terms.not(c))
        if noneYet.isFalse { break }
      }
      if let other {
        taken.append((noneYet, other))
      } else {
        fail(
          noneYet, .evaluationFailed, "no CASE arm applies and there is no OTHER", at: expr.range)
      }
      for (condition, value) in taken {
        results += try execute(value, restricted(branch, condition), mode: mode)
      }
    }
    return results
  }

  /// Binds the names of an `\E` in turn: one branch per element of a small set, or one
  /// branch with a fresh element when the set is large or lazy.
  private func bindExisting(
    _ names: ArraySlice<(String, Expr)>, _ branch: Branch, mode: Mode,
    _ body: (Branch) throws -> Void
  ) throws {
    guard let (name, domain) = names.first else { return try body(branch) }
    enter(branch, mode: mode)
    for (condition, value) in try bindingChoices(domain, hint: name) {
      for chosen in restricted(branch, condition) {
        try withBound(name, value) { try bindExisting(names.dropFirst(), chosen, mode: mode, body) }
      }
    }
  }

  /// The ways to pick an element of the set `setExpr` denotes in a binding context. A
  /// filter over a large or lazy set becomes a fresh element of that set that satisfies
  /// the filter, so `x' \in {r \in [a: S, b: T] : P(r)}` needs no listing.
  func bindingChoices(_ setExpr: Expr, hint: String) throws -> [(Term, SymbolicValue)] {
    if case .setFilter(let binding, let predicate) = setExpr.kind {
      let domain = try encode(binding.domain)
      var small = false
      if case .set(let items) = domain, items.count <= 64 { small = true }
      if !small {
        guard let (value, inside) = try choose(from: domain, hint: hint, at: binding.domain.range)
        else { return [] }
        let holds = try under(inside) {
          try withBound(binding.names[0].text, value) { try formula(predicate) }
        }
        return [(terms.and(inside, holds), value)]
      }
    }
    return try bindingOptions(try encode(setExpr), hint: hint, at: setExpr.range)
  }

  /// The ways to pick an element of `set` in a binding context.
  func bindingOptions(_ set: SymbolicValue, hint: String, at range: SourceRange) throws
    -> [(Term, SymbolicValue)]
  {
    var listed: [Guarded]? = nil
    switch set {
    case .set(let items): listed = items
    case .lazySet(.range(let a, let b)) where a.intConstant != nil && b.intConstant != nil:
      listed = try? elements(of: set, at: range)
    case .lazySet(.type(let type)) where !type.isFinite:
      listed = nil
    case .lazySet(.type):
      listed = try? elements(of: set, at: range)
    default:
      listed = nil
    }
    if let listed, listed.count <= 64 {
      return listed.filter { !$0.condition.isFalse }.map { ($0.condition, $0.value) }
    }
    guard let (value, inside) = try choose(from: set, hint: hint, at: range) else { return [] }
    return [(inside, value)]
  }

  /// An action-level operator used as a conjunct: its body binds like inline conjuncts.
  private func enterDefinition(_ index: Int, _ expr: Expr, _ branches: [Branch], mode: Mode) throws
    -> [Branch]
  {
    let definition = spec.definitions[index]
    let saved = env
    defer { env = saved }
    guard case .call(_, let argExprs) = expr.kind else {
      env = []
      return try execute(definition.body, branches, mode: mode)
    }
    var results: [Branch] = []
    for branch in branches {
      enter(branch, mode: mode)
      env = saved
      let args = try argExprs.map { try encode($0) }
      env = zip(definition.parameters, args).map { ($0.name.text, .value($1)) }
      results += try execute(definition.body, [branch], mode: mode)
    }
    return results
  }
}
