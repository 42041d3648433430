import SpecEngine
import SpecRuntime
import SpecSemantics
import SpecSyntax

extension ExploreSession {
  /// At most this many initial states or enabled actions are listed; the rest can still
  /// be taken by number.
  static let listLimit = 200

  /// Where the session stands: the initial states to choose from, or the current state,
  /// the invariants it violates and the enabled actions with what each would change.
  mutating func view() -> String {
    guard let state = current else { return initialChoiceView() }
    let step = path[path.count - 1]
    var out = "state \(path.count)"
    if let stepLabel = step.label {
      out += ", reached by \(label(stepLabel))"
    } else {
      out +=
        initialStates.count == 1
        ? " (initial)" : " (initial state \(initialNumber(state)) of \(initialStates.count))"
    }
    out += ":\n" + renderState(state, indent: "  ")
    out += violationLines(state)
    let choices: [Transition<SpecState>]
    do {
      choices = try transitions(of: state)
    } catch {
      return out + error.text + "the enabled actions cannot be listed\n"
    }
    if choices.isEmpty { return out + "no action is enabled: a deadlock\n" }
    let labels = choices.map { label($0.label) }
    let numberWidth = String(min(choices.count, Self.listLimit)).count
    let labelWidth = labels.prefix(Self.listLimit).map(\.count).max() ?? 0
    out += "enabled actions:\n"
    for (index, choice) in choices.enumerated().prefix(Self.listLimit) {
      let number = String(index + 1).leftPadded(to: numberWidth)
      let changes = describeChanges(from: state, to: choice.state)
      out += "  \(number). \(labels[index].padded(to: labelWidth))  \(changes)\n"
    }
    if choices.count > Self.listLimit {
      out += "  ... and \(choices.count - Self.listLimit) more (take them by number)\n"
    }
    let enabled = Set(choices.map { compiled.instances[$0.label].action })
    let disabled = spec.actions.indices.filter { !enabled.contains($0) }
    if !disabled.isEmpty {
      out += "not enabled: \(disabled.map { spec.actions[$0].name.text }.joined(separator: ", "))\n"
    }
    return out
  }

  func initialChoiceView() -> String {
    var out = "\(initialStates.count) initial states; choose one by its number:\n"
    let width = String(min(initialStates.count, Self.listLimit)).count
    for (index, state) in initialStates.enumerated().prefix(Self.listLimit) {
      let values = zip(spec.variables, values(of: state)).map { "\($0.name.text) = \($1)" }
      out += "  \(String(index + 1).leftPadded(to: width)). \(values.joined(separator: ", "))\n"
    }
    if initialStates.count > Self.listLimit {
      out += "  ... and \(initialStates.count - Self.listLimit) more (take them by number)\n"
    }
    return out
  }

  /// One line per variable: `name = value`, names aligned.
  func renderState(_ state: SpecState, indent: String) -> String {
    let names = spec.variables.map(\.name.text)
    let width = names.map(\.count).max() ?? 0
    return zip(names, values(of: state)).map { "\(indent)\($0.padded(to: width)) = \($1)\n" }
      .joined()
  }

  /// A line for each invariant the state violates (or that fails to evaluate).
  func violationLines(_ state: SpecState) -> String {
    let evaluator = Evaluator(spec: spec, constants: compiled.constants)
    evaluator.state = values(of: state)
    var out = ""
    for invariant in spec.invariants {
      do {
        if try !evaluator.isTrue(invariant.body) {
          out += "invariant \(invariant.name.text) is violated in this state\n"
        }
      } catch {
        out += "invariant \(invariant.name.text) cannot be evaluated in this state:\n"
        out += renderFailure(error, while: nil)
      }
    }
    return out
  }

  /// `RMPrepare(r = 1)` or `FillBig`: an action instance as traces name it.
  func label(_ label: Int) -> String {
    let instance = compiled.instances[label]
    let action = spec.actions[instance.action]
    if action.parameters.isEmpty { return action.name.text }
    let arguments = zip(action.parameters, instance.arguments).map { "\($0.name.text) = \($1)" }
    return "\(action.name.text)(\(arguments.joined(separator: ", ")))"
  }

  /// What a step changes, as `x: 0 -> 1, f[2]: "a" -> "b", s: +{3}`, or `(no change)`.
  func describeChanges(from before: SpecState, to after: SpecState) -> String {
    var changes: [String] = []
    let (old, new) = (values(of: before), values(of: after))
    for (index, variable) in spec.variables.enumerated() where old[index] != new[index] {
      Self.diff(old[index], new[index], at: variable.name.text, into: &changes)
    }
    return changes.isEmpty ? "(no change)" : changes.joined(separator: ", ")
  }

  /// The differences between two values, element by element where both have the same
  /// shape (functions with the same domain, records, sequences of one length, sets).
  static func diff(_ old: Value, _ new: Value, at path: String, into changes: inout [String]) {
    switch (old, new) {
    case (.function(let oldKeys, let oldValues), .function(let newKeys, let newValues))
    where oldKeys == newKeys:
      for (key, (a, b)) in zip(oldKeys, zip(oldValues, newValues)) where a != b {
        diff(a, b, at: "\(path)[\(key)]", into: &changes)
      }
    case (.sequence(let a), .sequence(let b)) where a.count == b.count:
      for (index, (x, y)) in zip(a, b).enumerated() where x != y {
        diff(x, y, at: "\(path)[\(index + 1)]", into: &changes)
      }
    case (.record(let oldNames, let oldValues), .record(let newNames, let newValues))
    where oldNames == newNames:
      for (name, (a, b)) in zip(oldNames, zip(oldValues, newValues)) where a != b {
        diff(a, b, at: "\(path).\(name)", into: &changes)
      }
    case (.set(let a), .set(let b)):
      let added = b.filter { Value.index(of: $0, in: a) == nil }
      let removed = a.filter { Value.index(of: $0, in: b) == nil }
      var parts: [String] = []
      if !added.isEmpty { parts.append("+\(Value.set(added))") }
      if !removed.isEmpty { parts.append("-\(Value.set(removed))") }
      changes.append("\(path): \(parts.joined(separator: " "))")
    default:
      changes.append("\(path): \(old) -> \(new)")
    }
  }

  /// An error thrown while evaluating the spec, rendered against the spec's file.
  func renderFailure(_ error: any Error, while doing: String?) -> String {
    let diagnostic: Diagnostic
    var label: Int?
    if let failure = error as? ActionFailure {
      diagnostic = failure.error.diagnostic
      label = failure.label
    } else if let error = error as? EvaluationError {
      diagnostic = error.diagnostic
    } else {
      diagnostic = Diagnostic(.internalError, "\(error)", at: .none)
    }
    var out = diagnostic.render(in: spec.file)
    if let label {
      out += "  note: while evaluating action \(self.label(label))\n"
    } else if let doing {
      out += "  note: while \(doing)\n"
    }
    return out
  }

  static let helpText = """
    commands:
      N, take N           take enabled action N (or, before a state is chosen, initial state N)
      take NAME(args)     take an action by name: take FillBig, take Send(p = 1); the
                          word 'take' may be left out
      back [K]            go back one step (or K)
      reset               go back to the start
      random [K]          take one random step (or K)
      eval EXPR           evaluate an expression in the current state
      find EXPR           the shortest path from the current state to a state where EXPR
                          holds (a breadth-first search); it becomes the current path
      check               which invariants hold in the current state
      trace               the path so far
      show                the current state and the enabled actions again
      save FILE           write the path as an ITF trace
      load FILE           replay an ITF trace: it becomes the current path
      help                this list
      quit                end the session (so does the end of input)

    """
}

extension String {
  func padded(to width: Int) -> String {
    count >= width ? self : self + String(repeating: " ", count: width - count)
  }

  func leftPadded(to width: Int) -> String {
    count >= width ? self : String(repeating: " ", count: width - count) + self
  }
}
