import SpecSolver
import Testing

@Suite("Terms: folding, hash-consing, intervals and SMT-LIB")
struct TermBuilderTests {
  @Test("folds Boolean constants and contradictions")
  func booleans() {
    let t = TermBuilder()
    let x = t.fresh("x", .bool)
    let y = t.fresh("y", .bool)
    #expect(t.and(t.trueTerm, x) === x)
    #expect(t.and(x, t.not(x)).isFalse)
    #expect(t.or(t.not(y), y).isTrue)
    #expect(t.and(x, t.and(y, x)) === t.and(x, y))
    #expect(t.not(t.not(x)) === x)
    #expect(t.ite(x, t.trueTerm, t.falseTerm) === x)
    #expect(t.implies(t.falseTerm, y).isTrue)
  }

  @Test("hash-conses structurally equal terms into one object")
  func hashConsing() {
    let t = TermBuilder()
    let a = t.fresh("a", .int)
    let b = t.fresh("b", .int)
    #expect(t.eq(a, b) === t.eq(b, a))
    #expect(t.add(a, t.int(1)) === t.add(a, t.int(1)))
    #expect(t.fresh("a", .int) !== a)
  }

  @Test("folds arithmetic with floor division as the language defines it")
  func arithmetic() {
    let t = TermBuilder()
    let a = t.fresh("a", .int)
    #expect(t.add([t.int(2), t.int(3)]).intConstant == 5)
    #expect(t.sub(a, a).intConstant == 0)
    #expect(t.mul(a, t.int(0)).intConstant == 0)
    #expect(t.div(t.int(-7), t.int(2)).intConstant == -4)
    #expect(t.mod(t.int(-7), t.int(2)).intConstant == 1)
    #expect(t.add(t.int(Int.max), t.int(1)).intConstant == nil)
  }

  @Test("decides comparisons from the declared bounds of variables")
  func intervals() {
    let t = TermBuilder()
    let x = t.fresh("x", .int)
    let constraint = t.le(x, t.int(3))
    t.bound(x, 0...3)
    #expect(!constraint.isTrue)
    #expect(t.lt(x, t.int(4)).isTrue)
    #expect(t.eq(x, t.int(5)).isFalse)
    #expect(t.le(t.add(x, t.int(1)), t.int(4)).isTrue)
    #expect(t.interval(t.ite(t.fresh("c", .bool), x, t.int(7))) == 0...7)
    #expect(!t.lt(x, t.int(2)).isTrue && !t.lt(x, t.int(2)).isFalse)
  }

  @Test("pushes a comparison with a constant into an if-then-else of constants")
  func pushedEquality() {
    let t = TermBuilder()
    let c = t.fresh("c", .bool)
    #expect(t.eq(t.ite(c, t.int(1), t.int(2)), t.int(1)) === c)
    #expect(t.eq(t.ite(c, t.int(1), t.int(2)), t.int(3)).isFalse)
  }

  @Test("renders a query as an SMT-LIB script")
  func smtLib() {
    let t = TermBuilder()
    let x = t.fresh("s0.x", .int)
    let flag = t.fresh("pick 1", .bool)
    let script = SMTLib.script(
      variables: t.variables,
      assertions: [t.and(t.le(t.int(-1), x), t.or(flag, t.eq(x, t.int(2))))])
    #expect(
      script == """
        (declare-const s0.x Int)
        (declare-const |pick 1| Bool)
        (assert (and (<= (- 1) s0.x) (or |pick 1| (= s0.x 2))))
        (check-sat)

        """)
  }
}
