import SpecSyntax

/// The result of checking one expression against an already analysed spec.
package struct ExpressionAnalysis: Sendable {
  /// The spec with the expression's resolutions and types added to its side tables; use
  /// it (not the original) to evaluate the expression.
  package var spec: TypedSpec
  package var type: Ty
  package var level: Level
  /// Errors found in the expression; the expression may be evaluated only when empty.
  package var diagnostics: [Diagnostic]
}

extension Analyzer {
  /// Resolves and type-checks an expression written outside the spec (`explore`'s `eval`,
  /// `find` and `take` arguments) against the names of a valid spec, as an invariant's
  /// body is checked: state variables are visible, primes are not (unless
  /// `allowsPrimes`).
  ///
  /// The expression's node ids must not be used by the spec (parse it with a `firstID`
  /// above every id the spec holds). Its ranges refer to its own text: the spec's file is
  /// swapped for `file` while checking, so messages quote the right source. Nothing of
  /// the spec is re-checked: operator types come from the spec's side tables.
  package static func analyzeExpression(
    _ expr: Expr, file: SourceFile, in spec: TypedSpec, place: String = "an expression",
    allowsPrimes: Bool = false
  ) -> ExpressionAnalysis {
    var analyzer = Analyzer(spec: spec)
    analyzer.spec.file = file
    analyzer.declareGlobals(of: spec)
    analyzer.context = Context(allowsPrimes: allowsPrimes, place: place)
    let typed = analyzer.infer(expr)
    analyzer.spec.file = spec.file
    return ExpressionAnalysis(
      spec: analyzer.spec, type: typed.type, level: typed.level,
      diagnostics: analyzer.diagnostics.items)
  }

  /// Rebuilds the global name table from an analysed spec instead of its module.
  mutating func declareGlobals(of spec: TypedSpec) {
    for (index, constant) in spec.constants.enumerated() {
      globals[constant.name.text] = .constant(index)
    }
    for (index, variable) in spec.variables.enumerated() {
      globals[variable.name.text] = .variable(index)
    }
    for (name, type) in spec.aliases {
      // The written type is never consulted: the resolved one is already known.
      globals[name] = .alias(TypeExpr(kind: .name(name), range: .none))
      resolvedAliases[name] = type
    }
    for (index, definition) in spec.definitions.enumerated() {
      globals[definition.name.text] = .definition(index)
      let type = definition.result?.ty ?? spec.types[definition.body.id] ?? .any
      definitionTypes[index] = Typed(type: type, level: definition.level)
    }
    for (index, invariant) in spec.invariants.enumerated() {
      globals[invariant.name.text] = .predicate(.invariant(index))
    }
    for (index, constraint) in spec.constraints.enumerated() {
      globals[constraint.name.text] = .predicate(.constraint(index))
    }
    for action in spec.actions { globals[action.name.text] = .action }
  }
}
