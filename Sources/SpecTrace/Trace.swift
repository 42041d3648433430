import SpecRuntime
import SpecSemantics

/// A behaviour of a spec: a sequence of states, each with the action that led to it.
package struct Trace: Sendable, Equatable {
  package struct Step: Sendable, Equatable {
    /// The action that led here; nil for the initial state.
    package var action: String?
    /// The action's arguments, in parameter order.
    package var arguments: [Argument]
    /// One value per variable, in the trace's variable order.
    package var values: [Value]

    package init(action: String?, arguments: [Argument], values: [Value]) {
      self.action = action
      self.arguments = arguments
      self.values = values
    }

    /// `RMPrepare(r = 1)`, `Tick`, or `init`.
    package var label: String {
      guard let action else { return "init" }
      if arguments.isEmpty { return action }
      return "\(action)(\(arguments.map { "\($0.name) = \($0.value)" }.joined(separator: ", ")))"
    }
  }

  package struct Argument: Sendable, Equatable {
    package var name: String
    package var value: Value
    package init(name: String, value: Value) {
      self.name = name
      self.value = value
    }
  }

  package var specName: String
  package var source: String
  package var description: String
  /// Constants and their values.
  package var parameters: [Argument]
  package var variables: [String]
  package var steps: [Step]

  package init(
    specName: String, source: String, description: String, parameters: [Argument],
    variables: [String], steps: [Step]
  ) {
    self.specName = specName
    self.source = source
    self.description = description
    self.parameters = parameters
    self.variables = variables
    self.steps = steps
  }
}

extension Trace {
  /// The names of the variables whose values differ between step `index - 1` and `index`.
  package func changedVariables(at index: Int) -> [Int] {
    guard index > 0 else { return Array(variables.indices) }
    return variables.indices.filter { steps[index].values[$0] != steps[index - 1].values[$0] }
  }

  /// The trace as people read it: each step's label and the variables that changed.
  package func renderText(indent: String = "  ") -> String {
    let width = variables.map(\.count).max() ?? 0
    var out = ""
    for (index, step) in steps.enumerated() {
      out += "\(indent)\(index + 1). \(step.label)\n"
      let changed = changedVariables(at: index)
      if changed.isEmpty { out += "\(indent)     (no variable changes)\n" }
      for variable in changed {
        let name = variables[variable].padding(to: width)
        out += "\(indent)     \(name) = \(step.values[variable])\n"
      }
    }
    return out
  }
}

extension String {
  func padding(to width: Int) -> String {
    count >= width ? self : self + String(repeating: " ", count: width - count)
  }
}
