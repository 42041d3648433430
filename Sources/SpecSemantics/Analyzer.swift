import SpecSyntax

/// Resolves names, checks types and levels, and builds a `TypedSpec`.
///
/// All problems are collected as diagnostics; the analysis goes on after each so one run
/// reports every error of a file. The result is usable only when no error was reported.
package struct Analyzer {
  enum Global {
    case constant(Int), variable(Int), alias(TypeExpr), definition(Int)
    case predicate(PredicateReference)
    case action, other
  }

  /// A name bound inside an expression or by a parameter list.
  struct Local {
    var type: Ty
    var level: Level
    /// A `LET` definition with parameters, checked at each call with the argument types.
    var letDefinition: LetDefinition?
    /// The scopes visible where that definition was written. Its body is checked in them,
    /// not in the caller's, as the evaluator runs it: so it cannot see itself (a `LET`
    /// operator is not recursive) nor names bound at the call site.
    var letScopes: [[String: Local]] = []
  }

  /// Where an expression sits, which decides whether primes are allowed.
  struct Context {
    var allowsPrimes: Bool
    var place: String
  }

  var spec: TypedSpec
  var diagnostics = DiagnosticBag()
  var globals: [String: Global] = [:]
  var globalRanges: [String: SourceRange] = [:]
  var scopes: [[String: Local]] = []
  var context = Context(allowsPrimes: false, place: "")
  var resolvingAliases: Set<String> = []
  var resolvedAliases: [String: DeclaredType] = [:]
  var definitionTypes: [Int: Typed] = [:]
  var definitionsInProgress: Set<Int> = []
  /// The operators whose bodies are being checked, innermost last.
  var definitionStack: [Int] = []
  /// The operators each operator's body calls, for levels through recursion.
  var definitionCalls: [Int: Set<Int>] = [:]
  /// Whether a call met an operator still being checked since the outermost began.
  var metRecursion = false
  var definitionBodies: [Int: Expr] = [:]
  /// Inside `[f EXCEPT ![k] = v]`'s `v`: the type of `@`.
  var atTypes: [Ty] = []
  /// Range bounds met while signatures are being resolved, checked once they all are:
  /// a bound may call an operator declared further down. Nil outside that phase.
  var deferredRangeBounds: [Expr]?

  /// The type and level of a checked expression.
  struct Typed {
    var type: Ty
    var level: Level
    static let error = Typed(type: .any, level: .constant)
  }

  /// Values given on the command line for constants, by name; each replaces the
  /// constant's default.
  var overrides: [String: Expr] = [:]
  /// Diagnostics found in override expressions, by constant name: their ranges are in
  /// the override's own text, not the spec file.
  var overrideDiagnostics: [String: [Diagnostic]] = [:]

  /// Checks a parsed module. `overrides` are `--const` values already parsed (with node
  /// ids above the module's); their problems come back apart, by constant name.
  package static func analyze(
    _ module: Module, file: SourceFile, overrides: [String: Expr] = [:]
  ) -> (spec: TypedSpec, diagnostics: [Diagnostic], overrideDiagnostics: [String: [Diagnostic]]) {
    var analyzer = Analyzer(spec: TypedSpec(name: module.name.text, file: file))
    analyzer.overrides = overrides
    analyzer.run(module)
    return (analyzer.spec, analyzer.diagnostics.items, analyzer.overrideDiagnostics)
  }

  mutating func run(_ module: Module) {
    declareGlobals(module)
    deferredRangeBounds = []
    resolveSignatures(module)
    let bounds = deferredRangeBounds ?? []
    deferredRangeBounds = nil
    for bound in bounds { checkRangeBound(bound) }
    checkBodies(module)
    checkAliasBoundCycles(module)
  }

  // MARK: - Declarations

  mutating func declare(_ name: Name, _ global: Global) {
    if let first = globalRanges[name.text] {
      diagnostics.error(
        .duplicateName, "'\(name.text)' is already declared", at: name.range,
        notes: [.init("first declared here", range: first)])
      return
    }
    globals[name.text] = global
    globalRanges[name.text] = name.range
  }

  mutating func declareGlobals(_ module: Module) {
    var definitionCount = 0
    var invariantCount = 0
    var constraintCount = 0
    for declaration in module.declarations {
      let name = declaration.name
      switch declaration.kind {
      case .constant: declare(name, .constant(spec.constants.count)); spec.constants.append(
          ConstantDecl(name: name, type: .int, value: nil))
      case .variable: declare(name, .variable(spec.variables.count)); spec.variables.append(
          VariableDecl(name: name, type: .int))
      case .typeAlias(let type): declare(name, .alias(type))
      case .definition(_, _, let body):
        declare(name, .definition(definitionCount))
        definitionBodies[definitionCount] = body
        definitionCount += 1
      case .invariant:
        declare(name, .predicate(.invariant(invariantCount)))
        invariantCount += 1
      case .constraint:
        declare(name, .predicate(.constraint(constraintCount)))
        constraintCount += 1
      case .action: declare(name, .action)
      case .initial:
        if globalRanges["init"] != nil {
          declare(name, .other)
        } else {
          globalRanges["init"] = name.range
        }
      case .assume:
        if name.text != "assume" { declare(name, .other) }
      }
    }
  }

  /// Resolves every declared type and signature, so bodies can be checked in any order.
  mutating func resolveSignatures(_ module: Module) {
    var constantIndex = 0
    var variableIndex = 0
    for declaration in module.declarations {
      switch declaration.kind {
      case .constant(let type, let value):
        spec.constants[constantIndex].type = resolveType(type)
        spec.constants[constantIndex].value = value
        constantIndex += 1
      case .variable(let type):
        spec.variables[variableIndex].type = resolveType(type)
        variableIndex += 1
      case .typeAlias(let type):
        if case .alias = globals[declaration.name.text], globalRanges[declaration.name.text]
          == declaration.name.range
        {
          spec.aliases[declaration.name.text] = resolveAlias(declaration.name.text, type)
        }
      case .definition(let parameters, let result, let body):
        spec.definitions.append(
          DefinitionDecl(
            name: declaration.name, parameters: resolveParameters(parameters),
            result: result.map { resolveType($0) }, body: body, level: .constant))
      case .action(let parameters, let body):
        spec.actions.append(
          ActionDecl(
            name: declaration.name, parameters: resolveParameters(parameters), body: body))
      case .invariant(let body):
        spec.invariants.append(PredicateDecl(name: declaration.name, body: body))
      case .constraint(let body):
        spec.constraints.append(PredicateDecl(name: declaration.name, body: body))
      case .assume(let body):
        spec.assumptions.append(PredicateDecl(name: declaration.name, body: body))
      case .initial(let body):
        if spec.initial.isEmpty { spec.initial = body }
      }
    }
  }

  mutating func resolveParameters(_ parameters: [Parameter]) -> [TypedParameter] {
    var seen: [String: SourceRange] = [:]
    return parameters.map { parameter in
      if let first = seen[parameter.name.text] {
        diagnostics.error(
          .duplicateName, "parameter '\(parameter.name.text)' is already declared",
          at: parameter.name.range, notes: [.init("first declared here", range: first)])
      }
      seen[parameter.name.text] = parameter.name.range
      return TypedParameter(name: parameter.name, type: resolveType(parameter.type))
    }
  }

  mutating func checkBodies(_ module: Module) {
    for index in spec.constants.indices {
      let name = spec.constants[index].name.text
      let override = overrides[name]
      guard let value = override ?? spec.constants[index].value else { continue }
      let saved = diagnostics
      if override != nil {
        spec.constants[index].value = value
        diagnostics = DiagnosticBag()
      }
      let declared = spec.constants[index].type.ty
      let typed = checkConstant(value, place: "a constant's value")
      requireCompatible(typed.type, declared, at: value.range, "constant '\(name)'")
      if override != nil {
        overrideDiagnostics[name] = diagnostics.items
        diagnostics = saved
      }
    }
    for assumption in spec.assumptions {
      let typed = checkConstant(assumption.body, place: "an assumption")
      requireBool(typed.type, at: assumption.body.range, "an assumption")
    }
    for index in spec.definitions.indices {
      _ = definitionType(index)
    }
    context = Context(allowsPrimes: false, place: "init")
    for conjunct in spec.initial { checkCondition(conjunct, "a conjunct of init") }
    checkInitBindsEveryVariable(module)
    for action in spec.actions {
      context = Context(allowsPrimes: true, place: "action")
      scopes = [parameterScope(action.parameters)]
      for conjunct in action.body { checkCondition(conjunct, "a conjunct of an action") }
      scopes = []
    }
    for (kind, predicates) in [("invariant", spec.invariants), ("constraint", spec.constraints)] {
      for predicate in predicates {
        context = Context(allowsPrimes: false, place: kind)
        checkCondition(predicate.body, "\(kind) '\(predicate.name.text)'")
      }
    }
  }

  func parameterScope(_ parameters: [TypedParameter]) -> [String: Local] {
    var scope: [String: Local] = [:]
    for parameter in parameters {
      scope[parameter.name.text] = Local(type: parameter.type.ty, level: .constant)
    }
    return scope
  }

  /// Checks a constant-level expression: no variables, no primes.
  mutating func checkConstant(_ expr: Expr, place: String) -> Typed {
    let saved = (context, scopes)
    context = Context(allowsPrimes: false, place: place)
    scopes = []
    defer { (context, scopes) = saved }
    let typed = infer(expr)
    if typed.level > .constant {
      diagnostics.error(
        .nonConstantExpression, "\(place) must be constant, but it depends on a variable",
        at: expr.range)
    }
    return typed
  }

  mutating func checkCondition(_ expr: Expr, _ what: String) {
    let typed = infer(expr)
    requireBool(typed.type, at: expr.range, what)
  }

  /// The type and level of a top-level operator, checking its body on first use.
  mutating func definitionType(_ index: Int) -> Typed? {
    if let caller = definitionStack.last { definitionCalls[caller, default: []].insert(index) }
    if let known = definitionTypes[index] { return known }
    let definition = spec.definitions[index]
    if definitionsInProgress.contains(index) {
      guard let result = definition.result else { return nil }
      // A recursive call adds nothing to the level for now: the body's other parts decide
      // it, so `Fact(n: Int): Int` stays constant and may be used in a constant's value.
      // Through mutual recursion that can be too low; raiseRecursiveLevels settles it.
      metRecursion = true
      return Typed(type: result.ty, level: .constant)
    }
    definitionsInProgress.insert(index)
    definitionStack.append(index)
    let saved = (context, scopes, atTypes)
    context = Context(allowsPrimes: true, place: "operator")
    scopes = [parameterScope(definition.parameters)]
    atTypes = []
    var typed = infer(definition.body)
    (context, scopes, atTypes) = saved
    definitionStack.removeLast()
    definitionsInProgress.remove(index)
    if let result = definition.result {
      requireCompatible(typed.type, result.ty, at: definition.body.range, "operator '\(definition.name.text)'")
      typed.type = result.ty
    }
    spec.definitions[index].level = typed.level
    definitionTypes[index] = typed
    if definitionStack.isEmpty, metRecursion {
      metRecursion = false
      raiseRecursiveLevels()
    }
    return typed
  }

  /// An operator is at least at the level of every operator it calls. Checking a body
  /// while a caller is still in progress took that caller's level as constant: when `F`
  /// reads `x` and calls `G`, and `G` only calls `F`, `G` was given level constant and
  /// would have been evaluated once, as a constant. Raise levels along the calls until
  /// nothing changes, before any other operator reads them.
  mutating func raiseRecursiveLevels() {
    var changed = true
    while changed {
      changed = false
      for (caller, callees) in definitionCalls {
        guard var typed = definitionTypes[caller] else { continue }
        let level = callees.compactMap { definitionTypes[$0]?.level }.max() ?? .constant
        if level > typed.level {
          typed.level = level
          definitionTypes[caller] = typed
          spec.definitions[caller].level = level
          changed = true
        }
      }
    }
  }

  /// Every variable must be bound by `x = e` or `x \in S` somewhere in init.
  mutating func checkInitBindsEveryVariable(_ module: Module) {
    var bound: Set<String> = []
    func collect(_ expr: Expr) {
      if case .binary(let op, let lhs, _) = expr.kind, op == .eq || op == .in,
        case .name(let name) = lhs.kind
      {
        bound.insert(name)
      }
      for child in expr.children { collect(child) }
    }
    spec.initial.forEach(collect)
    let hasInit = module.declarations.contains { if case .initial = $0.kind { true } else { false } }
    for variable in spec.variables where !bound.contains(variable.name.text) {
      let message =
        hasInit
        ? "init never binds variable '\(variable.name.text)' (write '\(variable.name.text) = e' or '\(variable.name.text) \\in S')"
        : "the spec has no init block, so variable '\(variable.name.text)' is never bound"
      diagnostics.error(.unboundInInit, message, at: variable.name.range)
    }
  }
}
