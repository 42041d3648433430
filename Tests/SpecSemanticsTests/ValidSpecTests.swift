import Foundation
import Testing

@testable import SpecDriver
@testable import SpecSemantics
@testable import SpecSyntax

/// Specs that LANGUAGE.md says are valid must load with no errors.
@Suite("Valid specs load without errors")
struct ValidSpecTests {
  /// The complete example of LANGUAGE.md, verbatim.
  static let twoPhase = #"""
    spec TwoPhase   // after Lamport's TwoPhase.tla

    const RMCount: Int = 3

    type RM      = 1..RMCount
    type RMState = "working" | "prepared" | "committed" | "aborted"
    type Msg     = [type: "Prepared", rm: RM] | [type: "Commit"] | [type: "Abort"]

    var rmState:    RM -> RMState
    var tmState:    "init" | "committed" | "aborted"
    var tmPrepared: Set[RM]
    var msgs:       Set[Msg]

    init {
      rmState = [r \in RM |-> "working"]
      tmState = "init"
      tmPrepared = {}
      msgs = {}
    }

    action TMRcvPrepared(r: RM) {
      tmState = "init"
      [type |-> "Prepared", rm |-> r] \in msgs
      tmPrepared' = tmPrepared \union {r}
    }

    action TMCommit {
      tmState = "init"
      tmPrepared = RM            // a range type used as an expression is its set of values
      tmState' = "committed"
      msgs' = msgs \union {[type |-> "Commit"]}
    }

    action TMAbort {
      tmState = "init"
      tmState' = "aborted"
      msgs' = msgs \union {[type |-> "Abort"]}
    }

    action RMPrepare(r: RM) {
      rmState[r] = "working"
      rmState'[r] = "prepared"
      msgs' = msgs \union {[type |-> "Prepared", rm |-> r]}
    }

    action RMChooseToAbort(r: RM) {
      rmState[r] = "working"
      rmState'[r] = "aborted"
    }

    action RMRcvCommitMsg(r: RM) {
      [type |-> "Commit"] \in msgs
      rmState'[r] = "committed"
    }

    action RMRcvAbortMsg(r: RM) {
      [type |-> "Abort"] \in msgs
      rmState'[r] = "aborted"
    }

    invariant Consistent:
      \A r1, r2 \in RM: ~(rmState[r1] = "aborted" /\ rmState[r2] = "committed")

    """#

  @Test("the TwoPhase example of LANGUAGE.md loads with no diagnostics")
  func twoPhaseExample() throws {
    let loaded = load(Self.twoPhase)
    #expect(loaded.diagnostics.isEmpty)
    #expect(loaded.isValid)
    let spec = try #require(loaded.spec)
    #expect(spec.name == "TwoPhase")
    #expect(spec.constants.map(\.name.text) == ["RMCount"])
    #expect(loaded.constants == [.int(3)])
    #expect(spec.variables.map(\.name.text) == ["rmState", "tmState", "tmPrepared", "msgs"])
    #expect(
      spec.actions.map(\.name.text) == [
        "TMRcvPrepared", "TMCommit", "TMAbort", "RMPrepare", "RMChooseToAbort",
        "RMRcvCommitMsg", "RMRcvAbortMsg",
      ])
    #expect(spec.invariants.map(\.name.text) == ["Consistent"])
    #expect(spec.variables[1].type.ty == .string(["init", "committed", "aborted"]))
  }

  @Test("the TwoPhase example takes its constant from --const")
  func twoPhaseWithOverride() {
    let loaded = load(Self.twoPhase, constants: ["RMCount=5"])
    #expect(loaded.isValid)
    #expect(loaded.constants == [.int(5)])
  }

  @Test("every spec in examples/ and specs/ is valid", arguments: Package.specFiles())
  func shippedSpecIsValid(path: String) throws {
    let url = Package.root.appendingPathComponent(path)
    let bytes = Array(try Data(contentsOf: url))
    let loaded = Driver.withLargeStack { SpecLoader.load(SourceFile(path: path, bytes: bytes)) }
    #expect(loaded.isValid, "\(loaded.renderDiagnostics())")
  }

  @Test("examples/ holds the three examples of the README")
  func examplesArePresent() {
    #expect(
      Package.specFiles().filter { $0.hasPrefix("examples/") } == [
        "examples/DieHard.spec", "examples/Peterson.spec", "examples/TwoPhase.spec",
      ])
  }

  @Test("a tour of LANGUAGE.md's declarations, types and expressions is accepted")
  func languageTour() {
    let loaded = load(
      #"""
      spec Tour   \* a comment
      (* a block
         comment *)
      /* another block */
      const N: Int = 3
      assume N > 0
      type P = 1..N
      type Kind = "a" | "b"
      type Msg = [k: "a", v: P] | [k: "b"]
      var f: P -> P -> Int
      var s: Seq[P]
      var t: <<Int, Bool>>
      var r: [a: Int, b: Kind]
      var u: Set[Msg]
      var x: 0..N
      def Max(S: Set[Int]): Int = CHOOSE m \in S: \A k \in S: k <= m
      def Fact(n: Int): Int = IF n <= 1 THEN 1 ELSE n * Fact(n - 1)
      def Inc = x' = x + 1
      init {
        f = [p \in P |-> [q \in P |-> p + q]]
        s = << >>
        t = <<1, TRUE>>
        r = [a |-> 1, b |-> "a"]
        u \in SUBSET {[k |-> "a", v |-> 1], [k |-> "b"]}
        /\ x = 0
      }
      action Push(p: P) {
        Len(s) < N
        s' = Append(s, p)
        f'[p][p] = 0
        r' = [r EXCEPT !.a = @ + 1]
      }
      action Pop {
        s /= << >>
        s' = Tail(s) \o << >>
        UNCHANGED <<f, t>>
      }
      action Step {
        x < N
        Inc
      }
      action Branch {
        IF x = 0
        THEN x' = 1
        ELSE x' = 0
      }
      action Cases {
        CASE x = 0 -> x' = 1
          [] x = 1 -> x' = 2
          [] OTHER -> x' = 0
      }
      action Junctions {
        \/ /\ x = 0
           /\ x' = N
        \/ x' = 0
      }
      action Quantified { \E y \in 0..N: x' = y }
      action Let { LET y == x + 1 IN x' = y % (N + 1) }
      action Math { x' = Max({x, 1}) - 1 + 0 * Fact(3) }
      constraint Small: Len(s) < 3
      invariant TypeOK: x \in 0..N /\ (Len(s) > 0 => Head(s) \in P) /\ Small
      invariant Unicode: ∀ y ∈ {x}: y ≥ 0 ∧ y ≠ -1 ∧ ¬(y ∉ {x}) ∧ ({y} ⊆ {x} ⇒ TRUE)
      invariant Sets: SUBSET {1} = {{}, {1}} /\ UNION {{1}, {2}} = {1, 2} /\ {1, 2} \ {1} = {2}
      invariant Builders: {k * 2 : k \in 1..3} = {2, 4, 6} /\ {k \in 1..5: k % 2 = 0} = {2, 4}
      invariant Functions: DOMAIN f = P /\ (1 :> 2)[1] = 2 /\ ([i \in 1..2 |-> i] @@ (3 :> 3))[3] = 3
      invariant Records: [a: {1}, b: {TRUE}] = {[a |-> 1, b |-> TRUE]} /\ r.b \in Kind
      invariant Unions: \A m \in u: m.k = "a" => m.v \in P
      invariant Arithmetic: -3 \div 2 = -2 /\ -3 % 2 = 1 /\ 2^3 = 8
      invariant Sequences: SubSeq(<<1, 2, 3>>, 2, 3) = <<2, 3>> /\ Tail(<<1>>) = << >>
      invariant Membership: x \in Int /\ [P -> Bool] /= {} /\ s \in Seq[P] /\ <<s>> \notin Seq[Seq[0..0]]
      invariant LetOperator: \A y \in 1..2: LET g(a) == a + y IN g(1) > 1
      """#)
    #expect(loaded.diagnostics.isEmpty, "\(loaded.renderDiagnostics())")
    #expect(loaded.isValid)
  }

  @Test("declarations may appear in any order: a range bound may call an operator declared below")
  func rangeBoundCallsLaterOperator() {
    let loaded = load(
      #"""
      spec T
      type P = 1..Max
      var x: P
      var y: 0..Size(S)
      init { x = 1 /\ y = 0 }
      def Max = N + 1
      def Size(s: Set[Int]): Int = Cardinality(s)
      const S: Set[Int] = {1, 2}
      const N: Int = 2
      """#)
    #expect(loaded.diagnostics.isEmpty, "\(loaded.renderDiagnostics())")
    #expect(loaded.constants == [.set([.int(1), .int(2)]), .int(2)])
  }

  @Test("a recursive operator with a result type is constant and may define a constant")
  func recursiveOperatorInConstant() throws {
    let loaded = load(
      #"""
      spec T
      def Fact(n: Int): Int = IF n <= 1 THEN 1 ELSE n * Fact(n - 1)
      const N: Int = Fact(4)
      var x: 1..Fact(3)
      init { x = N - 23 }
      assume Fact(2) = 2
      """#)
    #expect(loaded.diagnostics.isEmpty, "\(loaded.renderDiagnostics())")
    #expect(loaded.constants == [.int(24)])
    let spec = try #require(loaded.spec)
    #expect(spec.definitions[0].level == .constant)
  }

  @Test("through mutual recursion an operator takes the level of what it calls")
  func mutualRecursionLevels() throws {
    // F reads x and calls G; G only calls F. Checking G while F was in progress took F as
    // constant, which made G (and K, which calls G) constants evaluated once.
    let loaded = load(
      #"""
      spec T
      var x: 0..3
      init { x = 0 }
      def F(n: Int): Int = IF n <= 0 THEN x ELSE G(n - 1)
      def G(n: Int): Int = F(n)
      def K: Int = G(2)
      def Fact(n: Int): Int = IF n <= 1 THEN 1 ELSE n * Fact(n - 1)
      def Even(n: Int): Bool = IF n = 0 THEN TRUE ELSE Odd(n - 1)
      def Odd(n: Int): Bool = IF n = 0 THEN FALSE ELSE Even(n - 1)
      def Next(n: Int): Int = IF n = 0 THEN x' ELSE Back(n - 1)
      def Back(n: Int): Int = Next(n)
      action Step { x < 3 /\ x' = x + 1 /\ Back(1) = x + 1 }
      """#)
    #expect(loaded.diagnostics.isEmpty, "\(loaded.renderDiagnostics())")
    let spec = try #require(loaded.spec)
    #expect(
      spec.definitions.map { "\($0.name.text) \($0.level)" }
        == [
          "F state", "G state", "K state", "Fact constant", "Even constant", "Odd constant",
          "Next action", "Back action",
        ])
  }

  @Test("Seq[S] is a set for \\in and \\notin, decided without building it")
  func sequenceSetMembership() {
    let loaded = load(
      #"""
      spec T
      type P = 1..3
      const Yes: Bool = <<1, 2>> \in Seq[P] /\ << >> \in Seq[Bool] /\ <<<<1>>, << >>>> \in Seq[Seq[Int]]
      const No: Bool = <<4>> \in Seq[P] \/ <<1, 4>> \in Seq[1..3] \/ ~(<<9>> \notin Seq[P])
      var q: Seq[P]
      init { q = << >> }
      invariant TypeOK: q \in Seq[P]
      """#)
    #expect(loaded.diagnostics.isEmpty, "\(loaded.renderDiagnostics())")
    #expect(loaded.constants == [.bool(true), .bool(false)])
  }

  @Test("an enumeration literal may belong to several enumerations")
  func sharedLiterals() {
    let loaded = load(
      #"""
      spec T
      type E = "y" | "z"
      var a: "x" | "y"
      var b: E
      init {
        a = "y"
        b = a
      }
      """#)
    #expect(loaded.diagnostics.isEmpty, "\(loaded.renderDiagnostics())")
  }
}
