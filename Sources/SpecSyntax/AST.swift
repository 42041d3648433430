/// An expression node. Every node has an `id`, unique within its parse, so later phases
/// keep their facts (resolved names, types) in side tables keyed by it.
package final class Expr: Sendable {
  package let id: Int
  package let kind: ExprKind
  package let range: SourceRange

  package init(id: Int, kind: ExprKind, range: SourceRange) {
    self.id = id
    self.kind = kind
    self.range = range
  }
}

package enum UnaryOperator: String, Sendable {
  case not = "~", negate = "-", domain = "DOMAIN", subset = "SUBSET", union = "UNION"
}

package enum BinaryOperator: String, Sendable {
  case implies = "=>", equiv = "<=>", or = "\\/", and = "/\\"
  case eq = "=", neq = "/=", lt = "<", gt = ">", le = "<=", ge = ">="
  case `in` = "\\in", notin = "\\notin", subseteq = "\\subseteq"
  case range = "..", union = "\\union", intersect = "\\intersect", setminus = "\\"
  case concat = "\\o", fnMerge = "@@", singletonFn = ":>"
  case plus = "+", minus = "-", times = "*", div = "\\div", mod = "%", power = "^"
}

/// `x, y \in S`: names bound over a domain.
package struct Binding: Sendable {
  package var names: [Name]
  package var domain: Expr
  package init(names: [Name], domain: Expr) {
    self.names = names
    self.domain = domain
  }
}

/// A name with the range of its spelling.
package struct Name: Sendable, Equatable {
  package var text: String
  package var range: SourceRange
  package init(_ text: String, _ range: SourceRange) {
    self.text = text
    self.range = range
  }
}

/// One step of an `EXCEPT` path: `![e]` (several indices mean a tuple) or `!.field`.
package enum ExceptStep: Sendable {
  case index([Expr])
  case field(Name)
}

/// `![a][b].c = value` inside `[f EXCEPT ...]`.
package struct ExceptClause: Sendable {
  package var path: [ExceptStep]
  package var value: Expr
  package init(path: [ExceptStep], value: Expr) {
    self.path = path
    self.value = value
  }
}

/// `F(a, b) == e` inside a `LET`; parameters are untyped and checked at each use.
package struct LetDefinition: Sendable {
  package var name: Name
  package var parameters: [Name]
  package var body: Expr
  package init(name: Name, parameters: [Name], body: Expr) {
    self.name = name
    self.parameters = parameters
    self.body = body
  }
}

package enum Quantifier: String, Sendable {
  case forall = "\\A", exists = "\\E"
}

package enum ExprKind: Sendable {
  case name(String)
  case integer(Int)
  case string(String)
  case boolean(Bool)
  /// `@` inside an `EXCEPT` value: the old value at the path.
  case at
  case unary(UnaryOperator, Expr)
  case binary(BinaryOperator, Expr, Expr)
  /// A TLA+ junction list: `/\ a` `/\ b` aligned in a column (`isConjunction`) or `\/`.
  case junction(isConjunction: Bool, [Expr])
  /// `F(args)`: an operator call or a built-in (`Len`, `Cardinality`, ...).
  case call(Name, [Expr])
  /// `f[a]`, or `f[a, b]` meaning `f[<<a, b>>]`.
  case apply(Expr, [Expr])
  case field(Expr, Name)
  case prime(Expr)
  case setEnumeration([Expr])
  /// `{x \in S: P}`
  case setFilter(Binding, Expr)
  /// `{e: x \in S, y \in T}`
  case setMap(Expr, [Binding])
  case tuple([Expr])
  /// `[x \in S, y \in T |-> e]`
  case function([Binding], Expr)
  /// `[S -> T]`
  case functionSet(Expr, Expr)
  /// `[a |-> 1, b |-> 2]`
  case record([(Name, Expr)])
  /// `[a: S, b: T]`
  case recordSet([(Name, Expr)])
  case except(Expr, [ExceptClause])
  case ifThenElse(Expr, Expr, Expr)
  case caseOf([(Expr, Expr)], other: Expr?)
  case letIn([LetDefinition], Expr)
  case quantified(Quantifier, [Binding], Expr)
  case choose(Name, Expr, Expr)
  case unchanged([Expr])
}

extension Expr {
  /// The direct subexpressions, in source order.
  package var children: [Expr] {
    switch kind {
    case .name, .integer, .string, .boolean, .at: return []
    case .unary(_, let e), .prime(let e), .field(let e, _): return [e]
    case .binary(_, let a, let b), .functionSet(let a, let b): return [a, b]
    case .junction(_, let items), .setEnumeration(let items), .tuple(let items),
      .unchanged(let items), .call(_, let items):
      return items
    case .apply(let f, let args): return [f] + args
    case .setFilter(let b, let p): return [b.domain, p]
    case .setMap(let e, let bs): return [e] + bs.map(\.domain)
    case .function(let bs, let e): return bs.map(\.domain) + [e]
    case .record(let fields), .recordSet(let fields): return fields.map(\.1)
    case .except(let base, let clauses):
      var out = [base]
      for clause in clauses {
        for step in clause.path { if case .index(let es) = step { out += es } }
        out.append(clause.value)
      }
      return out
    case .ifThenElse(let c, let t, let e): return [c, t, e]
    case .caseOf(let arms, let other):
      return arms.flatMap { [$0.0, $0.1] } + (other.map { [$0] } ?? [])
    case .letIn(let defs, let body): return defs.map(\.body) + [body]
    case .quantified(_, let bs, let body): return bs.map(\.domain) + [body]
    case .choose(_, let domain, let body): return [domain, body]
    }
  }
}

/// A type as written in the source.
package final class TypeExpr: Sendable {
  package let kind: TypeExprKind
  package let range: SourceRange
  package init(kind: TypeExprKind, range: SourceRange) {
    self.kind = kind
    self.range = range
  }
}

package enum TypeExprKind: Sendable {
  /// `Bool`, `Int`, or an alias declared with `type`.
  case name(String)
  /// `a..b` with constant bounds.
  case range(Expr, Expr)
  /// One string literal of an enumeration.
  case literal(String)
  case set(TypeExpr)
  case sequence(TypeExpr)
  case function(TypeExpr, TypeExpr)
  case record([(Name, TypeExpr)])
  case tuple([TypeExpr])
  /// `A | B | ...`: an enumeration or a union of record types.
  case union([TypeExpr])
}

/// A typed parameter `name: T` of an operator or action.
package struct Parameter: Sendable {
  package var name: Name
  package var type: TypeExpr
  package init(name: Name, type: TypeExpr) {
    self.name = name
    self.type = type
  }
}

package enum DeclarationKind: Sendable {
  case constant(type: TypeExpr, value: Expr?)
  case assume(Expr)
  case typeAlias(TypeExpr)
  case variable(TypeExpr)
  case definition(parameters: [Parameter], result: TypeExpr?, body: Expr)
  /// A conjunct block: one expression per conjunct.
  case initial([Expr])
  case action(parameters: [Parameter], body: [Expr])
  case invariant(Expr)
  case constraint(Expr)
}

/// One top-level declaration. `assume` and `init` have no name of their own; theirs is
/// the keyword.
package struct Declaration: Sendable {
  package var name: Name
  package var kind: DeclarationKind
  package var range: SourceRange
  package init(name: Name, kind: DeclarationKind, range: SourceRange) {
    self.name = name
    self.kind = kind
    self.range = range
  }
}

/// A parsed spec file.
package struct Module: Sendable {
  package var name: Name
  package var declarations: [Declaration]
  /// One more than the largest expression id in the module.
  package var nodeCount: Int
  package init(name: Name, declarations: [Declaration], nodeCount: Int) {
    self.name = name
    self.declarations = declarations
    self.nodeCount = nodeCount
  }
}
