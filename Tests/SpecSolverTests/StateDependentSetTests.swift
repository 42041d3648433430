import SpecDriver
import SpecRuntime
import SpecSolver
import SpecSyntax
import SpecTrace
import Testing

@Suite("quantifiers over sets that depend on the state")
struct StateDependentSetTests {
  static let tokens = """
    spec Tokens
    type P = 1..3
    var holders: Set[P]
    init { holders = {1} }
    action Pass(p: P, q: P) {
      p \\in holders
      holders' = (holders \\ {p}) \\union {q}
    }
    action Split(p: P, q: P) {
      p \\in holders
      holders' = holders \\union {q}
    }
    invariant One: \\E p \\in holders: \\A q \\in holders: q = p
    invariant Some: \\E p \\in {x \\in P: x \\in holders}: TRUE
    """

  @Test("proves \\E over a filter of a set variable, and refutes One by a Split to two holders")
  func setVariable() throws {
    let spec = try loadSpec(Self.tokens)
    let some = prove(spec, invariants: ["Some"])
    #expect(some.result == .proved, "\(some.renderText())")
    let one = prove(spec, invariants: ["One"])
    #expect(one.result == .notInductive)
    let trace = try #require(one.entries.first?.trace)
    #expect(trace.steps[1].action == "Split")
    guard case .set(let before)? = value(trace, step: 0, "holders"),
      case .set(let after)? = value(trace, step: 1, "holders")
    else {
      Issue.record("holders is not a set: \(trace.steps.map(\.values))")
      return
    }
    #expect(before.count == 1)
    #expect(after.count == 2)
    let shortest = bmc(spec, depth: 3)
    #expect(shortest.result == .invariantViolated)
    #expect(shortest.trace?.steps.count == 2)
    #expect(shortest.trace?.steps.first?.values == [.set([.int(1)])])
  }

  @Test("refuses 1..n for an unbounded Int n with SPC602 at the range")
  func rangeOfUnboundedInt() throws {
    let spec = try loadSpec(
      """
      spec Count
      var n: Int
      init { n = 1 }
      action Inc { n' = n + 1 }
      invariant Positive: \\A i \\in 1..n: i >= 1
      """)
    for problems in [prove(spec).problems, bmc(spec, depth: 2).problems] {
      #expect(problems.map(\.code) == [.unenumerableSet])
      let location = problems.first.map { $0.location(in: spec.spec!.file) }
      #expect(location.map { [$0.line, $0.column] } == [5, 30])
    }
  }

  @Test("still refuses a range with both bounds symbolic and unbounded, with SPC602")
  func bothBoundsUnbounded() throws {
    let spec = try loadSpec(
      """
      spec Both
      var a: Int
      var b: Int
      init { a = 0
             b = 1 }
      action Step { a' = a + 1
                    b' = b + 1 }
      invariant Any: \\A i \\in a..b: i >= a
      """)
    let report = prove(spec)
    #expect(report.result == .error)
    let diagnostic = try #require(report.problems.first)
    #expect(diagnostic.code == .unenumerableSet)
    let location = diagnostic.location(in: spec.spec!.file)
    #expect((location.line, location.column) == (8, 25))
  }
}
