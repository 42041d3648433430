import SpecSyntax

/// What a name in an expression refers to.
package enum Resolution: Sendable, Equatable {
  case constant(Int)
  case variable(Int)
  case definition(Int)
  /// An invariant or constraint used as a Boolean operator.
  case predicate(PredicateReference)
  /// A bound name: quantifier, set former, function constructor, CHOOSE, LET, or a
  /// parameter of an operator or action. Looked up by name at evaluation time.
  case local(String)
  /// A type used as an expression: the set of its values.
  case typeSet(TypeSet)
  case builtin(Builtin)
}

/// Which named predicate a name refers to.
package enum PredicateReference: Sendable, Equatable {
  case invariant(Int)
  case constraint(Int)
}

/// A type used as a set; kept apart from `DeclaredType` to stay `Equatable`.
package struct TypeSet: Sendable, Equatable {
  package let name: String
  package let type: DeclaredType
  package init(name: String, type: DeclaredType) {
    self.name = name
    self.type = type
  }
  package static func == (a: TypeSet, b: TypeSet) -> Bool { a.name == b.name }
}

/// Built-in operators of the standard modules.
package enum Builtin: String, CaseIterable, Sendable {
  case len = "Len", append = "Append", head = "Head", tail = "Tail", subSeq = "SubSeq"
  case cardinality = "Cardinality"

  package var arity: Int {
    switch self {
    case .len, .head, .tail, .cardinality: 1
    case .append: 2
    case .subSeq: 3
    }
  }
}

/// How far an expression reaches: constants only, the current state, or the next one.
package enum Level: Int, Comparable, Sendable {
  case constant = 0, state = 1, action = 2
  package static func < (a: Level, b: Level) -> Bool { a.rawValue < b.rawValue }
}

package struct ConstantDecl: Sendable {
  package var name: Name
  package var type: DeclaredType
  package var value: Expr?
}

package struct VariableDecl: Sendable {
  package var name: Name
  package var type: DeclaredType
}

package struct TypedParameter: Sendable {
  package var name: Name
  package var type: DeclaredType
}

package struct DefinitionDecl: Sendable {
  package var name: Name
  package var parameters: [TypedParameter]
  package var result: DeclaredType?
  package var body: Expr
  /// `.action` when the body mentions primes: usable only inside actions.
  package var level: Level
}

package struct ActionDecl: Sendable {
  package var name: Name
  package var parameters: [TypedParameter]
  package var body: [Expr]
}

/// A named predicate: an invariant, a constraint or an assumption.
package struct PredicateDecl: Sendable {
  package var name: Name
  package var body: Expr
}

/// A spec after name resolution and type checking: everything the runtime and the
/// solver need, with facts about expressions in side tables keyed by node id.
package struct TypedSpec: Sendable {
  package var name: String
  package var file: SourceFile
  package var constants: [ConstantDecl] = []
  package var variables: [VariableDecl] = []
  package var aliases: [String: DeclaredType] = [:]
  package var definitions: [DefinitionDecl] = []
  package var initial: [Expr] = []
  package var actions: [ActionDecl] = []
  package var invariants: [PredicateDecl] = []
  package var constraints: [PredicateDecl] = []
  package var assumptions: [PredicateDecl] = []
  /// For every `.name` and `.call` node: what it refers to.
  package var resolutions: [Int: Resolution] = [:]
  /// The inferred type of every expression node that was checked.
  package var types: [Int: Ty] = [:]

  package init(name: String, file: SourceFile) {
    self.name = name
    self.file = file
  }

  package func variableIndex(named name: String) -> Int? {
    variables.firstIndex { $0.name.text == name }
  }

  package func constantIndex(named name: String) -> Int? {
    constants.firstIndex { $0.name.text == name }
  }
}
