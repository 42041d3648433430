extension Parser {
  mutating func parseModule() -> Module {
    var name = Name("", SourceRange(0, 0))
    // A file the lexer rejected whole (NUL bytes, bad UTF-8) has no tokens to complain
    // about: one diagnostic, not a second "empty file".
    if diagnostics.items.contains(where: { $0.code == .binaryFile || $0.code == .invalidUTF8 }) {
      return Module(name: name, declarations: [], nodeCount: nextID)
    }
    if raw.isKeyword(.spec) {
      _ = advance()
      if let parsed = try? expectIdentifier("a spec name after 'spec'") { name = parsed }
    } else if raw.isEOF {
      diagnostics.error(
        .missingSpecLine, "empty file: a spec starts with 'spec Name'", at: raw.range)
    } else {
      diagnostics.error(
        .missingSpecLine, "missing 'spec Name' line: a spec starts with 'spec Name'",
        at: raw.range)
    }
    var declarations: [Declaration] = []
    while !raw.isEOF {
      let start = raw
      let startPosition = position
      do {
        if let declaration = try parseDeclaration() { declarations.append(declaration) }
      } catch {
        // A declaration keyword that failed a declaration begun at or right of its column
        // starts the next one (a block left open); one indented further is part of the
        // mistake.
        skipToNextDeclaration(
          resumeHere: position > startPosition && raw.column <= start.column)
      }
    }
    return Module(name: name, declarations: declarations, nodeCount: nextID)
  }

  /// Skips to the next line that starts with a declaration keyword, which may be the
  /// current token when `resumeHere`.
  mutating func skipToNextDeclaration(resumeHere: Bool) {
    boundaries.removeAll()
    if !resumeHere { _ = advance() }
    while !raw.isEOF {
      if raw.startsLine, case .keyword(let keyword) = raw.kind, keyword.isDeclaration { return }
      _ = advance()
    }
  }

  mutating func parseDeclaration() throws -> Declaration? {
    let start = raw
    guard case .keyword(let keyword) = start.kind, keyword.isDeclaration else {
      throw fail("expected a declaration (const, var, type, def, init, action, invariant, ...)")
        .withCode(.expectedDeclaration, in: &diagnostics)
    }
    _ = advance()
    let keywordName = Name(keyword.rawValue, start.range)
    let kind: DeclarationKind
    var name = keywordName
    switch keyword {
    case .spec:
      diagnostics.error(.unexpectedToken, "a file holds one spec; 'spec' again", at: start.range)
      throw ParseError()
    case .const:
      name = try expectIdentifier("a constant name")
      try expect(.colon, " and a type after the constant's name")
      let type = try parseType()
      let value = accept(.eq) ? try parseExpression() : nil
      kind = .constant(type: type, value: value)
    case .assume:
      if case .identifier(let label) = raw.kind, peek(1).isOp(.colon) {
        name = Name(label, advance().range)
        _ = advance()
      }
      kind = .assume(try parseExpression())
    case .type:
      name = try expectIdentifier("a type name")
      try expect(.eq, " after the type's name")
      kind = .typeAlias(try parseType())
    case .var:
      name = try expectIdentifier("a variable name")
      try expect(.colon, " and a type after the variable's name")
      kind = .variable(try parseType())
    case .def:
      name = try expectIdentifier("an operator name")
      let parameters = check(.lparen) ? try parseParameters() : []
      let result = accept(.colon) ? try parseType() : nil
      guard accept(.eq) || accept(.defEq) else {
        throw fail("expected '=' before the operator's body")
      }
      kind = .definition(parameters: parameters, result: result, body: try parseExpression())
    case .`init`:
      kind = .initial(try parseBlock())
    case .action:
      name = try expectIdentifier("an action name")
      let parameters = check(.lparen) ? try parseParameters() : []
      kind = .action(parameters: parameters, body: try parseBlock())
    case .invariant, .constraint:
      name = try expectIdentifier("a name after '\(keyword.rawValue)'")
      try expect(.colon, " after the \(keyword.rawValue)'s name")
      let body = try parseExpression()
      kind = keyword == .invariant ? .invariant(body) : .constraint(body)
    default:
      throw ParseError()
    }
    let end = tokens[max(0, position - 1)].range
    return Declaration(name: name, kind: kind, range: start.range.union(end))
  }

  /// `(a: T, b, c: U)`: names before a type share it.
  mutating func parseParameters() throws -> [Parameter] {
    try expect(.lparen)
    return try bracketed { parser in
      var parameters: [Parameter] = []
      var pending: [Name] = []
      while !parser.check(.rparen) {
        pending.append(try parser.expectIdentifier("a parameter name"))
        if parser.accept(.comma) { continue }
        try parser.expect(.colon, " and a type after the parameter's name")
        let type = try parser.parseType()
        parameters += pending.map { Parameter(name: $0, type: type) }
        pending = []
        if !parser.accept(.comma) { break }
      }
      if !pending.isEmpty { throw parser.fail("expected ':' and a type for the parameter") }
      try parser.expect(.rparen, " after the parameters")
      return parameters
    }
  }

  /// `{ conjunct NEWLINE conjunct ... }`; a conjunct extends over continuation lines.
  mutating func parseBlock() throws -> [Expr] {
    try expect(.lbrace, " to open the block")
    let savedBoundaries = boundaries
    boundaries = [.bracket]
    defer { boundaries = savedBoundaries }
    var conjuncts: [Expr] = []
    while !raw.isOp(.rbrace) {
      if raw.isEOF { throw fail("expected '}' to close the block") }
      if case .keyword(let keyword) = raw.kind, keyword.isDeclaration, raw.startsLine {
        throw fail("expected '}' to close the block")
      }
      let first = raw
      boundaries.append(.conjunct(column: first.column, start: position))
      do {
        conjuncts.append(try parseExpression())
        boundaries.removeLast()
        if !raw.isOp(.rbrace), !raw.startsLine {
          throw fail("expected a new line or '}' after the conjunct")
        }
      } catch {
        boundaries = [.bracket]
        skipConjunct(startedAt: first)
      }
    }
    _ = advance()
    return conjuncts
  }

  /// Recovery inside a block: skip to the next conjunct, the closing brace or a
  /// declaration.
  mutating func skipConjunct(startedAt first: Token) {
    if position < tokens.count - 1, raw.range == first.range { _ = advance() }
    while !raw.isEOF, !raw.isOp(.rbrace) {
      if raw.startsLine, raw.column <= first.column { return }
      _ = advance()
    }
  }
}

extension ParseError {
  /// Re-labels the last diagnostic with a more specific code.
  func withCode(_ code: DiagnosticCode, in bag: inout DiagnosticBag) -> ParseError {
    bag.relabelLast(code)
    return self
  }
}

extension DiagnosticBag {
  mutating func relabelLast(_ code: DiagnosticCode) {
    guard var last = items.popLast() else { return }
    last.code = code
    append(last)
  }
}
