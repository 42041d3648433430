import SpecSemantics

/// A value of the spec language whose parts are solver terms.
///
/// Compound values are spread over several terms, so the solver sees only Booleans and
/// integers. Sets and functions carry their possible elements (or keys) with a Boolean
/// term each saying whether it is present; an element may appear more than once (the
/// set is then the union), which keeps union and filter cheap. A value whose parts are
/// all constant terms is a concrete value (`SymbolicEncoder.constantValue`).
package indirect enum SymbolicValue {
  case bool(Term)
  case int(Term)
  /// A string, as its code in the spec's `StringTable`.
  case string(Term)
  /// A sequence or tuple: the first `length` items are its elements. `items.count` is the
  /// capacity; `length` never exceeds it.
  case sequence(length: Term, items: [SymbolicValue])
  /// A record: field names sorted, one value each.
  case record(names: [String], values: [SymbolicValue])
  /// A finite set: the value of each entry whose condition holds.
  case set([Guarded])
  /// A function: each entry whose `present` holds maps its key to its value. When two
  /// present entries have equal keys, the first one counts.
  case function([FunctionEntry])
  /// Exactly one entry's condition holds, and the value is that entry's value: used when
  /// values of different shapes meet (record unions, an `IF` between them).
  case alternatives([Guarded])
  /// A set that is used through membership only: infinite, or of symbolic size, or too
  /// big to list.
  case lazySet(LazySet)

  /// The shape's name, for messages.
  var kindName: String {
    switch self {
    case .bool: "Boolean"
    case .int: "integer"
    case .string: "string"
    case .sequence: "sequence"
    case .record: "record"
    case .set, .lazySet: "set"
    case .function: "function"
    case .alternatives: "value"
    }
  }
}

/// A value with the condition under which it counts.
package struct Guarded {
  package var condition: Term
  package var value: SymbolicValue
  package init(_ condition: Term, _ value: SymbolicValue) {
    self.condition = condition
    self.value = value
  }
}

/// One possible key of a function.
package struct FunctionEntry {
  package var key: SymbolicValue
  package var present: Term
  package var value: SymbolicValue
  package init(key: SymbolicValue, present: Term, value: SymbolicValue) {
    self.key = key
    self.present = present
    self.value = value
  }
}

/// Sets kept as a description rather than a list of elements.
package indirect enum LazySet {
  /// `Int`.
  case integers
  /// `a..b` with bounds not both constant (or too many values to list).
  case range(Term, Term)
  /// A type used as a set.
  case type(DeclaredType)
  /// `SUBSET s`.
  case subsets(SymbolicValue)
  /// `[s -> t]`.
  case functions(SymbolicValue, SymbolicValue)
  /// `[a: s, b: t]`, fields sorted by name.
  case records([(String, SymbolicValue)])
}
