import SpecSyntax

extension Analyzer {
  mutating func inferUnary(_ op: UnaryOperator, _ operand: Expr) -> Typed {
    let typed = op == .subset ? inferDomain(operand) : infer(operand)
    switch op {
    case .not:
      requireBool(typed.type, at: operand.range, "the operand of '~'")
      return Typed(type: .bool, level: typed.level)
    case .negate:
      requireInt(typed.type, at: operand.range, "the operand of '-'")
      return Typed(type: .int, level: typed.level)
    case .domain:
      let domain: Ty
      switch typed.type {
      case .function(let d, _): domain = d
      case .sequence, .tuple: domain = .int
      case .records(let shapes): domain = .string(Set(shapes.flatMap(\.names)))
      case .any: domain = .any
      default:
        diagnostics.error(
          .typeMismatch, "type mismatch: DOMAIN needs a function, found \(typed.type)",
          at: operand.range)
        domain = .any
      }
      return Typed(type: .set(domain), level: typed.level)
    case .subset:
      let element = setElement(typed.type, at: operand.range, "the operand of SUBSET")
      return Typed(type: .set(.set(element)), level: typed.level)
    case .union:
      let element = setElement(typed.type, at: operand.range, "the operand of UNION")
      let inner = setElement(element, at: operand.range, "each element of UNION's operand")
      return Typed(type: .set(inner), level: typed.level)
    }
  }

  mutating func inferBinary(_ op: BinaryOperator, _ lhs: Expr, _ rhs: Expr, _ expr: Expr) -> Typed {
    let a = infer(lhs)
    let b = infer(rhs, allowInfinite: op == .in || op == .notin)
    let level = max(a.level, b.level)
    func mismatch(_ message: String) {
      diagnostics.error(.typeMismatch, "type mismatch: \(message)", at: expr.range)
    }
    switch op {
    case .and, .or, .implies, .equiv:
      requireBool(a.type, at: lhs.range, "the left operand of '\(op.rawValue)'")
      requireBool(b.type, at: rhs.range, "the right operand of '\(op.rawValue)'")
      return Typed(type: .bool, level: level)
    case .eq, .neq:
      if a.type.join(b.type) == nil || !a.type.overlaps(b.type) {
        mismatch("cannot compare \(a.type) with \(b.type)")
      }
      return Typed(type: .bool, level: level)
    case .lt, .gt, .le, .ge:
      requireInt(a.type, at: lhs.range, "the left operand of '\(op.rawValue)'")
      requireInt(b.type, at: rhs.range, "the right operand of '\(op.rawValue)'")
      return Typed(type: .bool, level: level)
    case .in, .notin:
      let element = setElement(b.type, at: rhs.range, "the right operand of '\(op.rawValue)'")
      if a.type.join(element) == nil || !a.type.overlaps(element) {
        mismatch("cannot test \(a.type) for membership in \(b.type)")
      }
      return Typed(type: .bool, level: level)
    case .subseteq:
      let x = setElement(a.type, at: lhs.range, "the left operand of '\\subseteq'")
      let y = setElement(b.type, at: rhs.range, "the right operand of '\\subseteq'")
      if x.join(y) == nil { mismatch("cannot compare \(a.type) with \(b.type)") }
      return Typed(type: .bool, level: level)
    case .range:
      requireInt(a.type, at: lhs.range, "the lower bound of '..'")
      requireInt(b.type, at: rhs.range, "the upper bound of '..'")
      return Typed(type: .set(.int), level: level)
    case .union, .intersect, .setminus:
      let x = setElement(a.type, at: lhs.range, "the left operand of '\(op.rawValue)'")
      let y = setElement(b.type, at: rhs.range, "the right operand of '\(op.rawValue)'")
      if op == .setminus { return Typed(type: .set(x), level: level) }
      guard let joined = x.join(y) else {
        mismatch("cannot combine \(a.type) with \(b.type)")
        return Typed(type: .any, level: level)
      }
      return Typed(type: .set(joined), level: level)
    case .concat:
      guard let x = a.type.sequenceElement, let y = b.type.sequenceElement,
        let joined = x.join(y)
      else {
        mismatch("'\\o' needs two sequences of one type, found \(a.type) and \(b.type)")
        return Typed(type: .any, level: level)
      }
      return Typed(type: .sequence(joined), level: level)
    case .fnMerge:
      guard let joined = a.type.join(b.type) else {
        mismatch("'@@' needs two functions of one type, found \(a.type) and \(b.type)")
        return Typed(type: .any, level: level)
      }
      return Typed(type: joined, level: level)
    case .singletonFn:
      return Typed(type: .function(a.type, b.type), level: level)
    case .plus, .minus, .times, .div, .mod, .power:
      requireInt(a.type, at: lhs.range, "the left operand of '\(op.rawValue)'")
      requireInt(b.type, at: rhs.range, "the right operand of '\(op.rawValue)'")
      return Typed(type: .int, level: level)
    }
  }

  mutating func inferCall(_ name: Name, _ args: [Expr], _ expr: Expr) -> Typed {
    if let local = lookupLocal(name.text) {
      spec.resolutions[expr.id] = .local(name.text)
      guard let definition = local.letDefinition else {
        diagnostics.error(
          .notCallable, "'\(name.text)' is not an operator and cannot be called", at: name.range)
        return .error
      }
      guard checkArity(name, args, definition.parameters.count) else { return .error }
      let typed = args.map { infer($0) }
      var scope: [String: Local] = [:]
      for (parameter, arg) in zip(definition.parameters, typed) {
        scope[parameter.text] = Local(type: arg.type, level: arg.level)
      }
      let callerScopes = scopes
      scopes = local.letScopes + [scope]
      let body = infer(definition.body)
      scopes = callerScopes
      return Typed(type: body.type, level: max(body.level, typed.map(\.level).max() ?? .constant))
    }
    if case .definition(let index) = globals[name.text] {
      spec.resolutions[expr.id] = .definition(index)
      let parameters = spec.definitions[index].parameters
      guard checkArity(name, args, parameters.count) else { return .error }
      var level = Level.constant
      for (parameter, arg) in zip(parameters, args) {
        let typed = infer(arg)
        level = max(level, typed.level)
        requireCompatible(
          typed.type, parameter.type.ty, at: arg.range, "parameter '\(parameter.name.text)'")
      }
      var typed = definitionUse(index, at: name.range)
      typed.level = max(typed.level, level)
      return typed
    }
    if globals[name.text] == nil, let builtin = Builtin(rawValue: name.text) {
      spec.resolutions[expr.id] = .builtin(builtin)
      guard checkArity(name, args, builtin.arity) else { return .error }
      return inferBuiltin(builtin, args)
    }
    if globals[name.text] != nil {
      diagnostics.error(
        .notCallable, "'\(name.text)' is not an operator and cannot be called", at: name.range)
      return .error
    }
    diagnostics.error(
      .unknownName, "unknown operator '\(name.text)'", at: name.range,
      notes: suggestion(for: name.text, among: visibleNames))
    args.forEach { _ = infer($0) }
    return .error
  }

  mutating func checkArity(_ name: Name, _ args: [Expr], _ expected: Int) -> Bool {
    guard args.count != expected else { return true }
    diagnostics.error(
      .wrongArgumentCount,
      "'\(name.text)' takes \(expected) argument\(expected == 1 ? "" : "s"), found \(args.count)",
      at: name.range)
    args.forEach { _ = infer($0) }
    return false
  }

  mutating func inferBuiltin(_ builtin: Builtin, _ args: [Expr]) -> Typed {
    let typed = args.enumerated().map { index, arg in
      builtin == .cardinality ? inferDomain(arg) : infer(arg)
    }
    let level = typed.map(\.level).max() ?? .constant
    func element(_ index: Int) -> Ty {
      guard let element = typed[index].type.sequenceElement else {
        diagnostics.error(
          .typeMismatch,
          "type mismatch: \(builtin.rawValue) needs a sequence, found \(typed[index].type)",
          at: args[index].range)
        return .any
      }
      return element
    }
    switch builtin {
    case .len:
      _ = element(0)
      return Typed(type: .int, level: level)
    case .head:
      return Typed(type: element(0), level: level)
    case .tail:
      return Typed(type: .sequence(element(0)), level: level)
    case .append:
      let e = element(0)
      guard let joined = e.join(typed[1].type) else {
        diagnostics.error(
          .typeMismatch,
          "type mismatch: cannot append \(typed[1].type) to a sequence of \(e)", at: args[1].range)
        return Typed(type: .sequence(e), level: level)
      }
      return Typed(type: .sequence(joined), level: level)
    case .subSeq:
      requireInt(typed[1].type, at: args[1].range, "SubSeq's start")
      requireInt(typed[2].type, at: args[2].range, "SubSeq's end")
      return Typed(type: .sequence(element(0)), level: level)
    case .cardinality:
      _ = setElement(typed[0].type, at: args[0].range, "Cardinality's argument")
      return Typed(type: .int, level: level)
    }
  }

  /// The type of `f[arg]` for a function-like `f`.
  mutating func applyType(_ function: Ty, _ arg: Ty, argExpr: Expr?, at range: SourceRange) -> Ty {
    switch function {
    case .any: return .any
    case .function(let domain, let result):
      if arg.join(domain) == nil || !arg.overlaps(domain) {
        diagnostics.error(
          .typeMismatch,
          "type mismatch: function with domain \(domain) applied to \(arg)", at: range)
      }
      return result
    case .sequence(let element):
      requireInt(arg, at: range, "a sequence index")
      return element
    case .tuple(let members):
      requireInt(arg, at: range, "a tuple index")
      if let argExpr, case .integer(let k) = argExpr.kind {
        guard k >= 1, k <= members.count else {
          diagnostics.error(
            .typeMismatch, "tuple index \(k) is outside 1..\(members.count)", at: range)
          return .any
        }
        return members[k - 1]
      }
      return function.sequenceElement ?? .any
    case .records(let shapes):
      if let argExpr, case .string(let field) = argExpr.kind {
        return fieldType(shapes, field, at: range) ?? .any
      }
      requireCompatible(arg, .string(Set(shapes.flatMap(\.names))), at: range, "a record key")
      return .any
    default:
      diagnostics.error(
        .typeMismatch, "type mismatch: \(function) is not a function and cannot be applied",
        at: range)
      return .any
    }
  }

  mutating func inferApply(_ function: Expr, _ args: [Expr]) -> Typed {
    let f = infer(function)
    let typedArgs = args.map { infer($0) }
    let level = max(f.level, typedArgs.map(\.level).max() ?? .constant)
    let arg = typedArgs.count == 1 ? typedArgs[0].type : .tuple(typedArgs.map(\.type))
    let range = args.first.map { $0.range.union(args[args.count - 1].range) } ?? function.range
    let type = applyType(f.type, arg, argExpr: args.count == 1 ? args[0] : nil, at: range)
    return Typed(type: type, level: level)
  }

  mutating func fieldType(_ shapes: [RecordShape], _ field: String, at range: SourceRange) -> Ty? {
    var result: Ty?
    for shape in shapes {
      guard let type = shape.fields[field] else { continue }
      result = result.flatMap { $0.join(type) } ?? type
    }
    if result == nil {
      diagnostics.error(
        .unknownField, "record type \(Ty.records(shapes)) has no field '\(field)'", at: range,
        notes: suggestion(for: field, among: shapes.flatMap(\.names)))
    }
    return result
  }

  mutating func inferField(_ record: Expr, _ name: Name) -> Typed {
    let typed = infer(record)
    switch typed.type {
    case .any: return Typed(type: .any, level: typed.level)
    case .records(let shapes):
      return Typed(type: fieldType(shapes, name.text, at: name.range) ?? .any, level: typed.level)
    default:
      diagnostics.error(
        .typeMismatch, "type mismatch: '.\(name.text)' needs a record, found \(typed.type)",
        at: record.range.union(name.range))
      return Typed(type: .any, level: typed.level)
    }
  }

  mutating func inferRecordFields(_ fields: [(Name, Expr)], asSets: Bool) -> (RecordShape, Level) {
    var shape: [String: Ty] = [:]
    var level = Level.constant
    for (name, value) in fields {
      let typed = infer(value)
      level = max(level, typed.level)
      if shape[name.text] != nil {
        diagnostics.error(
          .duplicateName, "field '\(name.text)' appears twice in the record", at: name.range)
        continue
      }
      shape[name.text] =
        asSets ? setElement(typed.type, at: value.range, "a record set's field") : typed.type
    }
    return (RecordShape(fields: shape), level)
  }

  mutating func inferExcept(_ base: Expr, _ clauses: [ExceptClause]) -> Typed {
    let typed = infer(base)
    var level = typed.level
    for clause in clauses {
      var target = typed.type
      for step in clause.path {
        switch step {
        case .index(let indices):
          let args = indices.map { infer($0) }
          level = max(level, args.map(\.level).max() ?? .constant)
          let arg = args.count == 1 ? args[0].type : .tuple(args.map(\.type))
          let range = indices.first.map { $0.range } ?? base.range
          target = applyType(target, arg, argExpr: indices.count == 1 ? indices[0] : nil, at: range)
        case .field(let name):
          if case .records(let shapes) = target {
            target = fieldType(shapes, name.text, at: name.range) ?? .any
          } else if target != .any {
            diagnostics.error(
              .typeMismatch, "type mismatch: '!.\(name.text)' needs a record, found \(target)",
              at: name.range)
            target = .any
          }
        }
      }
      atTypes.append(target)
      let value = infer(clause.value)
      atTypes.removeLast()
      level = max(level, value.level)
      requireCompatible(value.type, target, at: clause.value.range, "the EXCEPT target")
    }
    return Typed(type: typed.type, level: level)
  }

  mutating func inferCase(_ arms: [(Expr, Expr)], _ other: Expr?) -> Typed {
    var type = Ty.any
    var level = Level.constant
    for (condition, value) in arms {
      let c = infer(condition)
      requireBool(c.type, at: condition.range, "a CASE condition")
      level = max(level, c.level)
      let v = infer(value)
      level = max(level, v.level)
      if let joined = type.join(v.type) {
        type = joined
      } else {
        diagnostics.error(
          .typeMismatch, "type mismatch: CASE arms have different types, \(type) and \(v.type)",
          at: value.range)
      }
    }
    if let other {
      let v = infer(other)
      level = max(level, v.level)
      if let joined = type.join(v.type) {
        type = joined
      } else {
        diagnostics.error(
          .typeMismatch, "type mismatch: CASE arms have different types, \(type) and \(v.type)",
          at: other.range)
      }
    }
    return Typed(type: type, level: level)
  }

  mutating func inferLet(_ definitions: [LetDefinition], _ body: Expr) -> Typed {
    var scope: [String: Local] = [:]
    var level = Level.constant
    for definition in definitions {
      if definition.parameters.isEmpty {
        let typed = withScope(scope) { $0.infer(definition.body) }
        level = max(level, typed.level)
        scope[definition.name.text] = Local(type: typed.type, level: typed.level)
      } else {
        scope[definition.name.text] = Local(
          type: .any, level: .constant, letDefinition: definition, letScopes: scopes + [scope])
      }
    }
    let typed = withScope(scope) { $0.infer(body) }
    return Typed(type: typed.type, level: max(level, typed.level))
  }
}
