import Testing

@testable import SpecSyntax

/// The layout rules of LANGUAGE.md: conjunct blocks, continuation lines and TLA+
/// junction lists.
@Suite("Layout")
struct LayoutTests {
  // MARK: Conjunct blocks

  @Test("reads one conjunct per line")
  func oneConjunctPerLine() {
    #expect(
      dumpBlock("  x' = 1", "  y' = 2", "  z > 0") == ["(= (' x) 1)", "(= (' y) 2)", "(> z 0)"])
  }

  @Test("reads { e } on one line as a block of one, and {} as a block of none")
  func oneLineBlocks() {
    let parsed = Parsed("spec T\ninit { x = 0 }\naction A { x' = x + 1 }\naction B {}\n")
    #expect(parsed.messages == [])
    #expect(
      parsed.declarations == ["init {(= x 0)}", "action A() {(= (' x) (+ x 1))}", "action B() {}"])
  }

  @Test("ends a block whose closing brace follows the last conjunct on its line")
  func braceAfterConjunct() {
    let parsed = Parsed("spec T\naction A { x' = 1\n  y' = 2 }\n")
    #expect(parsed.messages == [])
    #expect(parsed.declarations == ["action A() {(= (' x) 1); (= (' y) 2)}"])
  }

  @Test("does not require conjuncts to share a column")
  func unalignedConjuncts() {
    #expect(dumpBlock("    a", "  b", "      c") == ["a", "b", "c"])
  }

  @Test("continues a conjunct onto lines indented further than its first token")
  func indentedContinuation() {
    #expect(dumpBlock("  x' = a +", "    b", "  y' = 2") == ["(= (' x) (+ a b))", "(= (' y) 2)"])
    #expect(
      dumpBlock(#"  \E y \in S:"#, "    x' = y", "  z' = 1") == [
        #"(\E (y S) (= (' x) y))"#, "(= (' z) 1)",
      ])
  }

  @Test("continues a conjunct while a bracket is open, whatever the indentation")
  func openBracket() {
    #expect(dumpBlock("  x' = {a,", "b}", "  y' = 2") == ["(= (' x) {a b})", "(= (' y) 2)"])
    #expect(
      dumpBlock("  x' = [a |-> 1,", "  b |-> 2]", "  y' = 2")
        == ["(= (' x) (record (a 1) (b 2)))", "(= (' y) 2)"])
  }

  @Test("continues a conjunct onto a line that starts with a closing bracket")
  func closingBracket() {
    #expect(dumpBlock("  x' = (a", "  )", "  y' = 2") == ["(= (' x) a)", "(= (' y) 2)"])
    #expect(dumpBlock("  x' = <<a", "  >>", "  y' = 2") == ["(= (' x) <<a>>)", "(= (' y) 2)"])
  }

  @Test("continues a conjunct onto lines that start with THEN and ELSE")
  func thenElse() {
    #expect(
      dumpBlock(
        "  IF hungry[self]",
        #"  THEN pc' = [pc EXCEPT ![self] = "Eat"]"#,
        #"  ELSE pc' = [pc EXCEPT ![self] = "Think"]"#,
        "  x' = 1")
        == [
          #"(if (apply hungry self) (= (' pc) (except pc (![self] "Eat"))) (= (' pc) (except pc (![self] "Think"))))"#,
          "(= (' x) 1)",
        ])
  }

  @Test("continues a conjunct onto lines that start with IN, [] and OTHER")
  func inBoxOther() {
    #expect(dumpBlock("  LET y == x + 1", "  IN x' = y") == ["(let (y (+ x 1)) (= (' x) y))"])
    #expect(
      dumpBlock("  LET a == 1", "      b == 2", "  IN x' = a + b") == [
        "(let (a 1) (b 2) (= (' x) (+ a b)))"
      ])
    #expect(
      dumpBlock(
        "  CASE x = 1 -> x' = 2", "  [] x = 2 -> x' = 3", "  [] OTHER -> x' = 1", "  y' = 0")
        == [
          "(case ((= x 1) (= (' x) 2)) ((= x 2) (= (' x) 3)) (OTHER (= (' x) 1)))", "(= (' y) 0)",
        ])
  }

  @Test(
    "continues a conjunct onto a line that starts with a binary operator",
    arguments: [
      ("  + b", "(= (' x) (+ a b))"),
      ("  - b", "(= (' x) (- a b))"),
      ("  * b", "(= (' x) (* a b))"),
      (#"  \union b"#, #"(= (' x) (\union a b))"#),
      (#"  \ b"#, #"(= (' x) (\ a b))"#),
      ("  .. b", "(= (' x) (.. a b))"),
      ("  => b", "(=> (= (' x) a) b)"),
    ])
  func leadingBinaryOperator(line: String, dump: String) {
    #expect(dumpBlock("  x' = a", line, "  y' = 2") == [dump, "(= (' y) 2)"])
  }

  @Test("starts a new conjunct at a line not indented further that starts an expression")
  func newConjunct() {
    #expect(dumpBlock("  x' = a", "  ~b") == ["(= (' x) a)", "(~ b)"])
    #expect(dumpBlock("  x' = a", "  (b)") == ["(= (' x) a)", "b"])
    #expect(dumpBlock("  x' = a", "  <<b>> = c") == ["(= (' x) a)", "(= <<b>> c)"])
    #expect(
      dumpBlock("  x' = a", #"  \E y \in S: y = a"#) == ["(= (' x) a)", #"(\E (y S) (= y a))"#])
  }

  @Test("reports a body line that is not indented past its quantifier")
  func unindentedBody() {
    #expect(
      dumpBlock(#"  \E y \in S:"#, "  x' = y") == [
        "4:3 SPC105 expected an expression, found identifier 'x' on a new line"
      ])
  }

  @Test("parses conjuncts with x'[k] = e, UNCHANGED and Windows line ends")
  func assignmentsAndLineEnds() {
    #expect(
      dumpBlock(
        "  x'[k] = e", "  x'[j] = f", "  UNCHANGED y", "  UNCHANGED <<u, v>>", "  UNCHANGED w, z")
        == [
          "(= (apply (' x) k) e)", "(= (apply (' x) j) f)", "(UNCHANGED y)", "(UNCHANGED u v)",
          "(UNCHANGED w z)",
        ])
    let parsed = Parsed("spec T\r\naction A {\r\n  x' = 1\r\n  y' = 2\r\n}\r\n")
    #expect(parsed.messages == [])
    #expect(parsed.declarations == ["action A() {(= (' x) 1); (= (' y) 2)}"])
  }

  @Test("ignores comments of every style between, after and inside conjuncts")
  func commentsInBlocks() {
    let parsed = Parsed(
      #"""
      spec T   \* the spec line
      action A {
        // a whole-line comment
        x' = 1   // after a conjunct
        (* a block comment (* nested *)
           over two lines *)
        y' = 2 + /* inside */ 3
        z' = 4   \* after a conjunct
      }
      """#)
    #expect(parsed.messages == [])
    #expect(parsed.declarations == ["action A() {(= (' x) 1); (= (' y) (+ 2 3)); (= (' z) 4)}"])
  }

  // MARK: Junction lists

  @Test("reads aligned bullets as one list, and a list as a whole block")
  func wholeBlockLists() {
    #expect(dumpBlock(#"  /\ a"#, #"  /\ b"#, #"  /\ c"#) == [#"(/\* a b c)"#])
    #expect(dumpBlock(#"  \/ x' = 1"#, #"  \/ x' = 2"#) == [#"(\/* (= (' x) 1) (= (' x) 2))"#])
  }

  @Test("ends a whole-block list at a conjunct that is not a bullet, or another bullet")
  func listThenConjunct() {
    #expect(dumpBlock(#"  \/ a"#, #"  \/ b"#, "  c") == [#"(\/* a b)"#, "c"])
    #expect(dumpBlock(#"  \/ a"#, #"  /\ b"#) == [#"(\/* a)"#, #"(/\* b)"#])
    #expect(dumpBlock("  x = 1", #"  /\ a"#, #"  /\ b"#) == ["(= x 1)", #"(/\* a b)"#])
  }

  @Test("nests lists by column and extends an item over lines indented past its bullet")
  func nestedLists() {
    #expect(
      dumpBlock(#"  /\ a"#, #"  /\ \/ b"#, #"     \/ c"#, #"  /\ d"#) == [#"(/\* a (\/* b c) d)"#])
    #expect(dumpBlock(#"  \/ /\ a"#, #"     /\ b"#, #"  \/ c"#) == [#"(\/* (/\* a b) c)"#])
    #expect(dumpBlock(#"  /\ a +"#, "       b", #"  /\ c"#) == [#"(/\* (+ a b) c)"#])
    #expect(
      dumpBlock(#"  /\ \E y \in S:"#, #"       /\ x' = y"#, #"       /\ y > 0"#, #"  /\ z' = 1"#)
        == [#"(/\* (\E (y S) (/\* (= (' x) y) (> y 0))) (= (' z) 1))"#])
  }

  @Test("reads a bullet further right than its list's bullets as an infix operator of the item")
  func bulletInsideItem() {
    #expect(dumpBlock(#"  /\ a"#, #"   /\ b"#) == [#"(/\* (/\ a b))"#])
  }

  @Test("accepts a list after an operator on the same line, with the next bullet aligned")
  func listAfterOperator() {
    #expect(
      dumpBlock(#"  x = /\ a"#, #"      /\ b"#, "  y = 2") == [#"(= x (/\* a b))"#, "(= y 2)"])
    #expect(dumpBlock(#"  ~ /\ a"#, #"    /\ b"#) == [#"(~ (/\* a b))"#])
    #expect(dumpBlock(#"  x' =  \/ a"#, #"        \/ b"#) == [#"(= (' x) (\/* a b))"#])
  }

  @Test("accepts a list indented under the conjunct that holds it")
  func listUnderConjunct() {
    #expect(
      dumpBlock("  x' =", #"    /\ a"#, #"    /\ b"#, "  y' = 1") == [
        #"(= (' x) (/\* a b))"#, "(= (' y) 1)",
      ])
  }

  @Test("accepts junction lists as the bodies of def, invariant and constraint")
  func listsInDeclarations() {
    let parsed = Parsed(
      #"""
      spec T
      def F = /\ a
              /\ b
      invariant I:
        \/ x = 1
        \/ x = 2
      constraint C: /\ x < 3
                    /\ y < 3
      """#)
    #expect(parsed.messages == [])
    #expect(
      parsed.declarations == [
        #"def F() = (/\* a b)"#, #"invariant I: (\/* (= x 1) (= x 2))"#,
        #"constraint C: (/\* (< x 3) (< y 3))"#,
      ])
  }

  @Test("aligns Unicode bullets by scalar column and mixes them with ASCII ones")
  func unicodeBullets() {
    #expect(dumpBlock("  ∧ a", "  ∧ b") == [#"(/\* a b)"#])
    #expect(dumpBlock("  ∨ a", #"  \/ b"#) == [#"(\/* a b)"#])
    #expect(dumpBlock("  x = ∧ a", #"      /\ b"#) == [#"(= x (/\* a b))"#])
  }

  @Test("counts a comment before a bullet in the bullet's column")
  func commentShiftsColumn() {
    #expect(dumpBlock(#"  /\ a"#, #"  (* c *) /\ b"#) == [#"(/\* (/\ a b))"#])
  }
}
