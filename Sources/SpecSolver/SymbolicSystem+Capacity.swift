/// Sequence capacities: how many items a state's sequences can hold.
///
/// A fresh state's sequences are as long as the longest value the step before can build,
/// so on a spec like Hanoi (`<<h>> \o s`) the capacity grows by one per step although no
/// reachable sequence ever gets longer than the initial one. `bmc` asks the solver whether
/// a step can build a longer sequence than the state it starts from holds; when it
/// cannot, the next state keeps the old capacity.
extension SymbolicSystem {
  /// The largest capacity of a sequence in `values` (nested ones included), or nil when
  /// they hold no sequence.
  package func largestCapacity(_ values: [SymbolicValue]) -> Int? {
    var largest: Int?
    func visit(_ value: SymbolicValue) {
      switch value {
      case .sequence(_, let items):
        largest = max(largest ?? 0, items.count)
        items.forEach(visit)
      case .record(_, let values): values.forEach(visit)
      case .function(let entries): for entry in entries { visit(entry.value) }
      case .alternatives(let choices), .set(let choices):
        for choice in choices { visit(choice.value) }
      case .bool, .int, .string, .lazySet: break
      }
    }
    values.forEach(visit)
    return largest
  }

  /// The condition that a sequence of `value` that counts (not past a length, not under an
  /// absent key or an alternative not chosen) is longer than `capacity`.
  package func longer(_ value: SymbolicValue, than capacity: Int) -> Term {
    switch value {
    case .sequence(let length, let items):
      var options: [Term] = []
      if items.count > capacity { options.append(terms.lt(terms.int(capacity), length)) }
      for (index, item) in items.enumerated() {
        options.append(
          terms.and(terms.lt(terms.int(index), length), longer(item, than: capacity)))
      }
      return terms.or(options)
    case .record(_, let values):
      return terms.or(values.map { longer($0, than: capacity) })
    case .function(let entries):
      return terms.or(entries.map { terms.and($0.present, longer($0.value, than: capacity)) })
    case .alternatives(let choices), .set(let choices):
      return terms.or(choices.map { terms.and($0.condition, longer($0.value, than: capacity)) })
    case .bool, .int, .string, .lazySet:
      return terms.falseTerm
    }
  }

  /// The condition that some branch of the step builds a sequence longer than `capacity`.
  package func buildsLonger(_ step: SymbolicStep, than capacity: Int) -> Term {
    var options: [Term] = []
    for action in step.actions {
      for branch in action.branches {
        let values = spec.variables.indices.map { branch.next[$0] ?? step.from[$0] }
        options.append(
          terms.and(branch.condition, terms.or(values.map { longer($0, than: capacity) })))
      }
    }
    return terms.or(options)
  }

  /// `value` with every sequence cut to at most `capacity` items, as a template.
  package func clamped(_ value: SymbolicValue, to capacity: Int) -> SymbolicValue {
    switch value {
    case .sequence(let length, let items):
      return .sequence(
        length: length, items: items.prefix(capacity).map { clamped($0, to: capacity) })
    case .record(let names, let values):
      return .record(names: names, values: values.map { clamped($0, to: capacity) })
    case .function(let entries):
      return .function(
        entries.map {
          FunctionEntry(key: $0.key, present: $0.present, value: clamped($0.value, to: capacity))
        })
    case .alternatives(let choices):
      return .alternatives(choices.map { Guarded($0.condition, clamped($0.value, to: capacity)) })
    case .set(let elements):
      return .set(elements.map { Guarded($0.condition, clamped($0.value, to: capacity)) })
    case .bool, .int, .string, .lazySet:
      return value
    }
  }
}
