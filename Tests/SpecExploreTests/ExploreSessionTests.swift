import SpecExplore
import SpecTrace
import Testing

/// A spec with two initial states, a parameterised action and a guard.
let counterSpec = #"""
  spec Counter

  const N: Int = 3

  var x: 0..N
  var on: Bool

  init {
    x \in 0..1
    on = FALSE
  }

  action Toggle { on' = ~on }

  action Inc {
    on
    x < N
    x' = x + 1
  }

  action Set(v: 0..1) { x' = v }

  invariant Small: x < N
  """#

/// A spec whose action `Crash` divides by zero in the state `x = 2`.
let brokenSpec = #"""
  spec Broken

  var x: 0..3

  init { x = 0 }

  def Risky(k: Int): Int = 6 \div (2 - k)

  action Step {
    x < 3
    x' = x + 1
  }

  action Crash { x' = Risky(x) % 4 }

  invariant Fine: x /= 3
  """#

@Suite("explore sessions, driven in process")
struct ExploreSessionTests {
  @Test("a DieHard session finds the solution, goes back, evaluates and takes actions by name")
  func dieHardSession() throws {
    var driver = try SessionDriver(file: "examples/DieHard.spec")
    driver.run(
      "find big = 4", "check", "back 2", "eval big + small", "eval Min(big, small)",
      #"eval {b \in 0..5 : b > big}"#, "take BigToSmall", "SmallToBig", "find big = 4", "trace")
    let end = driver.reply("quit")
    #expect(end.finished)
    #expect(
      driver.transcript == #"""
        exploring DieHard: 2 variables, 6 actions, 2 invariants; type 'help' for commands
        state 1 (initial):
          big   = 0
          small = 0
        enabled actions:
          1. FillSmall   small: 0 -> 3
          2. FillBig     big: 0 -> 5
          3. EmptySmall  (no change)
          4. EmptyBig    (no change)
          5. SmallToBig  (no change)
          6. BigToSmall  (no change)
        > find big = 4
        found big = 4 in 6 steps:
          2. FillBig     big: 0 -> 5
          3. BigToSmall  big: 5 -> 2, small: 0 -> 3
          4. EmptySmall  small: 3 -> 0
          5. BigToSmall  big: 2 -> 0, small: 0 -> 2
          6. FillBig     big: 0 -> 5
          7. BigToSmall  big: 5 -> 4, small: 2 -> 3
        state 7, reached by BigToSmall:
          big   = 4
          small = 3
        invariant NotSolved is violated in this state
        enabled actions:
          1. FillSmall   (no change)
          2. FillBig     big: 4 -> 5
          3. EmptySmall  small: 3 -> 0
          4. EmptyBig    big: 4 -> 0
          5. SmallToBig  big: 4 -> 5, small: 3 -> 2
          6. BigToSmall  (no change)
        > check
        in state 7:
          invariant TypeOK     holds
          invariant NotSolved  VIOLATED
        > back 2
        state 5, reached by BigToSmall:
          big   = 0
          small = 2
        enabled actions:
          1. FillSmall   small: 2 -> 3
          2. FillBig     big: 0 -> 5
          3. EmptySmall  small: 2 -> 0
          4. EmptyBig    (no change)
          5. SmallToBig  big: 0 -> 2, small: 2 -> 0
          6. BigToSmall  (no change)
        > eval big + small
        2
        > eval Min(big, small)
        0
        > eval {b \in 0..5 : b > big}
        {1, 2, 3, 4, 5}
        > take BigToSmall
        state 6, reached by BigToSmall:
          big   = 0
          small = 2
        enabled actions:
          1. FillSmall   small: 2 -> 3
          2. FillBig     big: 0 -> 5
          3. EmptySmall  small: 2 -> 0
          4. EmptyBig    (no change)
          5. SmallToBig  big: 0 -> 2, small: 2 -> 0
          6. BigToSmall  (no change)
        > SmallToBig
        state 7, reached by SmallToBig:
          big   = 2
          small = 0
        enabled actions:
          1. FillSmall   small: 0 -> 3
          2. FillBig     big: 2 -> 5
          3. EmptySmall  (no change)
          4. EmptyBig    big: 2 -> 0
          5. SmallToBig  (no change)
          6. BigToSmall  big: 2 -> 0, small: 0 -> 2
        > find big = 4
        found big = 4 in 3 steps:
           8. BigToSmall  big: 2 -> 0, small: 0 -> 2
           9. FillBig     big: 0 -> 5
          10. BigToSmall  big: 5 -> 4, small: 2 -> 3
        state 10, reached by BigToSmall:
          big   = 4
          small = 3
        invariant NotSolved is violated in this state
        enabled actions:
          1. FillSmall   (no change)
          2. FillBig     big: 4 -> 5
          3. EmptySmall  small: 3 -> 0
          4. EmptyBig    big: 4 -> 0
          5. SmallToBig  big: 4 -> 5, small: 3 -> 2
          6. BigToSmall  (no change)
        > trace
        trace (10 states):
          1. init
               big   = 0
               small = 0
          2. FillBig
               big   = 5
          3. BigToSmall
               big   = 2
               small = 3
          4. EmptySmall
               small = 0
          5. BigToSmall
               big   = 0
               small = 2
          6. BigToSmall
               (no variable changes)
          7. SmallToBig
               big   = 2
               small = 0
          8. BigToSmall
               big   = 0
               small = 2
          9. FillBig
               big   = 5
          10. BigToSmall
               big   = 4
               small = 3
        > quit
        """# + "\n")
  }

  @Test("with several initial states, the session lists them and goes back to the choice")
  func initialStateChoice() throws {
    var driver = try SessionDriver(text: counterSpec)
    driver.run(
      "eval x", "eval N + 1", "take Inc", "back", "3", "find x = 3", "back", "back 10", "back",
      "2", "Set", "Set(v = 0)", "back", "Set(1)", "Set(w = 1)", "Set(1, 2)", "Inc", "take Nope",
      "check", "reset")
    #expect(
      driver.transcript == #"""
        exploring Counter: 2 variables, 3 actions, 1 invariant; type 'help' for commands
        constants: N = 3
        2 initial states; choose one by its number:
          1. x = 0, on = FALSE
          2. x = 1, on = FALSE
        > eval x
        error: no state chosen yet: choose an initial state by its number before 'eval'
        > eval N + 1
        4
        > take Inc
        error: no state chosen yet: choose an initial state by its number
        > back
        error: no state chosen yet: nothing to go back from
        > 3
        error: there are 2 initial states; choose one of 1 to 2
        > find x = 3
        found x = 3 in 3 steps from initial state 2:
          2. Toggle  on: FALSE -> TRUE
          3. Inc     x: 1 -> 2
          4. Inc     x: 2 -> 3
        state 4, reached by Inc:
          x  = 3
          on = TRUE
        invariant Small is violated in this state
        enabled actions:
          1. Toggle      on: TRUE -> FALSE
          2. Set(v = 0)  x: 3 -> 0
          3. Set(v = 1)  x: 3 -> 1
        not enabled: Inc
        > back
        state 3, reached by Inc:
          x  = 2
          on = TRUE
        enabled actions:
          1. Toggle      on: TRUE -> FALSE
          2. Inc         x: 2 -> 3
          3. Set(v = 0)  x: 2 -> 0
          4. Set(v = 1)  x: 2 -> 1
        > back 10
        2 initial states; choose one by its number:
          1. x = 0, on = FALSE
          2. x = 1, on = FALSE
        > back
        error: no state chosen yet: nothing to go back from
        > 2
        state 1 (initial state 2 of 2):
          x  = 1
          on = FALSE
        enabled actions:
          1. Toggle      on: FALSE -> TRUE
          2. Set(v = 0)  x: 1 -> 0
          3. Set(v = 1)  (no change)
        not enabled: Inc
        > Set
        error: Set matches 2 enabled actions (2, 3); take one by its number
        > Set(v = 0)
        state 2, reached by Set(v = 0):
          x  = 0
          on = FALSE
        enabled actions:
          1. Toggle      on: FALSE -> TRUE
          2. Set(v = 0)  (no change)
          3. Set(v = 1)  x: 0 -> 1
        not enabled: Inc
        > back
        state 1 (initial state 2 of 2):
          x  = 1
          on = FALSE
        enabled actions:
          1. Toggle      on: FALSE -> TRUE
          2. Set(v = 0)  x: 1 -> 0
          3. Set(v = 1)  (no change)
        not enabled: Inc
        > Set(1)
        state 2, reached by Set(v = 1):
          x  = 1
          on = FALSE
        enabled actions:
          1. Toggle      on: FALSE -> TRUE
          2. Set(v = 0)  x: 1 -> 0
          3. Set(v = 1)  (no change)
        not enabled: Inc
        > Set(w = 1)
        error: action Set has no parameter 'w' (it has 'v')
        > Set(1, 2)
        error: action Set takes 1 parameter, found 2 arguments
        > Inc
        error: Inc is not enabled in this state
        > take Nope
        error: the spec has no action 'Nope'
        > check
        in state 2:
          invariant Small  holds
        > reset
        2 initial states; choose one by its number:
          1. x = 0, on = FALSE
          2. x = 1, on = FALSE
        """# + "\n")
  }

  @Test("errors print a diagnostic and leave the session and its path as they were")
  func errorsKeepTheSessionAlive() throws {
    var driver = try SessionDriver(text: brokenSpec)
    for line in [
      "eval Risky(2)", #"eval 1 \div 0"#, #"eval {1, "a"}"#, "eval x'", "eval", "eval (x +",
      "find x + 1", "frobnicate", "quit now", "random 0", "load nothing.itf.json",
      "Step", "Step", "eval x", "random 3", "back", "find x = 7",
    ] {
      _ = driver.reply(line)
    }
    let last = driver.reply("eval x")
    #expect(!last.failed && !last.finished && last.text == "1\n")
    #expect(
      driver.transcript == #"""
        exploring Broken: 1 variable, 2 actions, 1 invariant; type 'help' for commands
        state 1 (initial):
          x = 0
        enabled actions:
          1. Step   x: 0 -> 1
          2. Crash  x: 0 -> 3
        > eval Risky(2)
        Test.spec:7:26: error[SPC401]: division by zero: 6 \div 0
          def Risky(k: Int): Int = 6 \div (2 - k)
                                   ^^^^^^^^^^^^^^
        > eval 1 \div 0
        error[SPC401]: division by zero: 1 \div 0
          1 \div 0
          ^^^^^^^^
        > eval {1, "a"}
        error[SPC301]: type mismatch: set elements must have one type, found Int and "a"
          {1, "a"}
              ^^^
        > eval x'
        error[SPC302]: primed expression 'x'' outside an action (in eval)
          x'
          ^^
        > eval
        error: 'eval' needs an expression, as in 'eval x + 1'
        > eval (x +
        error[SPC105]: expected an expression, found end of file
          (x +
              ^
        > find x + 1
        error: find needs a Boolean expression, found one of type Int
        > frobnicate
        error: unknown command 'frobnicate'; type 'help' for the commands
        > quit now
        error: 'quit' takes no argument
        > random 0
        error: 'random' takes a number of steps from 1 to 1000000, found '0'
        > load nothing.itf.json
        error: cannot read 'nothing.itf.json': No such file or directory
        > Step
        state 2, reached by Step:
          x = 1
        enabled actions:
          1. Step   x: 1 -> 2
          2. Crash  x: 1 -> 2
        > Step
        state 3, reached by Step:
          x = 2
        Test.spec:7:26: error[SPC401]: division by zero: 6 \div 0
          def Risky(k: Int): Int = 6 \div (2 - k)
                                   ^^^^^^^^^^^^^^
          note: while evaluating action Crash
        the enabled actions cannot be listed
        > eval x
        2
        > random 3
        random: stopped after 0 steps: the enabled actions cannot be computed (below)
        state 3, reached by Step:
          x = 2
        Test.spec:7:26: error[SPC401]: division by zero: 6 \div 0
          def Risky(k: Int): Int = 6 \div (2 - k)
                                   ^^^^^^^^^^^^^^
          note: while evaluating action Crash
        the enabled actions cannot be listed
        > back
        state 2, reached by Step:
          x = 1
        enabled actions:
          1. Step   x: 1 -> 2
          2. Crash  x: 1 -> 2
        > find x = 7
        Test.spec:7:26: error[SPC401]: division by zero: 6 \div 0
          def Risky(k: Int): Int = 6 \div (2 - k)
                                   ^^^^^^^^^^^^^^
          note: while evaluating action Crash
          note: find stopped at this state, 1 step from the current one:
            x = 2
        > eval x
        1
        """# + "\n")
  }

  @Test("replies say which commands failed")
  func failedFlag() throws {
    var driver = try SessionDriver(file: "examples/DieHard.spec")
    #expect(driver.reply("eval big").failed == false)
    #expect(driver.reply("eval nope").failed)
    #expect(driver.reply("7").failed)
    #expect(driver.reply("take EmptyBig").failed == false)
    #expect(driver.reply("").text == "")
    #expect(driver.reply("# a comment").text == "")
  }

  @Test("random walks are reproducible from the seed and stop at a deadlock")
  func randomWalks() throws {
    var first = try SessionDriver(text: counterSpec, seed: 42)
    var second = try SessionDriver(text: counterSpec, seed: 42)
    first.run("random 5", "random", "trace")
    second.run("random 5", "random", "trace")
    #expect(first.transcript == second.transcript)
    #expect(
      first.transcript == #"""
        exploring Counter: 2 variables, 3 actions, 1 invariant; type 'help' for commands
        constants: N = 3
        2 initial states; choose one by its number:
          1. x = 0, on = FALSE
          2. x = 1, on = FALSE
        > random 5
        random: initial state 2
        random: Set(v = 0), Toggle, Toggle, Set(v = 0), Toggle
        state 6, reached by Toggle:
          x  = 0
          on = TRUE
        enabled actions:
          1. Toggle      on: TRUE -> FALSE
          2. Inc         x: 0 -> 1
          3. Set(v = 0)  (no change)
          4. Set(v = 1)  x: 0 -> 1
        > random
        random: Inc
        state 7, reached by Inc:
          x  = 1
          on = TRUE
        enabled actions:
          1. Toggle      on: TRUE -> FALSE
          2. Inc         x: 1 -> 2
          3. Set(v = 0)  x: 1 -> 0
          4. Set(v = 1)  (no change)
        > trace
        trace (7 states):
          1. init
               x  = 1
               on = FALSE
          2. Set(v = 0)
               x  = 0
          3. Toggle
               on = TRUE
          4. Toggle
               on = FALSE
          5. Set(v = 0)
               (no variable changes)
          6. Toggle
               on = TRUE
          7. Inc
               x  = 1
        """# + "\n")

    let deadlocking = #"""
      spec Stop
      var n: 0..2
      init { n = 0 }
      action Up {
        n < 2
        n' = n + 1
      }
      """#
    var driver = try SessionDriver(text: deadlocking, seed: 5)
    let reply = driver.reply("random 10")
    #expect(
      reply.text == """
        random: Up, Up
        random: stopped after 2 steps: no action is enabled (a deadlock)
        state 3, reached by Up:
          n = 2
        no action is enabled: a deadlock

        """)
  }

  @Test("the greeting names the constants, and a false assumption is a warning")
  func greeting() throws {
    let spec = #"""
      spec Assumed
      const K: Int = 2
      assume Big: K > 5
      var v: 0..K
      init { v = K }
      action Down {
        v > 0
        v' = v - 1
      }
      """#
    let driver = try SessionDriver(text: spec, constants: ["K=1"])
    #expect(
      driver.transcript == """
        exploring Assumed: 1 variable, 1 action, 0 invariants; type 'help' for commands
        constants: K = 1
        warning: assumption Big (Test.spec:3) is false for these constants
        state 1 (initial):
          v = 1
        enabled actions:
          1. Down  v: 1 -> 0

        """)
  }

  @Test("changes inside functions, records and sets are shown element by element")
  func changesOfCompoundValues() throws {
    var driver = try SessionDriver(file: "examples/TwoPhase.spec")
    driver.run("take RMPrepare(r = 2)", "TMRcvPrepared", "eval tmPrepared")
    #expect(
      driver.transcript.contains(
        #"RMPrepare(r = 2)        rmState[2]: "working" -> "prepared", msgs: +{[rm |-> 2, type |-> "Prepared"]}"#
      ))
    #expect(driver.transcript.contains("TMRcvPrepared(r = 2)"))
    #expect(driver.transcript.hasSuffix("> eval tmPrepared\n{2}\n"))
  }
}
