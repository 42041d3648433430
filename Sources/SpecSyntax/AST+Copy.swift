/// Deep copies of syntax trees.
///
/// Worker threads each evaluate their own copy of the spec's trees: reading a shared
/// class instance retains and releases it, and many threads doing that to the same nodes
/// contend on their reference counts. A copy keeps node ids, so side tables still apply.
package struct ExprCopier {
  private var copies: [ObjectIdentifier: Expr] = [:]

  package init() {}

  /// A copy of `expr`; a node reached twice is copied once.
  package mutating func copy(_ expr: Expr) -> Expr {
    if let done = copies[ObjectIdentifier(expr)] { return done }
    let copied = Expr(id: expr.id, kind: copy(expr.kind), range: expr.range)
    copies[ObjectIdentifier(expr)] = copied
    return copied
  }

  mutating func copy(_ binding: Binding) -> Binding {
    Binding(names: binding.names, domain: copy(binding.domain))
  }

  mutating func copy(_ kind: ExprKind) -> ExprKind {
    switch kind {
    case .name, .integer, .string, .boolean, .at: return kind
    case .unary(let op, let e): return .unary(op, copy(e))
    case .binary(let op, let a, let b): return .binary(op, copy(a), copy(b))
    case .junction(let isConjunction, let items):
      return .junction(isConjunction: isConjunction, items.map { copy($0) })
    case .call(let name, let args): return .call(name, args.map { copy($0) })
    case .apply(let f, let args): return .apply(copy(f), args.map { copy($0) })
    case .field(let e, let name): return .field(copy(e), name)
    case .prime(let e): return .prime(copy(e))
    case .setEnumeration(let items): return .setEnumeration(items.map { copy($0) })
    case .setFilter(let b, let p): return .setFilter(copy(b), copy(p))
    case .setMap(let e, let bs): return .setMap(copy(e), bs.map { copy($0) })
    case .tuple(let items): return .tuple(items.map { copy($0) })
    case .function(let bs, let e): return .function(bs.map { copy($0) }, copy(e))
    case .functionSet(let a, let b): return .functionSet(copy(a), copy(b))
    case .record(let fields): return .record(fields.map { ($0.0, copy($0.1)) })
    case .recordSet(let fields): return .recordSet(fields.map { ($0.0, copy($0.1)) })
    case .except(let base, let clauses):
      return .except(
        copy(base),
        clauses.map { clause in
          ExceptClause(
            path: clause.path.map { step in
              switch step {
              case .index(let es): return .index(es.map { copy($0) })
              case .field: return step
              }
            }, value: copy(clause.value))
        })
    case .ifThenElse(let c, let t, let e): return .ifThenElse(copy(c), copy(t), copy(e))
    case .caseOf(let arms, let other):
      return .caseOf(arms.map { (copy($0.0), copy($0.1)) }, other: other.map { copy($0) })
    case .letIn(let definitions, let body):
      return .letIn(
        definitions.map {
          LetDefinition(name: $0.name, parameters: $0.parameters, body: copy($0.body))
        }, copy(body))
    case .quantified(let q, let bs, let body): return .quantified(q, bs.map { copy($0) }, copy(body))
    case .choose(let name, let domain, let body): return .choose(name, copy(domain), copy(body))
    case .unchanged(let items): return .unchanged(items.map { copy($0) })
    }
  }
}
