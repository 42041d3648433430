import SpecSemantics
import SpecSyntax

/// `check --format github`: GitHub Actions workflow commands. Each run's report goes in a
/// collapsible log group titled with its summary line; each problem becomes an `::error`
/// (or `::warning`) annotation that GitHub shows on the pull request at the line it names:
/// the violated invariant's declaration, the expression that failed to evaluate, the
/// diagnostic of an invalid spec.
package enum GitHubAnnotations {
  /// The whole output for several runs, then the total line.
  package static func render(_ runs: [CheckRun]) -> String {
    var seen = Set<String>()
    var out = ""
    for run in runs { out += block(for: run, seen: &seen) }
    return out + CheckSummary.totalLine(runs)
  }

  /// One run's part: its group, then the annotations not already in `seen` (a sweep
  /// repeats a spec's warnings in every run; they are annotated once).
  package static func block(for run: CheckRun, seen: inout Set<String>) -> String {
    var out = "::group::\(escapeData(run.summaryText))\n"
    // A line of the report that began with `::` would be taken for a command.
    for line in run.report.renderText().split(separator: "\n", omittingEmptySubsequences: false)
    where !line.isEmpty {
      out += line.hasPrefix("::") ? " \(line)\n" : "\(line)\n"
    }
    out += "::endgroup::\n"
    for annotation in annotations(for: run) where seen.insert(annotation).inserted {
      out += annotation
    }
    return out
  }

  /// The workflow commands for one run's problems; none for a run that passed, except
  /// warnings of its spec.
  package static func annotations(for run: CheckRun) -> [String] {
    let report = run.report
    var out: [String] = []
    for source in report.loaded.sources {
      for diagnostic in source.diagnostics {
        out.append(annotation(for: diagnostic, in: source.file, run: run))
      }
    }
    guard report.loaded.isValid, let spec = report.loaded.spec else { return out }
    let title = "\(run.job.title): \(report.outcomePhrase)"
    let message = annotationMessage(run, spec: spec)
    var range = specDeclaration(in: spec.file)
    var kind = "error"
    switch (run.status, report.result) {
    case (.passed, _):
      return out
    case (.error, _), (_, .assumptionFailed):
      range = report.problems.first?.range ?? range
    case (.incomplete, _):
      kind = "warning"
    case (_, .invariantViolated):
      range = spec.invariants.first { $0.name.text == report.violation?.name }?.name.range ?? range
    case (_, .deadlock):
      break
    default:
      // An unmet expectation with nothing violated: point at the invariant it names.
      if case .violation(let name?) = run.job.expected,
        let invariant = spec.invariants.first(where: { $0.name.text == name })
      {
        range = invariant.name.range
      }
      out.append(
        command(
          kind, file: spec.file, range: range, title: "\(run.job.title): expectation not met",
          message: message))
      return out
    }
    out.append(command(kind, file: spec.file, range: range, title: title, message: message))
    return out
  }

  /// What went wrong, without the statistics of the full report: the unmet expectation,
  /// the violation or the diagnostics, then the trace.
  static func annotationMessage(_ run: CheckRun, spec: TypedSpec) -> String {
    let report = run.report
    var text = run.mismatch.map { $0 + "\n" } ?? ""
    switch report.result {
    case .invariantViolated, .deadlock:
      text += (report.violation?.message ?? report.outcomePhrase) + "\n"
    case .error, .assumptionFailed:
      text += report.problems.map { $0.render(in: spec.file) }.joined()
    case .incomplete:
      text += report.outcomePhrase + ", no invariant violated so far\n"
    case .ok:
      break
    }
    if let trace = report.trace {
      text += "trace (\(trace.steps.count) state\(trace.steps.count == 1 ? "" : "s")):\n"
      text += trace.renderText()
    }
    return text
  }

  static func annotation(for diagnostic: Diagnostic, in file: SourceFile, run: CheckRun) -> String {
    let kind =
      diagnostic.severity == .error
      ? "error" : (diagnostic.severity == .warning ? "warning" : "notice")
    let title = "\(run.job.title): \(diagnostic.severity.rawValue)[\(diagnostic.code.rawValue)]"
    let text = diagnostic.render(in: file)
    // A diagnostic in a `--const` value has no line in the spec file: annotate the file.
    if file.path != run.report.loaded.path || (file.bytes.isEmpty && diagnostic.range == .none) {
      return
        "::\(kind) file=\(escapeProperty(run.report.loaded.path)),title=\(escapeProperty(title))::\(escapeData(text))\n"
    }
    return command(kind, file: file, range: diagnostic.range, title: title, message: text)
  }

  /// `::error file=F,line=L,col=C,endLine=..,endColumn=..,title=T::message`.
  static func command(
    _ kind: String, file: SourceFile, range: SourceRange, title: String, message: String
  ) -> String {
    let start = file.location(of: range.start)
    let end = file.location(of: max(range.start, range.end))
    var properties = "file=\(escapeProperty(file.path)),line=\(start.line),col=\(start.column)"
    if end.line != start.line || end.column != start.column {
      properties += ",endLine=\(end.line),endColumn=\(end.column)"
    }
    properties += ",title=\(escapeProperty(title))"
    return "::\(kind) \(properties)::\(escapeData(message.trimmingNewline))\n"
  }

  /// The `spec Name` line, where problems of the whole spec (a deadlock) are annotated.
  static func specDeclaration(in file: SourceFile) -> SourceRange {
    for (index, start) in file.lineStarts.enumerated() {
      let text = file.lineText(index + 1)
      if text.hasPrefix("spec ") || text == "spec" {
        let end =
          index + 1 < file.lineStarts.count ? file.lineStarts[index + 1] - 1 : file.bytes.count
        return SourceRange(start, max(start, end))
      }
    }
    return SourceRange(0, 0)
  }

  /// Escapes a command's message: `%`, CR and LF, as GitHub's toolkit does.
  static func escapeData(_ text: String) -> String {
    var out = ""
    for character in text.unicodeScalars {
      switch character {
      case "%": out += "%25"
      case "\r": out += "%0D"
      case "\n": out += "%0A"
      default: out.unicodeScalars.append(character)
      }
    }
    return out
  }

  /// Escapes a property value: as a message, plus `:` and `,`.
  static func escapeProperty(_ text: String) -> String {
    escapeData(text).replacingAll(":", with: "%3A").replacingAll(",", with: "%2C")
  }
}

extension String {
  var trimmingNewline: String {
    var text = Substring(self)
    while text.last == "\n" { text.removeLast() }
    return String(text)
  }

  func replacingAll(_ target: Character, with replacement: String) -> String {
    var out = ""
    for character in self {
      if character == target { out += replacement } else { out.append(character) }
    }
    return out
  }
}
