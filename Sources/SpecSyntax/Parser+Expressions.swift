extension Parser {
  /// A full expression: the loosest precedence level.
  mutating func parseExpression() throws -> Expr {
    try nested { try $0.parseLevel(1) }
  }

  static func binaryOperator(_ token: Token) -> (BinaryOperator, level: Int)? {
    guard case .op(let op) = token.kind else { return nil }
    switch op {
    case .implies: return (.implies, 1)
    case .equiv: return (.equiv, 1)
    case .or: return (.or, 2)
    case .and: return (.and, 3)
    case .eq: return (.eq, 5)
    case .neq: return (.neq, 5)
    case .lt: return (.lt, 5)
    case .gt: return (.gt, 5)
    case .le: return (.le, 5)
    case .ge: return (.ge, 5)
    case .in: return (.in, 5)
    case .notin: return (.notin, 5)
    case .subseteq: return (.subseteq, 5)
    case .dotdot: return (.range, 6)
    case .union: return (.union, 7)
    case .intersect: return (.intersect, 7)
    case .setminus: return (.setminus, 7)
    case .concat: return (.concat, 7)
    case .fnMerge: return (.fnMerge, 7)
    case .colonGreater: return (.singletonFn, 7)
    case .plus: return (.plus, 8)
    case .minus: return (.minus, 8)
    case .times: return (.times, 9)
    case .div: return (.div, 9)
    case .mod: return (.mod, 9)
    case .power: return (.power, 11)
    default: return nil
    }
  }

  /// An expression whose binary operators all bind at `level` or tighter, by precedence
  /// climbing: one loop per operand instead of one call per precedence level, so each
  /// nesting level costs a few stack frames (deep input must reach `SPC107`, not overflow).
  mutating func parseLevel(_ level: Int) throws -> Expr {
    var lhs = try parsePrefixed()
    var chained = 0
    var lastLevel = 0
    defer { nesting -= chained }
    while let (op, opLevel) = Self.binaryOperator(current), opLevel >= level {
      let opToken = advance()
      if opLevel == 5, lastLevel == 5 { throw chainedComparison(op, at: opToken) }
      lastLevel = opLevel
      // Left-deep chains are as deep as they are long: count them against the limit.
      chained += 1
      nesting += 1
      if nesting > Self.maxNesting { throw nestingTooDeep(at: opToken.range) }
      let rhs = try nested { try $0.parseLevel(op == .implies ? opLevel : opLevel + 1) }
      lhs = makeExpr(.binary(op, lhs, rhs), lhs.range.union(rhs.range))
    }
    return lhs
  }

  /// A postfix expression under any number of prefix `~` (level 4, so `~ a = b` is
  /// `~(a = b)`) and unary `-` (level 10, so `-x^2` is `-(x^2)`).
  mutating func parsePrefixed() throws -> Expr {
    let isNot = check(.not)
    guard isNot || check(.minus) else { return try parsePostfix() }
    let start = advance()
    let operand = try nested { try $0.parseLevel(isNot ? 5 : 11) }
    let range = start.range.union(operand.range)
    if isNot { return makeExpr(.unary(.not, operand), range) }
    if case .integer(let value) = operand.kind { return makeExpr(.integer(-value), range) }
    return makeExpr(.unary(.negate, operand), range)
  }

  /// Records `SPC105` for `a = b = c` and returns the error to throw.
  mutating func chainedComparison(_ op: BinaryOperator, at token: Token) -> ParseError {
    diagnostics.error(
      .unexpectedToken, "'\(op.rawValue)' cannot follow another comparison; add parentheses",
      at: token.range)
    return ParseError()
  }

  /// Records `SPC107` and returns the error to throw.
  mutating func nestingTooDeep(at range: SourceRange) -> ParseError {
    diagnostics.error(
      .nestingTooDeep, "expression nested more than \(Self.maxNesting) levels deep", at: range)
    return ParseError()
  }

  mutating func parsePostfix() throws -> Expr {
    var expr = try parsePrimary()
    var steps = 0
    defer { nesting -= steps }
    while true {
      if check(.lbracket) {
        _ = advance()
        let args = try bracketed { try $0.parseExpressionList(until: .rbracket) }
        let end = try expect(.rbracket, " after the function argument")
        expr = makeExpr(.apply(expr, args), expr.range.union(end.range))
      } else if check(.dot) {
        _ = advance()
        let field = try expectFieldName()
        expr = makeExpr(.field(expr, field), expr.range.union(field.range))
      } else if check(.prime) {
        let end = advance()
        expr = makeExpr(.prime(expr), expr.range.union(end.range))
      } else {
        return expr
      }
      steps += 1
      nesting += 1
      if nesting > Self.maxNesting { throw nestingTooDeep(at: expr.range) }
    }
  }

  /// Comma-separated expressions up to (not including) `close`; may be empty.
  mutating func parseExpressionList(until close: Operator) throws -> [Expr] {
    var items: [Expr] = []
    if check(close) { return items }
    repeat {
      items.append(try parseExpression())
    } while accept(.comma)
    return items
  }

  mutating func parsePrimary() throws -> Expr {
    let token = current
    switch token.kind {
    case .identifier(let text):
      _ = advance()
      if check(.lparen), raw.range.start == token.range.end {
        _ = advance()
        let args = try bracketed { try $0.parseExpressionList(until: .rparen) }
        let end = try expect(.rparen, " after the arguments")
        return makeExpr(.call(Name(text, token.range), args), token.range.union(end.range))
      }
      return makeExpr(.name(text), token.range)
    case .integer(let value):
      _ = advance()
      return makeExpr(.integer(value), token.range)
    case .string(let text):
      _ = advance()
      return makeExpr(.string(text), token.range)
    case .keyword(let keyword):
      return try parseKeywordExpression(keyword)
    case .op(let op):
      return try parseOperatorExpression(op)
    case .endOfFile:
      throw fail("expected an expression")
    }
  }

  mutating func parseKeywordExpression(_ keyword: Keyword) throws -> Expr {
    let start = advance()
    switch keyword {
    case .TRUE: return makeExpr(.boolean(true), start.range)
    case .FALSE: return makeExpr(.boolean(false), start.range)
    case .IF:
      let condition = try parseExpression()
      try expect(.THEN, " after the IF condition")
      let then = try parseExpression()
      try expect(.ELSE, " after the THEN branch (IF needs an ELSE)")
      let otherwise = try parseExpression()
      return makeExpr(.ifThenElse(condition, then, otherwise), start.range.union(otherwise.range))
    case .CASE:
      return try parseCase(start)
    case .LET:
      return try parseLet(start)
    case .CHOOSE:
      let name = try expectIdentifier("a bound name after CHOOSE")
      try expect(.in, " after the CHOOSE variable (CHOOSE x \\in S: P)")
      let domain = try parseExpression()
      try expect(.colon, " after the CHOOSE domain")
      let body = try parseExpression()
      return makeExpr(.choose(name, domain, body), start.range.union(body.range))
    case .DOMAIN, .SUBSET, .UNION:
      let op: UnaryOperator = keyword == .DOMAIN ? .domain : keyword == .SUBSET ? .subset : .union
      let operand = try nested { try $0.parsePostfix() }
      return makeExpr(.unary(op, operand), start.range.union(operand.range))
    case .UNCHANGED:
      var items: [Expr] = []
      // `nested`: `UNCHANGED UNCHANGED ...` would otherwise recurse without a bound.
      if check(.langle) {
        let tuple = try nested { try $0.parsePostfix() }
        if case .tuple(let elements) = tuple.kind { items = elements } else { items = [tuple] }
      } else {
        items.append(try nested { try $0.parsePostfix() })
        while check(.comma), case .identifier = peek(1).kind {
          _ = advance()
          items.append(try nested { try $0.parsePostfix() })
        }
      }
      let end = items.last?.range ?? start.range
      return makeExpr(.unchanged(items), start.range.union(end))
    default:
      position -= 1
      throw fail("expected an expression")
    }
  }

  mutating func parseCase(_ start: Token) throws -> Expr {
    var arms: [(Expr, Expr)] = []
    var other: Expr?
    var end = start.range
    repeat {
      if accept(.OTHER) {
        try expect(.arrow, " after OTHER")
        let value = try parseExpression()
        other = value
        end = value.range
        break
      }
      let guardExpr = try parseExpression()
      try expect(.arrow, " after the CASE condition")
      let value = try parseExpression()
      arms.append((guardExpr, value))
      end = value.range
    } while accept(.box)
    return makeExpr(.caseOf(arms, other: other), start.range.union(end))
  }

  mutating func parseLet(_ start: Token) throws -> Expr {
    var definitions: [LetDefinition] = []
    repeat {
      let name = try expectIdentifier("a definition name after LET")
      var parameters: [Name] = []
      if accept(.lparen) {
        parameters = try bracketed { parser in
          var names: [Name] = []
          repeat {
            names.append(try parser.expectIdentifier("a parameter name"))
          } while parser.accept(.comma)
          return names
        }
        try expect(.rparen, " after the parameters")
      }
      guard accept(.defEq) || accept(.eq) else { throw fail("expected '==' in the LET definition") }
      definitions.append(
        LetDefinition(name: name, parameters: parameters, body: try parseExpression()))
    } while !check(.IN) && !current.isEOF
    try expect(.IN, " after the LET definitions")
    let body = try parseExpression()
    return makeExpr(.letIn(definitions, body), start.range.union(body.range))
  }

  /// `x, y \in S, z \in T`
  mutating func parseBindings() throws -> [Binding] {
    var bindings: [Binding] = []
    repeat {
      var names = [try expectIdentifier("a bound name")]
      while accept(.comma) { names.append(try expectIdentifier("a bound name")) }
      try expect(.in, " after the bound names (x \\in S)")
      bindings.append(Binding(names: names, domain: try parseExpression()))
    } while accept(.comma)
    return bindings
  }

  mutating func parseOperatorExpression(_ op: Operator) throws -> Expr {
    switch op {
    case .and, .or:
      return try parseJunctionList()
    case .forall, .exists:
      let start = advance()
      let bindings = try parseBindings()
      try expect(.colon, " after the quantifier's bindings")
      let body = try parseExpression()
      return makeExpr(
        .quantified(op == .forall ? .forall : .exists, bindings, body),
        start.range.union(body.range))
    case .lparen:
      let start = advance()
      let inner = try bracketed { try $0.parseExpression() }
      let end = try expect(.rparen, " to close '('")
      return makeExpr(inner.kind, start.range.union(end.range))
    case .lbrace:
      return try parseSetExpression()
    case .lbracket:
      return try parseBracketExpression()
    case .langle:
      let start = advance()
      let items = try bracketed { try $0.parseExpressionList(until: .rangle) }
      let end = try expect(.rangle, " to close '<<'")
      return makeExpr(.tuple(items), start.range.union(end.range))
    case .at:
      return makeExpr(.at, advance().range)
    case .not, .minus:
      return try parsePrefixed()
    default:
      throw fail("expected an expression")
    }
  }

  /// `/\ a` `/\ b` with bullets aligned in one column.
  mutating func parseJunctionList() throws -> Expr {
    let first = current
    let column = first.column
    let isConjunction = first.isOp(.and)
    let bullet: Operator = isConjunction ? .and : .or
    // A list that opens a block's conjunct is the whole conjunct: its later bullets sit
    // in the conjunct's column, which would otherwise end the conjunct after one item.
    var opensConjunct = false
    if case .conjunct(let conjunctColumn, let start)? = boundaries.last {
      opensConjunct = conjunctColumn == column && start == position
    }
    var items: [Expr] = []
    repeat {
      _ = advance()
      boundaries.append(.junction(column: column))
      defer { boundaries.removeLast() }
      items.append(try parseExpression())
    } while raw.isOp(bullet) && raw.startsLine && raw.column == column
      && (opensConjunct || !atLayoutEnd)
    if raw.isOp(bullet), raw.startsLine, raw.column != column, !atLayoutEnd {
      diagnostics.error(
        .misalignedJunction,
        "'\(bullet.rawValue)' at column \(raw.column) is not aligned with its list's bullets at column \(column)",
        at: raw.range)
      throw ParseError()
    }
    let range = first.range.union(items.last?.range ?? first.range)
    return makeExpr(.junction(isConjunction: isConjunction, items), range)
  }

  /// `{}`, `{a, b}`, `{x \in S: P}`, `{e: x \in S}`.
  mutating func parseSetExpression() throws -> Expr {
    let start = advance()
    let kind: ExprKind = try bracketed { parser in
      if parser.check(.rbrace) { return .setEnumeration([]) }
      let first = try parser.parseExpression()
      if parser.accept(.colon) {
        if case .binary(.in, let lhs, let domain) = first.kind, case .name(let name) = lhs.kind {
          let predicate = try parser.parseExpression()
          return .setFilter(
            Binding(names: [Name(name, lhs.range)], domain: domain), predicate)
        }
        return .setMap(first, try parser.parseBindings())
      }
      var items = [first]
      while parser.accept(.comma) { items.append(try parser.parseExpression()) }
      return .setEnumeration(items)
    }
    let end = try expect(.rbrace, " to close '{'")
    return makeExpr(kind, start.range.union(end.range))
  }

  /// True when the tokens ahead read `name |->` or `name :` (a record or record set).
  func fieldAhead(_ follower: Operator) -> Bool {
    switch peek(0).kind {
    case .identifier, .keyword: return peek(1).isOp(follower)
    default: return false
    }
  }

  /// True when the tokens ahead read `x, y \in` (a function constructor's bindings).
  func bindingsAhead() -> Bool {
    var ahead = 0
    while true {
      guard case .identifier = peek(ahead).kind else { return false }
      if peek(ahead + 1).isOp(.in) { return true }
      guard peek(ahead + 1).isOp(.comma) else { return false }
      ahead += 2
    }
  }

  /// `[x \in S |-> e]`, `[S -> T]`, `[a |-> 1]`, `[a: S]`, `[f EXCEPT ![k] = v]`.
  mutating func parseBracketExpression() throws -> Expr {
    let start = advance()
    let kind: ExprKind = try bracketed { parser in
      if parser.fieldAhead(.mapsTo) || parser.fieldAhead(.colon) {
        let isSet = parser.peek(1).isOp(.colon)
        var fields: [(Name, Expr)] = []
        repeat {
          let name = try parser.expectFieldName()
          _ = parser.advance()
          fields.append((name, try parser.parseExpression()))
        } while parser.accept(.comma)
        return isSet ? .recordSet(fields) : .record(fields)
      }
      if parser.bindingsAhead() {
        let bindings = try parser.parseBindings()
        try parser.expect(.mapsTo, " in the function constructor [x \\in S |-> e]")
        return .function(bindings, try parser.parseExpression())
      }
      let base = try parser.parseExpression()
      if parser.accept(.EXCEPT) {
        return .except(base, try parser.parseExceptClauses())
      }
      if parser.accept(.arrow) {
        return .functionSet(base, try parser.parseExpression())
      }
      throw parser.fail("expected '|->', '->' or EXCEPT inside '[...]'")
    }
    let end = try expect(.rbracket, " to close '['")
    return makeExpr(kind, start.range.union(end.range))
  }

  mutating func parseExceptClauses() throws -> [ExceptClause] {
    var clauses: [ExceptClause] = []
    repeat {
      try expect(.bang, " to start an EXCEPT path (![k] = v or !.f = v)")
      var path: [ExceptStep] = []
      while true {
        if accept(.lbracket) {
          path.append(.index(try parseExpressionList(until: .rbracket)))
          try expect(.rbracket, " after the EXCEPT index")
        } else if accept(.dot) {
          path.append(.field(try expectFieldName()))
        } else {
          break
        }
      }
      if path.isEmpty { throw fail("expected '[' or '.' after '!'") }
      try expect(.eq, " after the EXCEPT path")
      clauses.append(ExceptClause(path: path, value: try parseExpression()))
    } while accept(.comma)
    return clauses
  }
}
