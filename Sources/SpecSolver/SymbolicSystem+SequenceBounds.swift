import SpecSemantics
import SpecSyntax

/// Sequence bounds for `prove`: how long the sequences of a state satisfying the
/// hypotheses can be.
///
/// `prove` has no unrolling to size its sequences by, and the language's `Seq[T]` has no
/// bound. A state of the step query may hold sequences of a fixed capacity only if the
/// hypotheses already imply that no sequence is longer, or the proof would skip the longer
/// states and could say "proved" wrongly. So the bound is derived, and proved, from the
/// hypotheses: the conjuncts of the chosen invariants and of the constraints that mention
/// sequences only through `Len` of a variable (or a part of one: `Len(q) <= N`,
/// `Len(t[1]) + Len(t[2]) = D`, `\A p \in P: Len(chan[p]) <= N`). Those conjuncts are
/// encoded exactly over a probe state whose sequences have a free length and no items,
/// and the solver finds, with the assumptions, the least bound each length provably keeps.
extension SymbolicSystem {
  /// The largest sequence capacity `prove` derives.
  package static let maxDerivedCapacity = 64

  /// Per variable, a template giving its sequences the capacity the hypotheses bound them
  /// to (every sequence of one variable gets the largest of its bounds); empty templates
  /// for variables without sequences. Throws `SPC603` naming the variable when a
  /// sequence's length is not bounded by at most `maxDerivedCapacity`.
  ///
  /// Call it with the assumptions asserted on `solver`; it leaves the solver's assertions
  /// as they were. `queries` counts its checks.
  package func sequenceTemplates(
    hypotheses: [Expr], solver: any SMTSolver, queries: inout Int
  ) throws -> [[SymbolicValue]] {
    let variables = spec.variables
    guard variables.contains(where: { containsSequence($0.type.ty) }) else { return [] }
    for variable in variables where nestedSequence(variable.type.ty) {
      throw EncodingError(
        .unsupportedSolverType,
        "prove cannot bound a sequence inside a sequence (here \(variable.type.ty)): only sequences a Len conjunct of a hypothesis bounds can be represented; use bmc, or check",
        at: variable.name.range)
    }
    encoder.lengthsOnly = true
    let probe: [SymbolicValue]
    let inside: Term
    do {
      defer { encoder.lengthsOnly = false }
      (probe, inside) = try freshState("probe")
    }
    // Lengths are never negative, under absent keys and unchosen variants too (where
    // `inside` does not say so): a conjunct that holds without failing reads none of them.
    var facts = [inside]
    for value in probe {
      facts += lengths(of: value).map { terms.le(terms.int(0), $0.1) }
    }
    for conjunct in hypotheses.flatMap({ conjuncts($0, depth: 0) })
    where mentionsOnlyLengths(conjunct, depth: 0) {
      // A conjunct whose encoding hits a limit is not exact: it bounds nothing.
      if let encoded = try? predicate(conjunct, at: probe),
        !encoded.failures.contains(where: { $0.kind == .encodingLimit })
      {
        facts.append(encoded.holds)
      }
    }
    try solver.push()
    defer { try? solver.pop() }
    try solver.assert(terms.and(facts))
    var templates: [[SymbolicValue]] = []
    for (index, variable) in variables.enumerated() {
      guard containsSequence(variable.type.ty) else {
        templates.append([])
        continue
      }
      var capacity = 0
      for (counts, length) in lengths(of: probe[index]) {
        guard
          let bound = try leastBound(
            of: length, where: counts, solver: solver, queries: &queries)
        else {
          let name = variable.name.text
          let (what, example): (String, String) =
            switch variable.type {
            case .sequence: (name, "Len(\(name))")
            case .function: ("the sequences in \(name)", "Len(\(name)[k])")
            default: ("the sequences in \(name)", "Len(...)")
            }
          throw EncodingError(
            .unsupportedSolverType,
            "prove cannot bound the length of \(what) (a \(variable.type.ty)): it needs conjuncts of the chosen invariants or the constraints that mention sequences only through Len, such as \(example) <= N with N a constant or bounded by assume, and imply a length of at most \(Self.maxDerivedCapacity); use bmc, or check",
            at: variable.name.range)
        }
        capacity = max(capacity, bound)
      }
      templates.append([
        try template(of: variable.type, capacity: capacity, at: variable.name.range)
      ])
    }
    return templates
  }

  /// The least `k <= maxDerivedCapacity` such that `counts ∧ length > k` is unsatisfiable.
  private func leastBound(
    of length: Term, where counts: Term, solver: any SMTSolver, queries: inout Int
  ) throws -> Int? {
    func exceeds(_ k: Int) throws -> Bool {
      queries += 1
      try solver.push()
      defer { try? solver.pop() }
      try solver.assert(terms.and(counts, terms.lt(terms.int(k), length)))
      return try solver.check() != .unsat
    }
    guard try !exceeds(Self.maxDerivedCapacity) else { return nil }
    var (low, high) = (0, Self.maxDerivedCapacity)  // the answer is in low...high
    while low < high {
      let middle = (low + high) / 2
      if try exceeds(middle) { low = middle + 1 } else { high = middle }
    }
    return low
  }

  /// The probe's sequences (free lengths, no items) with the condition that each counts.
  private func lengths(of value: SymbolicValue) -> [(Term, Term)] {
    var found: [(Term, Term)] = []
    func visit(_ value: SymbolicValue, _ counts: Term) {
      switch value {
      case .sequence(let length, let items):
        // Tuples are sequences of constant length; the probe's sequences have free ones.
        if length.intConstant == nil { found.append((counts, length)) }
        for item in items { visit(item, counts) }
      case .record(_, let values): for value in values { visit(value, counts) }
      case .function(let entries):
        for entry in entries { visit(entry.value, terms.and(counts, entry.present)) }
      case .alternatives(let choices), .set(let choices):
        for choice in choices { visit(choice.value, terms.and(counts, choice.condition)) }
      case .bool, .int, .string, .lazySet: break
      }
    }
    visit(value, terms.trueTerm)
    return found
  }

  /// A template of `type` whose sequences have `capacity` items.
  private func template(of type: DeclaredType, capacity: Int, at range: SourceRange) throws
    -> SymbolicValue
  {
    switch type {
    case .sequence:
      return .sequence(
        length: terms.int(0), items: Array(repeating: .bool(terms.trueTerm), count: capacity))
    case .tuple(let members):
      return .sequence(
        length: terms.int(members.count),
        items: try members.map { try template(of: $0, capacity: capacity, at: range) })
    case .record(let fields):
      return .record(
        names: fields.map(\.name),
        values: try fields.map { try template(of: $0.type, capacity: capacity, at: range) })
    case .recordUnion(let variants):
      return .alternatives(
        try variants.map {
          Guarded(terms.trueTerm, try template(of: .record($0), capacity: capacity, at: range))
        })
    case .function(let domain, let result):
      let value = try template(of: result, capacity: capacity, at: range)
      return .function(
        try encoder.typeValues(domain, at: range).map {
          FunctionEntry(key: encoder.lift($0), present: terms.trueTerm, value: value)
        })
    case .bool, .int, .range, .enumeration, .set:
      return .bool(terms.trueTerm)
    }
  }

  // MARK: - Which conjuncts bound lengths

  /// The top-level conjuncts of a hypothesis, through `/\` and operators without
  /// parameters: each is true in every state where the hypothesis is.
  private func conjuncts(_ expr: Expr, depth: Int) -> [Expr] {
    guard depth < 32 else { return [expr] }
    switch expr.kind {
    case .junction(isConjunction: true, let items):
      return items.flatMap { conjuncts($0, depth: depth + 1) }
    case .binary(.and, let a, let b):
      return conjuncts(a, depth: depth + 1) + conjuncts(b, depth: depth + 1)
    case .name:
      switch spec.resolutions[expr.id] {
      case .definition(let index) where spec.definitions[index].parameters.isEmpty:
        return conjuncts(spec.definitions[index].body, depth: depth + 1)
      case .predicate(.invariant(let index)):
        return conjuncts(spec.invariants[index].body, depth: depth + 1)
      case .predicate(.constraint(let index)):
        return conjuncts(spec.constraints[index].body, depth: depth + 1)
      default: return [expr]
      }
    default:
      return [expr]
    }
  }

  /// Whether `expr` touches sequences only as `Len` of a variable or part of one, so that
  /// encoding it over the probe (sequences without items) is exact.
  private func mentionsOnlyLengths(_ expr: Expr, depth: Int) -> Bool {
    guard depth < 32 else { return false }
    switch expr.kind {
    case .call(_, let args):
      switch spec.resolutions[expr.id] {
      case .builtin(.len): return args.count == 1 && isVariablePart(args[0], depth: depth)
      case .definition(let index):
        return args.allSatisfy { mentionsOnlyLengths($0, depth: depth + 1) }
          && spec.definitions[index].parameters.allSatisfy { !containsSequence($0.type.ty) }
          && mentionsOnlyLengths(spec.definitions[index].body, depth: depth + 1)
      default: return false
      }
    case .name:
      switch spec.resolutions[expr.id] {
      case .variable(let index): return !containsSequence(spec.variables[index].type.ty)
      case .constant(let index): return !containsSequence(spec.constants[index].type.ty)
      case .definition(let index):
        return mentionsOnlyLengths(spec.definitions[index].body, depth: depth + 1)
      case .predicate(.invariant(let index)):
        return mentionsOnlyLengths(spec.invariants[index].body, depth: depth + 1)
      case .predicate(.constraint(let index)):
        return mentionsOnlyLengths(spec.constraints[index].body, depth: depth + 1)
      case .local: return spec.types[expr.id].map { !containsSequence($0) } ?? false
      case .typeSet(let set): return !containsSequence(set.type.ty)
      case .builtin, nil: return false
      }
    case .letIn, .prime, .unchanged, .at, .except, .choose:
      return false
    default:
      if let type = spec.types[expr.id], containsSequence(type) { return false }
      return expr.children.allSatisfy { mentionsOnlyLengths($0, depth: depth + 1) }
    }
  }

  /// A variable, or a function application or field of one: `q`, `chan[p]`, `r.items`.
  private func isVariablePart(_ expr: Expr, depth: Int) -> Bool {
    switch expr.kind {
    case .name:
      if case .variable = spec.resolutions[expr.id] { return true }
      return false
    case .apply(let function, let args):
      return isVariablePart(function, depth: depth)
        && args.allSatisfy { mentionsOnlyLengths($0, depth: depth + 1) }
    case .field(let record, _):
      return isVariablePart(record, depth: depth)
    default:
      return false
    }
  }
}

/// Whether values of `type` can hold a sequence (`any`, unknown, counts as one).
func containsSequence(_ type: Ty) -> Bool {
  switch type {
  case .sequence, .any: return true
  case .bool, .int, .string: return false
  case .set(let element): return containsSequence(element)
  case .tuple(let members): return members.contains(where: containsSequence)
  case .function(let domain, let range): return containsSequence(domain) || containsSequence(range)
  case .records(let shapes):
    return shapes.contains { $0.fields.values.contains(where: containsSequence) }
  }
}

/// Whether `type` holds a sequence inside a sequence.
private func nestedSequence(_ type: Ty) -> Bool {
  switch type {
  case .sequence(let element): return containsSequence(element)
  case .any, .bool, .int, .string: return false
  case .set(let element): return nestedSequence(element)
  case .tuple(let members): return members.contains(where: nestedSequence)
  case .function(let domain, let range): return nestedSequence(domain) || nestedSequence(range)
  case .records(let shapes):
    return shapes.contains { $0.fields.values.contains(where: nestedSequence) }
  }
}
