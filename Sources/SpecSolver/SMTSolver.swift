/// The answer to a satisfiability check.
package enum SolverAnswer: Sendable, Equatable {
  case sat
  case unsat
  /// The solver gave up: a timeout, a resource limit, an incomplete theory. The reason is
  /// the solver's own words.
  case unknown(String)
}

/// A failure of the solver itself (not of the spec): an API error, a model that cannot
/// be read back.
package struct SolverError: Error, Sendable, CustomStringConvertible {
  package var message: String
  package init(_ message: String) { self.message = message }
  package var description: String { message }
}

/// An incremental SMT solver over Boolean and integer terms: the only thing the encoder
/// needs from Z3, so the encoder builds and tests with a fake.
///
/// Contract: `assert` adds to the current scope; `pop` drops everything asserted since the
/// matching `push`; the model queries answer about the last `check` that returned `sat`,
/// and only until the next `assert`, `push`, `pop` or `check`. One instance is used on
/// one thread.
package protocol SMTSolver: AnyObject {
  func assert(_ term: Term) throws
  func push() throws
  func pop() throws
  func check() throws -> SolverAnswer
  func boolValue(_ term: Term) throws -> Bool
  func intValue(_ term: Term) throws -> Int
}

/// Makes solvers; each query sequence gets its own.
package protocol SMTSolverFactory: Sendable {
  /// A solver whose every `check` gives up after `timeout` seconds (nil: no limit).
  func makeSolver(timeout: Double?) throws -> any SMTSolver
  /// An incremental solver for queries whose every integer variable has constant bounds
  /// asserted at the top level (a conjunct of an assertion, not under a condition), or
  /// nil when there is none. On other queries it answers `unknown` with a reason that is
  /// not `timeout` or `canceled`.
  func makeFiniteDomainSolver(timeout: Double?) throws -> (any SMTSolver)?
  /// The solver's name and version, for reports.
  var name: String { get }
}

extension SMTSolverFactory {
  package func makeFiniteDomainSolver(timeout: Double?) throws -> (any SMTSolver)? { nil }
}

extension SolverAnswer {
  /// The solver ran out of time (or was interrupted) rather than giving up on the query.
  package var isTimeout: Bool {
    guard case .unknown(let reason) = self else { return false }
    return reason.contains("timeout") || reason.contains("canceled")
  }
}
