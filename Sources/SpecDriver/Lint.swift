import SpecSyntax
import SpecTrace

/// The result of `speccheck lint`: every file loaded and checked.
package struct LintReport: Sendable {
  package var specs: [LoadedSpec]

  package var invalidCount: Int { specs.filter(\.hasErrors).count }

  /// 0 when every spec is valid (warnings allowed), 2 when any is invalid.
  package var exitCode: Int32 { invalidCount == 0 ? 0 : 2 }

  /// Diagnostics as people read them, then `ok: N specs` or a count of invalid ones.
  package func renderText() -> String {
    var out = specs.map { $0.renderDiagnostics() }.joined()
    let noun = specs.count == 1 ? "spec" : "specs"
    if invalidCount == 0 {
      out += "ok: \(specs.count) \(noun)\n"
    } else {
      out += "invalid: \(invalidCount) of \(specs.count) \(noun)\n"
    }
    return out
  }

  /// One JSON array of diagnostic objects for all files.
  package func renderJSON() -> String {
    let objects = specs.flatMap { spec in
      spec.sources.flatMap { source in
        source.diagnostics.map { DiagnosticJSON.object($0, in: source.file) }
      }
    }
    return JSON.array(objects).serialized(pretty: true) + "\n"
  }
}

/// Diagnostics as JSON objects: code, severity, message, file, line, column, end.
package enum DiagnosticJSON {
  package static func object(_ diagnostic: Diagnostic, in file: SourceFile) -> JSON {
    let start = file.location(of: diagnostic.range.start)
    let end = file.location(of: diagnostic.range.end)
    return .object([
      ("code", .string(diagnostic.code.rawValue)),
      ("severity", .string(diagnostic.severity.rawValue)),
      ("message", .string(diagnostic.message)),
      ("file", .string(file.path)),
      ("line", .int(start.line)),
      ("column", .int(start.column)),
      ("end_line", .int(end.line)),
      ("end_column", .int(end.column)),
      ("notes", .array(diagnostic.notes.map { .string($0.message) })),
    ])
  }
}

extension Driver {
  /// Parses and checks each spec; nothing is explored.
  package static func lint(paths: [String], overrides: [ConstantOverride] = []) -> LintReport {
    LintReport(specs: paths.map { SpecLoader.load(path: $0, overrides: overrides) })
  }
}
