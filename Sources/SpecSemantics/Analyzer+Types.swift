import SpecSyntax

extension Analyzer {
  mutating func resolveAlias(_ name: String, _ type: TypeExpr) -> DeclaredType {
    if let known = resolvedAliases[name] { return known }
    if resolvingAliases.contains(name) {
      diagnostics.error(
        .typeRecursion, "type '\(name)' is defined in terms of itself", at: type.range)
      return .int
    }
    resolvingAliases.insert(name)
    let resolved = resolveType(type)
    resolvingAliases.remove(name)
    resolvedAliases[name] = resolved
    return resolved
  }

  /// Turns a written type into a declared type, reporting unknown names and bad unions.
  mutating func resolveType(_ type: TypeExpr) -> DeclaredType {
    switch type.kind {
    case .name(let name):
      switch name {
      case "Bool": return .bool
      case "Int": return .int
      default:
        if case .alias(let aliased) = globals[name] { return resolveAlias(name, aliased) }
        let candidates = ["Bool", "Int"] + globals.compactMap { entry -> String? in
          if case .alias = entry.value { return entry.key } else { return nil }
        }
        diagnostics.error(
          .unknownType, "unknown type '\(name)'", at: type.range,
          notes: suggestion(for: name, among: candidates))
        return .int
      }
    case .range(let low, let high):
      if deferredRangeBounds != nil {
        deferredRangeBounds?.append(contentsOf: [low, high])
      } else {
        checkRangeBound(low)
        checkRangeBound(high)
      }
      return .range(low: low, high: high)
    case .literal(let text):
      return .enumeration([text])
    case .set(let element):
      return .set(resolveType(element))
    case .sequence(let element):
      return .sequence(resolveType(element))
    case .function(let domain, let range):
      return .function(resolveType(domain), resolveType(range))
    case .tuple(let members):
      return .tuple(members.map { resolveType($0) })
    case .record(let fields):
      return .record(resolveFields(fields))
    case .union(let members):
      return resolveUnion(members, range: type.range)
    }
  }

  /// A range bound that needs its own type's values (`type A = 1..Cardinality(A)`, also
  /// through operators, constants and other aliases) could never be evaluated. Range bounds
  /// are checked after every signature is resolved, so `resolveAlias` cannot see these.
  mutating func checkAliasBoundCycles(_ module: Module) {
    for declaration in module.declarations {
      guard case .typeAlias(let written) = declaration.kind,
        let type = spec.aliases[declaration.name.text],
        globalRanges[declaration.name.text] == declaration.name.range,
        boundsReach(declaration.name.text, from: type.rangeBounds)
      else { continue }
      diagnostics.error(
        .typeRecursion, "type '\(declaration.name.text)' is defined in terms of itself",
        at: written.range)
    }
  }

  /// Whether evaluating `bounds` would need the values of the type alias `alias`.
  func boundsReach(_ alias: String, from bounds: [Expr]) -> Bool {
    var pending = bounds
    var seenAliases: Set<String> = []
    var seenDefinitions: Set<Int> = []
    var seenConstants: Set<Int> = []
    while let expr = pending.popLast() {
      switch spec.resolutions[expr.id] {
      case .typeSet(let set):
        if set.name == alias { return true }
        if seenAliases.insert(set.name).inserted { pending += set.type.rangeBounds }
      case .definition(let index) where index < spec.definitions.count:
        if seenDefinitions.insert(index).inserted { pending.append(spec.definitions[index].body) }
      case .constant(let index) where index < spec.constants.count:
        if seenConstants.insert(index).inserted, let value = spec.constants[index].value {
          pending.append(value)
        }
      default:
        break
      }
      pending += expr.children
    }
    return false
  }

  mutating func checkRangeBound(_ bound: Expr) {
    let typed = checkConstant(bound, place: "a range bound")
    requireInt(typed.type, at: bound.range, "a range bound")
  }

  mutating func resolveFields(_ fields: [(Name, TypeExpr)]) -> [Field] {
    var seen: [String: SourceRange] = [:]
    var resolved: [Field] = []
    for (name, type) in fields {
      if let first = seen[name.text] {
        diagnostics.error(
          .duplicateName, "field '\(name.text)' appears twice in the record type",
          at: name.range, notes: [.init("first declared here", range: first)])
        continue
      }
      seen[name.text] = name.range
      resolved.append(Field(name: name.text, type: resolveType(type)))
    }
    return resolved.sorted { $0.name < $1.name }
  }

  mutating func resolveUnion(_ members: [TypeExpr], range: SourceRange) -> DeclaredType {
    var literals: [String] = []
    var variants: [[Field]] = []
    var mixed = false
    for member in members {
      switch resolveType(member) {
      case .enumeration(let values): literals += values
      case .record(let fields): variants.append(fields)
      case .recordUnion(let more): variants += more
      default: mixed = true
      }
    }
    if mixed || (!literals.isEmpty && !variants.isEmpty) {
      diagnostics.error(
        .invalidUnionType,
        "a union type must be all string literals or all records", at: range)
      return .int
    }
    if !variants.isEmpty { return .recordUnion(variants) }
    return .enumeration(Array(Set(literals)).sorted())
  }
}
