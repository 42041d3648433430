import Testing

@testable import SpecSyntax

/// Every declaration form of LANGUAGE.md, and the complete TwoPhase example.
@Suite("Declaration parser")
struct DeclarationParserTests {
  @Test("reads the spec line's name")
  func specName() {
    let parsed = Parsed("spec TwoPhase\n")
    #expect(parsed.messages == [])
    #expect(parsed.module.name.text == "TwoPhase")
    #expect(parsed.module.declarations.isEmpty)
  }

  @Test(
    "parses each declaration form",
    arguments: [
      ("const N: Int = 3", "const N: Int = 3"),
      ("const N: Int", "const N: Int"),
      ("const Procs: Set[1..3] = {1, 2}", "const Procs: Set[1..3] = {1 2}"),
      ("assume N > 0", "assume assume: (> N 0)"),
      (#"type RM = 1..RMCount"#, "type RM = 1..RMCount"),
      (#"type S = "a" | "b""#, #"type S = ("a" | "b")"#),
      ("var x: Int", "var x: Int"),
      ("var f: RM -> Set[RM]", "var f: (RM -> Set[RM])"),
      ("def Max = 10", "def Max() = 10"),
      ("def F(a: Int, b: Bool): Int = a", "def F(a: Int, b: Bool): Int = a"),
      ("def F(a: Int) = a + 1", "def F(a: Int) = (+ a 1)"),
      ("def F(a, b: RM, c: Bool) = c", "def F(a: RM, b: RM, c: Bool) = c"),
      ("def Total: Int = 1 + 2", "def Total(): Int = (+ 1 2)"),
      ("init { x = 0 }", "init {(= x 0)}"),
      ("action Tick { x' = x + 1 }", "action Tick() {(= (' x) (+ x 1))}"),
      ("action Send(p: P, m: 1..3) { x' = m }", "action Send(p: P, m: 1..3) {(= (' x) m)}"),
      ("action Idle {}", "action Idle() {}"),
      ("invariant TypeOK: x \\in 0..3", #"invariant TypeOK: (\in x (.. 0 3))"#),
      ("constraint Bound: x < 10", "constraint Bound: (< x 10)"),
    ])
  func forms(source: String, summary: String) {
    let parsed = Parsed("spec T\n" + source + "\n")
    #expect(parsed.messages == [])
    #expect(parsed.declarations == [summary])
  }

  @Test("names init and assume after their keywords and records declaration ranges")
  func namesAndRanges() {
    let text = "spec T\nassume N > 0\ninit {\n  x = 0\n}\nvar x: Int\n"
    let parsed = Parsed(text)
    #expect(parsed.messages == [])
    #expect(parsed.module.declarations.map(\.name.text) == ["assume", "init", "x"])
    #expect(
      parsed.module.declarations.map { parsed.file.text(of: $0.range) } == [
        "assume N > 0", "init {\n  x = 0\n}", "var x: Int",
      ])
  }

  @Test("parses a multi-line conjunct block of init and of a parameterised action")
  func blocks() {
    let parsed = Parsed(
      #"""
      spec T
      init {
        x = 0
        y \in 1..3
      }
      action Move(p: P, q: P) {
        p /= q
        pos'[p] = q
      }
      """#)
    #expect(parsed.messages == [])
    #expect(
      parsed.declarations == [
        #"init {(= x 0); (\in y (.. 1 3))}"#,
        "action Move(p: P, q: P) {(/= p q); (= (apply (' pos) p) q)}",
      ])
  }

  @Test("parses declarations in any order, each starting on its own line")
  func order() {
    let parsed = Parsed(
      """
      spec T
      invariant Small: x < N
      var x: 0..N
      const N: Int = 2
      """)
    #expect(parsed.messages == [])
    #expect(parsed.declarations == ["invariant Small: (< x N)", "var x: 0..N", "const N: Int = 2"])
  }

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

  @Test("parses the TwoPhase example of LANGUAGE.md into 17 declarations with no diagnostics")
  func twoPhaseExample() {
    let parsed = Parsed(Self.twoPhase, path: "TwoPhase.spec")
    #expect(parsed.messages == [])
    #expect(parsed.module.name.text == "TwoPhase")
    #expect(
      parsed.declarations == [
        "const RMCount: Int = 3",
        "type RM = 1..RMCount",
        #"type RMState = ("working" | "prepared" | "committed" | "aborted")"#,
        #"type Msg = ([type: "Prepared", rm: RM] | [type: "Commit"] | [type: "Abort"])"#,
        "var rmState: (RM -> RMState)",
        #"var tmState: ("init" | "committed" | "aborted")"#,
        "var tmPrepared: Set[RM]",
        "var msgs: Set[Msg]",
        #"init {(= rmState (fn (r RM) "working")); (= tmState "init"); (= tmPrepared {}); (= msgs {})}"#,
        #"action TMRcvPrepared(r: RM) {(= tmState "init"); (\in (record (type "Prepared") (rm r)) msgs); (= (' tmPrepared) (\union tmPrepared {r}))}"#,
        #"action TMCommit() {(= tmState "init"); (= tmPrepared RM); (= (' tmState) "committed"); (= (' msgs) (\union msgs {(record (type "Commit"))}))}"#,
        #"action TMAbort() {(= tmState "init"); (= (' tmState) "aborted"); (= (' msgs) (\union msgs {(record (type "Abort"))}))}"#,
        #"action RMPrepare(r: RM) {(= (apply rmState r) "working"); (= (apply (' rmState) r) "prepared"); (= (' msgs) (\union msgs {(record (type "Prepared") (rm r))}))}"#,
        #"action RMChooseToAbort(r: RM) {(= (apply rmState r) "working"); (= (apply (' rmState) r) "aborted")}"#,
        #"action RMRcvCommitMsg(r: RM) {(\in (record (type "Commit")) msgs); (= (apply (' rmState) r) "committed")}"#,
        #"action RMRcvAbortMsg(r: RM) {(\in (record (type "Abort")) msgs); (= (apply (' rmState) r) "aborted")}"#,
        #"invariant Consistent: (\A (r1 r2 RM) (~ (/\ (= (apply rmState r1) "aborted") (= (apply rmState r2) "committed"))))"#,
      ])
  }
}
