extension Parser {
  /// `A -> B` (right-associative) over unions `A | B` over atoms.
  mutating func parseType() throws -> TypeExpr {
    try nested { parser in
      let domain = try parser.parseUnionType()
      if parser.accept(.arrow) {
        let range = try parser.parseType()
        return TypeExpr(
          kind: .function(domain, range), range: domain.range.union(range.range))
      }
      return domain
    }
  }

  mutating func parseUnionType() throws -> TypeExpr {
    var members = [try parseTypeAtom()]
    while accept(.bar) { members.append(try parseTypeAtom()) }
    if members.count == 1 { return members[0] }
    let range = members[0].range.union(members[members.count - 1].range)
    return TypeExpr(kind: .union(members), range: range)
  }

  mutating func parseTypeAtom() throws -> TypeExpr {
    let token = current
    switch token.kind {
    case .string(let text):
      _ = advance()
      return TypeExpr(kind: .literal(text), range: token.range)
    case .op(.lbracket):
      _ = advance()
      let fields: [(Name, TypeExpr)] = try bracketed { parser in
        var fields: [(Name, TypeExpr)] = []
        repeat {
          let name = try parser.expectFieldName()
          try parser.expect(.colon, " after the field name in a record type")
          fields.append((name, try parser.parseType()))
        } while parser.accept(.comma)
        return fields
      }
      let end = try expect(.rbracket, " to close the record type")
      return TypeExpr(kind: .record(fields), range: token.range.union(end.range))
    case .op(.langle):
      _ = advance()
      let members: [TypeExpr] = try bracketed { parser in
        var members: [TypeExpr] = []
        repeat { members.append(try parser.parseType()) } while parser.accept(.comma)
        return members
      }
      let end = try expect(.rangle, " to close the tuple type")
      return TypeExpr(kind: .tuple(members), range: token.range.union(end.range))
    case .op(.lparen) where !parenthesisedBoundAhead():
      _ = advance()
      let inner = try bracketed { try $0.parseType() }
      let end = try expect(.rparen, " to close '('")
      return TypeExpr(kind: inner.kind, range: token.range.union(end.range))
    case .identifier(let name) where (name == "Set" || name == "Seq") && peek(1).isOp(.lbracket):
      _ = advance()
      _ = advance()
      let element = try bracketed { try $0.parseType() }
      let end = try expect(.rbracket, " after the element type")
      let kind: TypeExprKind = name == "Set" ? .set(element) : .sequence(element)
      return TypeExpr(kind: kind, range: token.range.union(end.range))
    case .identifier, .integer, .op(.minus), .op(.lparen):
      let low = try nested { try $0.parseLevel(7) }
      if accept(.dotdot) {
        let high = try nested { try $0.parseLevel(7) }
        return TypeExpr(kind: .range(low, high), range: low.range.union(high.range))
      }
      if case .name(let name) = low.kind {
        return TypeExpr(kind: .name(name), range: low.range)
      }
      diagnostics.error(
        .unexpectedToken, "expected a type, found an expression (a range needs '..')",
        at: low.range)
      throw ParseError()
    default:
      throw fail("expected a type")
    }
  }

  /// True when a `(` opens an expression that is a range's lower bound: `(N - 1)..N`.
  func parenthesisedBoundAhead() -> Bool {
    var depth = 0
    var ahead = 0
    while true {
      let token = peek(ahead)
      if token.isEOF { return false }
      if token.isOp(.lparen) { depth += 1 }
      // Deeper than the parser goes: fails either way, so stop rescanning the input.
      if depth > Self.maxNesting { return false }
      if token.isOp(.rparen) {
        depth -= 1
        if depth == 0 { return peek(ahead + 1).isOp(.dotdot) }
      }
      ahead += 1
    }
  }
}
