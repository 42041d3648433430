import SpecRuntime
import SpecSemantics
import SpecSyntax

/// The diagnostics of one source text: the spec file itself or a `--const` value.
package struct SourceDiagnostics: Sendable {
  package var file: SourceFile
  package var diagnostics: [Diagnostic]
}

/// A spec loaded as far as it could be: parsed, analysed and its constants evaluated.
/// `spec` and `constants` are set only when no error was found.
package struct LoadedSpec: Sendable {
  package var path: String
  package var sources: [SourceDiagnostics]
  package var spec: TypedSpec?
  package var constants: [Value]?
  /// Which constants stay symbolic (loaded with `symbolicConstants`); their entries in
  /// `constants` are placeholders. All false otherwise.
  package var symbolicConstants: [Bool] = []

  package var diagnostics: [Diagnostic] { sources.flatMap(\.diagnostics) }
  package var hasErrors: Bool { diagnostics.contains { $0.severity == .error } }
  package var isValid: Bool { !hasErrors && spec != nil && constants != nil }

  /// The same, with each source's diagnostics in source order (stable for ties).
  func sortedByPosition() -> LoadedSpec {
    var copy = self
    for index in copy.sources.indices {
      copy.sources[index].diagnostics = copy.sources[index].diagnostics.enumerated()
        .sorted { ($0.element.range.start, $0.offset) < ($1.element.range.start, $1.offset) }
        .map(\.element)
    }
    return copy
  }

  /// Every diagnostic rendered with its source line and caret.
  package func renderDiagnostics() -> String {
    sources.flatMap { source in source.diagnostics.map { $0.render(in: source.file) } }
      .joined()
  }
}

/// A `--const NAME=VALUE` from the command line.
package struct ConstantOverride: Sendable, Equatable {
  package var name: String
  package var valueText: String

  package init(name: String, valueText: String) {
    self.name = name
    self.valueText = valueText
  }

  /// Parses `NAME=VALUE`; nil when there is no `=` or no name.
  package init?(argument: String) {
    guard let equals = argument.firstIndex(of: "=") else { return nil }
    let name = argument[..<equals].filter { $0 != " " && $0 != "\t" }
    guard !name.isEmpty else { return nil }
    self.name = String(name)
    self.valueText = String(argument[argument.index(after: equals)...])
  }
}

