import SpecEngine
import SpecRuntime
import SpecSemantics
import SpecSyntax
import SpecTrace

extension ExploreSession {
  /// The path as a trace, constants as its parameters.
  package var pathTrace: Trace {
    Trace(
      specName: spec.name, source: spec.file.path, description: "a path saved by speccheck explore",
      parameters: zip(spec.constants, compiled.constants).map {
        Trace.Argument(name: $0.name.text, value: $1)
      },
      variables: spec.variables.map(\.name.text),
      steps: path.map { step in
        guard let label = step.label else {
          return Trace.Step(action: nil, arguments: [], values: values(of: step.state))
        }
        let instance = compiled.instances[label]
        let action = spec.actions[instance.action]
        return Trace.Step(
          action: action.name.text,
          arguments: zip(action.parameters, instance.arguments).map {
            Trace.Argument(name: $0.name.text, value: $1)
          },
          values: values(of: step.state))
      })
  }

  func requirePath(_ what: String) throws(SessionError) {
    if path.isEmpty {
      throw SessionError("no state chosen yet: \(what)")
    }
  }

  func showTrace() throws(SessionError) -> String {
    try requirePath("the trace is empty")
    let trace = pathTrace
    return "trace (\(plural(trace.steps.count, "state"))):\n" + trace.renderText()
  }

  /// `save FILE`: the path as an ITF trace.
  func save(to file: String) throws(SessionError) -> String {
    try requirePath("there is nothing to save")
    let json = ITFWriter.encode(pathTrace, spec: spec).serialized(pretty: true) + "\n"
    do {
      try files.write(file, Array(json.utf8))
    } catch {
      throw SessionError("cannot write '\(file)': \(error.message)")
    }
    return "saved \(plural(path.count, "state")) to \(file)\n"
  }

  /// `load FILE`: reads an ITF trace and replays it; it becomes the path. The trace must
  /// be a behaviour of the spec with the session's constants: its first state an initial
  /// state, each later state a successor of the one before by the action it names.
  mutating func load(from file: String) throws(SessionError) -> String {
    let bytes: [UInt8]
    do {
      bytes = try files.read(file)
    } catch {
      throw SessionError("cannot read '\(file)': \(error.message)")
    }
    let trace: Trace
    do {
      trace = try ITFReader.read(bytes, spec: spec, source: file)
    } catch {
      let position = error.offset.map { " (at byte \($0))" } ?? ""
      throw SessionError("'\(file)' is not a trace of \(spec.name): \(error.message)\(position)")
    }
    for parameter in trace.parameters {
      guard let index = spec.constantIndex(named: parameter.name) else { continue }
      if compiled.constants[index] != parameter.value {
        throw SessionError(
          "'\(file)' was made with \(parameter.name) = \(parameter.value), but this session has \(parameter.name) = \(compiled.constants[index])"
        )
      }
    }
    let replayed = try replay(trace, file: file)
    path = replayed
    return "loaded \(plural(path.count, "state")) from \(file)\n" + view()
  }

  /// The steps of a trace, checked against the spec.
  mutating func replay(_ trace: Trace, file: String) throws(SessionError) -> [Step] {
    // ITFReader gives the values in the spec's variable order.
    func state(_ step: Trace.Step) -> SpecState { compiled.state(step.values) }
    let first = state(trace.steps[0])
    guard initialStates.contains(first) else {
      throw SessionError("state 1 of '\(file)' is not an initial state of \(spec.name)")
    }
    var steps = [Step(label: nil, state: first)]
    for (index, traceStep) in trace.steps.enumerated().dropFirst() {
      let target = state(traceStep)
      let choices: [Transition<SpecState>]
      do {
        choices = try transitions(of: steps[steps.count - 1].state)
      } catch {
        throw SessionError(
          rendered: error.text + "  note: while replaying state \(index + 1) of '\(file)'\n")
      }
      let reaching = choices.filter { $0.state == target }
      let named = reaching.filter { matches(traceStep, $0.label) }
      guard let choice = named.first ?? (isNamed(traceStep) ? nil : reaching.first) else {
        let what = isNamed(traceStep) ? "by \(traceStep.label) " : ""
        throw SessionError(
          "state \(index + 1) of '\(file)' is not reached \(what)from state \(index) by any enabled action"
        )
      }
      steps.append(Step(label: choice.label, state: target))
    }
    return steps
  }

  /// Whether a trace step names a declared action (other tools may write none, or `?`).
  func isNamed(_ step: Trace.Step) -> Bool {
    guard let name = step.action else { return false }
    return spec.actions.contains { $0.name.text == name }
  }

  /// Whether a trace step's action and arguments are those of the instance `label`.
  func matches(_ step: Trace.Step, _ label: Int) -> Bool {
    let instance = compiled.instances[label]
    let action = spec.actions[instance.action]
    guard step.action == action.name.text else { return false }
    if step.arguments.isEmpty { return true }
    return zip(action.parameters, instance.arguments).allSatisfy { parameter, value in
      step.arguments.first { $0.name == parameter.name.text }.map { $0.value == value } ?? true
    }
  }
}
