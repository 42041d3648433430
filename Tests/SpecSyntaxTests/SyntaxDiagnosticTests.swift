import Testing

@testable import SpecSyntax

/// Every syntax diagnostic (SPC101 ... SPC111), with its exact message and position, and
/// recovery: one run reports every error of a file.
@Suite("Syntax diagnostics")
struct SyntaxDiagnosticTests {
  @Test("SPC101: reports an unterminated string once, at its opening quote")
  func unterminatedString() {
    #expect(
      Parsed("spec T\ndef X = \"abc\ndef Y = 1\n").messages == [
        "2:9 SPC101 unterminated string literal"
      ])
    #expect(Parsed("spec T\ndef X = \"abc").messages == ["2:9 SPC101 unterminated string literal"])
    #expect(
      Parsed("spec T\ndef X = {\"a\", \"b}\n").messages == [
        "2:15 SPC101 unterminated string literal",
        "3:1 SPC105 expected '}' to close '{', found end of file",
      ])
  }

  @Test("SPC102: reports an unterminated block comment at its opening")
  func unterminatedComment() {
    #expect(
      Parsed("spec T\nvar x: Int /* note\nvar y: Int\n").messages == [
        "2:12 SPC102 unterminated block comment: '/*' has no matching '*/'"
      ])
    #expect(
      Parsed("spec T\n(* outer (* inner *)\nvar y: Int\n").messages == [
        "2:1 SPC102 unterminated block comment: '(*' has no matching '*)'"
      ])
  }

  @Test("SPC103: reports an ASCII character that starts no token")
  func unexpectedASCIICharacter() {
    #expect(
      Parsed("spec T\ninvariant I: a $ b\n").messages == [
        "2:16 SPC103 unexpected character '$'",
        "2:18 SPC111 expected a declaration (const, var, type, def, init, action, invariant, ...), found identifier 'b'",
      ])
    #expect(
      Parsed("spec T\nvar x: Int;\nvar y: Int\n").messages == [
        "2:11 SPC103 unexpected character ';'"
      ])
  }

  @Test("SPC103: reports a non-ASCII character with its code point, counting columns in scalars")
  func unexpectedUnicodeCharacter() {
    #expect(
      Parsed("spec T\ndef X = ∀ x ∈ S: λ\n").messages == [
        "2:18 SPC103 unexpected character 'λ' (U+3BB)",
        "3:1 SPC105 expected an expression, found end of file",
      ])
    #expect(
      Parsed("spec T\nvar x: Int 😀 €\n").messages == [
        "2:12 SPC103 unexpected character '😀' (U+1F600)",
        "2:14 SPC103 unexpected character '€' (U+20AC)",
      ])
  }

  @Test("SPC103: reports a backslash word that is no operator")
  func unknownBackslashOperator() {
    #expect(
      Parsed("spec T\ndef X = S \\minus T\n").messages == [
        "2:11 SPC103 unknown operator '\\minus'",
        "2:18 SPC111 expected a declaration (const, var, type, def, init, action, invariant, ...), found identifier 'T'",
      ])
  }

  @Test(
    "SPC104: rejects invalid UTF-8 with one diagnostic at the first bad byte",
    arguments: [
      ([0xFF], "2:11"),  // never valid
      ([0x80], "2:11"),  // a lone continuation byte
      ([0xC0, 0xAF], "2:11"),  // an overlong encoding of '/'
      ([0xED, 0xA0, 0x80], "2:11"),  // a UTF-16 surrogate
      ([0xE2, 0x88], "2:11"),  // a sequence cut short
    ] as [([UInt8], String)])
  func invalidUTF8(bad: [UInt8], position: String) {
    let bytes = Array("spec T\ndef X = \"a".utf8) + bad + Array("\"\n".utf8)
    let parsed = Parsed(bytes: bytes)
    #expect(parsed.messages == ["\(position) SPC104 file is not valid UTF-8"])
    #expect(parsed.module.declarations.isEmpty)
  }

  @Test("SPC104: finds a sequence cut short by the end of the file")
  func truncatedAtEnd() {
    let bytes = Array("spec T\ndef X = ∧".utf8).dropLast()
    #expect(Parsed(bytes: Array(bytes)).messages == ["2:9 SPC104 file is not valid UTF-8"])
  }

  @Test("SPC105: reports the token found where another was expected")
  func unexpectedToken() {
    #expect(dumpExpr("1 +") == "3:1 SPC105 expected an expression, found end of file")
    #expect(dumpExpr("(1") == "3:1 SPC105 expected ')' to close '(', found end of file")
    #expect(
      dumpExpr("[a]") == "2:11 SPC105 expected '|->', '->' or EXCEPT inside '[...]', found ']'")
    #expect(
      dumpExpr("IF a THEN b")
        == "3:1 SPC105 expected 'ELSE' after the THEN branch (IF needs an ELSE), found end of file")
    #expect(
      dumpExpr(#"CHOOSE x: P"#)
        == #"2:17 SPC105 expected '\in' after the CHOOSE variable (CHOOSE x \in S: P), found ':'"#)
    #expect(
      dumpExpr(#"[f EXCEPT !a = 1]"#)
        == "2:20 SPC105 expected '[' or '.' after '!', found identifier 'a'")
    #expect(
      Parsed("spec T\nvar x Int\n").messages == [
        "2:7 SPC105 expected ':' and a type after the variable's name, found identifier 'Int'"
      ])
    #expect(
      Parsed("spec T\ndef F(a, b) = 1\n").messages == [
        "2:11 SPC105 expected ':' and a type after the parameter's name, found ')'"
      ])
    #expect(
      Parsed("spec T\nvar IF: Int\n").messages == [
        "2:5 SPC105 expected a variable name, found 'IF'"
      ])
    #expect(
      Parsed("spec T\nspec U\nvar x: Int\n").messages == [
        "2:1 SPC105 a file holds one spec; 'spec' again"
      ])
  }

  @Test("SPC105: says when the token it found is cut off by layout")
  func unexpectedTokenOnNewLine() {
    #expect(
      dumpBlock("  x' =", "  y' = 1") == [
        "4:3 SPC105 expected an expression, found identifier 'y' on a new line"
      ])
    #expect(
      dumpBlock("  x' = 1 y' = 2") == [
        "3:10 SPC105 expected a new line or '}' after the conjunct, found identifier 'y'"
      ])
  }

  @Test("SPC105: reports a block left open before the next declaration and keeps that declaration")
  func unclosedBlock() {
    let parsed = Parsed("spec T\naction A {\n  x' = 1\nvar x: Int\n")
    #expect(parsed.messages == ["4:1 SPC105 expected '}' to close the block, found 'var'"])
    #expect(parsed.declarations == ["var x: Int"])
    #expect(
      Parsed("spec T\ninit {\n  x = 1\n").messages == [
        "4:1 SPC105 expected '}' to close the block, found end of file"
      ])
  }

  @Test("SPC106: reports a file that does not start with the spec line")
  func missingSpecLine() {
    let parsed = Parsed("const N: Int\nvar x: Int\n")
    #expect(
      parsed.messages == ["1:1 SPC106 missing 'spec Name' line: a spec starts with 'spec Name'"])
    #expect(parsed.declarations == ["const N: Int", "var x: Int"])
    #expect(
      Parsed("spec\nvar x: Int\n").messages == [
        "2:1 SPC105 expected a spec name after 'spec', found 'var'"
      ])
  }

  @Test("SPC106: reports an empty file, and one holding only comments and blank lines")
  func emptyFile() {
    let empty = Parsed("", path: "empty.spec")
    #expect(empty.messages == ["1:1 SPC106 empty file: a spec starts with 'spec Name'"])
    #expect(
      empty.diagnostics.map { $0.render(in: empty.file) } == [
        "empty.spec: error[SPC106]: empty file: a spec starts with 'spec Name'\n"
      ])
    #expect(
      Parsed("// just a note\n\n(* and another *)\n").messages == [
        "4:1 SPC106 empty file: a spec starts with 'spec Name'"
      ])
  }

  @Test("SPC108: reports an integer literal beyond 64 bits and keeps the largest that fits")
  func integerTooLarge() {
    #expect(dumpExpr("9223372036854775807") == "9223372036854775807")
    #expect(dumpExpr("-9223372036854775807") == "-9223372036854775807")
    #expect(
      dumpExpr("9223372036854775808")
        == "2:9 SPC108 integer literal 9223372036854775808 does not fit in 64 bits")
    #expect(
      dumpExpr("x + 123456789012345678901234567890")
        == "2:13 SPC108 integer literal 123456789012345678901234567890 does not fit in 64 bits")
  }

  @Test("SPC109: rejects a file with NUL bytes with one diagnostic at the first NUL")
  func binaryFile() {
    let parsed = Parsed(bytes: Array("spec T\nvar x: Int\0\n".utf8))
    #expect(parsed.messages == ["2:11 SPC109 file contains NUL bytes; a spec must be a text file"])
    #expect(parsed.module.declarations.isEmpty)
    // NUL bytes are reported before invalid UTF-8.
    #expect(
      Parsed(bytes: [0xFF, 0x00, 0x41]).messages == [
        "1:2 SPC109 file contains NUL bytes; a spec must be a text file"
      ])
  }

  @Test("SPC110: reports a bullet left of its list's column but inside the enclosing item")
  func misalignedJunction() {
    #expect(
      dumpBlock(#"  x = /\ a"#, #"     /\ b"#) == [
        #"4:6 SPC110 '/\' at column 6 is not aligned with its list's bullets at column 7"#
      ])
    #expect(
      dumpBlock(#"  \/ /\ a"#, #"    /\ b"#) == [
        #"4:5 SPC110 '/\' at column 5 is not aligned with its list's bullets at column 6"#
      ])
    let parsed = Parsed("spec T\ndef F = \\/ a\n       \\/ b\ndef G = 1\n")
    #expect(
      parsed.messages == [
        #"3:8 SPC110 '\/' at column 8 is not aligned with its list's bullets at column 9"#
      ])
    #expect(parsed.declarations == ["def G() = 1"])
  }

  @Test("SPC111: reports a line that starts no declaration and resumes at the next")
  func expectedDeclaration() {
    let parsed = Parsed("spec T\nfoo bar\nvar x: Int\n  x + 1\nvar y: Int\n")
    #expect(
      parsed.messages == [
        "2:1 SPC111 expected a declaration (const, var, type, def, init, action, invariant, ...), found identifier 'foo'",
        "4:3 SPC111 expected a declaration (const, var, type, def, init, action, invariant, ...), found identifier 'x'",
      ])
    #expect(parsed.declarations == ["var x: Int", "var y: Int"])
  }

  @Test("reports every bad declaration of a file and keeps the good ones")
  func recoveryAcrossDeclarations() {
    let parsed = Parsed(
      """
      spec T
      var x: Int =
      const N: Int
      var : Int
      invariant I x
      def F(a) = 1
      type E = "a" | $
      var y: 0..N
      """)
    #expect(
      parsed.messages == [
        "7:16 SPC103 unexpected character '$'",
        "2:12 SPC111 expected a declaration (const, var, type, def, init, action, invariant, ...), found '='",
        "4:5 SPC105 expected a variable name, found ':'",
        "5:13 SPC105 expected ':' after the invariant's name, found identifier 'x'",
        "6:8 SPC105 expected ':' and a type after the parameter's name, found ')'",
        "8:1 SPC105 expected a type, found 'var'",
      ])
    #expect(parsed.declarations == ["var x: Int", "const N: Int", "var y: 0..N"])
  }

  @Test("reports every bad conjunct of a block and keeps the good ones")
  func recoveryInsideBlock() {
    let parsed = Parsed(
      """
      spec T
      action A {
        x' =
        y' = 1
        z' = )
        IF a THEN b
        w' = 2
      }
      invariant I: TRUE
      """)
    #expect(
      parsed.messages == [
        "4:3 SPC105 expected an expression, found identifier 'y' on a new line",
        "5:8 SPC105 expected an expression, found ')'",
        "7:3 SPC105 expected 'ELSE' after the THEN branch (IF needs an ELSE), found identifier 'w' on a new line",
      ])
    #expect(parsed.declarations == ["action A() {(= (' y) 1); (= (' w) 2)}", "invariant I: TRUE"])
  }

  @Test("resumes at a declaration a block left open, but not at one indented inside a block")
  func recoveryAtDeclarationKeywords() {
    let parsed = Parsed(
      """
      spec T
      action A {
        x' = 1
      action B {
        y' = )
        z' = 2
      }
      init {
        var v: Int
        x = 0
      }
      var w: Int
      """)
    #expect(
      parsed.messages == [
        "4:1 SPC105 expected '}' to close the block, found 'action'",
        "5:8 SPC105 expected an expression, found ')'",
        "9:3 SPC105 expected '}' to close the block, found 'var'",
      ])
    #expect(parsed.declarations == ["action B() {(= (' z) 2)}", "var w: Int"])
  }

  @Test("renders a diagnostic with its file, position, code, source line and carets")
  func rendering() {
    let parsed = Parsed("spec T\ninvariant I: a = b = c\n", path: "specs/T.spec")
    #expect(parsed.diagnostics.count == 1)
    #expect(
      parsed.diagnostics.first?.render(in: parsed.file)
        == """
        specs/T.spec:2:20: error[SPC105]: '=' cannot follow another comparison; add parentheses
          invariant I: a = b = c
                             ^

        """)
  }

  /// One source per syntax code; a new SPC1xx code must be added here with its test.
  static let samples: [DiagnosticCode: [UInt8]] = [
    .unterminatedString: Array("spec T\ndef X = \"a\n".utf8),
    .unterminatedComment: Array("spec T\n/*\n".utf8),
    .unexpectedCharacter: Array("spec T\ndef X = ?\n".utf8),
    .invalidUTF8: Array("spec T\n".utf8) + [0xFF],
    .unexpectedToken: Array("spec T\ndef X = )\n".utf8),
    .missingSpecLine: [],
    .nestingTooDeep: Array(("spec T\ndef X = " + String(repeating: "(", count: 500) + "1").utf8),
    .integerTooLarge: Array("spec T\ndef X = 99999999999999999999\n".utf8),
    .binaryFile: [0],
    .misalignedJunction: Array("spec T\ndef X = /\\ a\n       /\\ b\n".utf8),
    .expectedDeclaration: Array("spec T\nx\n".utf8),
  ]

  @Test("has a sample for every syntax diagnostic code, and the sample reports that code first")
  func everyCodeHasASample() {
    let syntaxCodes = DiagnosticCode.allCases.filter { $0.rawValue.hasPrefix("SPC1") }
    #expect(syntaxCodes.count == 11)
    for code in syntaxCodes {
      guard let bytes = Self.samples[code] else {
        Issue.record("no sample for \(code.rawValue)")
        continue
      }
      #expect(Parsed(bytes: bytes).diagnostics.first?.code == code, "\(code.rawValue)")
    }
  }
}
