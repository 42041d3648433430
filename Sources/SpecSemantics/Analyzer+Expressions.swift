import SpecSyntax

extension Analyzer {
  /// Infers the type and level of an expression, recording the type by node id.
  mutating func infer(_ expr: Expr, allowInfinite: Bool = false) -> Typed {
    let typed: Typed
    if case .name(let name) = expr.kind {
      typed = inferName(name, expr, allowInfinite: allowInfinite)
    } else if case .apply(let function, let args) = expr.kind, args.count == 1,
      case .name("Seq") = function.kind, lookupLocal("Seq") == nil, globals["Seq"] == nil
    {
      typed = inferSequenceSet(expr, function: function, element: args[0], allowInfinite)
    } else {
      typed = inferKind(expr)
    }
    spec.types[expr.id] = typed.type
    return typed
  }

  /// `Seq[S]` as an expression: the infinite set of sequences over `S`, usable only with
  /// `\in` and `\notin` (LANGUAGE.md). `Seq` resolves to the type set of sequences, so
  /// enumerating it fails at run time with SPC308 like `Int` does.
  mutating func inferSequenceSet(
    _ expr: Expr, function: Expr, element: Expr, _ allowInfinite: Bool
  ) -> Typed {
    let typed = infer(element, allowInfinite: true)
    let elementType = setElement(typed.type, at: element.range, "the operand of Seq[...]")
    var declared = DeclaredType.int
    if case .typeSet(let set) = spec.resolutions[element.id] { declared = set.type }
    let name = spec.file.text(of: expr.range)
    spec.resolutions[function.id] = .typeSet(TypeSet(name: name, type: .sequence(declared)))
    spec.types[function.id] = .set(.sequence(elementType))
    if !allowInfinite {
      diagnostics.error(
        .infiniteSet,
        "'\(name)' is an infinite set; it can only be used with \\in or \\notin",
        at: expr.range)
    }
    return Typed(type: .set(.sequence(elementType)), level: typed.level)
  }

  mutating func inferKind(_ expr: Expr) -> Typed {
    switch expr.kind {
    case .name(let name):
      return inferName(name, expr, allowInfinite: false)
    case .integer:
      return Typed(type: .int, level: .constant)
    case .string(let text):
      return Typed(type: .string([text]), level: .constant)
    case .boolean:
      return Typed(type: .bool, level: .constant)
    case .at:
      guard let type = atTypes.last else {
        diagnostics.error(
          .unknownName, "'@' is only meaningful inside the value of an EXCEPT clause",
          at: expr.range)
        return .error
      }
      return Typed(type: type, level: .constant)
    case .unary(let op, let operand):
      return inferUnary(op, operand)
    case .binary(let op, let lhs, let rhs):
      return inferBinary(op, lhs, rhs, expr)
    case .junction(_, let items):
      var level = Level.constant
      for item in items {
        let typed = infer(item)
        requireBool(typed.type, at: item.range, "a junction list item")
        level = max(level, typed.level)
      }
      return Typed(type: .bool, level: level)
    case .call(let name, let args):
      return inferCall(name, args, expr)
    case .apply(let function, let args):
      return inferApply(function, args)
    case .field(let record, let name):
      return inferField(record, name)
    case .prime(let operand):
      return inferPrime(operand, expr)
    case .setEnumeration(let items):
      var element = Ty.any
      var level = Level.constant
      for item in items {
        let typed = infer(item)
        level = max(level, typed.level)
        guard let joined = element.join(typed.type) else {
          diagnostics.error(
            .typeMismatch,
            "type mismatch: set elements must have one type, found \(element) and \(typed.type)",
            at: item.range)
          continue
        }
        element = joined
      }
      return Typed(type: .set(element), level: level)
    case .setFilter(let binding, let predicate):
      let (scope, domainLevel, element) = bindingScope([binding])
      let body = withScope(scope) { $0.infer(predicate) }
      requireBool(body.type, at: predicate.range, "the filter predicate")
      return Typed(type: .set(element.first ?? .any), level: max(domainLevel, body.level))
    case .setMap(let body, let bindings):
      let (scope, domainLevel, _) = bindingScope(bindings)
      let typed = withScope(scope) { $0.infer(body) }
      return Typed(type: .set(typed.type), level: max(domainLevel, typed.level))
    case .tuple(let items):
      let typed = items.map { infer($0) }
      return Typed(type: .tuple(typed.map(\.type)), level: typed.map(\.level).max() ?? .constant)
    case .function(let bindings, let body):
      let (scope, domainLevel, elements) = bindingScope(bindings)
      let typed = withScope(scope) { $0.infer(body) }
      let domain = elements.count == 1 ? elements[0] : Ty.tuple(elements)
      return Typed(type: .function(domain, typed.type), level: max(domainLevel, typed.level))
    case .functionSet(let domain, let range):
      let d = infer(domain)
      let r = infer(range)
      let domainElement = setElement(d.type, at: domain.range, "the domain of [S -> T]")
      let rangeElement = setElement(r.type, at: range.range, "the range of [S -> T]")
      return Typed(type: .set(.function(domainElement, rangeElement)), level: max(d.level, r.level))
    case .record(let fields):
      let (shape, level) = inferRecordFields(fields, asSets: false)
      return Typed(type: .records([shape]), level: level)
    case .recordSet(let fields):
      let (shape, level) = inferRecordFields(fields, asSets: true)
      return Typed(type: .set(.records([shape])), level: level)
    case .except(let base, let clauses):
      return inferExcept(base, clauses)
    case .ifThenElse(let condition, let then, let otherwise):
      let c = infer(condition)
      requireBool(c.type, at: condition.range, "an IF condition")
      let t = infer(then)
      let e = infer(otherwise)
      let level = max(c.level, t.level, e.level)
      guard let joined = t.type.join(e.type) else {
        diagnostics.error(
          .typeMismatch,
          "type mismatch: IF branches have different types, \(t.type) and \(e.type)",
          at: otherwise.range)
        return Typed(type: .any, level: level)
      }
      return Typed(type: joined, level: level)
    case .caseOf(let arms, let other):
      return inferCase(arms, other)
    case .letIn(let definitions, let body):
      return inferLet(definitions, body)
    case .quantified(_, let bindings, let body):
      let (scope, domainLevel, _) = bindingScope(bindings)
      let typed = withScope(scope) { $0.infer(body) }
      requireBool(typed.type, at: body.range, "a quantifier's body")
      return Typed(type: .bool, level: max(domainLevel, typed.level))
    case .choose(let name, let domain, let body):
      let (scope, domainLevel, elements) = bindingScope([Binding(names: [name], domain: domain)])
      let typed = withScope(scope) { $0.infer(body) }
      requireBool(typed.type, at: body.range, "CHOOSE's predicate")
      return Typed(type: elements.first ?? .any, level: max(domainLevel, typed.level))
    case .unchanged(let items):
      if !context.allowsPrimes {
        diagnostics.error(
          .primeOutsideAction, "UNCHANGED is only allowed in an action, not in \(context.place)",
          at: expr.range)
      }
      for item in items { checkUnchangedItem(item) }
      return Typed(type: .bool, level: .action)
    }
  }

  mutating func checkUnchangedItem(_ item: Expr) {
    switch item.kind {
    case .name(let name):
      if case .variable(let index) = globals[name], lookupLocal(name) == nil {
        spec.resolutions[item.id] = .variable(index)
        spec.types[item.id] = spec.variables[index].type.ty
        return
      }
    case .tuple(let members):
      members.forEach { checkUnchangedItem($0) }
      return
    default:
      break
    }
    diagnostics.error(
      .invalidAssignment, "UNCHANGED takes state variables, found '\(spec.file.text(of: item.range))'",
      at: item.range)
  }

  /// Scope for `x, y \in S, z \in T`; later domains may mention earlier names.
  /// Returns the scope, the highest domain level, and each name's element type.
  mutating func bindingScope(_ bindings: [Binding]) -> ([String: Local], Level, [Ty]) {
    var scope: [String: Local] = [:]
    var level = Level.constant
    var elements: [Ty] = []
    for binding in bindings {
      let domain = withScope(scope) { $0.inferDomain(binding.domain) }
      level = max(level, domain.level)
      let element = setElement(domain.type, at: binding.domain.range, "a bound's domain")
      for name in binding.names {
        scope[name.text] = Local(type: element, level: domain.level)
        elements.append(element)
      }
    }
    return (scope, level, elements)
  }

  /// A set that will be enumerated: infinite type sets are rejected.
  mutating func inferDomain(_ expr: Expr) -> Typed {
    let typed = infer(expr, allowInfinite: true)
    if let name = infiniteTypeName(expr) {
      diagnostics.error(
        .infiniteSet, "'\(name)' is infinite and cannot be enumerated; use a range such as 0..10",
        at: expr.range)
    }
    return typed
  }

  /// The name of an infinite type used as a set here, if `expr` is one.
  func infiniteTypeName(_ expr: Expr) -> String? {
    if case .apply(let function, _) = expr.kind,
      case .typeSet(let set) = spec.resolutions[function.id], !set.type.isFinite
    {
      return set.name  // `Seq[S]`
    }
    guard case .name(let name) = expr.kind,
      case .typeSet(let set) = spec.resolutions[expr.id], !set.type.isFinite
    else { return nil }
    return name
  }

  mutating func inferName(_ name: String, _ expr: Expr, allowInfinite: Bool) -> Typed {
    if let local = lookupLocal(name) {
      spec.resolutions[expr.id] = .local(name)
      if local.letDefinition != nil {
        diagnostics.error(
          .wrongArgumentCount, "'\(name)' takes arguments: call it as \(name)(...)",
          at: expr.range)
        return .error
      }
      return Typed(type: local.type, level: local.level)
    }
    switch globals[name] {
    case .constant(let index):
      spec.resolutions[expr.id] = .constant(index)
      return Typed(type: spec.constants[index].type.ty, level: .constant)
    case .variable(let index):
      spec.resolutions[expr.id] = .variable(index)
      return Typed(type: spec.variables[index].type.ty, level: .state)
    case .alias(let type):
      return typeSet(name, resolveAlias(name, type), expr, allowInfinite: allowInfinite)
    case .definition(let index):
      spec.resolutions[expr.id] = .definition(index)
      let parameters = spec.definitions[index].parameters
      if !parameters.isEmpty {
        diagnostics.error(
          .wrongArgumentCount,
          "operator '\(name)' takes \(parameters.count) argument\(parameters.count == 1 ? "" : "s")",
          at: expr.range)
        return .error
      }
      return definitionUse(index, at: expr.range)
    case .predicate(let index):
      spec.resolutions[expr.id] = .predicate(index)
      return Typed(type: .bool, level: .state)
    case .action:
      diagnostics.error(
        .notCallable, "action '\(name)' cannot be used inside an expression", at: expr.range)
      return .error
    case .other, nil:
      break
    }
    switch name {
    case "Bool": return typeSet(name, .bool, expr, allowInfinite: allowInfinite)
    case "Int": return typeSet(name, .int, expr, allowInfinite: allowInfinite)
    default: break
    }
    if Builtin(rawValue: name) != nil {
      diagnostics.error(.wrongArgumentCount, "'\(name)' must be called with arguments", at: expr.range)
      return .error
    }
    diagnostics.error(
      .unknownName, "unknown name '\(name)'", at: expr.range,
      notes: suggestion(for: name, among: visibleNames))
    return .error
  }

  mutating func typeSet(_ name: String, _ type: DeclaredType, _ expr: Expr, allowInfinite: Bool)
    -> Typed
  {
    spec.resolutions[expr.id] = .typeSet(TypeSet(name: name, type: type))
    if !type.isFinite, !allowInfinite {
      diagnostics.error(
        .infiniteSet,
        "'\(name)' is an infinite set; it can only be used with \\in or \\notin",
        at: expr.range)
    }
    return Typed(type: .set(type.ty), level: .constant)
  }

  mutating func definitionUse(_ index: Int, at range: SourceRange) -> Typed {
    guard let typed = definitionType(index) else {
      diagnostics.error(
        .recursionNeedsResultType,
        "recursive operator '\(spec.definitions[index].name.text)' needs a declared result type (def F(...): T = ...)",
        at: range)
      return .error
    }
    if typed.level == .action, !context.allowsPrimes {
      diagnostics.error(
        .primeOutsideAction,
        "operator '\(spec.definitions[index].name.text)' mentions primed variables and can only be used in an action, not in \(context.place)",
        at: range)
    }
    return typed
  }

  mutating func inferPrime(_ operand: Expr, _ expr: Expr) -> Typed {
    if !context.allowsPrimes {
      diagnostics.error(
        .primeOutsideAction,
        "primed expression '\(spec.file.text(of: expr.range))' outside an action (in \(context.place))",
        at: expr.range)
    }
    let typed = infer(operand)
    if case .name(let name) = operand.kind {
      switch spec.resolutions[operand.id] {
      case .variable: break
      case .definition, .predicate: break
      case nil: break
      default:
        diagnostics.error(
          .invalidPrime, "only state variables can be primed; '\(name)' is not a variable",
          at: expr.range)
      }
    }
    if typed.level == .action {
      diagnostics.error(
        .invalidPrime, "cannot prime an expression that is already primed", at: expr.range)
    }
    return Typed(type: typed.type, level: .action)
  }
}
