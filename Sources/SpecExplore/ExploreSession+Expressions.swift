import SpecEngine
import SpecRuntime
import SpecSemantics
import SpecSyntax

/// An expression typed in the session, parsed and checked against the spec's names.
struct CheckedInput {
  var expr: Expr
  /// The spec with the expression's names and types added: evaluate with this one.
  var spec: TypedSpec
  var type: Ty
  var level: Level
}

extension ExploreSession {
  /// Node ids of typed expressions start here, far above any id of the spec and its
  /// `--const` values. Each input is checked against the original spec, so inputs may
  /// reuse ids among themselves.
  static let inputFirstID = 1 << 40

  /// The source of a typed expression. Its text is preceded by as many bytes as the spec
  /// file has, so a range at or past `inputOffset` is in the input and one before it is
  /// in the spec: an evaluation error inside an operator the input calls points into the
  /// spec file, one in the input itself points into the input.
  func inputFile(_ text: String) -> SourceFile {
    let padding =
      [UInt8](repeating: UInt8(ascii: " "), count: inputOffset - 1) + [UInt8(ascii: "\n")]
    return SourceFile(path: "input", bytes: padding + Array(text.utf8))
  }

  var inputOffset: Int { spec.file.bytes.count + 1 }

  /// Parses and checks `text` as an expression of the spec (no primes).
  func checkInput(_ text: String, command: String) throws(SessionError) -> CheckedInput {
    let file = inputFile(text)
    let (parsed, parseDiagnostics) = Parser.parseExpression(file, firstID: Self.inputFirstID)
    let parseErrors = parseDiagnostics.filter { $0.severity == .error }
    guard let expr = parsed, parseErrors.isEmpty else {
      let shown =
        parseErrors.isEmpty
        ? [
          Diagnostic(
            .unexpectedToken, "expected an expression", at: SourceRange(inputOffset, inputOffset))
        ]
        : parseErrors
      throw SessionError(rendered: shown.map { renderInputDiagnostic($0, text: text) }.joined())
    }
    let analysis = Analyzer.analyzeExpression(expr, file: file, in: spec, place: command)
    let errors = analysis.diagnostics.filter { $0.severity == .error }
    guard errors.isEmpty else {
      throw SessionError(rendered: errors.map { renderInputDiagnostic($0, text: text) }.joined())
    }
    return CheckedInput(expr: expr, spec: analysis.spec, type: analysis.type, level: analysis.level)
  }

  /// A diagnostic whose range may be in the input (shown under the input's text) or in
  /// the spec file (shown with its file, line and column).
  func renderInputDiagnostic(_ diagnostic: Diagnostic, text: String) -> String {
    guard diagnostic.range.start >= inputOffset else { return diagnostic.render(in: spec.file) }
    let display = SourceFile(path: "input", text: text)
    let range = SourceRange(
      diagnostic.range.start - inputOffset, diagnostic.range.end - inputOffset)
    var out =
      "\(diagnostic.severity.rawValue)[\(diagnostic.code.rawValue)]: \(diagnostic.message)\n"
    out += display.caretLines(for: range)
    for note in diagnostic.notes {
      if let noteRange = note.range, noteRange.start < inputOffset {
        let location = spec.file.location(of: noteRange.start)
        out += "\(spec.file.path):\(location.line):\(location.column): note: \(note.message)\n"
      } else {
        out += "  note: \(note.message)\n"
      }
    }
    return out
  }

  /// An evaluator for a checked input, in the current state when there is one.
  func evaluator(for input: CheckedInput, in state: SpecState?) -> Evaluator {
    let evaluator = Evaluator(spec: input.spec, constants: compiled.constants)
    if let state { evaluator.state = values(of: state) }
    return evaluator
  }

  /// Renders an evaluation error of an input: in the input or in the spec.
  func renderEvaluationError(_ error: any Error, text: String) -> String {
    let diagnostic: Diagnostic
    if let error = error as? EvaluationError {
      diagnostic = error.diagnostic
    } else if let failure = error as? ActionFailure {
      diagnostic = failure.error.diagnostic
    } else {
      diagnostic = Diagnostic(.internalError, "\(error)", at: .none)
    }
    return renderInputDiagnostic(diagnostic, text: text)
  }

  func requireState(_ input: CheckedInput, for command: String) throws(SessionError) -> SpecState? {
    if input.level >= .state, current == nil {
      throw SessionError(
        initialStates.isEmpty
          ? "there is no state to evaluate in: the spec has no initial state"
          : "no state chosen yet: choose an initial state by its number before '\(command)'")
    }
    return current
  }

  // MARK: - eval

  mutating func evaluate(_ text: String) throws(SessionError) -> String {
    let input = try checkInput(text, command: "eval")
    let state = try requireState(input, for: "eval")
    do {
      return "\(try evaluator(for: input, in: state).eval(input.expr))\n"
    } catch {
      throw SessionError(rendered: renderEvaluationError(error, text: text))
    }
  }

  /// A line for each `assume` that is false (or fails) with the session's constants.
  func checkAssumptions() -> String {
    let evaluator = Evaluator(spec: spec, constants: compiled.constants)
    var out = ""
    for assumption in spec.assumptions {
      let name =
        assumption.name.text == "assume" ? "an assumption" : "assumption \(assumption.name.text)"
      do {
        if try !evaluator.isTrue(assumption.body) {
          let location = spec.file.location(of: assumption.body.range.start)
          out +=
            "warning: \(name) (\(spec.file.path):\(location.line)) is false for these constants\n"
        }
      } catch {
        out += renderFailure(error, while: "evaluating \(name)")
      }
    }
    return out
  }

  // MARK: - check

  mutating func checkInvariants() throws(SessionError) -> String {
    guard let state = current else {
      throw SessionError("no state chosen yet: choose an initial state by its number")
    }
    let predicates =
      spec.invariants.map { ("invariant", $0) } + spec.constraints.map { ("constraint", $0) }
    if predicates.isEmpty { return "the spec has no invariants\n" }
    let evaluator = Evaluator(spec: spec, constants: compiled.constants)
    evaluator.state = values(of: state)
    let width = predicates.map { $0.0.count + 1 + $0.1.name.text.count }.max() ?? 0
    var out = ""
    var failures = ""
    for (kind, predicate) in predicates {
      let name = "\(kind) \(predicate.name.text)".padded(to: width)
      do {
        out += "  \(name)  \(try evaluator.isTrue(predicate.body) ? "holds" : "VIOLATED")\n"
      } catch {
        out += "  \(name)  cannot be evaluated (below)\n"
        failures += renderFailure(error, while: nil)
      }
    }
    return "in state \(path.count):\n" + out + failures
  }
}
