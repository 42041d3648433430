import SpecDriver
import Testing

/// LANGUAGE.md: an expression that goes wrong at a reachable state is an error of the spec;
/// the checker stops and reports it (exit 2) with the trace that reaches it.
@Suite("Evaluation errors at reachable states")
struct RuntimeErrorTests {
  /// Checks `text`, expects an evaluation error and returns the run.
  func expectError(_ text: String, sourceLocation: SourceLocation = #_sourceLocation) -> Checked {
    let checked = Checked(text)
    #expect(checked.loadDiagnostics == [], sourceLocation: sourceLocation)
    #expect(checked.result == .error, sourceLocation: sourceLocation)
    #expect(checked.exitCode == 2, sourceLocation: sourceLocation)
    #expect(checked.report.json()["result"] == .string("error"), sourceLocation: sourceLocation)
    return checked
  }

  @Test("a function applied outside its domain is SPC403 after three states")
  func outsideDomain() {
    let checked = expectError(
      #"""
      spec E403
      var x: 0..5
      var f: 0..3 -> Int
      init {
        x = 0
        f = [i \in 0..3 |-> i]
      }
      action Step {
        x' = x + f[x + 1]
      }
      """#)
    #expect(
      checked.problems == ["9:12 SPC403 'f' applied to 4, which is outside its domain {0, 1, 2, 3}"]
    )
    #expect(checked.notes == ["while evaluating action Step in the last state of the trace"])
    #expect(checked.traceLength == 3)
    #expect(checked.figures == "3/3/3")
  }

  @Test("Head of the empty sequence is SPC404 after three states")
  func headOfEmptySequence() {
    let checked = expectError(
      #"""
      spec E404
      var q: Seq[0..3]
      var n: 0..5
      init {
        q = <<1, 2>>
        n = 0
      }
      action Pop {
        n' = n + Head(q)
        q' = Tail(q)
      }
      """#)
    #expect(checked.problems == ["9:12 SPC404 Head of the empty sequence"])
    #expect(checked.traceLength == 3)
    #expect(checked.report.trace?.steps.last?.values == [.sequence([]), .int(3)])
  }

  @Test("division by zero is SPC401 after four states")
  func divisionByZero() {
    let checked = expectError(
      #"""
      spec E401
      var x: 0..5
      var y: Int
      init {
        x = 3
        y = 0
      }
      action Step {
        x' = x - 1
        y' = 12 \div x
      }
      """#)
    #expect(checked.problems == [#"10:8 SPC401 division by zero: 12 \div 0"#])
    #expect(checked.traceLength == 4)
    #expect(checked.figures == "4/4/4")
  }

  @Test("modulus by zero in init is SPC401 with no trace")
  func modulusByZeroInInit() {
    let checked = expectError(
      #"""
      spec EInit
      var x: Int
      init { x = 4 % 0 }
      action Inc { x' = x + 1 }
      """#)
    #expect(checked.problems == ["3:12 SPC401 modulus by zero: 4 % 0"])
    #expect(checked.traceLength == nil)
    #expect(checked.figures == "0/0/0")
  }

  @Test("an error in an invariant is reported with the trace to the state it fails in")
  func errorInInvariant() {
    let checked = expectError(
      #"""
      spec EInv
      var x: 0..5
      init { x = 0 }
      action Inc {
        x < 5
        x' = x + 1
      }
      invariant Ratio: 12 \div (3 - x) >= 0
      """#)
    #expect(checked.problems == [#"8:18 SPC401 division by zero: 12 \div 0"#])
    #expect(checked.traceLength == 4)
    #expect(checked.report.trace?.steps.last?.values == [.int(3)])
  }

  @Test("64-bit overflow is SPC402 after three states")
  func overflow() {
    let checked = expectError(
      #"""
      spec E402
      var x: Int
      init { x = 2 }
      action Square { x' = x * x * x * x }
      """#)
    #expect(
      checked.problems == [
        "4:22 SPC402 integer overflow: 281474976710656 * 65536 does not fit in 64 bits"
      ])
    #expect(checked.notes == ["while evaluating action Square in the last state of the trace"])
    #expect(checked.traceLength == 3)
    #expect(checked.report.trace?.steps.last?.values == [.int(65536)])
  }

  @Test("a variable set outside its declared range is SPC406 after four states")
  func outsideTypeInAction() {
    let checked = expectError(
      #"""
      spec E406
      var x: 0..3
      init { x = 0 }
      action Inc { x' = x + 1 }
      """#)
    #expect(
      checked.problems == [
        "4:14 SPC406 action 'Inc' sets 'x' to 4, which is outside its declared type"
      ])
    #expect(checked.traceLength == 4)
  }

  @Test("a function value outside its declared range is SPC406 with the action's argument")
  func outsideTypeInFunctionRange() {
    let checked = expectError(
      #"""
      spec E406b
      var f: 1..2 -> 0..3
      init { f = [i \in 1..2 |-> i] }
      action Bump(k: 1..2) { f'[k] = f[k] + 1 }
      """#)
    #expect(
      checked.problems == [
        "4:24 SPC406 action 'Bump' sets 'f' to <<1, 4>>, which is outside its declared type"
      ])
    #expect(checked.notes == ["while evaluating action Bump(k = 2) in the last state of the trace"])
    #expect(checked.traceLabels == ["init", "Bump(k = 2)"])
  }

  @Test("an initial value outside its declared type is SPC406")
  func outsideTypeInInit() {
    let checked = expectError(
      #"""
      spec E406c
      var x: 0..3
      init { x \in {1, 2, 7} }
      action Stay { x' = x }
      """#)
    #expect(
      checked.problems == ["3:8 SPC406 init sets 'x' to 7, which is outside its declared type"])
    #expect(checked.traceLength == nil)
  }

  @Test("a variable that init leaves unbound in one branch is SPC407")
  func unboundInInit() {
    let checked = expectError(
      #"""
      spec E407
      var x: 0..3
      var y: 0..3
      init {
        x \in 0..1
        IF x = 0 THEN y = 0 ELSE TRUE
      }
      action Inc { x' = 1 }
      """#)
    #expect(checked.problems == ["3:5 SPC407 init does not bind variable 'y' in every case"])
    #expect(checked.traceLength == nil)
    #expect(checked.figures == "0/0/0")
  }

  @Test("a primed variable read before the action binds it is SPC407 after two states")
  func unboundPrimedVariable() {
    let checked = expectError(
      #"""
      spec E407b
      var x: 0..3
      var y: 0..9
      init {
        x = 0
        y = 0
      }
      action Step {
        x < 2
        IF x = 1 THEN y' = x' + 1 ELSE x' = x + 1
      }
      """#)
    #expect(checked.problems == ["10:22 SPC407 'x'' is read before the action binds it"])
    #expect(checked.traceLength == 2)
  }

  @Test("CHOOSE with no witness is SPC405 after three states")
  func chooseWithoutWitness() {
    let checked = expectError(
      #"""
      spec E405
      var x: 0..5
      init { x = 0 }
      action Inc { x' = CHOOSE y \in 0..2: y > x }
      """#)
    #expect(
      checked.problems == [
        "4:19 SPC405 CHOOSE found no value in its domain that satisfies its predicate"
      ])
    #expect(checked.traceLength == 3)
  }

  @Test("SUBSET of a set too large to build is SPC409 after three states")
  func subsetTooLarge() {
    let checked = expectError(
      #"""
      spec E409
      var n: 0..30
      var k: Int
      init {
        n = 1
        k = 0
      }
      action Grow {
        n < 30
        k' = Cardinality(SUBSET (1..n))
        n' = n * 5
      }
      """#)
    #expect(
      checked.problems == [
        "10:20 SPC409 SUBSET of a set with 25 elements has 2^25 elements: too many to build"
      ])
    #expect(checked.traceLength == 3)
    #expect(checked.report.trace?.steps.last?.values == [.int(25), .int(32)])
  }

  @Test("the same error, trace and figures whatever the number of workers")
  func errorsAreDeterministic() {
    let text = #"""
      spec Grid
      var x: 0..20
      var y: 0..20
      init {
        x = 0
        y = 0
      }
      action Right {
        x < 20
        x' = x + 1
      }
      action Up {
        y < 20
        10 \div (x + y - 17) /= 99
        y' = y + 1
      }
      """#
    let runs = [1, 2, 4].map { Checked(text, workers: $0) }
    for run in runs {
      #expect(run.result == .error)
      #expect(run.problems == runs[0].problems)
      #expect(run.report.trace == runs[0].report.trace)
      #expect(run.figures == runs[0].figures)
    }
    #expect(runs[0].problems == [#"14:3 SPC401 division by zero: 10 \div 0"#])
    #expect(runs[0].traceLength == 18)
  }
}
