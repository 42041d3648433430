import SpecRuntime
import SpecSemantics
import SpecSyntax

/// What `prove` found for one invariant.
package enum InvariantVerdict: Sendable {
  /// Every initial state satisfies it, and every step from a state satisfying the
  /// hypotheses keeps it.
  case proved
  /// An initial state violates it (a one-state trace).
  case violatedInitially(SymbolicTrace)
  /// A counterexample to induction: a state satisfying the hypotheses and a step to a
  /// state that violates the invariant (a two-state trace).
  case notInductive(SymbolicTrace)
  /// The solver gave up, or the encoding's limits leave the question open.
  case unknown(String)
}

/// A problem of the spec itself that `prove` found: an evaluation error (or a value
/// leaving its declared type) in `init` or in an action taken from a state satisfying the
/// hypotheses.
package struct ProofFailure: Sendable {
  package var diagnostic: Diagnostic
  /// The states that show it: the initial state, or the state the action starts from.
  package var trace: SymbolicTrace
}

/// The whole result of `prove`.
package struct InductionResult: Sendable {
  /// One verdict per chosen invariant, in the order asked.
  package var verdicts: [(invariant: Int, verdict: InvariantVerdict)] = []
  /// Evaluation errors (or type violations) reachable in `init` or in a step.
  package var failures: [ProofFailure] = []
  /// An action's well-definedness could not be decided.
  package var stepUnknown: String?
  package var assumptionsUnsatisfiable = false
  /// Solver checks made.
  package var queries = 0
  /// Notes on counterexamples the explicit evaluator could not fully confirm.
  package var notes: [String] = []
}

/// Proves invariants inductive with the solver: Init ⇒ Inv, and Inv ∧ Next ⇒ Inv′, where
/// the hypotheses are the assumptions, the declared types, every chosen invariant and the
/// state constraints. The chosen invariants are proved together: their conjunction is
/// inductive exactly when each is preserved under that hypothesis.
///
/// Counterexamples are replayed through the explicit evaluator; a disagreement throws
/// `ReplayMismatch`.
package struct InductionChecker {
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

  /// Proves `invariants` (indices into `spec.invariants`); every check gives up after
  /// `timeout` seconds.
  package func run(invariants chosen: [Int], timeout: Double?) throws -> InductionResult {
    let proof = Proof(
      system: SymbolicSystem(spec: spec, constants: constants, symbolic: symbolic),
      solver: try solvers.makeSolver(timeout: timeout))
    try proof.run(chosen)
    return proof.result
  }
}

private final class Proof {
  let system: SymbolicSystem
  let solver: any SMTSolver
  var result = InductionResult()
  var constants: [SymbolicValue] = []
  var limits: [Term] = []
  /// The encoding limits' failures, for the reason of an unknown verdict.
  var limitFailures: [Failure] = []

  func addLimits(_ failures: [Failure]) {
    let found = failures.filter { $0.kind == .encodingLimit }
    limits += found.map(\.condition)
    limitFailures += found
  }

  init(system: SymbolicSystem, solver: any SMTSolver) {
    self.system = system
    self.solver = solver
  }

  var terms: TermBuilder { system.terms }
  var spec: TypedSpec { system.spec }

  /// Asks whether `goal` is satisfiable (away from the encoding's limits), trying first
  /// with `preferring` too, so counterexamples take the plainest form when they can; on
  /// `sat`, `found` reads the model before the scopes are popped.
  func query<T>(_ goal: Term, preferring: Term? = nil, found: () throws -> T) throws
    -> (SolverAnswer, T?)
  {
    try solver.push()
    defer { try? solver.pop() }
    try solver.assert(goal)
    try solver.assert(terms.not(terms.or(limits)))
    if let preferring, !preferring.isTrue {
      result.queries += 1
      try solver.push()
      try solver.assert(preferring)
      let answer = try solver.check()
      if answer == .sat {
        let value = try found()
        try solver.pop()
        return (.sat, value)
      }
      try solver.pop()
    }
    result.queries += 1
    let answer = try solver.check()
    return (answer, answer == .sat ? try found() : nil)
  }

  /// After an `unsat` answer: why the encoding's limits could hide a counterexample, or
  /// nil when they cannot. `context` must be exact where no limit is hit: the encoded
  /// invariant is not (with a limit hit it may say "holds" of a state that violates it),
  /// so the queries ask whether any limit is reachable at all.
  func limitsReachable(_ context: Term) throws -> String? {
    guard !limits.isEmpty else { return nil }
    result.queries += 1
    try solver.push()
    defer { try? solver.pop() }
    try solver.assert(context)
    try solver.assert(terms.or(limits))
    let answer = try solver.check()
    return answer == .unsat ? nil : try reachedLimit(limitFailures, answer, solver)
  }

  func run(_ chosen: [Int]) throws {
    constants = try system.constants()
    let assumptions = try system.assumptions()
    addLimits(assumptions.failures)
    try solver.assert(assumptions.holds)
    try solver.assert(terms.not(system.any(assumptions.failures, .evaluation)))
    result.queries += 1
    switch try solver.check() {
    case .unsat:
      result.assumptionsUnsatisfiable = true
      return
    case .unknown(let reason):
      result.verdicts = chosen.map { ($0, .unknown(reason)) }
      return
    case .sat: break
    }
    var verdicts: [Int: InvariantVerdict] = [:]
    try checkInitial(chosen, &verdicts)
    try checkStep(chosen, &verdicts)
    result.verdicts = chosen.map { ($0, verdicts[$0] ?? .proved) }
  }

  func checkInitial(_ chosen: [Int], _ verdicts: inout [Int: InvariantVerdict]) throws {
    let (branches, failures) = try system.initial()
    addLimits(failures)
    let (state, types) = try system.freshState(
      "init", templates: system.templates(branches, current: nil))
    let (answer, trace) = try query(system.any(failures, .evaluation)) {
      try system.decodeTrace(constants: constants, states: [], steps: [], solver)
    }
    switch answer {
    case .sat: result.failures.append(try initFailure(trace!))
    case .unknown(let reason): result.notes.append("whether init can fail is unknown: \(reason)")
    case .unsat: break
    }
    let isInitial = terms.and(try system.isInitial(state, branches), types)
    try solver.push()
    try solver.assert(isInitial)
    for index in chosen {
      let invariant = try system.invariant(index, at: state)
      addLimits(invariant.failures)
      let violated = terms.or(
        terms.not(invariant.holds), system.any(invariant.failures, .evaluation))
      let (answer, trace) = try query(violated, preferring: system.fullDomains(state)) {
        try system.decodeTrace(constants: constants, states: [state], steps: [], solver)
      }
      switch answer {
      case .sat:
        try confirmInitial(index, trace!)
        verdicts[index] = .violatedInitially(trace!)
      case .unknown(let reason):
        verdicts[index] = .unknown(reason)
      case .unsat:
        if let reason = try limitsReachable(terms.trueTerm) { verdicts[index] = .unknown(reason) }
      }
    }
    try solver.pop()
  }

  func checkStep(_ chosen: [Int], _ verdicts: inout [Int: InvariantVerdict]) throws {
    let sequences = try system.sequenceTemplates(
      hypotheses: chosen.map { spec.invariants[$0].body } + spec.constraints.map(\.body),
      solver: solver, queries: &result.queries)
    let (state, types) = try system.freshState("s", templates: sequences)
    var hypotheses = [types]
    var stateLimits: [Failure] = []
    for index in chosen {
      let invariant = try system.invariant(index, at: state)
      addLimits(invariant.failures)
      stateLimits += invariant.failures
      hypotheses += [invariant.holds, terms.not(system.any(invariant.failures, .evaluation))]
    }
    let constraints = try system.constraints(at: state)
    hypotheses += [constraints.holds, terms.not(system.any(constraints.failures, .evaluation))]
    let step = try system.step(from: state, prefix: "step")
    addLimits((step.failures + constraints.failures))
    // Where an encoding limit is hit in the hypotheses themselves, their encoding may be
    // false of a state the real hypotheses allow: such states stay in (the limits'
    // query must see them, or a counterexample there would be lost). The other queries
    // exclude every limit anyway.
    let hypothesisLimits = (stateLimits + constraints.failures).filter {
      $0.kind == .encodingLimit
    }.map(\.condition)
    let hypothesis = terms.and(
      types, terms.or(terms.and(Array(hypotheses.dropFirst())), terms.or(hypothesisLimits)))
    try solver.push()
    try solver.assert(hypothesis)

    let fails = system.any(step.failures, .evaluation)
    let (answer, trace) = try query(fails, preferring: system.fullDomains(state)) {
      try system.decodeTrace(constants: constants, states: [state], steps: [], solver)
    }
    switch answer {
    case .sat: result.failures.append(try stepFailure(trace!))
    case .unknown(let reason): result.stepUnknown = reason
    case .unsat: break
    }

    let (successor, successorTypes) = try system.freshState("s'", templates: system.templates(step))
    try solver.assert(successorTypes)
    try solver.assert(try system.transition(step, to: successor))
    for index in chosen where verdicts[index] == nil {
      let invariant = try system.invariant(index, at: successor)
      addLimits(invariant.failures)
      let violated = terms.or(
        terms.not(invariant.holds), system.any(invariant.failures, .evaluation))
      let (answer, trace) = try query(
        violated, preferring: terms.and(system.fullDomains(state), system.fullDomains(successor))
      ) {
        try system.decodeTrace(
          constants: constants, states: [state, successor], steps: [step], solver)
      }
      switch answer {
      case .sat:
        try confirmStep(index, chosen, trace!)
        verdicts[index] = .notInductive(trace!)
      case .unknown(let reason):
        verdicts[index] = .unknown(reason)
      case .unsat:
        if let reason = try limitsReachable(terms.trueTerm) { verdicts[index] = .unknown(reason) }
      }
    }
    try solver.pop()
  }

  // MARK: - Confirming with the evaluator

  func replayer(_ trace: SymbolicTrace, only action: Int? = nil) throws -> Replayer {
    var copy = spec
    if let action { copy.actions = [spec.actions[action]] }
    do {
      return try Replayer(spec: copy, constants: trace.constants)
    } catch {
      throw ReplayMismatch(
        "the explicit evaluator cannot replay the counterexample: \(diagnostic(of: error).message)")
    }
  }

  func initFailure(_ trace: SymbolicTrace) throws -> ProofFailure {
    var replayer = try replayer(trace)
    do {
      _ = try replayer.isInitial([])
    } catch {
      return ProofFailure(diagnostic: diagnostic(of: error), trace: trace)
    }
    throw ReplayMismatch(
      "the solver found init failing, but the evaluator computes init without error")
  }

  func stepFailure(_ trace: SymbolicTrace) throws -> ProofFailure {
    var replayer = try replayer(trace)
    do {
      try replayer.expand(trace.states[0])
    } catch {
      return ProofFailure(diagnostic: diagnostic(of: error), trace: trace)
    }
    throw ReplayMismatch(
      "the solver found an action failing from a state satisfying the invariants, but the evaluator expands that state without error"
    )
  }

  func confirmInitial(_ index: Int, _ trace: SymbolicTrace) throws {
    var replayer = try replayer(trace)
    do {
      guard try replayer.isInitial(trace.states[0]) else {
        throw ReplayMismatch("the solver's state \(trace.states[0]) is not an initial state")
      }
      if try replayer.holds(invariant: index, at: trace.states[0]) {
        throw ReplayMismatch(
          "the solver's initial state violates \(spec.invariants[index].name.text), but the evaluator finds it true"
        )
      }
    } catch let mismatch as ReplayMismatch {
      throw mismatch
    } catch {
      result.notes.append(
        "the explicit evaluator reports an error on the counterexample for \(spec.invariants[index].name.text): \(diagnostic(of: error).message)"
      )
    }
  }

  func confirmStep(_ index: Int, _ chosen: [Int], _ trace: SymbolicTrace) throws {
    let step = trace.steps[0]
    var replayer = try replayer(trace, only: step.action)
    let name = spec.invariants[index].name.text
    do {
      for hypothesis in chosen where try !replayer.holds(invariant: hypothesis, at: trace.states[0])
      {
        throw ReplayMismatch(
          "the solver's first state violates the hypothesis \(spec.invariants[hypothesis].name.text) in the evaluator"
        )
      }
      guard
        try replayer.isStep(
          from: trace.states[0], action: 0, arguments: step.arguments, to: trace.states[1])
      else {
        throw ReplayMismatch(
          "action \(spec.actions[step.action].name.text) does not lead from the solver's first state to its second"
        )
      }
      if try replayer.holds(invariant: index, at: trace.states[1]) {
        throw ReplayMismatch(
          "the solver's second state violates \(name), but the evaluator finds it true")
      }
    } catch let mismatch as ReplayMismatch {
      throw mismatch
    } catch {
      result.notes.append(
        "the explicit evaluator reports an error on the counterexample for \(name): \(diagnostic(of: error).message)"
      )
    }
  }
}
