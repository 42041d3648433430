/// Whether to colour terminal output: only on a terminal, never when `NO_COLOR` is set
/// to anything non-empty (https://no-color.org) or the terminal is `dumb`.
package enum ColourPolicy {
  package static func enabled(isTerminal: Bool, environment: [String: String]) -> Bool {
    guard isTerminal else { return false }
    if let noColour = environment["NO_COLOR"], !noColour.isEmpty { return false }
    return environment["TERM"] != "dumb"
  }
}

extension CheckRun.Status {
  /// The status column of a summary line, padded to one width.
  var word: String {
    switch self {
    case .passed: "PASS"
    case .failed: "FAIL"
    case .error: "ERROR"
    case .incomplete: "INCOMPLETE"
    }
  }

  /// SGR colour: green, red, bold red, yellow.
  var colourCode: String {
    switch self {
    case .passed: "32"
    case .failed: "31"
    case .error: "1;31"
    case .incomplete: "33"
    }
  }
}

extension CheckRun {
  /// What the run found and whether that was expected, in a few words:
  /// `ok`, `invariant NotSolved violated, as expected`, `expected a deadlock, but ...`.
  package var outcome: String {
    if let mismatch { return mismatch }
    var found = report.outcomePhrase
    if let trace = report.trace, report.result != .error {
      found += " (trace of \(trace.steps.count) state\(trace.steps.count == 1 ? "" : "s"))"
    }
    return isExpectedFailure ? "\(found), as expected" : found
  }

  /// `288 states, depth 11, 0.01 s`: distinct states and levels explored, and the time;
  /// empty for an invalid spec or a false assumption.
  var statistics: String {
    guard report.loaded.isValid, report.result != .assumptionFailed else { return "" }
    var parts: [String] = []
    parts.append("\(report.distinctStates) state\(report.distinctStates == 1 ? "" : "s")")
    parts.append("depth \(report.depth)")
    parts.append("\(report.formatSeconds(report.seconds)) s")
    return parts.joined(separator: ", ")
  }

  /// One line per run: `PASS        specs/TwoPhase.spec [RMCount = 3]: ok; 288 states,
  /// depth 11, 0.01 s`. With `colour`, the status word is coloured (SGR codes).
  package func summaryLine(colour: Bool = false) -> String {
    let word = status.word.padded(to: CheckRun.Status.incomplete.word.count)
    let shown = colour ? "\u{1B}[\(status.colourCode)m\(word)\u{1B}[0m" : word
    return "\(shown)  \(description)\n"
  }

  /// The summary line without padding or newline: `FAIL specs/A.spec: deadlock; ...`.
  package var summaryText: String { "\(status.word) \(description)" }

  /// `specs/TwoPhase.spec [RMCount = 3]: ok; 288 states, depth 11, 0.01 s`.
  var description: String {
    let statistics = statistics
    return "\(job.title): \(outcome)\(statistics.isEmpty ? "" : "; \(statistics)")"
  }
}

/// Totals over several runs.
package enum CheckSummary {
  /// `total: 24 runs, 22 passed, 1 failed, 1 error; 3.21 s`. Counts that are zero are left
  /// out, except `passed`.
  package static func totalLine(_ runs: [CheckRun], colour: Bool = false) -> String {
    let counts = Dictionary(grouping: runs, by: \.status).mapValues(\.count)
    var parts = [
      "\(runs.count) run\(runs.count == 1 ? "" : "s")", "\(counts[.passed] ?? 0) passed",
    ]
    for (status, noun) in [
      (CheckRun.Status.failed, "failed"), (.error, "error"), (.incomplete, "incomplete"),
    ] {
      guard let count = counts[status], count > 0 else { continue }
      let text = "\(count) \(noun)\(status == .error && count > 1 ? "s" : "")"
      parts.append(colour ? "\u{1B}[\(status.colourCode)m\(text)\u{1B}[0m" : text)
    }
    let seconds = runs.reduce(0.0) { $0 + $1.report.seconds }
    let formatted = runs.first?.report.formatSeconds(seconds) ?? "0.00"
    return "total: \(parts.joined(separator: ", ")); \(formatted) s\n"
  }

  /// The text output of several runs: each run's summary line, followed, for a run that
  /// did not pass, by its full report; then the total. `check` prints the same pieces as
  /// runs finish.
  package static func renderText(_ runs: [CheckRun], colour: Bool = false) -> String {
    var out = ""
    for run in runs { out += run.textBlock(colour: colour) }
    return out + totalLine(runs, colour: colour)
  }
}

extension CheckRun {
  /// A run's part of the text output of several runs: its summary line, then its full
  /// report, indented, when it did not pass.
  package func textBlock(colour: Bool = false) -> String {
    var out = summaryLine(colour: colour)
    if status != .passed {
      var details = report.renderText()
      if let mismatch { details = mismatch + "\n" + details }
      out += details.split(separator: "\n", omittingEmptySubsequences: false)
        .dropLast(details.hasSuffix("\n") ? 1 : 0)
        .map { $0.isEmpty ? "\n" : "    \($0)\n" }
        .joined()
    }
    return out
  }
}
