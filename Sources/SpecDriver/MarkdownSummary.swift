import SpecTrace

/// `check --summary FILE`: a Markdown report for people, written for GitHub's job summary
/// (`$GITHUB_STEP_SUMMARY`) but plain GitHub-flavoured Markdown. A table of every run,
/// then a section per counterexample with the trace as a table and a Mermaid sequence
/// diagram of its actions. Counterexamples that were expected are folded away.
package enum MarkdownSummary {
  package static func render(_ runs: [CheckRun]) -> String {
    var out = "## speccheck: \(headline(runs))\n\n"
    out += "| | spec | model | result | distinct states | depth | time |\n"
    out += "| :-: | --- | --- | --- | ---: | ---: | ---: |\n"
    for run in runs {
      let valid = run.report.loaded.isValid && run.report.result != .assumptionFailed
      let cells = [
        run.status.icon, code(run.job.path), run.job.label.isEmpty ? "" : code(run.job.label),
        cell(run.outcome), valid ? String(run.report.distinctStates) : "",
        valid ? String(run.report.depth) : "",
        "\(run.report.formatSeconds(run.report.seconds)) s",
      ]
      out += "| \(cells.joined(separator: " | ")) |\n"
    }
    // A run stopped by a limit has no counterexample; its row says all there is.
    for run in runs
    where (run.status != .passed || run.isExpectedFailure) && run.status != .incomplete {
      out += "\n" + section(run)
    }
    return out
  }

  /// `all 5 runs passed`, or `2 of 5 runs did not pass (1 failed, 1 error)`.
  static func headline(_ runs: [CheckRun]) -> String {
    let passed = runs.count { $0.status == .passed }
    let plural = runs.count == 1 ? "" : "s"
    if passed == runs.count {
      return runs.count == 1 ? "1 run passed" : "all \(runs.count) runs passed"
    }
    var counts: [String] = []
    for (status, noun) in [
      (CheckRun.Status.failed, "failed"), (.error, "error"), (.incomplete, "incomplete"),
    ] {
      let count = runs.count { $0.status == status }
      if count > 0 { counts.append("\(count) \(noun)\(status == .error && count > 1 ? "s" : "")") }
    }
    let failing = runs.count - passed
    return
      "\(failing) of \(runs.count) run\(plural) did not pass (\(counts.joined(separator: ", ")))"
  }

  /// The details of a run that did not pass, or of an expected counterexample (folded):
  /// the unmet expectation or diagnostics, the violation, the trace and its diagram.
  static func section(_ run: CheckRun) -> String {
    let report = run.report
    var body = ""
    if !report.loaded.isValid || !report.problems.isEmpty || run.mismatch != nil {
      var text = run.mismatch.map { $0 + "\n" } ?? ""
      text += report.loaded.renderDiagnostics()
      if let spec = report.loaded.spec {
        text += report.problems.map { $0.render(in: spec.file) }.joined()
      }
      if !text.isEmpty { body += "```text\n\(text.fencedSafe)```\n\n" }
    }
    if let violation = report.violation, report.result != .assumptionFailed {
      body += "\(cell(violation.message)).\n\n"
    }
    if let trace = report.trace {
      body += traceTable(trace) + "\n" + sequenceDiagram(trace, ending: ending(of: report))
    }
    let heading = "\(run.status.icon) \(code(run.job.title)): \(cell(run.outcome))"
    if run.isExpectedFailure {
      return
        "<details><summary>\(html(run.status.icon + " " + run.job.title + ": " + run.outcome))</summary>\n\n"
        + body + "\n</details>\n"
    }
    return "### \(heading)\n\n" + body
  }

  /// The trace, one row per state: the action that led there and each variable's value
  /// where it changed (all of them in the first state).
  package static func traceTable(_ trace: Trace) -> String {
    var out = "| state | action | \(trace.variables.map(cell).joined(separator: " | ")) |\n"
    out += "| ---: | --- |\(String(repeating: " --- |", count: trace.variables.count))\n"
    for (index, step) in trace.steps.enumerated() {
      let changed = Set(trace.changedVariables(at: index))
      let values = trace.variables.indices.map {
        changed.contains($0) ? code(step.values[$0].description) : ""
      }
      out += "| \(index + 1) | \(code(step.label)) | \(values.joined(separator: " | ")) |\n"
    }
    out += "\nA blank cell: the variable keeps its value.\n"
    return out
  }

  /// A Mermaid sequence diagram of the trace's actions. The spec is one lifeline; an
  /// action with parameters is drawn as a message from the lifeline of its first argument
  /// (`r = 1`: the process or resource that acts) to the spec, an action without them as a
  /// message from the spec to itself.
  package static func sequenceDiagram(_ trace: Trace, ending: String) -> String {
    var actors: [String] = []
    for step in trace.steps {
      if let first = step.arguments.first, !actors.contains(first.text) {
        actors.append(first.text)
      }
    }
    var out = "```mermaid\nsequenceDiagram\n"
    out += "  participant S as \(mermaid(trace.specName))\n"
    for (index, actor) in actors.enumerated() {
      out += "  participant A\(index + 1) as \(mermaid(actor))\n"
    }
    for (index, step) in trace.steps.enumerated() {
      let text = mermaid("\(index + 1). \(step.label)")
      if step.action == nil {
        out += "  Note over S: \(text)\n"
      } else if let first = step.arguments.first, let actor = actors.firstIndex(of: first.text) {
        out += "  A\(actor + 1)->>S: \(text)\n"
      } else {
        out += "  S->>S: \(text)\n"
      }
    }
    if !ending.isEmpty { out += "  Note over S: \(mermaid(ending))\n" }
    out += "```\n"
    return out
  }

  static func ending(of report: CheckReport) -> String {
    switch report.result {
    case .invariantViolated: "invariant \(report.violation?.name ?? "") violated"
    case .deadlock: "deadlock: no action enabled"
    case .error: "evaluation error"
    default: ""
    }
  }

  /// Text for a Mermaid message or alias: characters Mermaid would read as syntax become
  /// its `#code;` entities.
  static func mermaid(_ text: String) -> String {
    var out = ""
    for character in text.unicodeScalars {
      switch character {
      case "#", ";", "<", ">", "\"", "%", ":", "\n", "\r":
        out += character == "\n" || character == "\r" ? " " : "#\(character.value);"
      default: out.unicodeScalars.append(character)
      }
    }
    return out
  }

  /// Text for a table cell: `|` escaped, line breaks flattened.
  static func cell(_ text: String) -> String {
    var out = ""
    for character in text {
      switch character {
      case "|": out += "\\|"
      case "\n", "\r\n", "\r": out += " "
      default: out.append(character)
      }
    }
    return out
  }

  /// A code span for a table cell; a text with a backtick gets a longer fence.
  static func code(_ text: String) -> String {
    let fence = text.contains("`") ? "`` " : "`"
    let close = text.contains("`") ? " ``" : "`"
    return fence + cell(text) + close
  }

  static func html(_ text: String) -> String {
    var out = ""
    for character in text {
      switch character {
      case "&": out += "&amp;"
      case "<": out += "&lt;"
      case ">": out += "&gt;"
      default: out.append(character)
      }
    }
    return out
  }
}

extension CheckRun.Status {
  var icon: String {
    switch self {
    case .passed: "✅"
    case .failed: "❌"
    case .error: "⛔"
    case .incomplete: "⚠️"
    }
  }
}

extension Trace.Argument {
  /// `r = 1`.
  var text: String { "\(name) = \(value)" }
}

extension String {
  /// Text that cannot close a Markdown code fence early.
  var fencedSafe: String {
    let lines = split(separator: "\n", omittingEmptySubsequences: false)
    return lines.map { $0.hasPrefix("```") ? " \($0)" : String($0) }.joined(separator: "\n")
  }
}
