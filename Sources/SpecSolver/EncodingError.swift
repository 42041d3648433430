import SpecSyntax

/// Something the encoder cannot translate for the solver: an unsupported construct, a
/// set it cannot enumerate, a type it cannot represent. It carries an `SPC6xx`
/// diagnostic with the position of the construct, and stops the query: a spec that
/// cannot be encoded gets no answer rather than a wrong one.
package struct EncodingError: Error, Sendable {
  package var diagnostic: Diagnostic

  package init(_ code: DiagnosticCode, _ message: String, at range: SourceRange) {
    diagnostic = Diagnostic(code, message, at: range)
  }
}

/// A way an evaluation can go wrong, with the condition (over the query's variables) under
/// which it does: the explicit evaluator reports an error exactly there, so queries ask
/// whether a failure is reachable.
package struct Failure {
  package enum Kind: Sendable {
    /// An error of the spec: the explicit checker reports it (division by zero, a function
    /// applied outside its domain, a value outside its declared type...).
    case evaluation
    /// A limit of the encoding (recursion unrolled only so deep): if it can happen, the
    /// answer is unknown.
    case encodingLimit
  }

  package var condition: Term
  package var kind: Kind
  package var code: DiagnosticCode
  package var message: String
  package var range: SourceRange
}
