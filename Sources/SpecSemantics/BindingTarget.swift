import SpecSyntax

/// What the left side of `=` or `\in` in a conjunct block would bind: `x'`, `x'[k]...`
/// in an action, or `x` in `init`. The explicit evaluator and the symbolic encoder both
/// follow TLC's binding rules from this one reading of the syntax.
package struct BindingTarget: Sendable {
  /// The bound variable's index.
  package var variable: Int
  /// The `apply` nodes of `x'[a][b]`, outermost last: the path being assigned.
  package var path: [Expr]

  /// The target of `lhs`, or nil when it binds nothing. `resolve` gives a name's
  /// resolution (callers pass their fastest lookup of `TypedSpec.resolutions`).
  package static func of(_ lhs: Expr, inInit: Bool, resolve: (Expr) -> Resolution?)
    -> BindingTarget?
  {
    var path: [Expr] = []
    var current = lhs
    while true {
      switch current.kind {
      case .apply(let function, _):
        path.append(current)
        current = function
      case .prime(let operand) where !inInit:
        guard case .variable(let index) = resolve(operand) else { return nil }
        return BindingTarget(variable: index, path: path.reversed())
      case .name where inInit && path.isEmpty:
        guard case .variable(let index) = resolve(current) else { return nil }
        return BindingTarget(variable: index, path: [])
      default:
        return nil
      }
    }
  }
}
