/// The sort of a term. The encoding needs only Booleans and mathematical integers:
/// strings become integer codes, compound values are spread over several terms.
package enum Sort: Sendable, Hashable {
  case bool, int
}

/// What a term node computes.
package enum TermOp: Sendable, Hashable {
  case boolConstant(Bool)
  case intConstant(Int)
  /// A free constant of the query, unique by name within a `TermBuilder`.
  case variable(String)
  case not, and, or, ite, eq
  case lt, le, add, sub, mul, neg
  /// SMT-LIB's `div` and `mod`: Euclidean; they agree with the language's floor division
  /// for a positive divisor, and the encoder reduces the other cases to that one.
  case div, mod
}

/// A node of a solver query: an operator applied to argument terms.
///
/// Terms are hash-consed by their `TermBuilder`: two structurally equal terms built by
/// one builder are the same object, so `===` is structural equality and solvers can
/// translate a shared subterm once. Terms are immutable.
package final class Term: Hashable, Sendable, CustomStringConvertible {
  /// Unique within the builder that made the term; increases with creation order.
  package let id: Int
  package let op: TermOp
  package let args: [Term]
  package let sort: Sort

  init(id: Int, op: TermOp, args: [Term], sort: Sort) {
    self.id = id
    self.op = op
    self.args = args
    self.sort = sort
  }

  package static func == (a: Term, b: Term) -> Bool { a === b }
  package func hash(into hasher: inout Hasher) { hasher.combine(id) }

  /// The Boolean value when the term is a constant.
  package var boolConstant: Bool? {
    if case .boolConstant(let b) = op { return b }
    return nil
  }

  /// The integer value when the term is a constant.
  package var intConstant: Int? {
    if case .intConstant(let i) = op { return i }
    return nil
  }

  package var isTrue: Bool { boolConstant == true }
  package var isFalse: Bool { boolConstant == false }

  /// SMT-LIB notation, for debugging and tests.
  package var description: String { SMTLib.render(self) }
}
