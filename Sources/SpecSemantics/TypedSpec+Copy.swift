import SpecSyntax

extension DeclaredType {
  func copied(_ copier: inout ExprCopier) -> DeclaredType {
    switch self {
    case .bool, .int, .enumeration: return self
    case .range(let low, let high): return .range(low: copier.copy(low), high: copier.copy(high))
    case .set(let element): return .set(element.copied(&copier))
    case .sequence(let element): return .sequence(element.copied(&copier))
    case .function(let domain, let range):
      return .function(domain.copied(&copier), range.copied(&copier))
    case .record(let fields): return .record(fields.map { $0.copied(&copier) })
    case .recordUnion(let variants):
      return .recordUnion(variants.map { $0.map { $0.copied(&copier) } })
    case .tuple(let members): return .tuple(members.map { $0.copied(&copier) })
    }
  }
}

extension Field {
  func copied(_ copier: inout ExprCopier) -> Field {
    Field(name: name, type: type.copied(&copier))
  }
}

extension TypedSpec {
  /// A copy whose syntax trees share no node with this one (node ids kept), for a worker
  /// thread to evaluate without contending on shared reference counts.
  package func deepCopy() -> TypedSpec {
    var copier = ExprCopier()
    var copy = self
    copy.constants = constants.map { constant in
      var c = constant
      c.type = constant.type.copied(&copier)
      c.value = constant.value.map { copier.copy($0) }
      return c
    }
    copy.variables = variables.map { VariableDecl(name: $0.name, type: $0.type.copied(&copier)) }
    copy.aliases = aliases.mapValues { $0.copied(&copier) }
    func parameters(_ list: [TypedParameter]) -> [TypedParameter] {
      list.map { TypedParameter(name: $0.name, type: $0.type.copied(&copier)) }
    }
    copy.definitions = definitions.map { definition in
      var d = definition
      d.parameters = parameters(definition.parameters)
      d.result = definition.result.map { $0.copied(&copier) }
      d.body = copier.copy(definition.body)
      return d
    }
    copy.initial = initial.map { copier.copy($0) }
    copy.actions = actions.map { action in
      ActionDecl(
        name: action.name, parameters: parameters(action.parameters),
        body: action.body.map { copier.copy($0) })
    }
    func predicates(_ list: [PredicateDecl]) -> [PredicateDecl] {
      list.map { PredicateDecl(name: $0.name, body: copier.copy($0.body)) }
    }
    copy.invariants = predicates(invariants)
    copy.constraints = predicates(constraints)
    copy.assumptions = predicates(assumptions)
    copy.resolutions = resolutions.mapValues { resolution in
      guard case .typeSet(let set) = resolution else { return resolution }
      return .typeSet(TypeSet(name: set.name, type: set.type.copied(&copier)))
    }
    return copy
  }
}
