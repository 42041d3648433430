/// Thrown to unwind to the nearest recovery point after a syntax error has been
/// recorded as a diagnostic.
struct ParseError: Error {}

/// A recursive-descent parser for `.spec` files.
///
/// The grammar is layout-sensitive in two places, both handled by a stack of boundaries:
/// a conjunct of a block ends at a line that is not indented further than its first
/// token (unless that line starts with a continuation token), and a junction-list item
/// ends at a line whose first token is at or left of its bullet. Brackets suspend both.
/// Errors are collected; the parser recovers at the next conjunct or declaration.
package struct Parser {
  /// How deep expressions and types may nest (parentheses, operators, quantifiers).
  /// Deeper input gets `SPC107` instead of exhausting the stack.
  package static let maxNesting = 400

  enum Boundary {
    case bracket
    case conjunct(column: Int, start: Int)
    case junction(column: Int)
  }

  let file: SourceFile
  let tokens: [Token]
  var position = 0
  var boundaries: [Boundary] = []
  var nesting = 0
  var nextID = 0
  package internal(set) var diagnostics = DiagnosticBag()

  package init(file: SourceFile) {
    let (tokens, lexDiagnostics) = Lexer.tokenize(file)
    self.file = file
    self.tokens = tokens
    diagnostics.append(contentsOf: lexDiagnostics)
  }

  /// Parses a whole file. Always returns a module (possibly partial); the diagnostics say
  /// whether it is valid.
  package static func parse(_ file: SourceFile) -> (module: Module, diagnostics: [Diagnostic]) {
    var parser = Parser(file: file)
    let module = parser.parseModule()
    return (module, parser.diagnostics.items)
  }

  // MARK: - Token access

  /// The raw current token, ignoring layout.
  var raw: Token { tokens[position] }

  /// True when the current token is cut off by the innermost layout boundary.
  var atLayoutEnd: Bool {
    let token = raw
    guard token.startsLine, !token.isEOF, let boundary = boundaries.last else { return false }
    switch boundary {
    case .bracket: return false
    case .junction(let column): return token.column <= column
    case .conjunct(let column, let start):
      return position > start && token.column <= column && !Self.continues(token)
    }
  }

  /// The current token as the grammar sees it: end-of-file at a layout boundary.
  var current: Token {
    if atLayoutEnd {
      var token = raw
      token.kind = .endOfFile
      return token
    }
    return raw
  }

  /// Tokens that cannot begin a conjunct, so a line starting with one continues the last.
  static func continues(_ token: Token) -> Bool {
    switch token.kind {
    case .keyword(let keyword):
      return [.THEN, .ELSE, .IN, .OTHER].contains(keyword)
    case .op(let op):
      // `-` continues although it is also prefix: a conjunct is a predicate, and
      // LANGUAGE.md lists every binary operator but `/\` and `\/` as a continuation.
      switch op {
      case .and, .or, .not, .lparen, .lbracket, .lbrace, .langle, .forall, .exists, .at, .bang:
        return false
      default:
        return true
      }
    default:
      return false
    }
  }

  func peek(_ ahead: Int) -> Token {
    tokens[min(position + ahead, tokens.count - 1)]
  }

  mutating func advance() -> Token {
    let token = raw
    if position < tokens.count - 1 { position += 1 }
    return token
  }

  func check(_ op: Operator) -> Bool { current.isOp(op) }
  func check(_ keyword: Keyword) -> Bool { current.isKeyword(keyword) }

  mutating func accept(_ op: Operator) -> Bool {
    guard check(op) else { return false }
    _ = advance()
    return true
  }

  mutating func accept(_ keyword: Keyword) -> Bool {
    guard check(keyword) else { return false }
    _ = advance()
    return true
  }

  @discardableResult
  mutating func expect(_ op: Operator, _ context: String = "") throws -> Token {
    guard check(op) else { throw fail("expected '\(op.rawValue)'\(context)") }
    return advance()
  }

  mutating func expect(_ keyword: Keyword, _ context: String = "") throws {
    guard check(keyword) else { throw fail("expected '\(keyword.rawValue)'\(context)") }
    _ = advance()
  }

  mutating func expectIdentifier(_ what: String) throws -> Name {
    guard case .identifier(let text) = current.kind else { throw fail("expected \(what)") }
    return Name(text, advance().range)
  }

  /// A field name: identifiers and also keywords (`type` is a common field name).
  mutating func expectFieldName() throws -> Name {
    switch current.kind {
    case .identifier(let text): return Name(text, advance().range)
    case .keyword(let keyword): return Name(keyword.rawValue, advance().range)
    default: throw fail("expected a field name")
    }
  }

  /// Records "expected X, found Y" at the current token and returns the error to throw.
  mutating func fail(_ expected: String) -> ParseError {
    let token = raw
    let found = atLayoutEnd ? "\(token.display) on a new line" : token.display
    diagnostics.error(.unexpectedToken, "\(expected), found \(found)", at: token.range)
    return ParseError()
  }

  mutating func makeExpr(_ kind: ExprKind, _ range: SourceRange) -> Expr {
    defer { nextID += 1 }
    return Expr(id: nextID, kind: kind, range: range)
  }

  /// Runs `body` one nesting level deeper, failing with `SPC107` past `maxNesting`.
  mutating func nested<T>(_ body: (inout Parser) throws -> T) throws -> T {
    nesting += 1
    defer { nesting -= 1 }
    if nesting > Self.maxNesting { throw nestingTooDeep(at: raw.range) }
    return try body(&self)
  }

  /// Runs `body` inside brackets, where layout does not end expressions.
  mutating func bracketed<T>(_ body: (inout Parser) throws -> T) rethrows -> T {
    boundaries.append(.bracket)
    defer { boundaries.removeLast() }
    return try body(&self)
  }
}

extension Parser {
  /// Parses a file that holds one expression (a `--const` value, an `eval` command).
  /// Node ids start at `firstID` so they do not collide with the module's.
  package static func parseExpression(_ file: SourceFile, firstID: Int) -> (
    expr: Expr?, diagnostics: [Diagnostic]
  ) {
    var parser = Parser(file: file)
    parser.nextID = firstID
    guard !parser.diagnostics.hasErrors else { return (nil, parser.diagnostics.items) }
    do {
      let expr = try parser.parseExpression()
      if !parser.raw.isEOF {
        throw parser.fail("expected the end of the expression")
      }
      return (expr, parser.diagnostics.items)
    } catch {
      return (nil, parser.diagnostics.items)
    }
  }
}
