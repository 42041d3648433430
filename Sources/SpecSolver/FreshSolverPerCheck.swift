/// An `SMTSolver` that keeps the scopes itself and answers each `check` with a fresh
/// solver given every assertion in scope.
///
/// Incremental solvers skip much of their preprocessing once scopes are used (Z3 drops to
/// its incremental core, which does not eliminate the equalities between one step's
/// state and the next); a fresh solver per check preprocesses every query in full, which
/// pays off on deep unrollings.
package final class FreshSolverPerCheck: SMTSolver {
  private let factory: any SMTSolverFactory
  private let timeout: Double?
  private var scopes: [[Term]] = [[]]
  private var current: (any SMTSolver)?

  package init(factory: any SMTSolverFactory, timeout: Double?) {
    self.factory = factory
    self.timeout = timeout
  }

  package func assert(_ term: Term) throws {
    current = nil
    scopes[scopes.count - 1].append(term)
  }

  package func push() throws {
    current = nil
    scopes.append([])
  }

  package func pop() throws {
    current = nil
    guard scopes.count > 1 else { throw SolverError("pop without a matching push") }
    scopes.removeLast()
  }

  package func check() throws -> SolverAnswer {
    let solver = try factory.makeSolver(timeout: timeout)
    for scope in scopes {
      for term in scope { try solver.assert(term) }
    }
    let answer = try solver.check()
    current = answer == .sat ? solver : nil
    return answer
  }

  private func model() throws -> any SMTSolver {
    guard let current else { throw SolverError("no model: the last check was not sat") }
    return current
  }

  package func boolValue(_ term: Term) throws -> Bool { try model().boolValue(term) }
  package func intValue(_ term: Term) throws -> Int { try model().intValue(term) }
}
