internal import CZ3
import SpecSolver

/// Z3's default error handler prints and exits the process; this one does nothing, and
/// every call site checks `Z3_get_error_code` instead and throws.
private func ignoreZ3Error(_ context: Z3_context?, _ code: Z3_error_code) {}

/// Makes `Z3Solver`s.
package struct Z3SolverFactory: SMTSolverFactory {
  package init() {}

  package func makeSolver(timeout: Double?) throws -> any SMTSolver {
    try Z3Solver(timeout: timeout)
  }

  /// Z3's `QF_FD` solver: it bit-blasts bounded integers to its SAT core, which keeps
  /// what it learns across `push`/`pop`.
  package func makeFiniteDomainSolver(timeout: Double?) throws -> (any SMTSolver)? {
    try Z3Solver(timeout: timeout, logic: "QF_FD")
  }

  package var name: String { "Z3 \(Z3SolverFactory.version)" }

  /// The linked library's version, e.g. `4.8.12`.
  package static var version: String {
    var major: UInt32 = 0
    var minor: UInt32 = 0
    var build: UInt32 = 0
    var revision: UInt32 = 0
    Z3_get_version(&major, &minor, &build, &revision)
    return "\(major).\(minor).\(build)"
  }
}

/// An incremental Z3 solver behind the `SMTSolver` protocol.
///
/// Owns one `Z3_context` (reference-counted ASTs) and one solver in it. A `Z3_context` is
/// not thread-safe: use an instance on one thread only. Terms are translated once each and
/// kept alive until the instance is released.
package final class Z3Solver: SMTSolver {
  private let context: Z3_context
  private let solver: Z3_solver
  private var translated: [Int: Z3_ast] = [:]
  private var model: Z3_model?
  private let boolSort: Z3_sort
  private let intSort: Z3_sort

  /// - Parameter logic: an SMT-LIB logic for `Z3_mk_solver_for_logic` (`QF_FD`: Z3's
  ///   finite-domain solver), or nil for Z3's default solver.
  package init(timeout: Double?, logic: String? = nil) throws {
    guard let config = Z3_mk_config() else { throw SolverError("Z3: cannot make a configuration") }
    Z3_set_param_value(config, "model", "true")
    guard let context = Z3_mk_context_rc(config) else {
      Z3_del_config(config)
      throw SolverError("Z3: cannot make a context")
    }
    Z3_del_config(config)
    Z3_set_error_handler(context, ignoreZ3Error)
    self.context = context
    let made =
      logic.map { Z3_mk_solver_for_logic(context, Z3_mk_string_symbol(context, $0)) }
      ?? Z3_mk_solver(context)
    guard let solver = made else {
      Z3_del_context(context)
      throw SolverError("Z3: cannot make a solver")
    }
    Z3_solver_inc_ref(context, solver)
    self.solver = solver
    boolSort = Z3_mk_bool_sort(context)
    intSort = Z3_mk_int_sort(context)
    if let timeout {
      let params = Z3_mk_params(context)
      Z3_params_inc_ref(context, params)
      let milliseconds = UInt32(min(max(timeout * 1000, 1), Double(UInt32.max - 1)))
      Z3_params_set_uint(context, params, Z3_mk_string_symbol(context, "timeout"), milliseconds)
      Z3_solver_set_params(context, solver, params)
      Z3_params_dec_ref(context, params)
    }
    try checkError("configuring the solver")
  }

  deinit {
    if let model { Z3_model_dec_ref(context, model) }
    for ast in translated.values { Z3_dec_ref(context, ast) }
    Z3_solver_dec_ref(context, solver)
    Z3_del_context(context)
  }

  private func checkError(_ what: String) throws {
    let code = Z3_get_error_code(context)
    guard code != Z3_OK else { return }
    let message = Z3_get_error_msg(context, code).map { String(cString: $0) } ?? "error \(code)"
    throw SolverError("Z3 failed while \(what): \(message)")
  }

  private func dropModel() {
    if let model { Z3_model_dec_ref(context, model) }
    model = nil
  }

  package func assert(_ term: Term) throws {
    dropModel()
    let ast = try translate(term)
    Z3_solver_assert(context, solver, ast)
    try checkError("asserting a term")
  }

  package func push() throws {
    dropModel()
    Z3_solver_push(context, solver)
    try checkError("pushing a scope")
  }

  package func pop() throws {
    dropModel()
    Z3_solver_pop(context, solver, 1)
    try checkError("popping a scope")
  }

  package func check() throws -> SolverAnswer {
    dropModel()
    let result = Z3_solver_check(context, solver)
    try checkError("checking satisfiability")
    switch result {
    case Z3_L_TRUE:
      guard let found = Z3_solver_get_model(context, solver) else {
        throw SolverError("Z3 answered sat without a model")
      }
      Z3_model_inc_ref(context, found)
      model = found
      return .sat
    case Z3_L_FALSE:
      return .unsat
    default:
      let reason = Z3_solver_get_reason_unknown(context, solver).map { String(cString: $0) }
      return .unknown(reason ?? "unknown")
    }
  }

  private func evaluate(_ term: Term) throws -> Z3_ast {
    guard let model else { throw SolverError("no model: the last check was not sat") }
    let ast = try translate(term)
    var result: Z3_ast?
    guard Z3_model_eval(context, model, ast, true, &result), let result else {
      try checkError("evaluating a term in the model")
      throw SolverError("Z3 could not evaluate a term in the model")
    }
    return result
  }

  package func boolValue(_ term: Term) throws -> Bool {
    let value = try evaluate(term)
    switch Z3_get_bool_value(context, value) {
    case Z3_L_TRUE: return true
    case Z3_L_FALSE: return false
    default: throw SolverError("the model gives no Boolean value for \(term)")
    }
  }

  package func intValue(_ term: Term) throws -> Int {
    let value = try evaluate(term)
    var result: Int64 = 0
    if Z3_get_numeral_int64(context, value, &result) { return Int(result) }
    let text = Z3_get_numeral_string(context, value).map { String(cString: $0) } ?? "?"
    throw SolverError("the model gives \(term) the value \(text), which does not fit in 64 bits")
  }

  // MARK: - Translation

  private func translate(_ root: Term) throws -> Z3_ast {
    if let known = translated[root.id] { return known }
    // Iterative post-order: terms can be deep (long if-then-else chains).
    var stack: [(Term, Bool)] = [(root, false)]
    while let (term, expanded) = stack.popLast() {
      if translated[term.id] != nil { continue }
      if !expanded {
        stack.append((term, true))
        for arg in term.args where translated[arg.id] == nil { stack.append((arg, false)) }
        continue
      }
      let args: [Z3_ast?] = term.args.map { translated[$0.id] }
      guard let ast = make(term, args) else {
        try checkError("building a term")
        throw SolverError("Z3 could not build \(term)")
      }
      Z3_inc_ref(context, ast)
      translated[term.id] = ast
    }
    try checkError("building a term")
    guard let ast = translated[root.id] else { throw SolverError("Z3 could not build \(root)") }
    return ast
  }

  private func make(_ term: Term, _ args: [Z3_ast?]) -> Z3_ast? {
    let c = context
    switch term.op {
    case .boolConstant(let b): return b ? Z3_mk_true(c) : Z3_mk_false(c)
    case .intConstant(let i): return Z3_mk_int64(c, Int64(i), intSort)
    case .variable(let name):
      return Z3_mk_const(c, Z3_mk_string_symbol(c, name), term.sort == .bool ? boolSort : intSort)
    case .not: return Z3_mk_not(c, args[0])
    case .and:
      return args.withUnsafeBufferPointer { Z3_mk_and(c, UInt32($0.count), $0.baseAddress) }
    case .or: return args.withUnsafeBufferPointer { Z3_mk_or(c, UInt32($0.count), $0.baseAddress) }
    case .ite: return Z3_mk_ite(c, args[0], args[1], args[2])
    case .eq: return Z3_mk_eq(c, args[0], args[1])
    case .lt: return Z3_mk_lt(c, args[0], args[1])
    case .le: return Z3_mk_le(c, args[0], args[1])
    case .add:
      return args.withUnsafeBufferPointer { Z3_mk_add(c, UInt32($0.count), $0.baseAddress) }
    case .sub:
      return args.withUnsafeBufferPointer { Z3_mk_sub(c, UInt32($0.count), $0.baseAddress) }
    case .mul:
      return args.withUnsafeBufferPointer { Z3_mk_mul(c, UInt32($0.count), $0.baseAddress) }
    case .neg: return Z3_mk_unary_minus(c, args[0])
    case .div: return Z3_mk_div(c, args[0], args[1])
    case .mod: return Z3_mk_mod(c, args[0], args[1])
    }
  }
}
