import SpecDriver
import SpecEngine
import SpecSemantics
import SpecSyntax
import Testing

@testable import SpecRuntime

/// Calls of state-level operators remembered within a state (`Evaluator.callDefinition`):
/// the same answers and errors as evaluating each call again, and nothing carried from
/// one state to the next.
@Suite("State-level operator calls remembered within a state")
struct CallCacheTests {
  static let deep = #"""
    spec Deep
    var x: 0..1
    init { x = 0 }
    action Flip { x' = 1 - x }
    def Down(k: Int): Int = IF k = 0 THEN x ELSE Down(k - 1)
    def Sum(k: Int): Int = Down(k) + Down(k) + Down(k)
    invariant Fine: Down(1500) >= 0 /\ Down(2000) >= 0
    invariant TooDeep: Down(1500) >= 0 /\ Down(2001) >= 0
    invariant TooDeepAlone: Down(2001) >= 0
    invariant Repeated: Sum(7) = 3 * x
    """#

  /// The interpreter's answer for invariant `index` in the state `x = value` (on a large
  /// stack: the calls nest two thousand deep), after evaluating `first` invariants there.
  static func answer(_ index: Int, x value: Int, after first: [Int] = []) throws -> String {
    let loaded = SpecLoader.load(SourceFile(path: "deep.spec", text: deep), overrides: [])
    let spec = try #require(loaded.spec)
    let constants = try #require(loaded.constants)
    return Driver.withLargeStack {
      let evaluator = Evaluator(spec: spec, constants: constants)
      evaluator.state = [.int(value)]
      for earlier in first { _ = try? evaluator.isTrue(spec.invariants[earlier].body) }
      do {
        return "\(try evaluator.isTrue(spec.invariants[index].body))"
      } catch let error as EvaluationError {
        return "\(error.code.rawValue) \(error.message) at \(error.range)"
      } catch {
        return "\(error)"
      }
    }
  }

  @Test("calls 2,001 deep in all are within the limit, with or without remembered calls")
  func withinLimit() throws {
    #expect(try Self.answer(0, x: 1) == "true")
    #expect(try Self.answer(0, x: 1, after: [0, 3]) == "true")
  }

  @Test("a remembered Down(1500) does not hide that Down(2001) nests too deep")
  func pastLimit() throws {
    let alone = try Self.answer(2, x: 0)
    #expect(alone.hasPrefix("SPC408 operator 'Down' recursed too deeply at "))
    #expect(try Self.answer(1, x: 0) == alone)
    #expect(try Self.answer(1, x: 0, after: [0, 1, 3]) == alone)
  }

  @Test("an answer remembered in one state is not the answer in the next")
  func newState() throws {
    let loaded = SpecLoader.load(SourceFile(path: "deep.spec", text: Self.deep), overrides: [])
    let spec = try #require(loaded.spec)
    let constants = try #require(loaded.constants)
    let evaluator = Evaluator(spec: spec, constants: constants)
    let sum = spec.invariants[3].body
    for value in [0, 1, 0, 1] {
      evaluator.state = [.int(value)]
      #expect(try evaluator.isTrue(sum))
      #expect(evaluator.callCache.count == 9)  // Sum(7), Down(7) ... Down(0)
    }
  }

  @Test("F(0)' in an action is the next state's, not the current state's remembered F(0)")
  func primedCall() throws {
    let text = #"""
      spec Primed
      var x: 0..5
      init { x = 0 }
      def F(k: Int): Int = x + k
      action Step {
        F(0) < 3
        x' = F(1)
        F(0)' = F(1)
      }
      """#
    // x goes 0, 1, 2, 3, and stops; were F(0)' the current F(0), Step would never run.
    let checked = Checked(text)
    #expect(checked.result == .deadlock)
    #expect(checked.traceLength == 4)
    #expect(checked.report.trace?.steps.last?.values == [.int(3)])
    // The interpreter alone, as a compiled unit's fallback would run it.
    let loaded = SpecLoader.load(SourceFile(path: "primed.spec", text: text), overrides: [])
    var interpreted = try CompiledSpec(
      spec: try #require(loaded.spec), constants: try #require(loaded.constants))
    interpreted.usesCompiledCode = false
    var worker = interpreted.makeWorker()
    var state = try #require(try worker.initialStates().first)
    var values: [[Value]] = [interpreted.values(of: state)]
    var transitions: [Transition<SpecState>] = []
    while true {
      transitions.removeAll()
      try worker.successors(of: state, into: &transitions)
      guard let next = transitions.first else { break }
      state = next.state
      values.append(interpreted.values(of: state))
    }
    #expect(values == [[.int(0)], [.int(1)], [.int(2)], [.int(3)]])
  }

  @Test(
    "compiled code reaches the limit on nested calls where the interpreter does",
    arguments: [
      ("Down(2001) >= 0", "6:46 SPC408 operator 'Down' recursed too deeply"),
      ("G(2000) >= 0", "7:43 SPC408 operator 'F' recursed too deeply"),
      ("x = 0 => G(2000) >= 0", "7:43 SPC408 operator 'F' recursed too deeply"),
      ("Down(2000) >= 0 /\\ G(1999) >= 0", nil),
      ("In(2000)", "9:53 SPC408 operator 'S' recursed too deeply"),
      ("In(1999)", nil),
    ])
  func limitCompiled(invariant: String, problem: String?) throws {
    // Compiled code inlines the first calls of Down and G (x is known only per state),
    // and hands the rest to the interpreter, which must count the calls inlined; F reads
    // no variable, so the compiler folds F(k) when the limit allows it; f's entries are
    // checked against S(k) by the interpreter, once per value, when S(k) cannot be folded.
    let text = """
      spec Nest
      var x: 0..1
      var f: 1..2 -> 0..1
      init { x = 0 /\\ f = [i \\in 1..2 |-> 0] }
      action Flip { x' = 1 - x /\\ f' = f }
      def Down(k: Int): Int = IF k = 0 THEN x ELSE Down(k - 1)
      def F(k: Int): Int = IF k = 0 THEN 0 ELSE F(k - 1)
      def G(k: Int): Int = F(k) + x
      def S(k: Int): Set[Int] = IF k = 0 THEN {0, 1} ELSE S(k - 1)
      def In(k: Int): Bool = f \\in [1..2 -> S(k)]
      invariant Nested: \(invariant)
      """
    for workers in [1, 2] {
      // A large stack: a one-worker search runs on the calling thread.
      let checked = Driver.withLargeStack { Checked(text, workers: workers) }
      if let problem {
        #expect(checked.result == .error)
        #expect(checked.problems == [problem])
        #expect(checked.traceLength == 1)
      } else {
        #expect(checked.result == .ok)
        #expect(checked.distinct == 2)
      }
    }
    // The interpreter alone, from the initial state.
    let loaded = SpecLoader.load(SourceFile(path: "nest.spec", text: text), overrides: [])
    let spec = try #require(loaded.spec)
    let constants = try #require(loaded.constants)
    let interpreted: String = Driver.withLargeStack {
      let evaluator = Evaluator(spec: spec, constants: constants)
      evaluator.state = [
        .int(0), .function(keys: [.int(1), .int(2)], values: [.int(0), .int(0)]),
      ]
      do {
        return "\(try evaluator.isTrue(spec.invariants[0].body))"
      } catch let error as EvaluationError {
        return "\(error.code.rawValue) \(error.message)"
      } catch {
        return "\(error)"
      }
    }
    #expect(interpreted == problem.map { String($0.drop { $0 != "S" }) } ?? "true")
  }

  @Test("a search whose guards and invariant call the same operator in every state")
  func search() {
    let text = #"""
      spec Gap
      var x: 0..10
      var y: 0..10
      init { x = 0 /\ y = 0 }
      def Gap(k: Int): Int = x - y + k
      action Ahead { x < 10 /\ Gap(0) < 3 /\ x' = x + 1 /\ y' = y }
      action Behind { Gap(1) > 1 /\ y' = y + 1 /\ x' = x }
      invariant Close: Gap(0) < 3 \/ x < 8
      """#
    // Each step adds one to x or y, keeping 0 <= x - y <= 3: the first state with
    // x - y = 3 and x >= 8 is (8, 5), 13 steps from (0, 0); (10, 10), 20 steps away, has
    // no successor.
    let violated = Checked(text)
    #expect(violated.result == .invariantViolated)
    #expect(violated.traceLength == 14)
    #expect(violated.report.trace?.steps.last?.values == [.int(8), .int(5)])
    let whole = Checked(text.replacingOccurrences(of: "x < 8", with: "x <= 10"))
    #expect(whole.result == .deadlock)
    #expect(whole.traceLength == 21)
    #expect(whole.report.trace?.steps.last?.values == [.int(10), .int(10)])
  }
}
