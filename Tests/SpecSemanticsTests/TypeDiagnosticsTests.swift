import Testing

@testable import SpecSyntax

/// SPC3xx: types and levels. Each test pins the code, the message and the line:column
/// of the smallest spec that shows it.
@Suite("Type and level diagnostics (SPC3xx)")
struct TypeDiagnosticsTests {
  @Test("the SPC2xx and SPC3xx codes are the ones these suites pin")
  func codesAreCovered() {
    // A new code in these ranges needs its own test here or in NameDiagnosticsTests.
    let codes = DiagnosticCode.allCases.map(\.rawValue).filter {
      $0.hasPrefix("SPC2") || $0.hasPrefix("SPC3")
    }
    #expect(
      codes == [
        "SPC201", "SPC202", "SPC203", "SPC204", "SPC205", "SPC206", "SPC207",
        "SPC301", "SPC302", "SPC303", "SPC304", "SPC305", "SPC306", "SPC307", "SPC308",
        "SPC309", "SPC310", "SPC311", "SPC312", "SPC313",
      ])
  }

  // MARK: SPC301 typeMismatch

  @Test("comparing a variable with a value of another type names both types")
  func comparisonMismatch() {
    #expect(
      diagnostics(
        #"""
        spec T
        var x: Int
        init { x = TRUE }
        """#) == [
          "t.spec:3:8: error[SPC301]: type mismatch: cannot compare Int with Bool"
        ])
  }

  @Test("a constant's default of the wrong type names the declared and the found type")
  func constantDefaultMismatch() {
    #expect(
      diagnostics(
        #"""
        spec T
        const N: Int = "three"
        var x: Int
        init { x = N }
        """#) == [
          #"t.spec:2:16: error[SPC301]: type mismatch: constant 'N' has type Int, found "three""#
        ])
  }

  @Test("a --const value of the wrong type is reported in the --const text")
  func overrideMismatch() {
    #expect(
      diagnostics(
        #"""
        spec T
        const N: Int = 1
        var x: Int
        init { x = N }
        """#, constants: ["N=TRUE"]) == [
          "--const N:1:1: error[SPC301]: type mismatch: constant 'N' has type Int, found Bool"
        ])
  }

  @Test("comparing enumerations that share no literal")
  func disjointEnumerations() {
    #expect(
      diagnostics(
        #"""
        spec T
        var state: "idle" | "busy"
        init { state = "idle" }
        invariant I: state /= "done"
        """#) == [
          #"t.spec:4:14: error[SPC301]: type mismatch: cannot compare "busy" | "idle" with "done""#
        ])
  }

  @Test("IF branches of different types")
  func ifBranches() {
    #expect(
      diagnostics(
        #"""
        spec T
        var x: Int
        init { x = 0 }
        action A { x' = IF x > 0 THEN x - 1 ELSE FALSE }
        """#) == [
          "t.spec:4:42: error[SPC301]: type mismatch: IF branches have different types, Int and Bool"
        ])
  }

  @Test("a set literal mixing element types")
  func setElements() {
    #expect(
      diagnostics(
        #"""
        spec T
        var s: Set[Int]
        init { s = {1, TRUE} }
        """#) == [
          "t.spec:3:16: error[SPC301]: type mismatch: set elements must have one type, found Int and Bool"
        ])
  }

  @Test("an action conjunct that is not Boolean")
  func nonBooleanConjunct() {
    #expect(
      diagnostics(
        #"""
        spec T
        var x: Int
        init { x = 0 }
        action A { x + 1 }
        """#) == [
          "t.spec:4:12: error[SPC301]: type mismatch: a conjunct of an action must be Bool, found Int"
        ])
  }

  @Test("a function applied to an argument outside its domain type")
  func functionDomain() {
    #expect(
      diagnostics(
        #"""
        spec T
        var f: 1..3 -> Bool
        init { f = [i \in 1..3 |-> FALSE] }
        invariant I: f["a"]
        """#) == [
          #"t.spec:4:16: error[SPC301]: type mismatch: function with domain Int applied to "a""#
        ])
  }

  @Test("an operator argument of the wrong type names the parameter")
  func operatorArgument() {
    #expect(
      diagnostics(
        #"""
        spec T
        var x: Int
        def Inc(n: Int): Int = n + 1
        init { x = Inc(TRUE) }
        """#) == [
          "t.spec:4:16: error[SPC301]: type mismatch: parameter 'n' has type Int, found Bool"
        ])
  }

  @Test("membership in something that is not a set")
  func membershipInNonSet() {
    #expect(
      diagnostics(
        #"""
        spec T
        var x: Int
        init { x = 0 }
        invariant I: x \in 5
        """#) == [
          #"t.spec:4:20: error[SPC301]: type mismatch: the right operand of '\in' must be a set, found Int"#
        ])
  }

  @Test("a field of something that is not a record")
  func fieldOfNonRecord() {
    #expect(
      diagnostics(
        #"""
        spec T
        var x: Int
        init { x = 0 }
        action A { x' = x.count }
        """#) == [
          "t.spec:4:17: error[SPC301]: type mismatch: '.count' needs a record, found Int"
        ])
  }

  @Test("a tuple indexed past its end")
  func tupleIndex() {
    #expect(
      diagnostics(
        #"""
        spec T
        var p: <<Int, Bool>>
        init { p = <<1, TRUE>> }
        invariant I: p[3]
        """#) == [
          "t.spec:4:16: error[SPC301]: tuple index 3 is outside 1..2"
        ])
  }

  @Test("a range bound that is not an integer")
  func nonIntegerRangeBound() {
    #expect(
      diagnostics(
        #"""
        spec T
        var x: Int
        init { x = 0 }
        action A(k: 1..TRUE) { x' = k }
        """#) == [
          "t.spec:4:16: error[SPC301]: type mismatch: a range bound must be Int, found Bool"
        ])
  }

  // MARK: SPC302 primeOutsideAction

  @Test("a primed variable in init")
  func primeInInit() {
    #expect(
      diagnostics(
        #"""
        spec T
        var x: Int
        init { x = 0 /\ x' = 1 }
        """#) == [
          "t.spec:3:17: error[SPC302]: primed expression 'x'' outside an action (in init)"
        ])
  }

  @Test("a primed variable in an invariant")
  func primeInInvariant() {
    #expect(
      diagnostics(
        #"""
        spec T
        var x: Int
        init { x = 0 }
        action A { x' = x + 1 }
        invariant Grows: x' > x
        """#) == [
          "t.spec:5:18: error[SPC302]: primed expression 'x'' outside an action (in invariant)"
        ])
  }

  @Test("a primed variable in an assumption, which must also be constant")
  func primeInAssume() {
    #expect(
      diagnostics(
        #"""
        spec T
        var x: Int
        init { x = 1 }
        assume x' > 0
        """#) == [
          "t.spec:4:8: error[SPC302]: primed expression 'x'' outside an action (in an assumption)",
          "t.spec:4:8: error[SPC303]: an assumption must be constant, but it depends on a variable",
        ])
  }

  @Test("a primed variable in a state constraint")
  func primeInConstraint() {
    #expect(
      diagnostics(
        #"""
        spec T
        var x: Int
        init { x = 0 }
        action A { x' = x + 1 }
        constraint Bounded: x' < 10
        """#) == [
          "t.spec:5:21: error[SPC302]: primed expression 'x'' outside an action (in constraint)"
        ])
  }

  @Test("UNCHANGED in an invariant")
  func unchangedInInvariant() {
    #expect(
      diagnostics(
        #"""
        spec T
        var x: Int
        init { x = 0 }
        invariant I: UNCHANGED x
        """#) == [
          "t.spec:4:14: error[SPC302]: UNCHANGED is only allowed in an action, not in invariant"
        ])
  }

  @Test("an operator that primes a variable, used in a constraint")
  func actionOperatorInConstraint() {
    #expect(
      diagnostics(
        #"""
        spec T
        var x: Int
        def Step = x' = x + 1
        init { x = 0 }
        action A { Step }
        constraint C: Step
        """#) == [
          "t.spec:6:15: error[SPC302]: operator 'Step' mentions primed variables and can only be used in an action, not in constraint"
        ])
  }

  // MARK: SPC303 nonConstantExpression

  @Test("a range bound that mentions a variable")
  func rangeBoundNotConstant() {
    #expect(
      diagnostics(
        #"""
        spec T
        var x: Int
        var y: 0..x
        init { x = 1 /\ y = 0 }
        """#) == [
          "t.spec:3:11: error[SPC303]: a range bound must be constant, but it depends on a variable"
        ])
  }

  @Test("a range bound of a type alias that mentions a variable")
  func aliasRangeBoundNotConstant() {
    #expect(
      diagnostics(
        #"""
        spec T
        var x: Int
        type Small = 0..x
        init { x = 0 }
        """#) == [
          "t.spec:3:17: error[SPC303]: a range bound must be constant, but it depends on a variable"
        ])
  }

  @Test("a constant's default that mentions a variable")
  func constantNotConstant() {
    #expect(
      diagnostics(
        #"""
        spec T
        var x: Int
        const N: Int = x + 1
        init { x = 0 }
        """#) == [
          "t.spec:3:16: error[SPC303]: a constant's value must be constant, but it depends on a variable"
        ])
  }

  @Test("an assumption about a variable")
  func assumptionNotConstant() {
    #expect(
      diagnostics(
        #"""
        spec T
        var x: Int
        init { x = 0 }
        assume x > 0
        """#) == [
          "t.spec:4:8: error[SPC303]: an assumption must be constant, but it depends on a variable"
        ])
  }

  @Test("constants defined in terms of each other")
  func constantCycle() {
    #expect(
      diagnostics(
        #"""
        spec T
        const A: Int = B + 1
        const B: Int = A
        var x: Int
        init { x = A }
        """#) == [
          "t.spec:2:7: error[SPC303]: constant 'A' is defined in terms of itself"
        ])
  }

  // MARK: SPC304 hugeRange, SPC305 emptyRange

  @Test("a range type with 10^11 values is a warning; the spec stays valid")
  func hugeRangeWarning() {
    let spec = #"""
      spec T
      var x: 1..100000000000
      init { x = 1 }
      """#
    #expect(
      diagnostics(spec) == [
        "t.spec:2:8: warning[SPC304]: range 1..100000000000 has 100000000000 values: a variable of this type is fine, but enumerating it (as a parameter or a set) is impractical"
      ])
    #expect(load(spec).isValid)
  }

  @Test("an action parameter over a huge range is an error, with the warning on the range")
  func hugeParameterRange() {
    #expect(
      diagnostics(
        #"""
        spec T
        var x: Int
        init { x = 0 }
        action Jump(k: 1..100000000000) { x' = k }
        """#) == [
          "t.spec:4:13: error[SPC304]: action parameter 'k' ranges over its type, which is too large to enumerate: type 'parameter k of Jump' has about 100000000000 values: too many to enumerate (the limit is 10000000)",
          "t.spec:4:16: warning[SPC304]: range 1..100000000000 has 100000000000 values: a variable of this type is fine, but enumerating it (as a parameter or a set) is impractical",
        ])
  }

  @Test("two actions' parameters with one name are each checked against their own type")
  func parametersWithOneName() {
    #expect(
      diagnostics(
        #"""
        spec T
        var x: Int
        init { x = 0 }
        action A(k: 1..3) { x' = k }
        action B(k: 1..20000000) { x' = k }
        """#) == [
          "t.spec:5:10: error[SPC304]: action parameter 'k' ranges over its type, which is too large to enumerate: type 'parameter k of B' has about 20000000 values: too many to enumerate (the limit is 10000000)"
        ])
  }

  @Test("a range whose lower bound is above its upper bound is a warning")
  func emptyRangeWarning() {
    let spec = #"""
      spec T
      const N: Int = 0
      var x: 1..N
      init { x = 1 }
      """#
    #expect(
      diagnostics(spec) == [
        "t.spec:3:8: warning[SPC305]: range 1..0 is empty: its lower bound is above its upper bound"
      ])
    #expect(load(spec).isValid)
  }

  // MARK: SPC306 unknownField

  @Test("a field the record type does not have, with a did-you-mean note")
  func unknownFieldWithSuggestion() {
    #expect(
      diagnostics(
        #"""
        spec T
        var msg: [kind: "req" | "ack", seq: 0..7]
        init { msg = [kind |-> "req", seq |-> 0] }
        invariant I: msg.seqq < 8
        """#) == [
          #"t.spec:4:18: error[SPC306]: record type [kind: "ack" | "req", seq: Int] has no field 'seqq'"#,
          "note: did you mean 'seq'?",
        ])
  }

  @Test("a field the record type does not have, in an EXCEPT path")
  func unknownFieldInExcept() {
    #expect(
      diagnostics(
        #"""
        spec T
        var msg: [kind: "req" | "ack", seq: 0..7]
        init { msg = [kind |-> "req", seq |-> 0] }
        action A { msg' = [msg EXCEPT !.size = 1] }
        """#) == [
          #"t.spec:4:33: error[SPC306]: record type [kind: "ack" | "req", seq: Int] has no field 'size'"#
        ])
  }

  @Test("a field that no variant of a record union has; two letters are too few to suggest")
  func unknownFieldOfUnion() {
    #expect(
      diagnostics(
        #"""
        spec T
        type Msg = [type: "Prepared", rm: 1..3] | [type: "Commit"]
        var msgs: Set[Msg]
        init { msgs = {} }
        invariant I: \A m \in msgs: m.rn > 0
        """#) == [
          #"t.spec:5:31: error[SPC306]: record type [rm: Int, type: "Prepared"] | [type: "Commit"] has no field 'rn'"#
        ])
  }

  // MARK: SPC307 invalidUnionType

  @Test("a union of a string literal and a record")
  func literalAndRecordUnion() {
    #expect(
      diagnostics(
        #"""
        spec T
        type Mixed = "none" | [value: Int]
        var x: Int
        init { x = 0 }
        """#) == [
          "t.spec:2:14: error[SPC307]: a union type must be all string literals or all records"
        ])
  }

  @Test("a union of Int and Bool")
  func builtinTypeUnion() {
    #expect(
      diagnostics(
        #"""
        spec T
        type Num = Int | Bool
        var x: Int
        init { x = 0 }
        """#) == [
          "t.spec:2:12: error[SPC307]: a union type must be all string literals or all records"
        ])
  }

  // MARK: SPC308 infiniteSet

  @Test("a quantifier over Int")
  func quantifierOverInt() {
    #expect(
      diagnostics(
        #"""
        spec T
        var x: Int
        init { x = 0 }
        invariant Positive: \A n \in Int: n * n >= 0
        """#) == [
          "t.spec:4:30: error[SPC308]: 'Int' is infinite and cannot be enumerated; use a range such as 0..10"
        ])
  }

  @Test("Int used as a set value")
  func intAsValue() {
    #expect(
      diagnostics(
        #"""
        spec T
        var s: Set[Int]
        init { s = Int }
        """#) == [
          #"t.spec:3:12: error[SPC308]: 'Int' is an infinite set; it can only be used with \in or \notin"#
        ])
  }

  @Test("the cardinality of Int")
  func cardinalityOfInt() {
    #expect(
      diagnostics(
        #"""
        spec T
        var x: Int
        init { x = 0 }
        invariant I: Cardinality(Int) > 0
        """#) == [
          "t.spec:4:26: error[SPC308]: 'Int' is infinite and cannot be enumerated; use a range such as 0..10"
        ])
  }

  @Test("an existential over an alias of a sequence type")
  func quantifierOverSequences() {
    #expect(
      diagnostics(
        #"""
        spec T
        type Q = Seq[Bool]
        var x: Int
        init { x = 0 }
        invariant I: \E q \in Q: Len(q) = x
        """#) == [
          "t.spec:5:23: error[SPC308]: 'Q' is infinite and cannot be enumerated; use a range such as 0..10"
        ])
  }

  @Test("Seq[S] used as a value")
  func sequenceSetAsValue() {
    #expect(
      diagnostics(
        #"""
        spec T
        var x: Int
        def All = Seq[Bool]
        init { x = 0 }
        """#) == [
          #"t.spec:3:11: error[SPC308]: 'Seq[Bool]' is an infinite set; it can only be used with \in or \notin"#
        ])
  }

  @Test("a quantifier over Seq[S]")
  func quantifierOverSequenceSet() {
    #expect(
      diagnostics(
        #"""
        spec T
        var x: Int
        init { x = 0 }
        invariant I: \E s \in Seq[1..2]: Len(s) = x
        """#) == [
          "t.spec:4:23: error[SPC308]: 'Seq[1..2]' is infinite and cannot be enumerated; use a range such as 0..10"
        ])
  }

  @Test("an action parameter of type Int")
  func parameterOfTypeInt() {
    #expect(
      diagnostics(
        #"""
        spec T
        var x: Int
        init { x = 0 }
        action Set(k: Int) { x' = k }
        """#) == [
          "t.spec:4:12: error[SPC308]: action parameter 'k' ranges over an infinite type, which cannot be enumerated; use a range such as 0..10"
        ])
  }

  // MARK: SPC309 recursionNeedsResultType

  @Test("a recursive operator without a result type")
  func recursionWithoutResultType() {
    #expect(
      diagnostics(
        #"""
        spec T
        var x: Int
        def Sum(n: Int) = IF n = 0 THEN 0 ELSE n + Sum(n - 1)
        init { x = Sum(3) }
        """#) == [
          "t.spec:3:44: error[SPC309]: recursive operator 'Sum' needs a declared result type (def F(...): T = ...)"
        ])
  }

  @Test("mutually recursive operators without result types")
  func mutualRecursionWithoutResultType() {
    #expect(
      diagnostics(
        #"""
        spec T
        def Even(n: Int) = IF n = 0 THEN TRUE ELSE Odd(n - 1)
        def Odd(n: Int) = IF n = 0 THEN FALSE ELSE Even(n - 1)
        var x: Int
        init { x = 0 }
        invariant I: Even(2)
        """#) == [
          "t.spec:3:44: error[SPC309]: recursive operator 'Even' needs a declared result type (def F(...): T = ...)"
        ])
  }

  // MARK: SPC310 invalidPrime

  @Test("priming a constant")
  func primedConstant() {
    #expect(
      diagnostics(
        #"""
        spec T
        const N: Int = 3
        var x: Int
        init { x = 0 }
        action A { x' = N' }
        """#) == [
          "t.spec:5:17: error[SPC310]: only state variables can be primed; 'N' is not a variable"
        ])
  }

  @Test("priming an action parameter")
  func primedParameter() {
    #expect(
      diagnostics(
        #"""
        spec T
        var x: Int
        init { x = 0 }
        action A(k: 1..3) { x' = k' }
        """#) == [
          "t.spec:4:26: error[SPC310]: only state variables can be primed; 'k' is not a variable"
        ])
  }

  @Test("priming twice")
  func doublePrime() {
    #expect(
      diagnostics(
        #"""
        spec T
        var x: Int
        init { x = 0 }
        action A { x'' = 1 }
        """#) == [
          "t.spec:4:12: error[SPC310]: cannot prime an expression that is already primed"
        ])
  }

  // MARK: SPC311 unboundInInit

  @Test("init that never binds a variable")
  func initDoesNotBind() {
    #expect(
      diagnostics(
        #"""
        spec T
        var x: Int
        var y: Bool
        init { x = 0 }
        """#) == [
          #"t.spec:3:5: error[SPC311]: init never binds variable 'y' (write 'y = e' or 'y \in S')"#
        ])
  }

  @Test("a variable only tested, never bound, in init")
  func initOnlyTests() {
    #expect(
      diagnostics(
        #"""
        spec T
        var x: Int
        var y: Int
        init { x = 0 /\ y > x }
        """#) == [
          #"t.spec:3:5: error[SPC311]: init never binds variable 'y' (write 'y = e' or 'y \in S')"#
        ])
  }

  @Test("a spec without init")
  func noInit() {
    #expect(
      diagnostics(
        #"""
        spec T
        var x: Int
        action A { x' = 1 }
        """#) == [
          "t.spec:2:5: error[SPC311]: the spec has no init block, so variable 'x' is never bound"
        ])
  }

  // MARK: SPC312 invalidAssignment

  @Test("UNCHANGED of a constant")
  func unchangedConstant() {
    #expect(
      diagnostics(
        #"""
        spec T
        const N: Int = 3
        var x: Int
        init { x = 0 }
        action A { UNCHANGED N }
        """#) == [
          "t.spec:5:22: error[SPC312]: UNCHANGED takes state variables, found 'N'"
        ])
  }

  @Test("UNCHANGED of an expression inside a tuple")
  func unchangedExpression() {
    #expect(
      diagnostics(
        #"""
        spec T
        var x: Int
        init { x = 0 }
        action A { UNCHANGED <<x, x + 1>> }
        """#) == [
          "t.spec:4:27: error[SPC312]: UNCHANGED takes state variables, found 'x + 1'"
        ])
  }

  // MARK: SPC313 typeRecursion

  @Test("a type alias that contains itself")
  func selfRecursiveAlias() {
    #expect(
      diagnostics(
        #"""
        spec T
        type Tree = Set[Tree]
        var x: Int
        init { x = 0 }
        """#) == [
          "t.spec:2:13: error[SPC313]: type 'Tree' is defined in terms of itself"
        ])
  }

  @Test("a type alias whose range bound needs the alias's own values")
  func aliasInItsOwnBound() {
    #expect(
      diagnostics(
        #"""
        spec T
        type A = 1..Cardinality(A)
        var x: A
        init { x = 1 }
        """#) == [
          "t.spec:2:10: error[SPC313]: type 'A' is defined in terms of itself"
        ])
  }

  @Test("a type alias whose range bound reaches the alias through an operator and a constant")
  func aliasInItsOwnBoundIndirectly() {
    #expect(
      diagnostics(
        #"""
        spec T
        def Size = Cardinality(A)
        const K: Int = Size
        type A = 1..K
        var x: A
        init { x = 1 }
        """#) == [
          "t.spec:4:10: error[SPC313]: type 'A' is defined in terms of itself"
        ])
  }

  @Test("two type aliases whose range bounds need each other's values")
  func aliasesInEachOthersBounds() {
    #expect(
      diagnostics(
        #"""
        spec T
        type A = 1..Cardinality(B)
        type B = 1..Cardinality(A)
        var x: A
        init { x = 1 }
        """#) == [
          "t.spec:2:10: error[SPC313]: type 'A' is defined in terms of itself",
          "t.spec:3:10: error[SPC313]: type 'B' is defined in terms of itself",
        ])
  }

  @Test("two type aliases defined in terms of each other")
  func mutuallyRecursiveAliases() {
    #expect(
      diagnostics(
        #"""
        spec T
        type A = Seq[B]
        type B = [next: A]
        var x: Int
        init { x = 0 }
        """#) == [
          "t.spec:2:10: error[SPC313]: type 'A' is defined in terms of itself"
        ])
  }
}
