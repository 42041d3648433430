/// Turns the bytes of a `SourceFile` into tokens.
///
/// Never fails: problems become diagnostics and lexing resumes after them, so the parser
/// can report its own errors in the same run. A file with NUL bytes or invalid UTF-8 is
/// rejected whole with one diagnostic and no tokens but end-of-file.
package struct Lexer {
  private let file: SourceFile
  private var bytes: [UInt8] { file.bytes }
  private var index = 0
  private var lineStart = 0
  private var line = 1
  private var lastTokenLine = 0
  /// A byte offset on the current line and its column, where `column(of:)` resumes.
  private var columnOffset = 0
  private var columnValue = 1
  package private(set) var diagnostics = DiagnosticBag()

  package init(file: SourceFile) {
    self.file = file
  }

  /// Lexes the whole file; the last token is always `.endOfFile`.
  package static func tokenize(_ file: SourceFile) -> (tokens: [Token], diagnostics: [Diagnostic]) {
    var lexer = Lexer(file: file)
    let tokens = lexer.tokenize()
    return (tokens, lexer.diagnostics.items)
  }

  package mutating func tokenize() -> [Token] {
    if let nul = bytes.firstIndex(of: 0) {
      diagnostics.error(
        .binaryFile, "file contains NUL bytes; a spec must be a text file",
        at: SourceRange(nul, nul + 1))
      return [eofToken()]
    }
    if let bad = Self.firstInvalidUTF8Offset(bytes) {
      diagnostics.error(.invalidUTF8, "file is not valid UTF-8", at: SourceRange(bad, bad + 1))
      return [eofToken()]
    }
    var tokens: [Token] = []
    while let token = next() { tokens.append(token) }
    tokens.append(eofToken())
    return tokens
  }

  private func eofToken() -> Token {
    let location = file.location(of: bytes.count)
    return Token(
      kind: .endOfFile, range: SourceRange(bytes.count, bytes.count), line: location.line,
      column: location.column, startsLine: true)
  }

  /// The offset of the first byte that breaks UTF-8, or nil for a valid file.
  package static func firstInvalidUTF8Offset(_ bytes: [UInt8]) -> Int? {
    var offset = 0
    var iterator = bytes.makeIterator()
    var decoder = UTF8()
    while true {
      switch decoder.decode(&iterator) {
      case .scalarValue(let scalar):
        offset += UTF8.width(scalar)
      case .emptyInput:
        return nil
      case .error:
        return offset
      }
    }
  }

  // MARK: - Scanning

  private func peek(_ ahead: Int = 0) -> UInt8 {
    let at = index + ahead
    return at < bytes.count ? bytes[at] : 0
  }

  private mutating func newline(at offset: Int) {
    line += 1
    lineStart = offset + 1
  }

  /// The column of `offset` on the current line. Tokens come in order, so the count
  /// resumes from the previous token's column: rescanning from the line's start made a
  /// long line quadratic.
  private mutating func column(of offset: Int) -> Int {
    if columnOffset < lineStart || columnOffset > offset {
      columnOffset = lineStart
      columnValue = 1
    }
    while columnOffset < offset {
      if bytes[columnOffset] & 0xC0 != 0x80 { columnValue += 1 }
      columnOffset += 1
    }
    return columnValue
  }

  private mutating func make(_ kind: TokenKind, from start: Int) -> Token {
    let token = Token(
      kind: kind, range: SourceRange(start, index), line: line, column: column(of: start),
      startsLine: lastTokenLine != line)
    lastTokenLine = line
    return token
  }

  /// The next token, or nil at the end of the input.
  private mutating func next() -> Token? {
    while true {
      skipTrivia()
      guard index < bytes.count else { return nil }
      let start = index
      let byte = bytes[index]
      if isIdentifierStart(byte) { return identifierOrKeyword() }
      if isDigit(byte) { return number() }
      if byte == UInt8(ascii: "\"") { return string() }
      if byte == UInt8(ascii: "\\") {
        if let token = backslashOperator() { return token }
        continue
      }
      if byte >= 0x80 {
        if let token = unicodeOperator() { return token }
        continue
      }
      if let op = punctuation() {
        return make(.op(op), from: start)
      }
      index += 1
      diagnostics.error(
        .unexpectedCharacter, "unexpected character '\(Character(UnicodeScalar(byte)))'",
        at: SourceRange(start, index))
    }
  }

  private mutating func skipTrivia() {
    while index < bytes.count {
      let byte = bytes[index]
      switch byte {
      case UInt8(ascii: "\n"):
        newline(at: index)
        index += 1
      case UInt8(ascii: " "), UInt8(ascii: "\t"), UInt8(ascii: "\r"), 0x0C:
        index += 1
      case UInt8(ascii: "/") where peek(1) == UInt8(ascii: "/"):
        skipToEndOfLine()
      case UInt8(ascii: "\\") where peek(1) == UInt8(ascii: "*"):
        skipToEndOfLine()
      case UInt8(ascii: "/") where peek(1) == UInt8(ascii: "*"):
        blockComment(open: "/*", close: (UInt8(ascii: "*"), UInt8(ascii: "/")), nests: false)
      case UInt8(ascii: "(") where peek(1) == UInt8(ascii: "*"):
        blockComment(open: "(*", close: (UInt8(ascii: "*"), UInt8(ascii: ")")), nests: true)
      default:
        return
      }
    }
  }

  private mutating func skipToEndOfLine() {
    while index < bytes.count, bytes[index] != UInt8(ascii: "\n") { index += 1 }
  }

  private mutating func blockComment(open: String, close: (UInt8, UInt8), nests: Bool) {
    let start = index
    let openBytes = Array(open.utf8)
    index += 2
    var depth = 1
    while index < bytes.count {
      let byte = bytes[index]
      if byte == close.0, peek(1) == close.1 {
        index += 2
        depth -= 1
        if depth == 0 { return }
      } else if nests, byte == openBytes[0], peek(1) == openBytes[1] {
        index += 2
        depth += 1
      } else {
        if byte == UInt8(ascii: "\n") { newline(at: index) }
        index += 1
      }
    }
    let closeText = String(decoding: [close.0, close.1], as: UTF8.self)
    diagnostics.error(
      .unterminatedComment, "unterminated block comment: '\(open)' has no matching '\(closeText)'",
      at: SourceRange(start, start + 2))
  }

  private func isIdentifierStart(_ byte: UInt8) -> Bool {
    (byte >= UInt8(ascii: "a") && byte <= UInt8(ascii: "z"))
      || (byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z")) || byte == UInt8(ascii: "_")
  }

  private func isDigit(_ byte: UInt8) -> Bool {
    byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9")
  }

  private mutating func identifierOrKeyword() -> Token {
    let start = index
    while index < bytes.count, isIdentifierStart(bytes[index]) || isDigit(bytes[index]) {
      index += 1
    }
    let word = String(decoding: bytes[start..<index], as: UTF8.self)
    if let keyword = Keyword(rawValue: word) {
      return make(.keyword(keyword), from: start)
    }
    return make(.identifier(word), from: start)
  }

  private mutating func number() -> Token {
    let start = index
    var value = 0
    var overflowed = false
    while index < bytes.count, isDigit(bytes[index]) {
      let digit = Int(bytes[index] - UInt8(ascii: "0"))
      let (times, o1) = value.multipliedReportingOverflow(by: 10)
      let (sum, o2) = times.addingReportingOverflow(digit)
      if o1 || o2 { overflowed = true } else { value = sum }
      index += 1
    }
    if overflowed {
      diagnostics.error(
        .integerTooLarge,
        "integer literal \(String(decoding: bytes[start..<index], as: UTF8.self)) does not fit in 64 bits",
        at: SourceRange(start, index))
    }
    return make(.integer(overflowed ? 0 : value), from: start)
  }

  private mutating func string() -> Token {
    let start = index
    index += 1
    var text: [UInt8] = []
    while index < bytes.count {
      let byte = bytes[index]
      if byte == UInt8(ascii: "\"") {
        index += 1
        return make(.string(String(decoding: text, as: UTF8.self)), from: start)
      }
      if byte == UInt8(ascii: "\n") { break }
      if byte == UInt8(ascii: "\\"), index + 1 < bytes.count, bytes[index + 1] != UInt8(ascii: "\n") {
        let escaped = bytes[index + 1]
        text.append(escaped == UInt8(ascii: "n") ? UInt8(ascii: "\n") : escaped)
        index += 2
        continue
      }
      text.append(byte)
      index += 1
    }
    diagnostics.error(
      .unterminatedString, "unterminated string literal", at: SourceRange(start, index))
    // The string as far as it goes, so the parser does not report the gap as well.
    return make(.string(String(decoding: text, as: UTF8.self)), from: start)
  }

  private static let backslashWords: [String: Operator] = [
    "in": .in, "notin": .notin, "subseteq": .subseteq, "union": .union, "cup": .union,
    "intersect": .intersect, "cap": .intersect, "o": .concat, "circ": .concat, "div": .div,
    "A": .forall, "E": .exists, "forall": .forall, "exists": .exists, "land": .and,
    "lor": .or, "lnot": .not, "neg": .not, "leq": .le, "geq": .ge, "equiv": .equiv,
  ]

  private mutating func backslashOperator() -> Token? {
    let start = index
    index += 1
    if peek() == UInt8(ascii: "/") {
      index += 1
      return make(.op(.or), from: start)
    }
    var end = index
    while end < bytes.count, isIdentifierStart(bytes[end]) || isDigit(bytes[end]) { end += 1 }
    if end == index { return make(.op(.setminus), from: start) }
    let word = String(decoding: bytes[index..<end], as: UTF8.self)
    index = end
    if let op = Self.backslashWords[word] { return make(.op(op), from: start) }
    diagnostics.error(
      .unexpectedCharacter, "unknown operator '\\\(word)'", at: SourceRange(start, end))
    return nil
  }

  private static let unicodeOperators: [Unicode.Scalar: Operator] = [
    "∧": .and, "∨": .or, "¬": .not, "⇒": .implies, "⇔": .equiv, "∀": .forall, "∃": .exists,
    "∈": .in, "∉": .notin, "∪": .union, "∩": .intersect, "⊆": .subseteq, "≠": .neq,
    "≤": .le, "≥": .ge, "↦": .mapsTo, "⟨": .langle, "⟩": .rangle, "→": .arrow, "≜": .defEq,
    "∘": .concat,
  ]

  private mutating func unicodeOperator() -> Token? {
    let start = index
    var iterator = bytes[index...].makeIterator()
    var decoder = UTF8()
    guard case .scalarValue(let scalar) = decoder.decode(&iterator) else {
      index += 1
      return nil
    }
    index += UTF8.width(scalar)
    if let op = Self.unicodeOperators[scalar] { return make(.op(op), from: start) }
    diagnostics.error(
      .unexpectedCharacter,
      "unexpected character '\(scalar)' (U+\(String(scalar.value, radix: 16, uppercase: true)))",
      at: SourceRange(start, index))
    return nil
  }

  /// ASCII operators, longest first. Built once: rebuilding it for every token made
  /// lexing several times slower.
  private static let punctuationCandidates: [([UInt8], Operator)] = {
    let table: [(String, Operator)] = [
      ("<=>", .equiv), ("|->", .mapsTo),
      ("/\\", .and), ("=>", .implies), ("/=", .neq), ("<=", .le), ("=<", .le), (">=", .ge),
      ("..", .dotdot), ("@@", .fnMerge), (":>", .colonGreater), ("==", .defEq), ("->", .arrow),
      ("[]", .box), ("<<", .langle), (">>", .rangle),
      ("~", .not), ("=", .eq), ("#", .neq), ("<", .lt), (">", .gt), ("+", .plus), ("-", .minus),
      ("*", .times), ("%", .mod), ("^", .power), ("'", .prime), (".", .dot), (",", .comma),
      (":", .colon), ("|", .bar), ("!", .bang), ("@", .at), ("(", .lparen), (")", .rparen),
      ("[", .lbracket), ("]", .rbracket), ("{", .lbrace), ("}", .rbrace),
    ]
    return table.map { (Array($0.0.utf8), $0.1) }
  }()

  /// ASCII operators by longest match.
  private mutating func punctuation() -> Operator? {
    let first = bytes[index]
    for (text, op) in Self.punctuationCandidates where text[0] == first && matches(text) {
      index += text.count
      return op
    }
    return nil
  }

  private func matches(_ text: [UInt8]) -> Bool {
    var at = index
    for byte in text {
      guard at < bytes.count, bytes[at] == byte else { return false }
      at += 1
    }
    return true
  }
}
