import Testing

@testable import SpecSyntax

/// Every type form of LANGUAGE.md, pinned by `dump`.
@Suite("Type parser")
struct TypeParserTests {
  @Test(
    "parses each type form",
    arguments: [
      ("Bool", "Bool"),
      ("Int", "Int"),
      ("RM", "RM"),
      ("1..3", "1..3"),
      ("0..N", "0..N"),
      ("-1..1", "-1..1"),
      ("1..RMCount", "1..RMCount"),
      ("(N-1)..N", "(- N 1)..N"),
      ("(N - 1)..(N + 1)", "(- N 1)..(+ N 1)"),
      ("N-1..N*2", "(- N 1)..(* N 2)"),
      (#""a" | "b""#, #"("a" | "b")"#),
      (#""working" | "prepared" | "committed""#, #"("working" | "prepared" | "committed")"#),
      ("Set[Int]", "Set[Int]"),
      ("Set[1..N]", "Set[1..N]"),
      ("Seq[Bool]", "Seq[Bool]"),
      ("Seq[Set[RM]]", "Seq[Set[RM]]"),
      ("RM -> Bool", "(RM -> Bool)"),
      ("[f: Int, g: Bool]", "[f: Int, g: Bool]"),
      (#"[type: "a", rm: RM]"#, #"[type: "a", rm: RM]"#),
      (
        #"[type: "Prepared", rm: RM] | [type: "Commit"] | [type: "Abort"]"#,
        #"([type: "Prepared", rm: RM] | [type: "Commit"] | [type: "Abort"])"#
      ),
      ("<<Int, Bool>>", "<<Int, Bool>>"),
      ("<<RM>>", "<<RM>>"),
      ("(Int)", "Int"),
      ("((Bool))", "Bool"),
      ("Set[(RM)]", "Set[RM]"),
    ])
  func forms(source: String, dump: String) {
    #expect(dumpType(source) == dump)
  }

  @Test(
    "associates -> to the right and lets parentheses regroup it",
    arguments: [
      ("P -> P -> Int", "(P -> (P -> Int))"),
      ("P -> (P -> Int)", "(P -> (P -> Int))"),
      ("(P -> P) -> Int", "((P -> P) -> Int)"),
      ("Set[A -> B]", "Set[(A -> B)]"),
      ("[a: Int] -> Bool", "([a: Int] -> Bool)"),
      (#"RM -> "x" | "y""#, #"(RM -> ("x" | "y"))"#),
      ("RM -> Seq[1..3]", "(RM -> Seq[1..3])"),
      ("<<A, B -> C>>", "<<A, (B -> C)>>"),
    ])
  func functionTypes(source: String, dump: String) {
    #expect(dumpType(source) == dump)
  }

  @Test("lets a union type continue on the next line")
  func multiLineUnion() {
    let parsed = Parsed(
      """
      spec T
      type Msg = [kind: "a", n: Int]
               | [kind: "b"]
      var x: Msg
      """)
    #expect(parsed.messages == [])
    #expect(
      parsed.declarations == [
        #"type Msg = ([kind: "a", n: Int] | [kind: "b"])"#, "var x: Msg",
      ])
  }

  @Test("rejects an expression that is not a range where a type belongs")
  func expressionIsNotAType() {
    #expect(
      dumpType("1") == "2:10 SPC105 expected a type, found an expression (a range needs '..')")
    #expect(
      dumpType("N + 1") == "2:10 SPC105 expected a type, found an expression (a range needs '..')")
    #expect(dumpType("Set[") == "3:1 SPC105 expected a type, found end of file")
    #expect(
      dumpType("[a Int]")
        == "2:13 SPC105 expected ':' after the field name in a record type, found identifier 'Int'")
  }
}
