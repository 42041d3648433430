import SpecEngine
import SpecRuntime
import SpecSemantics
import SpecSyntax

extension ExploreSession {
  /// `take NAME`, `take NAME(p = v, ...)` or `take NAME(v, ...)`: the enabled action
  /// instance with that name and those arguments. Arguments left out match any value, so
  /// `take Send` works when only one `Send` is enabled.
  mutating func take(actionText text: String) throws(SessionError) -> String {
    guard let state = current else {
      throw SessionError("no state chosen yet: choose an initial state by its number")
    }
    let (actionIndex, wanted) = try parseActionCall(text, in: state)
    let action = spec.actions[actionIndex]
    let choices = try transitions(of: state)
    let matching = choices.indices.filter { index in
      let instance = compiled.instances[choices[index].label]
      return instance.action == actionIndex
        && wanted.allSatisfy { instance.arguments[$0.parameter] == $0.value }
    }
    let shown =
      wanted.isEmpty
      ? action.name.text
      : "\(action.name.text)(\(wanted.map { "\(action.parameters[$0.parameter].name.text) = \($0.value)" }.joined(separator: ", ")))"
    switch matching.count {
    case 0:
      throw SessionError("\(shown) is not enabled in this state")
    case 1:
      let choice = choices[matching[0]]
      path.append(Step(label: choice.label, state: choice.state))
      return view()
    default:
      let numbers = matching.prefix(20).map { String($0 + 1) }.joined(separator: ", ")
      throw SessionError(
        "\(shown) matches \(matching.count) enabled actions (\(numbers)\(matching.count > 20 ? ", ..." : "")); take one by its number"
      )
    }
  }

  /// Whether a name means something in the spec's expressions (so `x = 1` as an argument
  /// is a Boolean, not a misspelled parameter).
  func isGlobalName(_ name: String) -> Bool {
    spec.variables.contains { $0.name.text == name }
      || spec.constants.contains { $0.name.text == name }
      || spec.definitions.contains { $0.name.text == name }
  }

  /// The action a call names and the arguments it fixes, evaluated in `state`.
  func parseActionCall(_ text: String, in state: SpecState) throws(SessionError)
    -> (action: Int, arguments: [(parameter: Int, value: Value)])
  {
    let file = inputFile(text)
    let (parsed, diagnostics) = Parser.parseExpression(file, firstID: Self.inputFirstID)
    let usage = "expected an action, as in 'take FillBig' or 'take Send(p = 1)'"
    guard let expr = parsed, !diagnostics.contains(where: { $0.severity == .error }) else {
      throw SessionError(usage)
    }
    let name: Name
    let args: [Expr]
    switch expr.kind {
    case .name(let text): (name, args) = (Name(text, expr.range), [])
    case .call(let callee, let callArgs): (name, args) = (callee, callArgs)
    default: throw SessionError(usage)
    }
    guard let actionIndex = spec.actions.firstIndex(where: { $0.name.text == name.text }) else {
      throw SessionError("the spec has no action '\(name.text)'")
    }
    let parameters = spec.actions[actionIndex].parameters
    guard args.count <= parameters.count else {
      throw SessionError(
        "action \(name.text) takes \(plural(parameters.count, "parameter")), found \(args.count) arguments"
      )
    }
    var arguments: [(parameter: Int, value: Value)] = []
    for (position, arg) in args.enumerated() {
      var parameter = position
      var valueExpr = arg
      if case .binary(.eq, let lhs, let rhs) = arg.kind, case .name(let named) = lhs.kind {
        if let index = parameters.firstIndex(where: { $0.name.text == named }) {
          parameter = index
          valueExpr = rhs
        } else if !isGlobalName(named) {
          let names = parameters.map { "'\($0.name.text)'" }.joined(separator: ", ")
          throw SessionError(
            "action \(name.text) has no parameter '\(named)'\(names.isEmpty ? "" : " (it has \(names))")"
          )
        }
      }
      if arguments.contains(where: { $0.parameter == parameter }) {
        throw SessionError("parameter '\(parameters[parameter].name.text)' is given twice")
      }
      let analysis = Analyzer.analyzeExpression(valueExpr, file: file, in: spec, place: "take")
      let errors = analysis.diagnostics.filter { $0.severity == .error }
      guard errors.isEmpty else {
        throw SessionError(rendered: errors.map { renderInputDiagnostic($0, text: text) }.joined())
      }
      let evaluator = Evaluator(spec: analysis.spec, constants: compiled.constants)
      evaluator.state = values(of: state)
      do {
        arguments.append((parameter, try evaluator.eval(valueExpr)))
      } catch {
        throw SessionError(rendered: renderEvaluationError(error, text: text))
      }
    }
    return (actionIndex, arguments)
  }
}
