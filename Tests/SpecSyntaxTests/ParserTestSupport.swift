@testable import SpecSyntax

/// Helpers shared by the parser suites: wrap a fragment in a minimal spec, parse it, and
/// hand back the `dump` of the interesting part together with the diagnostics.

/// A parsed file with its diagnostics rendered as `line:column code message`.
struct Parsed {
  let file: SourceFile
  let module: Module
  let diagnostics: [Diagnostic]

  init(_ text: String, path: String = "test.spec") {
    file = SourceFile(path: path, text: text)
    (module, diagnostics) = Parser.parse(file)
  }

  init(bytes: [UInt8], path: String = "test.spec") {
    file = SourceFile(path: path, bytes: bytes)
    (module, diagnostics) = Parser.parse(file)
  }

  /// `line:column SPCnnn message`, one per diagnostic, in order.
  var messages: [String] {
    diagnostics.map { diagnostic in
      let location = diagnostic.location(in: file)
      return "\(location.line):\(location.column) \(diagnostic.code.rawValue) \(diagnostic.message)"
    }
  }

  /// A one-line summary of every declaration: `keyword name ...` with dumps.
  var declarations: [String] { module.declarations.map(\.summary) }
}

extension Declaration {
  /// A compact rendering of a declaration for structural assertions.
  var summary: String {
    func params(_ ps: [Parameter]) -> String {
      ps.map { "\($0.name.text): \($0.type.dump)" }.joined(separator: ", ")
    }
    switch kind {
    case .constant(let type, let value):
      return "const \(name.text): \(type.dump)" + (value.map { " = \($0.dump)" } ?? "")
    case .assume(let e): return "assume \(name.text) \(e.dump)"
    case .typeAlias(let t): return "type \(name.text) = \(t.dump)"
    case .variable(let t): return "var \(name.text): \(t.dump)"
    case .definition(let ps, let result, let body):
      return "def \(name.text)(\(params(ps)))" + (result.map { ": \($0.dump)" } ?? "")
        + " = \(body.dump)"
    case .initial(let conjuncts):
      return "init {\(conjuncts.map(\.dump).joined(separator: "; "))}"
    case .action(let ps, let body):
      return "action \(name.text)(\(params(ps))) {\(body.map(\.dump).joined(separator: "; "))}"
    case .invariant(let e): return "invariant \(name.text): \(e.dump)"
    case .constraint(let e): return "constraint \(name.text): \(e.dump)"
    }
  }
}

/// Parses `text` as the body of `def X = ...` and returns its dump, or the diagnostics
/// (`line:column SPCnnn message`, joined by newlines) when there are any. Line 2 of the
/// file is the expression's first line; it starts at column 9.
func expr(_ text: String) -> String {
  let parsed = Parsed("spec T\ndef X = " + text + "\n")
  if !parsed.diagnostics.isEmpty { return parsed.messages.joined(separator: "\n") }
  guard parsed.module.declarations.count == 1,
    case .definition(_, _, let body) = parsed.module.declarations[0].kind
  else { return "not one definition: \(parsed.declarations)" }
  return body.dump
}

/// Parses `text` as `type X = ...` and returns the type's dump, or the diagnostics.
func type(_ text: String) -> String {
  let parsed = Parsed("spec T\ntype X = " + text + "\n")
  if !parsed.diagnostics.isEmpty { return parsed.messages.joined(separator: "\n") }
  guard parsed.module.declarations.count == 1,
    case .typeAlias(let type) = parsed.module.declarations[0].kind
  else { return "not one type alias: \(parsed.declarations)" }
  return type.dump
}

/// Parses `lines` as the body of `action A { ... }` (each line as given, so indentation
/// counts) and returns one dump per conjunct, or the diagnostics.
func block(_ lines: String...) -> [String] {
  let parsed = Parsed("spec T\naction A {\n" + lines.joined(separator: "\n") + "\n}\n")
  if !parsed.diagnostics.isEmpty { return parsed.messages }
  guard parsed.module.declarations.count == 1,
    case .action(_, let body) = parsed.module.declarations[0].kind
  else { return ["not one action: \(parsed.declarations)"] }
  return body.map(\.dump)
}
