import Testing

@testable import SpecSyntax

/// The lexical rules of LANGUAGE.md, checked on the token stream itself.
@Suite("Lexer")
struct LexerTests {
  /// The kinds of `text`'s tokens, without the final end-of-file.
  func kinds(_ text: String) -> [TokenKind] {
    let (tokens, diagnostics) = Lexer.tokenize(SourceFile(path: "t.spec", text: text))
    #expect(diagnostics.isEmpty)
    #expect(tokens.last?.kind == .endOfFile)
    return tokens.dropLast().map(\.kind)
  }

  @Test("reads identifiers, keywords, integers and strings")
  func words() {
    #expect(
      kinds(#"x _y z9_A spec Spec IF if TRUE 0 42 "a b""#) == [
        .identifier("x"), .identifier("_y"), .identifier("z9_A"), .keyword(.spec),
        .identifier("Spec"), .keyword(.IF), .identifier("if"), .keyword(.TRUE), .integer(0),
        .integer(42), .string("a b"),
      ])
  }

  @Test("reads every declaration keyword in lower case and every expression keyword in upper case")
  func keywords() {
    let declarations = "spec const var type def init action invariant constraint assume"
    #expect(
      kinds(declarations)
        == [
          .spec, .const, .var, .type, .def, .`init`, .action, .invariant, .constraint, .assume,
        ].map { TokenKind.keyword($0) })
    let expressions =
      "IF THEN ELSE CASE OTHER LET IN CHOOSE EXCEPT DOMAIN SUBSET UNION UNCHANGED TRUE FALSE"
    #expect(
      kinds(expressions)
        == [
          .IF, .THEN, .ELSE, .CASE, .OTHER, .LET, .IN, .CHOOSE, .EXCEPT, .DOMAIN, .SUBSET, .UNION,
          .UNCHANGED, .TRUE, .FALSE,
        ].map { TokenKind.keyword($0) })
    #expect(
      kinds("Init CONST Var") == [.identifier("Init"), .identifier("CONST"), .identifier("Var")])
  }

  @Test("reads ASCII operators by longest match")
  func asciiOperators() {
    let text =
      #"<=> |-> /\ \/ => /= <= =< >= .. @@ :> == -> [] << >> ~ = # < > + - * % ^ ' . , : | ! @ ( ) [ ] { }"#
    let expected: [Operator] = [
      .equiv, .mapsTo, .and, .or, .implies, .neq, .le, .le, .ge, .dotdot, .fnMerge, .colonGreater,
      .defEq, .arrow, .box, .langle, .rangle, .not, .eq, .neq, .lt, .gt, .plus, .minus, .times,
      .mod, .power, .prime, .dot, .comma, .colon, .bar, .bang, .at, .lparen, .rparen, .lbracket,
      .rbracket, .lbrace, .rbrace,
    ]
    #expect(kinds(text) == expected.map { TokenKind.op($0) })
    #expect(kinds("1..N") == [.integer(1), .op(.dotdot), .identifier("N")])
    #expect(
      kinds("x'[k]") == [
        .identifier("x"), .op(.prime), .op(.lbracket), .identifier("k"), .op(.rbracket),
      ])
  }

  @Test("reads backslash operators and their TLA+ synonyms")
  func backslashOperators() {
    let text =
      #"\in \notin \subseteq \union \cup \intersect \cap \ \o \circ \div \A \E \forall \exists \land \lor \lnot \neg \leq \geq \equiv"#
    let expected: [Operator] = [
      .in, .notin, .subseteq, .union, .union, .intersect, .intersect, .setminus, .concat, .concat,
      .div, .forall, .exists, .forall, .exists, .and, .or, .not, .not, .le, .ge, .equiv,
    ]
    #expect(kinds(text) == expected.map { TokenKind.op($0) })
  }

  @Test("reads each Unicode operator as its ASCII operator")
  func unicodeOperators() {
    #expect(
      kinds("∧ ∨ ¬ ⇒ ⇔ ∀ ∃ ∈ ∉ ∪ ∩ ⊆ ≠ ≤ ≥ ↦ ⟨ ⟩")
        == kinds(#"/\ \/ ~ => <=> \A \E \in \notin \union \intersect \subseteq /= <= >= |-> << >>"#)
    )
  }

  @Test("skips // and \\* line comments and /* */ block comments")
  func comments() {
    #expect(kinds("a // b c\nd") == [.identifier("a"), .identifier("d")])
    #expect(kinds("a \\* b c\nd") == [.identifier("a"), .identifier("d")])
    #expect(kinds("a /* b\n c */ d") == [.identifier("a"), .identifier("d")])
    #expect(kinds("a /* b /* c */ d") == [.identifier("a"), .identifier("d")])
    #expect(kinds("a // unterminated at end of file") == [.identifier("a")])
  }

  @Test("nests (* *) comments")
  func nestedComments() {
    #expect(kinds("a (* b (* c *) d *) e") == [.identifier("a"), .identifier("e")])
    #expect(kinds("a (* (* (* *) *) *) e") == [.identifier("a"), .identifier("e")])
  }

  @Test("keeps comment markers inside strings and reads escapes")
  func strings() {
    #expect(kinds(#""http://x" "(* y *)""#) == [.string("http://x"), .string("(* y *)")])
    #expect(kinds(#""a\"b" "c\\d" "e\nf""#) == [.string("a\"b"), .string("c\\d"), .string("e\nf")])
    #expect(kinds(#""∧ λ""#) == [.string("∧ λ")])
  }

  @Test("gives tokens their line, Unicode-scalar column and whether they start a line")
  func positions() {
    let text = "spec T\n  x ∧ y\n\t/\\ z (* c\n *) w\n"
    let (tokens, diagnostics) = Lexer.tokenize(SourceFile(path: "t.spec", text: text))
    #expect(diagnostics.isEmpty)
    let positions = tokens.map { "\($0.line):\($0.column)\($0.startsLine ? "^" : "")" }
    #expect(positions == ["1:1^", "1:6", "2:3^", "2:5", "2:7", "3:2^", "3:5", "4:5^", "5:1^"])
  }

  @Test("records byte ranges for every token")
  func ranges() {
    let file = SourceFile(path: "t.spec", text: "x ∈ S")
    let (tokens, _) = Lexer.tokenize(file)
    #expect(tokens.map { file.text(of: $0.range) } == ["x", "∈", "S", ""])
    #expect(
      tokens.map(\.range) == [
        SourceRange(0, 1), SourceRange(2, 5), SourceRange(6, 7), SourceRange(7, 7),
      ])
  }

  @Test("lexes a long line in time linear in its length", .timeLimit(.minutes(1)))
  func longLine() {
    // 40,000 tokens on one line: a column count that rescans the line from its start
    // takes hours here.
    let text = String(repeating: "a + ", count: 20_000) + "a"
    let (tokens, diagnostics) = Lexer.tokenize(SourceFile(path: "t.spec", text: text))
    #expect(diagnostics.isEmpty)
    #expect(tokens.count == 40_002)
    #expect(tokens[40_000].column == 80_001)
  }
}
