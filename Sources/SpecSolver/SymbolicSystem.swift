import SpecRuntime
import SpecSemantics
import SpecSyntax

/// The encoded actions from one symbolic state: what `transition(to:)` relates to a
/// next state, and the failures of evaluating them there.
package struct SymbolicStep {
  package var from: [SymbolicValue]
  /// The encoded actions: one per instance where the parameters have few values, else one
  /// with fresh parameters.
  package var actions: [EncodedAction]
  /// Which of `actions` is taken: an integer in `0..<actions.count`.
  package var label: Term
  package var failures: [Failure]
  /// Whether encoding the actions made fresh variables (parameters, `\E` or `x' \in S`
  /// over sets not branched on): then "no action is enabled" is a statement about every
  /// value of them, which a query over free variables cannot make.
  package var choosesFreely = false
}

/// A predicate encoded at a state: its value and where its evaluation fails.
package struct EncodedPredicate {
  package var holds: Term
  package var failures: [Failure]
}

/// The spec as a symbolic transition system: fresh states, `init`, steps, invariants,
/// constraints and assumptions as terms. Queries (`BoundedModelChecker`,
/// `InductionChecker`) assemble these into solver checks.
package final class SymbolicSystem {
  package let encoder: SymbolicEncoder
  package var spec: TypedSpec { encoder.spec }
  package var terms: TermBuilder { encoder.terms }

  package init(spec: TypedSpec, constants: [Value], symbolic: [Bool]) {
    encoder = SymbolicEncoder(spec: spec, constants: constants, symbolic: symbolic)
  }

  /// Every constant's value; symbolic ones are made fresh here, so call this first.
  package func constants() throws -> [SymbolicValue] {
    try spec.constants.indices.map { try encoder.constant($0) }
  }

  /// The conjunction of the assumptions (and of the symbolic constants' types), with the
  /// assumptions' failures.
  package func assumptions() throws -> EncodedPredicate {
    _ = try constants()
    var parts: [Term] = []
    let (_, failures) = try encoder.collectingFailures {
      for assumption in spec.assumptions {
        encoder.state = []
        parts.append(try encoder.formula(assumption.body))
      }
    }
    return EncodedPredicate(
      holds: terms.and(encoder.constantConstraints + parts), failures: failures)
  }

  /// A fresh state: one value per variable of its declared type, and the condition that
  /// each is of its type.
  ///
  /// - Parameter templates: per variable, values the state must be able to hold (they
  ///   size sequences).
  package func freshState(_ prefix: String, templates: [[SymbolicValue]] = []) throws
    -> ([SymbolicValue], Term)
  {
    var values: [SymbolicValue] = []
    var constraints: [Term] = []
    for (index, variable) in spec.variables.enumerated() {
      let (value, inside) = try encoder.freshValue(
        of: variable.type, hint: "\(prefix).\(variable.name.text)",
        templates: index < templates.count ? templates[index] : [], at: variable.name.range)
      values.append(value)
      constraints.append(inside)
    }
    return (values, terms.and(constraints))
  }

  /// The branches of `init` and the failures of evaluating it.
  package func initial() throws -> ([Branch], [Failure]) {
    try encoder.collectingFailures {
      encoder.namePrefix = "init."
      defer { encoder.namePrefix = "" }
      return try encoder.encodeInit()
    }
  }

  /// The values each variable takes in some branch: templates for the next fresh state.
  package func templates(_ branches: [Branch], current: [SymbolicValue]?) -> [[SymbolicValue]] {
    spec.variables.indices.map { index in
      var found = branches.compactMap { $0.next[index] }
      if let current { found.append(current[index]) }
      return found
    }
  }

  /// The condition that `state` is one of `init`'s states.
  package func isInitial(_ state: [SymbolicValue], _ branches: [Branch]) throws -> Term {
    terms.or(
      try branches.map { branch in
        var parts = [branch.condition]
        for (index, variable) in spec.variables.enumerated() {
          guard let value = branch.next[index] else { continue }
          parts.append(try encoder.equal(state[index], value, at: variable.name.range))
        }
        return terms.and(parts)
      })
  }

  /// Encodes every action from `state`, with fresh names under `prefix`.
  package func step(from state: [SymbolicValue], prefix: String) throws -> SymbolicStep {
    encoder.namePrefix = prefix + "."
    defer { encoder.namePrefix = "" }
    let variablesBefore = terms.variables.count
    let (actions, failures) = try encoder.collectingFailures {
      encoder.state = state
      // Actions with few instances are encoded once per instance: concrete arguments fold
      // function application and EXCEPT to direct access. Others get fresh parameters.
      var actions: [EncodedAction] = []
      for index in spec.actions.indices {
        if let instances = encoder.instances(of: index) {
          for arguments in instances {
            actions.append(try encoder.encodeAction(index, arguments: arguments))
          }
        } else {
          actions.append(try encoder.encodeAction(index))
        }
      }
      return actions
    }
    let choosesFreely = terms.variables.count > variablesBefore
    let label = terms.fresh(prefix + ".action", .int)
    return SymbolicStep(
      from: state, actions: actions, label: label, failures: failures,
      choosesFreely: choosesFreely)
  }

  /// The condition that the step leads to `next`: some branch of the action `label` names
  /// holds and binds exactly `next` (unbound variables keep their values).
  package func transition(_ step: SymbolicStep, to next: [SymbolicValue]) throws -> Term {
    var options: [Term] = []
    let labelInRange = terms.and(
      terms.le(terms.int(0), step.label), terms.lt(step.label, terms.int(step.actions.count)))
    for (index, action) in step.actions.enumerated() {
      let chosen = terms.eq(step.label, terms.int(index))
      for branch in action.branches {
        var parts = [chosen, branch.condition]
        for (variable, declaration) in spec.variables.enumerated() {
          let value = branch.next[variable] ?? step.from[variable]
          parts.append(try encoder.equal(next[variable], value, at: declaration.name.range))
        }
        options.append(terms.and(parts))
      }
    }
    return terms.and(labelInRange, terms.or(options))
  }

  /// The condition that some action instance is enabled: some branch of an action holds.
  /// Exact only when the step does not choose freely.
  package func enabled(_ step: SymbolicStep) -> Term {
    terms.or(step.actions.flatMap { $0.branches.map(\.condition) })
  }

  /// The condition that two states are equal.
  package func sameState(_ a: [SymbolicValue], _ b: [SymbolicValue]) throws -> Term {
    terms.and(
      try spec.variables.indices.map {
        try encoder.equal(a[$0], b[$0], at: spec.variables[$0].name.range)
      })
  }

  /// Every variable's values across the step's branches (and the unchanged ones).
  package func templates(_ step: SymbolicStep) -> [[SymbolicValue]] {
    templates(step.actions.flatMap(\.branches), current: step.from)
  }

  /// An invariant at `state`.
  package func invariant(_ index: Int, at state: [SymbolicValue]) throws -> EncodedPredicate {
    try predicate(spec.invariants[index].body, at: state)
  }

  /// The conjunction of the constraints at `state`.
  package func constraints(at state: [SymbolicValue]) throws -> EncodedPredicate {
    var parts: [Term] = []
    var failures: [Failure] = []
    for constraint in spec.constraints {
      let encoded = try predicate(constraint.body, at: state)
      parts.append(encoded.holds)
      failures += encoded.failures
    }
    return EncodedPredicate(holds: terms.and(parts), failures: failures)
  }

  func predicate(_ body: Expr, at state: [SymbolicValue]) throws -> EncodedPredicate {
    let (holds, failures) = try encoder.collectingFailures {
      encoder.state = state
      encoder.next = []
      encoder.pathCondition = terms.trueTerm
      return try encoder.formula(body)
    }
    return EncodedPredicate(holds: holds, failures: failures)
  }

  /// The condition that every function in the state has its whole declared domain: how
  /// `prove` prefers its counterexamples (a type `T -> U` also allows partial functions,
  /// which a reader rarely means).
  package func fullDomains(_ state: [SymbolicValue]) -> Term {
    var parts: [Term] = []
    func visit(_ value: SymbolicValue) {
      switch value {
      case .function(let entries):
        for entry in entries {
          parts.append(entry.present)
          visit(entry.value)
        }
      case .record(_, let values): values.forEach(visit)
      case .sequence(_, let items): items.forEach(visit)
      case .alternatives(let choices): for choice in choices { visit(choice.value) }
      case .set(let elements): for element in elements { visit(element.value) }
      default: break
      }
    }
    state.forEach(visit)
    return terms.and(parts)
  }

  /// The disjunction of the failures of one kind.
  package func any(_ failures: [Failure], _ kind: Failure.Kind) -> Term {
    terms.or(failures.filter { $0.kind == kind }.map(\.condition))
  }

  /// The condition that the evaluator, checking `invariants` in order at a state, stops
  /// on one: it is false, or its evaluation fails (after the earlier ones held).
  package func anyViolated(_ invariants: [EncodedPredicate]) -> Term {
    var options: [Term] = []
    var earlierHold = terms.trueTerm
    for invariant in invariants {
      let fails = any(invariant.failures, .evaluation)
      options.append(terms.and(earlierHold, terms.or(terms.not(invariant.holds), fails)))
      earlierHold = terms.and(earlierHold, invariant.holds, terms.not(fails))
    }
    return terms.or(options)
  }
}

// MARK: - Reading models

/// A counterexample read from a model: the constants' values, the states, and the action
/// (with arguments) of each step.
package struct SymbolicTrace: Sendable, Equatable {
  package struct Step: Sendable, Equatable {
    package var action: Int
    package var arguments: [Value]
  }
  package var constants: [Value]
  package var states: [[Value]]
  /// `steps[i]` leads from `states[i]` to `states[i + 1]`.
  package var steps: [Step]
}

extension SymbolicSystem {
  /// A symbolic value's value in the solver's model.
  package func decode(_ value: SymbolicValue, _ solver: any SMTSolver) throws -> Value {
    switch value {
    case .bool(let t): return .bool(try solver.boolValue(t))
    case .int(let t): return .int(try solver.intValue(t))
    case .string(let t):
      let code = try solver.intValue(t)
      guard let string = encoder.strings.string(code) else {
        throw SolverError("the model gives a string code \(code) that no literal has")
      }
      return .string(string)
    case .sequence(let length, let items):
      let n = try solver.intValue(length)
      guard n >= 0, n <= items.count else {
        throw SolverError(
          "the model gives a sequence length \(n) beyond its capacity \(items.count)")
      }
      return .sequence(try items.prefix(n).map { try decode($0, solver) })
    case .record(let names, let values):
      return .record(names: names, values: try values.map { try decode($0, solver) })
    case .set(let elements):
      var found: [Value] = []
      for element in elements where try solver.boolValue(element.condition) {
        found.append(try decode(element.value, solver))
      }
      return Value.makeSet(found)
    case .function(let entries):
      var pairs: [(Value, Value)] = []
      for entry in entries where try solver.boolValue(entry.present) {
        let key = try decode(entry.key, solver)
        if pairs.contains(where: { $0.0 == key }) { continue }
        pairs.append((key, try decode(entry.value, solver)))
      }
      return Value.makeFunction(pairs)
    case .alternatives(let choices):
      for choice in choices where try solver.boolValue(choice.condition) {
        return try decode(choice.value, solver)
      }
      throw SolverError("the model picks none of a value's alternatives")
    case .lazySet:
      throw SolverError("a lazy set cannot be read back from a model")
    }
  }

  /// The model's constants, states and steps.
  package func decodeTrace(
    constants: [SymbolicValue], states: [[SymbolicValue]], steps: [SymbolicStep],
    _ solver: any SMTSolver
  ) throws -> SymbolicTrace {
    let constantValues = try constants.map { try decode($0, solver) }
    let stateValues = try states.map { try $0.map { try decode($0, solver) } }
    var decoded: [SymbolicTrace.Step] = []
    for step in steps.prefix(max(0, states.count - 1)) {
      let label = try solver.intValue(step.label)
      guard step.actions.indices.contains(label) else {
        throw SolverError("the model picks action \(label), which does not exist")
      }
      let action = step.actions[label]
      decoded.append(
        .init(
          action: action.action, arguments: try action.parameters.map { try decode($0, solver) }))
    }
    return SymbolicTrace(constants: constantValues, states: stateValues, steps: decoded)
  }
}
