import Testing

@testable import SpecSyntax

/// `Parser.maxNesting` turns input nested deeper than the parser allows into SPC107
/// instead of a stack overflow. These run on the test's own thread, not a large-stack one,
/// so they also check that 400 levels fit in an ordinary thread's stack.
@Suite("Nesting limit")
struct NestingLimitTests {
  /// `text` `count` times; 1,000 levels is well past the limit and keeps the suite fast.
  static func repeated(_ text: String, _ count: Int = 1_000) -> String {
    String(repeating: text, count: count)
  }

  static let message = "SPC107 expression nested more than 400 levels deep"

  @Test("stops 10,000 nested parentheses with SPC107 at the 401st level")
  func parentheses() {
    let source = Self.repeated("(", 10_000) + "1" + Self.repeated(")", 10_000)
    let parsed = Parsed("spec T\ndef X = " + source + "\ndef Y = 2\n")
    #expect(parsed.messages == ["2:409 \(Self.message)"])
    #expect(parsed.declarations == ["def Y() = 2"])
  }

  @Test("accepts 399 nested parentheses and rejects 400")
  func boundary() {
    #expect(dumpExpr(Self.repeated("(", 399) + "1" + Self.repeated(")", 399)) == "1")
    #expect(
      dumpExpr(Self.repeated("(", 400) + "1" + Self.repeated(")", 400)) == "2:409 \(Self.message)")
  }

  @Test(
    "stops 1,000 levels of every nesting expression form at the limit",
    arguments: [
      (repeated("~") + "a", "2:409"),
      (repeated("-") + "a", "2:409"),
      (repeated("{") + repeated("}"), "2:409"),
      (repeated("<<") + repeated(">>"), "2:809"),
      (repeated("F(") + repeated(")"), "2:809"),
      (repeated("f[") + "1" + repeated("]"), "2:809"),
      (repeated("[a |-> ") + "1" + repeated("]"), "2:2809"),
      (repeated("[a: ") + "1" + repeated("]"), "2:1609"),
      (repeated(#"[x \in S |-> "#) + "1" + repeated("]"), "2:5203"),
      (repeated("[S -> ") + "1" + repeated("]"), "2:2404"),
      (repeated("[f EXCEPT ![") + "1" + repeated("] = 1]"), "2:4798"),
      (repeated("[f EXCEPT ![1] = ") + "1" + repeated("]"), "2:6793"),
      (repeated(#"{x: x \in "#) + "S" + repeated("}"), "2:4000"),
      (repeated("IF a THEN b ELSE ") + "c", "2:6795"),
      (repeated("IF ") + "c", "2:1209"),
      (repeated("CASE a -> ") + "c", "2:4004"),
      (repeated("LET a == 1 IN ") + "c", "2:5604"),
      (repeated("LET a == ") + "c", "2:3609"),
      (repeated(#"\A x \in S: "#) + "P", "2:4806"),
      (repeated(#"\E x \in "#) + "S", "2:3609"),
      (repeated(#"CHOOSE x \in S: "#) + "P", "2:6406"),
      (repeated("DOMAIN ") + "f", "2:2809"),
      (repeated("UNCHANGED ") + "x", "2:4009"),
      (repeated(#"/\ "#) + "a", "2:1209"),
      ("x" + repeated(" + x"), "2:1605"),
      ("x" + repeated(" => x"), "2:1009"),
      ("x" + repeated("^x"), "2:807"),
      ("x" + repeated("'"), "2:9"),
      ("f" + repeated("[x]"), "2:1208"),
    ])
  func expressionForms(source: String, position: String) {
    #expect(dumpExpr(source) == "\(position) \(Self.message)")
  }

  @Test(
    "stops 1,000 levels of every nesting type form at the limit",
    arguments: [
      (repeated("(") + "Int" + repeated(")"), "2:410"),
      (repeated("Set[") + "Int" + repeated("]"), "2:1610"),
      (repeated("Seq[") + "Int" + repeated("]"), "2:1610"),
      (repeated("Int -> ") + "Int", "2:2803"),
      (repeated("[a: ") + "Int" + repeated("]"), "2:1610"),
      (repeated("<<") + "Int" + repeated(">>"), "2:810"),
      (repeated("(") + "1" + repeated(")") + "..2", "2:410"),
      ("1.." + repeated("(") + "1" + repeated(")"), "2:412"),
    ])
  func typeForms(source: String, position: String) {
    #expect(dumpType(source) == "\(position) \(Self.message)")
  }

  @Test("does not leak nesting depth from one syntax error into the next declaration")
  func noLeakAcrossErrors() {
    // Each bad definition fails inside a two-operator chain; 300 of them would exceed the
    // limit if the chain's depth were not given back when the error unwinds.
    let bad = Self.repeated("def Bad = a + b + )\n", 300)
    let parsed = Parsed("spec T\n" + bad + "def Good = (((1)))\n")
    #expect(parsed.diagnostics.count == 300)
    #expect(parsed.diagnostics.allSatisfy { $0.code == .unexpectedToken })
    #expect(parsed.messages.last == "301:19 SPC105 expected an expression, found ')'")
    #expect(parsed.declarations == ["def Good() = 1"])
  }
}
