import SpecRuntime
import SpecSemantics
import SpecSyntax

/// Declared types: their values, fresh symbolic values of them, and membership.
extension SymbolicEncoder {
  /// A range type's bounds as terms (symbolic when they depend on a symbolic constant).
  func bounds(_ low: Expr, _ high: Expr) throws -> (Term, Term) {
    let saved = (state, next, primed, env, initMode)
    defer { (state, next, primed, env, initMode) = saved }
    env = []
    primed = false
    initMode = false
    return (try integer(low), try integer(high))
  }

  /// Every value of a finite type whose bounds are constant, in value order.
  func typeValues(_ type: DeclaredType, at range: SourceRange) throws -> [Value] {
    func product(_ lists: [[Value]], _ make: ([Value]) -> Value) throws -> [Value] {
      var out: [[Value]] = [[]]
      for list in lists {
        guard Double(out.count) * Double(list.count) <= Double(Self.maxListedElements) else {
          throw tooMany("this type", at: range)
        }
        out = out.flatMap { prefix in list.map { prefix + [$0] } }
      }
      return out.map(make)
    }
    switch type {
    case .bool:
      return [.bool(false), .bool(true)]
    case .int:
      throw EncodingError(
        .unenumerableSet, "Int is infinite: the solver encoding cannot list its values", at: range)
    case .sequence:
      throw EncodingError(
        .unenumerableSet,
        "a sequence type is infinite: the solver encoding cannot list its values", at: range)
    case .range(let lowExpr, let highExpr):
      let (low, high) = try bounds(lowExpr, highExpr)
      guard let a = low.intConstant, let b = high.intConstant else {
        throw EncodingError(
          .unsupportedSolverType,
          "the bounds of this range type depend on a symbolic constant: the solver encoding cannot list its values (give the constant a value with --const)",
          at: range)
      }
      guard a <= b else { return [] }
      guard b - a < Self.maxListedElements else { throw tooMany("the range \(a)..\(b)", at: range) }
      return (a...b).map(Value.int)
    case .enumeration(let literals):
      return literals.map(Value.string)
    case .set(let element):
      let elements = try typeValues(element, at: range)
      guard elements.count <= 12 else { throw tooMany("this set type", at: range) }
      var subsets: [Value] = []
      for mask in 0..<(1 << elements.count) {
        subsets.append(
          .set(elements.enumerated().filter { mask & (1 << $0.offset) != 0 }.map(\.element)))
      }
      return subsets.sorted()
    case .function(let domain, let result):
      let keys = try typeValues(domain, at: range)
      let values = try typeValues(result, at: range)
      // Functions from a subset of the domain: each key absent or mapped to a value.
      var out: [[(Value, Value)]] = [[]]
      for key in keys {
        guard Double(out.count) * Double(values.count + 1) <= Double(Self.maxListedElements) else {
          throw tooMany("this function type", at: range)
        }
        out = out.flatMap { prefix in [prefix] + values.map { prefix + [(key, $0)] } }
      }
      return out.map(Value.makeFunction).sorted()
    case .tuple(let members):
      return try product(try members.map { try typeValues($0, at: range) }, Value.sequence).sorted()
    case .record(let fields):
      return try product(try fields.map { try typeValues($0.type, at: range) }) {
        .record(names: fields.map(\.name), values: $0)
      }.sorted()
    case .recordUnion(let variants):
      var all: [Value] = []
      for fields in variants {
        all += try product(try fields.map { try typeValues($0.type, at: range) }) {
          .record(names: fields.map(\.name), values: $0)
        }
      }
      return Value.makeSet(all).elements ?? []
    }
  }

  /// A fresh value of a declared type and the condition that it is of the type.
  ///
  /// - Parameter templates: values whose shape the fresh one must be able to take; only
  ///   sequences need them (their capacity is the largest among the templates).
  package func freshValue(
    of type: DeclaredType, hint: String, templates: [SymbolicValue] = [], at range: SourceRange
  ) throws -> (SymbolicValue, Term) {
    switch type {
    case .bool:
      return (.bool(fresh(hint, .bool)), terms.trueTerm)
    case .int:
      return (.int(fresh(hint, .int)), terms.trueTerm)
    case .range(let lowExpr, let highExpr):
      let (low, high) = try bounds(lowExpr, highExpr)
      let x = fresh(hint, .int)
      let inside = terms.and(terms.le(low, x), terms.le(x, high))
      bound(x, low, high)
      return (.int(x), inside)
    case .enumeration(let literals):
      let x = fresh(hint, .int)
      let codes = literals.compactMap(strings.code)
      let inside = terms.or(codes.map { terms.eq(x, terms.int($0)) })
      if let first = codes.min(), let last = codes.max() { terms.bound(x, first...last) }
      return (.string(x), inside)
    case .set(let element):
      let universe: [Value]
      do {
        universe = try typeValues(element, at: range)
      } catch let error as EncodingError where error.diagnostic.code == .unenumerableSet {
        throw EncodingError(
          .unsupportedSolverType,
          "a set of an infinite type (here Set[\(element.ty)]) cannot be a variable, constant or parameter for the solver: its elements must come from a finite type",
          at: range)
      }
      let members = universe.enumerated().map { index, value in
        Guarded(fresh("\(hint){\(index)}", .bool), lift(value))
      }
      return (.set(members), terms.trueTerm)
    case .sequence(let element):
      let capacity = templates.compactMap { template -> Int? in
        if case .sequence(_, let items) = template { return items.count }
        return nil
      }.max()
      guard let capacity else {
        if lengthsOnly {
          let length = fresh("\(hint).len", .int)
          return (.sequence(length: length, items: []), terms.le(terms.int(0), length))
        }
        throw EncodingError(
          .unsupportedSolverType,
          "a sequence of unbounded length (here Seq[\(element.ty)]) cannot be represented here: nothing bounds its length",
          at: range)
      }
      let length = fresh("\(hint).len", .int)
      var items: [SymbolicValue] = []
      var constraints = [terms.le(terms.int(0), length), terms.le(length, terms.int(capacity))]
      terms.bound(length, 0...capacity)
      for index in 0..<capacity {
        let inner = templates.compactMap { template -> SymbolicValue? in
          if case .sequence(_, let items) = template, index < items.count { return items[index] }
          return nil
        }
        let (item, inside) = try freshValue(
          of: element, hint: "\(hint)[\(index + 1)]", templates: inner, at: range)
        items.append(item)
        // Items past the length do not matter. Bounding them too (so every integer of the
        // query is bounded) made Z3's default solver slower on Hanoi at depths 10 to 14,
        // but its finite-domain solver needs it.
        constraints.append(
          boundsIgnoredParts
            ? inside : terms.implies(terms.lt(terms.int(index), length), inside))
      }
      return (.sequence(length: length, items: items), terms.and(constraints))
    case .function(let domain, let result):
      let keys: [Value]
      do {
        keys = try typeValues(domain, at: range)
      } catch let error as EncodingError where error.diagnostic.code == .unenumerableSet {
        throw EncodingError(
          .unsupportedSolverType,
          "a function over an infinite domain (here \(domain.ty)) cannot be represented for the solver",
          at: range)
      }
      var made: [FunctionEntry] = []
      var constraints: [Term] = []
      for key in keys {
        let keyValue = lift(key)
        let inner = templates.flatMap { template -> [SymbolicValue] in
          (entries(template) ?? []).filter { identical($0.key, keyValue) }.map(\.value)
        }
        let present = fresh("\(hint)?\(key)", .bool)
        let (value, inside) = try freshValue(
          of: result, hint: "\(hint)[\(key)]", templates: inner, at: range)
        made.append(FunctionEntry(key: keyValue, present: present, value: value))
        constraints.append(boundsIgnoredParts ? inside : terms.implies(present, inside))
      }
      return (.function(made), terms.and(constraints))
    case .record(let fields):
      var values: [SymbolicValue] = []
      var constraints: [Term] = []
      for field in fields {
        let inner = templates.compactMap { fieldValue($0, field.name) }
        let (value, inside) = try freshValue(
          of: field.type, hint: "\(hint).\(field.name)", templates: inner, at: range)
        values.append(value)
        constraints.append(inside)
      }
      return (.record(names: fields.map(\.name), values: values), terms.and(constraints))
    case .recordUnion(let variants):
      let tag = fresh("\(hint).tag", .int)
      var choices: [Guarded] = []
      var constraints: [Term] = [
        terms.le(terms.int(0), tag), terms.lt(tag, terms.int(variants.count)),
      ]
      for (index, fields) in variants.enumerated() {
        let (value, inside) = try freshValue(
          of: .record(fields), hint: "\(hint)#\(index)", templates: templates, at: range)
        let chosen = terms.eq(tag, terms.int(index))
        choices.append(Guarded(chosen, value))
        constraints.append(boundsIgnoredParts ? inside : terms.implies(chosen, inside))
      }
      return (.alternatives(choices), terms.and(constraints))
    case .tuple(let members):
      var items: [SymbolicValue] = []
      var constraints: [Term] = []
      for (index, member) in members.enumerated() {
        let inner = templates.compactMap { template -> SymbolicValue? in
          if case .sequence(_, let items) = template, index < items.count { return items[index] }
          return nil
        }
        let (item, inside) = try freshValue(
          of: member, hint: "\(hint)[\(index + 1)]", templates: inner, at: range)
        items.append(item)
        constraints.append(inside)
      }
      return (.sequence(length: terms.int(members.count), items: items), terms.and(constraints))
    }
  }

  /// Declares a fresh integer's bounds to the term builder, after its constraint is built
  /// (built after, the constraint would fold to true).
  func bound(_ x: Term, _ low: Term, _ high: Term) {
    if let a = low.intConstant, let b = high.intConstant, a <= b { terms.bound(x, a...b) }
  }

  private func fieldValue(_ value: SymbolicValue, _ name: String) -> SymbolicValue? {
    switch value {
    case .record(let names, let values):
      return names.firstIndex(of: name).map { values[$0] }
    case .alternatives(let choices):
      return choices.lazy.compactMap { self.fieldValue($0.value, name) }.first
    default:
      return nil
    }
  }

  /// The condition that `value` belongs to the declared type (the evaluator's
  /// `typeContains`).
  package func member(_ value: SymbolicValue, ofType type: DeclaredType, at range: SourceRange)
    throws -> Term
  {
    if case .alternatives(let choices) = value {
      return terms.or(
        try choices.map { terms.and($0.condition, try member($0.value, ofType: type, at: range)) })
    }
    switch (type, value) {
    case (.bool, .bool), (.int, .int):
      return terms.trueTerm
    case (.range(let lowExpr, let highExpr), .int(let x)):
      let (low, high) = try bounds(lowExpr, highExpr)
      return terms.and(terms.le(low, x), terms.le(x, high))
    case (.enumeration(let literals), .string(let x)):
      return terms.or(literals.compactMap(strings.code).map { terms.eq(x, terms.int($0)) })
    case (.set(let element), .set), (.set(let element), .lazySet):
      return terms.and(
        try elements(of: value, at: range).map {
          terms.implies($0.condition, try member($0.value, ofType: element, at: range))
        })
    case (.sequence(let element), .sequence(let length, let items)):
      return terms.and(
        try items.enumerated().map { index, item in
          terms.implies(
            terms.lt(terms.int(index), length), try member(item, ofType: element, at: range))
        })
    case (.tuple(let members), .sequence(let length, let items)):
      guard items.count >= members.count else { return terms.falseTerm }
      var parts = [terms.eq(length, terms.int(members.count))]
      for (member, item) in zip(members, items) {
        parts.append(try self.member(item, ofType: member, at: range))
      }
      return terms.and(parts)
    case (.function(let domain, let result), .function),
      (.function(let domain, let result), .sequence):
      return terms.and(
        try (entries(value) ?? []).map { entry in
          terms.implies(
            entry.present,
            terms.and(
              try member(entry.key, ofType: domain, at: range),
              try member(entry.value, ofType: result, at: range)))
        })
    case (.record(let fields), .record(let names, let values)):
      return try recordMatches(fields, names, values, at: range)
    case (.recordUnion(let variants), .record(let names, let values)):
      return terms.or(try variants.map { try recordMatches($0, names, values, at: range) })
    default:
      return terms.falseTerm
    }
  }

  private func recordMatches(
    _ fields: [Field], _ names: [String], _ values: [SymbolicValue], at range: SourceRange
  ) throws -> Term {
    guard names == fields.map(\.name) else { return terms.falseTerm }
    return terms.and(try zip(fields, values).map { try member($1, ofType: $0.type, at: range) })
  }
}
