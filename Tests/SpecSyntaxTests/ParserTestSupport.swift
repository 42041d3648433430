@testable import SpecSyntax

// Helpers shared by the parser suites: wrap a fragment in a minimal spec, parse it, and
// hand back the `dump` of the interesting part, or the diagnostics when there are any,
// so one string comparison pins both the structure and the absence of errors.

/// A parsed file, with its diagnostics rendered as `line:column SPCnnn message`.
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

  /// `line:column SPCnnn message`, one per diagnostic, in the order reported.
  var messages: [String] {
    diagnostics.map { diagnostic in
      let location = diagnostic.location(in: file)
      return "\(location.line):\(location.column) \(diagnostic.code.rawValue) \(diagnostic.message)"
    }
  }

  /// One line per declaration, see `Declaration.summary`.
  var declarations: [String] { module.declarations.map(\.summary) }
}

extension Declaration {
  /// A compact rendering of a declaration: its keyword, name, parameters and dumps.
  var summary: String {
    func parameters(_ list: [Parameter]) -> String {
      list.map { "\($0.name.text): \($0.type.dump)" }.joined(separator: ", ")
    }
    switch kind {
    case .constant(let type, let value):
      return "const \(name.text): \(type.dump)" + (value.map { " = \($0.dump)" } ?? "")
    case .assume(let body):
      return "assume \(name.text): \(body.dump)"
    case .typeAlias(let type):
      return "type \(name.text) = \(type.dump)"
    case .variable(let type):
      return "var \(name.text): \(type.dump)"
    case .definition(let list, let result, let body):
      return "def \(name.text)(\(parameters(list)))" + (result.map { ": \($0.dump)" } ?? "")
        + " = \(body.dump)"
    case .initial(let conjuncts):
      return "\(name.text) {\(conjuncts.map(\.dump).joined(separator: "; "))}"
    case .action(let list, let body):
      return
        "action \(name.text)(\(parameters(list))) {\(body.map(\.dump).joined(separator: "; "))}"
    case .invariant(let body):
      return "invariant \(name.text): \(body.dump)"
    case .constraint(let body):
      return "constraint \(name.text): \(body.dump)"
    }
  }
}

/// The dump of `text` parsed as the body of `def X = ...`, or its diagnostics joined by
/// newlines. The expression starts on line 2, column 9.
func dumpExpr(_ text: String) -> String {
  let parsed = Parsed("spec T\ndef X = " + text + "\n")
  if !parsed.diagnostics.isEmpty { return parsed.messages.joined(separator: "\n") }
  guard parsed.module.declarations.count == 1,
    case .definition(_, _, let body) = parsed.module.declarations[0].kind
  else { return "not one definition: \(parsed.declarations)" }
  return body.dump
}

/// The dump of `text` parsed as `type X = ...`, or its diagnostics joined by newlines.
/// The type starts on line 2, column 10.
func dumpType(_ text: String) -> String {
  let parsed = Parsed("spec T\ntype X = " + text + "\n")
  if !parsed.diagnostics.isEmpty { return parsed.messages.joined(separator: "\n") }
  guard parsed.module.declarations.count == 1,
    case .typeAlias(let type) = parsed.module.declarations[0].kind
  else { return "not one type alias: \(parsed.declarations)" }
  return type.dump
}

/// One dump per conjunct of `action A { ... }` whose body lines are `lines`, exactly as
/// given (indentation matters), or the diagnostics. The first body line is line 3.
func dumpBlock(_ lines: String...) -> [String] {
  let parsed = Parsed("spec T\naction A {\n" + lines.joined(separator: "\n") + "\n}\n")
  if !parsed.diagnostics.isEmpty { return parsed.messages }
  guard parsed.module.declarations.count == 1,
    case .action(_, let body) = parsed.module.declarations[0].kind
  else { return ["not one action: \(parsed.declarations)"] }
  return body.map(\.dump)
}
