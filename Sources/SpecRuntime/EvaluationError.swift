import SpecSyntax

/// A spec error found while evaluating: a diagnostic code, a message and the expression's
/// place. The checker adds the trace that reached it.
package struct EvaluationError: Error, Sendable, Equatable {
  package var code: DiagnosticCode
  package var message: String
  package var range: SourceRange

  package init(_ code: DiagnosticCode, _ message: String, at range: SourceRange) {
    self.code = code
    self.message = message
    self.range = range
  }

  package var diagnostic: Diagnostic { Diagnostic(code, message, at: range) }
}

/// The most elements speccheck will build for one set or function (`SUBSET`, `[S -> T]`,
/// a range, a type's values) before reporting `SPC409` instead of exhausting memory.
package let maxMaterializedElements = 10_000_000

/// The largest set whose subsets speccheck enumerates (`SUBSET S`, `Set[T]` as a set):
/// 2^16 subsets build in well under a second; 2^20 took minutes.
package let maxSubsetElements = 16
