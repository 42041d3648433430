import SpecDriver
import SpecEngine
import Testing

/// Exact state counts for TLC's semantics of conjunct lists (LANGUAGE.md, "Conjunct
/// blocks"). Each expected figure is worked out by hand in the comment above it, as
/// `distinct/generated/depth`: TLC's "distinct states found", "states generated" and
/// "depth of the complete state graph search".
@Suite("Check semantics: branching, binding, frames, constraints and limits")
struct CheckSemanticsTests {
  func expectValid(_ checked: Checked, sourceLocation: SourceLocation = #_sourceLocation) {
    #expect(checked.loadDiagnostics == [], sourceLocation: sourceLocation)
  }

  @Test("x' \\in S branches once per element")
  func inBranches() {
    // x ranges over 0..9 by +0, +1 and +3 (mod 10): all 10 values, 3 successors each;
    // the farthest value, 8, is 4 steps away (3 + 3 + 1 + 1).
    let checked = Checked(
      #"""
      spec InBranch
      var x: 0..9
      init { x = 0 }
      action Jump { x' \in {x, (x + 1) % 10, (x + 3) % 10} }
      """#)
    expectValid(checked)
    #expect(checked.result == .ok)
    #expect(checked.exitCode == 0)
    #expect(checked.figures == "10/31/5")
    #expect(checked.coverage == ["Jump 30/9"])
  }

  @Test("a disjunction list as a whole block branches, each branch binding on its own")
  func disjunctionListBlock() {
    // Every (x, y) in 0..3 x 0..3 is reachable, each with one successor per coordinate
    // below 3: 24 successors. (3, 3) has none; it is 6 steps from (0, 0).
    let checked = Checked(
      #"""
      spec OrBranch
      var x: 0..3
      var y: 0..3
      init {
        x = 0
        y = 0
      }
      action Move {
        \/ x < 3 /\ x' = x + 1
        \/ y < 3 /\ y' = y + 1
      }
      """#, configure: { $0.checkDeadlock = false })
    expectValid(checked)
    #expect(checked.figures == "16/25/7")
  }

  @Test("a block-level \\/ list of /\\ lists is one disjunction, as in TLA+")
  func nestedJunctionListBlock() {
    let checked = Checked(
      #"""
      spec Nested
      var x: 0..3
      var y: 0..3
      init {
        x = 0
        y = 0
      }
      action Move {
        \/ /\ x < 3
           /\ x' = x + 1
        \/ /\ y < 3
           /\ y' = y + 1
      }
      """#, configure: { $0.checkDeadlock = false })
    expectValid(checked)
    #expect(checked.figures == "16/25/7")
  }

  @Test("\\E in an action branches once per witness, and each branch binds on its own")
  func existsBranches() {
    // Move as above (24 successors); Pick from x goes to (v, 0) for x < v < x + 3:
    // 2, 2, 1 and 0 choices for x = 0, 1, 2, 3, times 4 values of y: 20. Deadlock in
    // (3, 3), 5 steps from (0, 0) (Move, Pick, Move, Move, Move is found first); no other state is
    // that far, so every successor of the first 5 levels is generated.
    let checked = Checked(
      #"""
      spec ExistsBranch
      var x: 0..3
      var y: 0..3
      init {
        x = 0
        y = 0
      }
      action Move {
        \/ x < 3 /\ x' = x + 1
        \/ y < 3 /\ y' = y + 1
      }
      action Pick {
        \E v \in 0..3: v > x /\ v < x + 3 /\ x' = v /\ y' = 0
      }
      """#)
    expectValid(checked)
    #expect(checked.result == .deadlock)
    #expect(checked.exitCode == 1)
    #expect(checked.figures == "16/45/6")
    #expect(checked.coverage == ["Move 24/13", "Pick 20/2"])
    #expect(checked.traceLabels == ["init", "Move", "Pick", "Move", "Move", "Move"])
    #expect(checked.report.trace?.steps.last?.values == [.int(3), .int(3)])
  }

  @Test("IF and CASE in an action branch, binding in the branch taken")
  func ifAndCaseBind() {
    // Step raises x to 4, then cycles y. Other: from y = 1 to (0, 2); from y = 3 to
    // x = 1 or 2; otherwise the guard y = 5 fails. Reachable: (0..4, 0), (4, 1),
    // (0..4, 2), (1..4, 3), (4, 4): 16 states; Step 16 successors, Other 1 + 4 * 2.
    // The farthest states, (3, 2) and (3, 3), are 9 steps away.
    let checked = Checked(
      #"""
      spec IfCase
      var x: 0..4
      var y: 0..4
      init {
        x = 0
        y = 0
      }
      action Step {
        IF x < 4 THEN x' = x + 1 ELSE y' = (y + 1) % 5
      }
      action Other {
        CASE y = 1 -> x' = 0 /\ y' = 2
          [] y = 3 -> x' \in {1, 2}
          [] OTHER -> y = 5
      }
      """#)
    expectValid(checked)
    #expect(checked.result == .ok)
    #expect(checked.figures == "16/26/10")
    #expect(checked.coverage == ["Step 16/12", "Other 9/3"])
  }

  @Test("LET may wrap the conjuncts that bind")
  func letWrapsBindings() {
    // x cycles through 0..5 with y = 2x: six states on a cycle.
    let checked = Checked(
      #"""
      spec LetBind
      var x: 0..5
      var y: 0..10
      init {
        x = 0
        y = 0
      }
      action Step {
        LET n == (x + 1) % 6
            m == n * 2
        IN  x' = n /\ y' = m
      }
      """#)
    expectValid(checked)
    #expect(checked.figures == "6/7/6")
  }

  @Test("x'[k] = e on several keys of one variable compose into one new value")
  func exceptSugarComposes() {
    // f = (a, b): Both goes to (a + 1, b + 1) when a, b < 2, One to (a + 1, b) when a < 2.
    // Reachable: (0,0) (1,0) (1,1) (2,0) (2,1) (2,2); (2, _) has no successor. Were the
    // second update a test, Both would never be enabled (3 states); were it applied to
    // the old f, Both would go to (a, b + 1).
    let checked = Checked(
      #"""
      spec Compose
      var f: 1..2 -> 0..2
      init { f = [i \in 1..2 |-> 0] }
      action Both {
        f[1] < 2
        f[2] < 2
        f'[1] = f[1] + 1
        f'[2] = f[2] + 1
      }
      action One {
        f[1] < 2
        f'[1] = f[1] + 1
      }
      """#, configure: { $0.checkDeadlock = false })
    expectValid(checked)
    #expect(checked.figures == "6/7/3")
    #expect(checked.coverage == ["Both 3/2", "One 3/3"])
  }

  @Test("x'[k] = e composes along nested paths and with an action parameter")
  func exceptSugarNested() {
    // Set(i, j) sets cell (i, j) and its mirror (j, i) to 1. The diagonal cells move
    // alone, (1, 2) and (2, 1) together: 2 * 2 * 2 = 8 states. Successors: Set(1, 1)
    // where g[1][1] = 0 (4 states), Set(2, 2) likewise (4), Set(1, 2) and Set(2, 1) where
    // the pair is 0 (4 states, 2 each): 16. The state with every cell 1 is 3 steps away.
    let checked = Checked(
      #"""
      spec Nested
      var g: 1..2 -> (1..2 -> 0..1)
      init { g = [i \in 1..2 |-> [j \in 1..2 |-> 0]] }
      action Set(i: 1..2, j: 1..2) {
        g[i][j] = 0
        g'[i][j] = 1
        g'[j][i] = 1
      }
      """#, configure: { $0.checkDeadlock = false })
    expectValid(checked)
    #expect(checked.figures == "8/17/4")
  }

  @Test("UNCHANGED keeps a value, tests a bound one, and unassigned variables keep theirs")
  func unchangedAndImplicitFrame() {
    // x, y in 0..2 all reachable (9 states); IncX and IncY 6 successors each; Reset one
    // (from (2, 2) to (0, 2), already found); Never binds x' then tests UNCHANGED x,
    // which always fails.
    let checked = Checked(
      #"""
      spec Frame
      var x: 0..2
      var y: 0..2
      init {
        x = 0
        y = 0
      }
      action IncX {
        x < 2
        x' = x + 1
        UNCHANGED y
      }
      action IncY {
        y < 2
        y' = y + 1
      }
      action Reset {
        x = 2
        y = 2
        x' = 0
        UNCHANGED <<y>>
      }
      action Never {
        x' = (x + 1) % 3
        UNCHANGED x
      }
      """#)
    expectValid(checked)
    #expect(checked.result == .ok)
    #expect(checked.figures == "9/14/5")
    #expect(checked.coverage == ["IncX 6/2", "IncY 6/6", "Reset 1/0", "Never 0/0"])
  }

  @Test("action-level operators used as conjuncts bind like inline conjuncts")
  func actionLevelOperators() {
    // Step moves x by 1, or by 2 while counting moves mod 4: every (x, moves) in
    // 0..4 x 0..3 is reachable, two successors each. The farthest, moves = 3 with
    // x = 0, needs 3 double moves and 4 single ones: depth 8.
    let checked = Checked(
      #"""
      spec ActionDefs
      var x: 0..4
      var moves: 0..3
      def Move(d: Int) = x' = (x + d) % 5
      def Count = moves' = (moves + 1) % 4
      action Step {
        \/ Move(1)
        \/ Move(2) /\ Count
      }
      init {
        x = 0
        moves = 0
      }
      """#)
    expectValid(checked)
    #expect(checked.result == .ok)
    #expect(checked.figures == "20/41/8")
  }

  static func constrained(limit: Int) -> String {
    #"""
    spec Constrained
    var x: 0..10
    init { x = 0 }
    action Inc {
      x < 10
      x' = x + 1
    }
    constraint Small: x <= 3
    invariant Bounded: x <= \#(limit)
    """#
  }

  @Test("states outside a constraint are checked but neither counted nor explored")
  func constraintBounds() {
    // 0..3 are counted and explored; 4 is generated (from 3) and checked, nothing more.
    let checked = Checked(Self.constrained(limit: 4))
    expectValid(checked)
    #expect(checked.result == .ok)
    #expect(checked.figures == "4/5/4")
    #expect(checked.coverage == ["Inc 4/3"])
  }

  @Test("an invariant violated in a state outside the constraint is reported")
  func constraintStillChecksInvariants() {
    let checked = Checked(Self.constrained(limit: 3))
    expectValid(checked)
    #expect(checked.result == .invariantViolated)
    #expect(checked.report.violation?.name == "Bounded")
    #expect(checked.traceLength == 5)
    #expect(checked.report.trace?.steps.last?.values == [.int(4)])
    #expect(checked.distinct == 4)
  }

  static let modulo = #"""
    spec Modulo
    const N: Int = 3
    assume N >= 2
    var x: 0..10
    init { x = 0 }
    action Inc { x' = (x + 1) % N }
    """#

  @Test("a false assume fails the check before exploring, with exit code 1")
  func falseAssumption() {
    let checked = Checked(Self.modulo, constants: [("N", "1")])
    #expect(checked.result == .assumptionFailed)
    #expect(checked.exitCode == 1)
    #expect(checked.problems == ["3:8 SPC501 assumption is false for the given constants"])
    #expect(checked.figures == "0/0/0")
    #expect(checked.report.json()["result"] == .string("assumption_failed"))
  }

  @Test("--const overrides a constant's default and changes the state count")
  func constantOverride() {
    #expect(Checked(Self.modulo).figures == "3/4/3")
    let overridden = Checked(Self.modulo, constants: [("N", "7")])
    #expect(overridden.result == .ok)
    #expect(overridden.figures == "7/8/7")
    #expect(overridden.report.constants.map { "\($0.0) = \($0.1)" } == ["N = 7"])
  }

  static let stuck = #"""
    spec Stuck
    var x: 0..5
    init { x = 0 }
    action Inc {
      x < 3
      x' = x + 1
    }
    """#

  @Test("a state where no action is enabled is a deadlock, with the trace to it")
  func deadlockDetected() {
    let checked = Checked(Self.stuck)
    #expect(checked.result == .deadlock)
    #expect(checked.exitCode == 1)
    #expect(checked.figures == "4/4/4")
    #expect(checked.traceLabels == ["init", "Inc", "Inc", "Inc"])
    #expect(checked.report.violation?.kind == "deadlock")
  }

  @Test("checkDeadlock = false (--no-deadlock) accepts a state with no enabled action")
  func deadlockSuppressed() {
    let checked = Checked(Self.stuck, configure: { $0.checkDeadlock = false })
    #expect(checked.result == .ok)
    #expect(checked.exitCode == 0)
    #expect(checked.figures == "4/4/4")
  }

  static let counter = #"""
    spec Counter
    var x: 0..99
    init { x = 0 }
    action Inc { x' = (x + 1) % 100 }
    """#

  @Test("--max-states stops early as incomplete, exit code 3")
  func maxStates() {
    let checked = Checked(Self.counter, configure: { $0.maxStates = 10 })
    #expect(checked.result == .incomplete)
    #expect(checked.exitCode == 3)
    #expect(checked.distinct == 10)
    #expect(checked.report.stopReason == .maxStates(10))
    #expect(checked.report.json()["stop_reason"] == .string("the state limit (10) was reached"))
    #expect(checked.report.trace == nil)
  }

  @Test("--max-depth stops early as incomplete, exit code 3")
  func maxDepth() {
    let checked = Checked(Self.counter, configure: { $0.maxDepth = 5 })
    #expect(checked.result == .incomplete)
    #expect(checked.exitCode == 3)
    #expect(checked.figures == "5/6/5")
    #expect(checked.report.stopReason == .maxDepth(5))
  }

  @Test("limits that are not reached leave the verdict alone")
  func limitsNotReached() {
    let checked = Checked(
      Self.counter,
      configure: {
        $0.maxStates = 100
        $0.maxDepth = 100
      })
    #expect(checked.result == .ok)
    #expect(checked.figures == "100/101/100")
  }

  @Test("the classic examples keep TLC's figures")
  func examples() {
    let twoPhase = Checked(exampleText("TwoPhase"), workers: 2)
    #expect(twoPhase.result == .ok)
    #expect(twoPhase.figures == "288/1146/11")
    let peterson = Checked(exampleText("Peterson"))
    #expect(peterson.result == .ok)
    #expect(peterson.figures == "42/77/11")
  }

  @Test("an operator reached through mutual recursion is not taken for a constant")
  func mutualRecursionIsNotConstant() {
    // K = G(2) = F(1) = G(0) = F(0) = x, so Small fails once x reaches 3, 3 steps in.
    let checked = Checked(
      #"""
      spec MutualRecursion
      var x: 0..3
      init { x = 0 }
      def F(n: Int): Int = IF n <= 0 THEN x ELSE G(n - 1)
      def G(n: Int): Int = F(n)
      def K: Int = G(2)
      action Step { x < 3 /\ x' = x + 1 }
      invariant Small: K < 3
      """#)
    expectValid(checked)
    #expect(checked.result == .invariantViolated)
    #expect(checked.report.violation?.name == "Small")
    #expect(checked.traceLabels == ["init", "Step", "Step", "Step"])
  }
}
