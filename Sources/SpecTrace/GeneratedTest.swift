/// Everything a test writer needs, in no particular language: the trace's states and
/// steps as `TestValue`s, the mode, and names for the file's parts.
package struct GeneratedTest: Sendable {
  /// Conformance: every step accepted, every observed state the trace's. Regression: the
  /// trace is a counterexample the implementation must no longer follow to the end.
  package enum Mode: String, Sendable, CaseIterable {
    case conformance, regression
  }

  package enum Language: String, Sendable, CaseIterable {
    case swift, python
  }

  package struct Step: Sendable {
    package var action: String
    /// In the action's parameter order, as the trace lists them.
    package var arguments: [(String, TestValue)]
    /// One value per variable, in the trace's variable order.
    package var state: [TestValue]

    /// `Withdraw(from = "alice", amount = 3)`.
    package var label: String {
      if arguments.isEmpty { return action }
      return "\(action)(\(arguments.map { "\($0.0) = \($0.1.tla)" }.joined(separator: ", ")))"
    }
  }

  /// What the adapter is called in the generated code: an optional module to import
  /// (Swift module or Python module) and a type (class) name.
  package struct Adapter: Sendable, Equatable {
    package var module: String?
    package var type: String
    package init(module: String?, type: String) {
      self.module = module
      self.type = type
    }

    /// `module:Type`, or `Type` alone.
    package init?(argument: String) {
      let parts = argument.split(separator: ":", omittingEmptySubsequences: false).map(String.init)
      guard parts.count <= 2, let type = parts.last, !type.isEmpty else { return nil }
      if parts.count == 2 {
        guard !parts[0].isEmpty else { return nil }
        module = parts[0]
      } else {
        module = nil
      }
      self.type = type
    }
  }

  package var mode: Mode
  package var adapter: Adapter
  /// The name the test's identifiers are made from (the output file's base name).
  package var name: String
  /// The trace file's base name and the spec's name and file's base name, for comments.
  package var traceFile: String
  package var specName: String
  package var specFile: String
  /// For a counterexample: what its last state violates, e.g. `invariant NoOverdraft`.
  package var violation: String?
  package var variables: [String]
  package var initial: [TestValue]
  package var steps: [Step]

  package init(
    mode: Mode, adapter: Adapter, name: String, traceFile: String, specName: String,
    specFile: String, violation: String?, variables: [String], initial: [TestValue],
    steps: [Step]
  ) {
    self.mode = mode
    self.adapter = adapter
    self.name = name
    self.traceFile = traceFile
    self.specName = specName
    self.specFile = specFile
    self.violation = violation
    self.variables = variables
    self.initial = initial
    self.steps = steps
  }

  /// Reads the states of an ITF trace: `vars`, then each state's variables and its
  /// `#meta` action and arguments. Constants (`params`) are not part of the test.
  package static func states(ofITF json: JSON) throws(TestGenerationError) -> (
    variables: [String], initial: [TestValue], steps: [Step]
  ) {
    guard case .object = json else { throw TestGenerationError("an ITF trace must be a JSON object") }
    guard case .array(let varsJSON)? = json["vars"] else {
      throw TestGenerationError("missing \"vars\": an array of variable names")
    }
    var variables: [String] = []
    for item in varsJSON {
      guard case .string(let name) = item else { throw TestGenerationError("\"vars\" must hold strings") }
      variables.append(name)
    }
    guard case .array(let statesJSON)? = json["states"], !statesJSON.isEmpty else {
      throw TestGenerationError("missing \"states\": a non-empty array of states")
    }
    var states: [[TestValue]] = []
    var steps: [Step] = []
    for (index, stateJSON) in statesJSON.enumerated() {
      guard case .object = stateJSON else {
        throw TestGenerationError("states[\(index)] must be an object")
      }
      var values: [TestValue] = []
      for variable in variables {
        guard let valueJSON = stateJSON[variable] else {
          throw TestGenerationError("states[\(index)].\(variable) is missing")
        }
        values.append(try TestValue.itf(valueJSON, path: "states[\(index)].\(variable)"))
      }
      states.append(values)
      guard index > 0 else { continue }
      guard case .string(let action)? = stateJSON["#meta"]?["action"] else {
        throw TestGenerationError(
          "states[\(index)].#meta.action is missing: a test must know which action to take")
      }
      var arguments: [(String, TestValue)] = []
      if case .object(let args)? = stateJSON["#meta"]?["args"] {
        for (name, value) in args {
          arguments.append((name, try TestValue.itf(value, path: "states[\(index)].#meta.args.\(name)")))
        }
      }
      steps.append(Step(action: action, arguments: arguments, state: values))
    }
    return (variables, states[0], steps)
  }
}

/// Writes generated tests.
package enum TestWriter {
  /// The test file's text: the same `test`, the same bytes.
  package static func write(_ test: GeneratedTest, language: GeneratedTest.Language) -> String {
    switch language {
    case .python: PythonTestWriter(test: test).file()
    case .swift: SwiftTestWriter(test: test).file()
    }
  }

  /// The explanation of the mode, as comment lines without the comment marker.
  static func modeLines(_ test: GeneratedTest) -> [String] {
    switch test.mode {
    case .conformance:
      return [
        "Conformance test: the implementation must accept every step of the trace, and",
        "after each one the variables it exposes must equal the trace's.",
      ]
    case .regression:
      let what = test.violation.map { "violates \($0)" } ?? "is where the behaviour goes wrong"
      return [
        "Regression test: the trace is a counterexample; its last state \(what).",
        "The test fails while the implementation follows the trace all the way into that",
        "state, and passes once it refuses a step or ends in a different state.",
      ]
    }
  }

  /// A name made of letters, digits and underscores, not starting with a digit.
  static func identifier(_ text: String, capitalized: Bool) -> String {
    var out = ""
    var upperNext = capitalized
    for scalar in text.unicodeScalars {
      let isAlphanumeric =
        (scalar >= "a" && scalar <= "z") || (scalar >= "A" && scalar <= "Z")
        || (scalar >= "0" && scalar <= "9")
      guard isAlphanumeric else {
        upperNext = true
        continue
      }
      let character = String(scalar)
      out += upperNext ? character.uppercased() : character
      upperNext = false
    }
    if out.isEmpty { out = capitalized ? "Trace" : "trace" }
    if let first = out.unicodeScalars.first, first >= "0" && first <= "9" { out = "T" + out }
    return out
  }
}

/// `s` as a double-quoted string literal of Python or Swift, which escape quotes,
/// backslashes, newlines, returns and tabs alike and differ in how they write the other
/// control characters (and DEL): `control` writes those.
func quotedLiteral(_ s: String, control: (Unicode.Scalar) -> String) -> String {
  var out = "\""
  for scalar in s.unicodeScalars {
    switch scalar {
    case "\"": out += "\\\""
    case "\\": out += "\\\\"
    case "\n": out += "\\n"
    case "\r": out += "\\r"
    case "\t": out += "\\t"
    default:
      if scalar.value < 0x20 || scalar.value == 0x7F {
        out += control(scalar)
      } else {
        out.unicodeScalars.append(scalar)
      }
    }
  }
  return out + "\""
}
