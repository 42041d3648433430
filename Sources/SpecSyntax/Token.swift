/// The kinds of token in a `.spec` file. ASCII and Unicode spellings of an operator
/// lex to the same kind.
package enum TokenKind: Hashable, Sendable {
  case identifier(String)
  case integer(Int)
  case string(String)
  case keyword(Keyword)
  case op(Operator)
  case endOfFile
}

/// Reserved words: lower-case declaration keywords and TLA+'s upper-case ones.
package enum Keyword: String, CaseIterable, Sendable {
  // declarations
  case spec, const, `var`, type, def, `init`, action, invariant, constraint, assume
  // expressions
  case IF, THEN, ELSE, CASE, OTHER, LET, IN, CHOOSE, EXCEPT, DOMAIN, SUBSET, UNION
  case UNCHANGED, TRUE, FALSE

  package var isDeclaration: Bool {
    switch self {
    case .spec, .const, .var, .type, .def, .`init`, .action, .invariant, .constraint, .assume:
      true
    default: false
    }
  }
}

/// Operators and punctuation.
package enum Operator: String, Sendable, CaseIterable {
  case and = "/\\", or = "\\/", not = "~", implies = "=>", equiv = "<=>"
  case eq = "=", neq = "/=", lt = "<", gt = ">", le = "<=", ge = ">="
  case `in` = "\\in", notin = "\\notin", subseteq = "\\subseteq"
  case dotdot = "..", union = "\\union", intersect = "\\intersect", setminus = "\\"
  case concat = "\\o", fnMerge = "@@", colonGreater = ":>"
  case plus = "+", minus = "-", times = "*", div = "\\div", mod = "%", power = "^"
  case prime = "'", dot = ".", comma = ",", colon = ":", defEq = "==", mapsTo = "|->"
  case arrow = "->", bar = "|", box = "[]", bang = "!", at = "@"
  case lparen = "(", rparen = ")", lbracket = "[", rbracket = "]", lbrace = "{", rbrace = "}"
  case langle = "<<", rangle = ">>"
  case forall = "\\A", exists = "\\E"
}

/// A token with its place in the source.
///
/// `line` and `column` are kept because the grammar is layout-sensitive: junction lists
/// align bullets by column and conjuncts end at lines that are not indented further.
package struct Token: Sendable, Equatable {
  package var kind: TokenKind
  package var range: SourceRange
  package var line: Int
  package var column: Int
  /// True when no other token precedes this one on its line.
  package var startsLine: Bool

  package var isEOF: Bool { kind == .endOfFile }

  package func isOp(_ op: Operator) -> Bool { kind == .op(op) }
  package func isKeyword(_ keyword: Keyword) -> Bool { kind == .keyword(keyword) }

  /// How the token reads in a message: `'=>'`, `identifier 'x'`, `end of file`.
  package var display: String {
    switch kind {
    case .identifier(let name): "identifier '\(name)'"
    case .integer(let value): "integer \(value)"
    case .string(let text): "string \"\(text)\""
    case .keyword(let keyword): "'\(keyword.rawValue)'"
    case .op(let op): "'\(op.rawValue)'"
    case .endOfFile: "end of file"
    }
  }
}
