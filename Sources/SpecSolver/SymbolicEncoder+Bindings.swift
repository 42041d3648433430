import SpecRuntime
import SpecSemantics
import SpecSyntax

/// The binding forms of conjunct blocks: `x' = e`, `x'[k] = e`, `x' \in S`, `UNCHANGED`.
extension SymbolicEncoder {
  func bindingTarget(_ lhs: Expr, mode: Mode) -> BindingTarget? {
    BindingTarget.of(lhs, inInit: mode == .initial) { spec.resolutions[$0.id] }
  }

  /// `x' = e` binds, `x'[k] = e` binds or composes; an already bound target is tested.
  func assign(_ target: BindingTarget, _ rhs: Expr, _ branch: Branch, mode: Mode, whole: Expr)
    throws -> [Branch]
  {
    enter(branch, mode: mode)
    let variable = target.variable
    let bound = branch.next[variable] != nil
    if target.path.isEmpty {
      if bound { return restricted(branch, try formula(whole)) }
      var updated = branch
      updated.next[variable] = try encode(rhs)
      return [updated]
    }
    if bound, !branch.composed[variable] { return restricted(branch, try formula(whole)) }
    let base = try branch.next[variable] ?? self.variable(variable, at: whole.range, current: true)
    var keys: [(SymbolicValue, SourceRange)] = []
    for step in target.path {
      guard case .apply(_, let args) = step.kind else { continue }
      keys.append((try argument(args), step.range))
    }
    let value = try encode(rhs)
    var updated = branch
    updated.next[variable] = try replacing(in: base, keys[...], with: value)
    updated.composed[variable] = true
    return [updated]
  }

  private func variable(_ index: Int, at range: SourceRange, current: Bool) throws -> SymbolicValue
  {
    guard index < state.count else {
      throw EncodingError(.internalError, "variable read before it is bound", at: range)
    }
    return state[index]
  }

  /// `f` with the value at the path of keys replaced; a failure where a key is outside
  /// its function's domain.
  func replacing(
    in base: SymbolicValue, _ keys: ArraySlice<(SymbolicValue, SourceRange)>,
    with value: SymbolicValue
  )
    throws -> SymbolicValue
  {
    guard let (key, range) = keys.first else { return value }
    let rest = keys.dropFirst()
    switch base {
    case .alternatives(let choices):
      var cases: [(Term, SymbolicValue)] = []
      for choice in choices {
        cases.append(
          (
            choice.condition,
            try under(choice.condition) { try replacing(in: choice.value, keys, with: value) }
          ))
      }
      guard let last = cases.last else { return base }
      return chain(Array(cases.dropLast()), otherwise: last.1)
    case .sequence(let length, var items):
      var inside: [Term] = []
      for index in items.indices {
        let matches = terms.and(
          terms.lt(terms.int(index), length), try equal(key, .int(terms.int(index + 1)), at: range))
        if matches.isFalse { continue }
        inside.append(matches)
        items[index] = ite(
          matches, try under(matches) { try replacing(in: items[index], rest, with: value) },
          items[index])
      }
      fail(
        terms.not(terms.or(inside)), .outsideDomain,
        "function applied to an argument outside its domain", at: range)
      return .sequence(length: length, items: items)
    case .record(let names, var values):
      var inside: [Term] = []
      for index in names.indices {
        let matches = try equal(
          key, .string(terms.int(strings.code(names[index]) ?? -1)), at: range)
        if matches.isFalse { continue }
        inside.append(matches)
        values[index] = ite(
          matches, try under(matches) { try replacing(in: values[index], rest, with: value) },
          values[index])
      }
      fail(terms.not(terms.or(inside)), .outsideDomain, "record has no such field", at: range)
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
        found[index].value = ite(
          matches, try under(matches) { try replacing(in: found[index].value, rest, with: value) },
          found[index].value)
      }
      fail(
        terms.not(terms.or(inside)), .outsideDomain,
        "function applied to an argument outside its domain", at: range)
      return .function(found)
    default:
      throw EncodingError(.internalError, "a \(base.kindName) updated like a function", at: range)
    }
  }

  /// `x' \in S`: a branch per element of a small set, or a fresh element; a test when bound.
  func chooseNext(_ variable: Int, _ setExpr: Expr, _ branch: Branch, mode: Mode, whole: Expr)
    throws -> [Branch]
  {
    enter(branch, mode: mode)
    if branch.next[variable] != nil { return restricted(branch, try formula(whole)) }
    var results: [Branch] = []
    let name = spec.variables[variable].name.text
    for (condition, value) in try bindingChoices(setExpr, hint: name + "'") {
      for chosen in restricted(branch, condition) {
        var updated = chosen
        updated.next[variable] = value
        results.append(updated)
      }
    }
    return results
  }

  func unchanged(_ items: [Expr], _ branch: Branch, mode: Mode) throws -> Branch? {
    var updated = branch
    for item in items {
      switch item.kind {
      case .tuple(let members):
        guard let inner = try unchanged(members, updated, mode: mode) else { return nil }
        updated = inner
      default:
        guard case .variable(let index) = spec.resolutions[item.id] else { continue }
        let current = try variable(index, at: item.range, current: true)
        if let bound = updated.next[index] {
          enter(updated, mode: mode)
          guard let kept = restricted(updated, try equal(bound, current, at: item.range)).first
          else {
            return nil
          }
          updated = kept
        } else {
          updated.next[index] = current
        }
      }
    }
    return updated
  }
}
