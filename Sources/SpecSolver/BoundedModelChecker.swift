import SpecRuntime
import SpecSemantics
import SpecSyntax

/// What bounded model checking found.
package enum BMCOutcome: Sendable {
  /// No invariant is violated within `depth` steps of any initial state.
  case ok(depth: Int)
  /// The shortest violation: the trace's last state violates the invariant.
  case violation(invariant: Int, trace: SymbolicTrace)
  /// An evaluation error the explicit evaluator reports at the end of the trace (while
  /// evaluating `init`, an invariant, a constraint, or an action from the last state).
  case evaluationError(Diagnostic, trace: SymbolicTrace)
  /// The shortest path to a deadlock: no action is enabled in the trace's last state.
  case deadlock(trace: SymbolicTrace)
  /// No constants satisfy the assumptions.
  case assumptionsUnsatisfiable
  /// The solver gave up at `depth` (a timeout), or the encoding's recursion limit may
  /// hide a violation.
  case unknown(depth: Int, reason: String)
}

/// The result with its cost.
package struct BMCResult: Sendable {
  package var outcome: BMCOutcome
  /// Solver checks made.
  package var queries: Int
  /// Whether the finite-domain solver answered (rather than the default one).
  package var finiteDomain = false
  /// What the search could not cover (deadlocks where actions choose freely).
  package var notes: [String] = []
}

/// Bounded model checking: unrolls `init` and the actions step by step and asks, at each
/// depth 0, 1, ... K, three questions in the explicit search's order: is there a state
/// that violates an invariant, one where evaluation fails (in `init`, an invariant, a
/// constraint or an action from it), and, unless deadlocks are off, one without
/// successors (a deadlock; not asked where actions choose freely, with a note). The first
/// answer found is a shortest one. Each question is asked in a `push`/`pop` scope.
///
/// Every counterexample is replayed through the explicit evaluator before it is returned;
/// one the evaluator does not reproduce throws `ReplayMismatch`.
package struct BoundedModelChecker {
  package let spec: TypedSpec
  package let constants: [Value]
  package let symbolic: [Bool]
  package let solvers: any SMTSolverFactory

  package init(
    spec: TypedSpec, constants: [Value], symbolic: [Bool], solvers: any SMTSolverFactory
  ) {
    self.spec = spec
    self.constants = constants
    self.symbolic = symbolic
    self.solvers = solvers
  }

  /// Searches depths 0...`depth`; each solver check gives up after `timeout` seconds.
  ///
  /// The unrolling goes first to the factory's finite-domain solver, if it has one, as one
  /// incremental solver: it keeps what it learned about the steps so far from one depth
  /// to the next (Hanoi with 4 disks: 4 s instead of 120 s). A query it cannot take (an
  /// integer without constant bounds: `Int`, symbolic constants, fresh parameters) makes
  /// it give up, and the search starts again with a fresh default solver per check.
  ///
  /// Throws `EncodingError` for a spec the encoding cannot handle, `SolverError` when the
  /// solver fails, `ReplayMismatch` when the evaluator disagrees with the solver.
  package func run(depth: Int, timeout: Double?, checkDeadlock: Bool = true) throws -> BMCResult {
    var queries = 0
    if let finite = try solvers.makeFiniteDomainSolver(timeout: timeout) {
      let system = SymbolicSystem(spec: spec, constants: constants, symbolic: symbolic)
      system.encoder.boundsIgnoredParts = true
      var run = Unrolling(system: system, solver: finite, finiteDomain: true)
      run.checkDeadlock = checkDeadlock
      do {
        let outcome = try run.search(depth: depth)
        return BMCResult(
          outcome: outcome, queries: run.queries, finiteDomain: true, notes: run.notes)
      } catch is FiniteDomainGaveUp {
        queries = run.queries
      }
    }
    var run = Unrolling(
      system: SymbolicSystem(spec: spec, constants: constants, symbolic: symbolic),
      solver: FreshSolverPerCheck(factory: solvers, timeout: timeout), finiteDomain: false)
    run.checkDeadlock = checkDeadlock
    let outcome = try run.search(depth: depth)
    return BMCResult(
      outcome: outcome, queries: queries + run.queries, finiteDomain: false, notes: run.notes)
  }
}

/// The finite-domain solver cannot take the query (not a timeout).
private struct FiniteDomainGaveUp: Error {}

/// The state of one unrolling: the solver, the states so far and what they need.
private struct Unrolling {
  let system: SymbolicSystem
  let solver: any SMTSolver
  /// The solver is a finite-domain one: an `unknown` other than a timeout means it cannot
  /// take the query, and throws `FiniteDomainGaveUp`.
  let finiteDomain: Bool
  /// Whether a state without successors stops the search, as in `check`.
  var checkDeadlock = true
  var notes: [String] = []
  var queries = 0
  var constants: [SymbolicValue] = []
  var states: [[SymbolicValue]] = []
  var steps: [SymbolicStep] = []
  var limits: [Term] = []
  /// The encoding limits' failures, for the reason of an unknown answer.
  var limitFailures: [Failure] = []

  mutating func addLimits(_ failures: [Failure]) {
    let found = failures.filter { $0.kind == .encodingLimit }
    limits += found.map(\.condition)
    limitFailures += found
  }

  init(system: SymbolicSystem, solver: any SMTSolver, finiteDomain: Bool) {
    self.system = system
    self.solver = solver
    self.finiteDomain = finiteDomain
  }

  mutating func solve() throws -> SolverAnswer {
    queries += 1
    let answer = try solver.check()
    if finiteDomain, case .unknown = answer, !answer.isTimeout { throw FiniteDomainGaveUp() }
    return answer
  }

  var terms: TermBuilder { system.terms }
  var spec: TypedSpec { system.spec }

  mutating func check(_ goal: Term) throws -> SolverAnswer {
    try solver.push()
    try solver.assert(goal)
    try solver.assert(terms.not(terms.or(limits)))
    return try solve()
  }

  mutating func search(depth: Int) throws -> BMCOutcome {
    constants = try system.constants()
    let assumptions = try system.assumptions()
    addLimits(assumptions.failures)
    try solver.assert(assumptions.holds)
    try solver.assert(terms.not(system.any(assumptions.failures, .evaluation)))
    switch try solve() {
    case .unsat: return .assumptionsUnsatisfiable
    case .unknown(let reason): return .unknown(depth: 0, reason: reason)
    case .sat: break
    }

    let (initBranches, initFailures) = try system.initial()
    addLimits(initFailures)
    let (first, firstTypes) = try system.freshState(
      "s0", templates: system.templates(initBranches, current: nil))
    let isInitial = terms.and(try system.isInitial(first, initBranches), firstTypes)
    states = [first]

    for k in 0...depth {
      let state = states[k]
      let invariants = try spec.invariants.indices.map { try system.invariant($0, at: state) }
      for invariant in invariants {
        addLimits(invariant.failures)
      }
      var goal = system.anyViolated(invariants)
      let initFails = system.any(initFailures, .evaluation)
      if k == 0 { goal = terms.or(initFails, terms.and(isInitial, goal)) }
      switch try check(goal) {
      case .sat:
        let found = try decode()
        let initFailed = k == 0 ? try solver.boolValue(initFails) : false
        try solver.pop()
        return try confirmViolation(found, initFailed: initFailed)
      case .unknown(let reason):
        try solver.pop()
        return .unknown(depth: k, reason: reason)
      case .unsat:
        try solver.pop()
        // Kept, this lets the incremental solver use what it learned at this depth
        // (a shortest path has no violation before its end).
        if finiteDomain { try keep(terms.not(goal)) }
      }
      if k == 0 { try solver.assert(isInitial) }
      guard k < depth else { break }

      let constraints = try system.constraints(at: state)
      let step = try system.step(from: state, prefix: "k\(k)")
      addLimits((step.failures + constraints.failures))
      let constraintFails = system.any(constraints.failures, .evaluation)
      let explored = terms.and(constraints.holds, terms.not(constraintFails))
      let expansionFails = terms.or(
        constraintFails, terms.and(explored, system.any(step.failures, .evaluation)))
      switch try check(expansionFails) {
      case .sat:
        let found = try decode()
        try solver.pop()
        return try confirmExpansionError(found)
      case .unknown(let reason):
        try solver.pop()
        return .unknown(depth: k, reason: reason)
      case .unsat:
        try solver.pop()
      }
      if finiteDomain { try keep(terms.not(expansionFails)) }
      if let deadlock = try deadlockGoal(step, explored: explored) {
        switch try check(deadlock) {
        case .sat:
          let found = try decode()
          try solver.pop()
          return try confirmDeadlock(found)
        case .unknown(let reason):
          try solver.pop()
          return .unknown(depth: k, reason: reason)
        case .unsat:
          try solver.pop()
          if finiteDomain { try keep(terms.not(deadlock)) }
        }
      }
      let templates = try successorTemplates(step, from: state, explored: explored)
      let (successor, successorTypes) = try system.freshState(
        "s\(k + 1)", templates: templates)
      try solver.assert(explored)
      try solver.assert(successorTypes)
      try solver.assert(try system.transition(step, to: successor))
      // A shortest path never visits a state twice (a repeat could be cut out, and the
      // shorter path was searched at a smaller depth): saying so prunes the search.
      for earlier in states {
        try solver.assert(terms.not(try system.sameState(earlier, successor)))
      }
      steps.append(step)
      states.append(successor)
    }
    if !limits.isEmpty {
      try solver.push()
      try solver.assert(terms.or(limits))
      let answer = try solve()
      defer { try? solver.pop() }
      if answer != .unsat {
        return .unknown(depth: depth, reason: try reachedLimit(limitFailures, answer, solver))
      }
    }
    return .ok(depth: depth)
  }

  /// The condition that the state the step starts from is explored and has no successor,
  /// nil when deadlocks are not searched for. When actions choose freely, deadlocks are
  /// not searched for either, and a note says so.
  mutating func deadlockGoal(_ step: SymbolicStep, explored: Term) throws -> Term? {
    guard checkDeadlock else { return nil }
    guard !step.choosesFreely else {
      let note =
        "deadlocks were not searched for: an action's parameters or choices are encoded as fresh variables (sets too large to branch on), and the solver cannot say that no value of them enables it; use check, or --no-deadlock to silence this"
      if !notes.contains(note) { notes.append(note) }
      return nil
    }
    return terms.and(explored, terms.not(system.enabled(step)))
  }

  /// Asserts what a check just proved (`fact` holds unless an encoding limit is hit), so
  /// the incremental solver keeps using what it learned proving it.
  func keep(_ fact: Term) throws {
    try solver.assert(terms.or(fact, terms.or(limits)))
  }

  /// The templates of the state after `step`: the step's values, with sequences cut to
  /// the largest capacity of `state` when the solver shows that no step builds a longer
  /// one (a finite-domain search only: there the question is cheap, and on Hanoi the
  /// capacities would otherwise grow by one per step).
  mutating func successorTemplates(
    _ step: SymbolicStep, from state: [SymbolicValue], explored: Term
  ) throws -> [[SymbolicValue]] {
    let templates = system.templates(step)
    guard finiteDomain, let capacity = system.largestCapacity(state),
      (system.largestCapacity(templates.flatMap { $0 }) ?? 0) > capacity
    else { return templates }
    try solver.push()
    try solver.assert(terms.and(explored, system.buildsLonger(step, than: capacity)))
    let answer = try solve()
    try solver.pop()
    guard answer == .unsat else { return templates }
    return templates.map { $0.map { system.clamped($0, to: capacity) } }
  }

  func decode() throws -> SymbolicTrace {
    try system.decodeTrace(constants: constants, states: states, steps: steps, solver)
  }

  /// Replays the path and confirms that the last state stops the explicit checker.
  func confirmViolation(_ trace: SymbolicTrace, initFailed: Bool) throws -> BMCOutcome {
    var replayer = try makeReplayer(trace)
    if initFailed {
      do {
        _ = try replayer.isInitial([])
      } catch {
        return .evaluationError(
          diagnostic(of: error),
          trace: SymbolicTrace(constants: trace.constants, states: [], steps: []))
      }
      throw ReplayMismatch(
        "the solver found init failing, but the evaluator computes init without error")
    }
    try replayPath(&replayer, trace)
    let last = trace.states[trace.states.count - 1]
    do {
      guard let index = try replayer.violatedInvariant(last) else {
        throw ReplayMismatch(
          "the solver's state \(trace.states.count) violates an invariant, but the evaluator finds every invariant true there"
        )
      }
      return .violation(invariant: index, trace: trace)
    } catch let mismatch as ReplayMismatch {
      throw mismatch
    } catch {
      return .evaluationError(diagnostic(of: error), trace: trace)
    }
  }

  func confirmDeadlock(_ trace: SymbolicTrace) throws -> BMCOutcome {
    var replayer = try makeReplayer(trace)
    try replayPath(&replayer, trace)
    let last = trace.states[trace.states.count - 1]
    let deadlocked: Bool
    do {
      deadlocked = try replayer.satisfiesConstraints(last) && !(try replayer.hasSuccessor(last))
    } catch {
      throw ReplayMismatch(
        "the solver found state \(trace.states.count) deadlocked, but the evaluator fails there: \(diagnostic(of: error).message)"
      )
    }
    guard deadlocked else {
      throw ReplayMismatch(
        "the solver found no action enabled in state \(trace.states.count), but the evaluator finds a successor"
      )
    }
    return .deadlock(trace: trace)
  }

  func confirmExpansionError(_ trace: SymbolicTrace) throws -> BMCOutcome {
    var replayer = try makeReplayer(trace)
    try replayPath(&replayer, trace)
    let last = trace.states[trace.states.count - 1]
    do {
      if try replayer.satisfiesConstraints(last) { try replayer.expand(last) }
    } catch {
      return .evaluationError(diagnostic(of: error), trace: trace)
    }
    throw ReplayMismatch(
      "the solver found an evaluation error when expanding state \(trace.states.count), but the evaluator expands it without error"
    )
  }

  func makeReplayer(_ trace: SymbolicTrace) throws -> Replayer {
    do {
      let replayer = try Replayer(spec: spec, constants: trace.constants)
      guard try replayer.assumptionsHold() else {
        throw ReplayMismatch(
          "the solver's constants \(trace.constants) do not satisfy the assumptions")
      }
      return replayer
    } catch let mismatch as ReplayMismatch {
      throw mismatch
    } catch {
      throw ReplayMismatch(
        "the explicit evaluator cannot replay the counterexample: \(diagnostic(of: error).message)")
    }
  }

  /// Checks every state but the last against `init` and the steps, as the explicit
  /// checker would reach them.
  func replayPath(_ replayer: inout Replayer, _ trace: SymbolicTrace) throws {
    do {
      guard try replayer.isInitial(trace.states[0]) else {
        throw ReplayMismatch("the solver's first state \(trace.states[0]) is not an initial state")
      }
      for (index, step) in trace.steps.enumerated() {
        guard try replayer.satisfiesConstraints(trace.states[index]) else {
          throw ReplayMismatch("state \(index + 1) violates a constraint, so it is not explored")
        }
        guard
          try replayer.isStep(
            from: trace.states[index], action: step.action, arguments: step.arguments,
            to: trace.states[index + 1])
        else {
          throw ReplayMismatch(
            "action \(spec.actions[step.action].name.text)\(step.arguments) does not lead from state \(index + 1) to state \(index + 2) of the solver's trace"
          )
        }
      }
    } catch let mismatch as ReplayMismatch {
      throw mismatch
    } catch {
      throw ReplayMismatch(
        "the evaluator fails on the solver's trace before its last state: \(diagnostic(of: error).message)"
      )
    }
  }
}

/// The diagnostic of an error the explicit evaluator threw.
package func diagnostic(of error: any Error) -> Diagnostic {
  if let failure = error as? ActionFailure { return failure.error.diagnostic }
  if let failure = error as? EvaluationError { return failure.diagnostic }
  return Diagnostic(.internalError, "\(error)", at: .none)
}

/// Why an answer is unknown when an encoding limit may be reached: the message of a limit
/// the model hits (after a `sat` answer), else of the first limit.
func reachedLimit(_ failures: [Failure], _ answer: SolverAnswer, _ solver: any SMTSolver) throws
  -> String
{
  if answer == .sat {
    for failure in failures where try solver.boolValue(failure.condition) {
      return failure.message
    }
  }
  return failures.first?.message ?? "an encoding limit may be reached"
}
