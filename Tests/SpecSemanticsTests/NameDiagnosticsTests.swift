import Testing

/// SPC2xx: names. Each test pins the code, the message and the line:column of the
/// smallest spec that shows it, with its notes.
@Suite("Name diagnostics (SPC2xx)")
struct NameDiagnosticsTests {
  // MARK: SPC201 duplicateName

  @Test("a name declared twice is reported at the second, with a note at the first")
  func duplicateGlobal() {
    #expect(
      diagnostics(
        #"""
        spec T
        const N: Int = 1
        var N: Int
        init { N = 1 }
        """#) == [
          "t.spec:3:5: error[SPC201]: 'N' is already declared",
          "t.spec:2:7: note: first declared here",
        ])
  }

  @Test("an operator may not reuse an action's name")
  func duplicateActionAndOperator() {
    #expect(
      diagnostics(
        #"""
        spec T
        var x: Int
        init { x = 0 }
        action Inc { x' = x + 1 }
        def Inc = 1
        """#) == [
          "t.spec:5:5: error[SPC201]: 'Inc' is already declared",
          "t.spec:4:8: note: first declared here",
        ])
  }

  @Test("a second init block is a duplicate of the first")
  func duplicateInit() {
    #expect(
      diagnostics(
        #"""
        spec T
        var x: Int
        init { x = 0 }
        init { x = 1 }
        """#) == [
          "t.spec:4:1: error[SPC201]: 'init' is already declared",
          "t.spec:3:1: note: first declared here",
        ])
  }

  @Test("two parameters of one action with the same name")
  func duplicateParameter() {
    #expect(
      diagnostics(
        #"""
        spec T
        var x: Int
        init { x = 0 }
        action Set(v: 0..3, v: Bool) { x' = 1 }
        """#) == [
          "t.spec:4:21: error[SPC201]: parameter 'v' is already declared",
          "t.spec:4:12: note: first declared here",
        ])
  }

  @Test("a record type with a field written twice")
  func duplicateFieldInRecordType() {
    #expect(
      diagnostics(
        #"""
        spec T
        var r: [a: Int, a: Bool]
        init { r = [a |-> 1] }
        """#) == [
          "t.spec:2:17: error[SPC201]: field 'a' appears twice in the record type",
          "t.spec:2:9: note: first declared here",
        ])
  }

  @Test("a record value with a field written twice")
  func duplicateFieldInRecordValue() {
    #expect(
      diagnostics(
        #"""
        spec T
        var x: Int
        init { x = 0 }
        invariant I: [a |-> 1, a |-> 2].a = 1
        """#) == [
          "t.spec:4:24: error[SPC201]: field 'a' appears twice in the record"
        ])
  }

  // MARK: SPC202 unknownName

  @Test("an unknown name close to a declared one gets a did-you-mean note")
  func unknownNameWithSuggestion() {
    #expect(
      diagnostics(
        #"""
        spec T
        var count: Int
        init { count = 0 }
        action Inc { count' = cont + 1 }
        """#) == [
          "t.spec:4:23: error[SPC202]: unknown name 'cont'",
          "note: did you mean 'count'?",
        ])
  }

  @Test("two swapped letters count as one edit for the suggestion")
  func unknownNameWithTransposition() {
    #expect(
      diagnostics(
        #"""
        spec T
        var count: Int
        init { count = 0 }
        action Inc { count' = cuont + 1 }
        """#) == [
          "t.spec:4:23: error[SPC202]: unknown name 'cuont'",
          "note: did you mean 'count'?",
        ])
  }

  @Test("an unknown name far from every declared one gets no note")
  func unknownNameWithoutSuggestion() {
    #expect(
      diagnostics(
        #"""
        spec T
        var count: Int
        init { count = 0 }
        action Inc { count' = count + step }
        """#) == [
          "t.spec:4:31: error[SPC202]: unknown name 'step'"
        ])
  }

  @Test("a misspelt built-in operator is suggested")
  func unknownOperatorWithSuggestion() {
    #expect(
      diagnostics(
        #"""
        spec T
        var s: Seq[Int]
        init { s = << >> }
        action Push { s' = Apend(s, 1) }
        """#) == [
          "t.spec:4:20: error[SPC202]: unknown operator 'Apend'",
          "note: did you mean 'Append'?",
        ])
  }

  @Test("an unknown operator with nothing like it")
  func unknownOperatorWithoutSuggestion() {
    #expect(
      diagnostics(
        #"""
        spec T
        var x: Int
        init { x = Frobnicate(1) }
        """#) == [
          "t.spec:3:12: error[SPC202]: unknown operator 'Frobnicate'"
        ])
  }

  @Test("'@' outside the value of an EXCEPT clause")
  func atOutsideExcept() {
    #expect(
      diagnostics(
        #"""
        spec T
        var x: Int
        init { x = @ }
        """#) == [
          "t.spec:3:12: error[SPC202]: '@' is only meaningful inside the value of an EXCEPT clause"
        ])
  }

  @Test("the body of a LET operator sees the names where it is written, not where it is called")
  func letOperatorIsLexicallyScoped() {
    #expect(
      diagnostics(
        #"""
        spec T
        var x: Int
        init { x = 0 }
        invariant J: LET f(a) == a + z IN \A z \in 1..2: f(z) > 0
        """#) == [
          "t.spec:4:30: error[SPC202]: unknown name 'z'"
        ])
  }

  @Test("a LET operator cannot call itself: it is reported, not analysed forever")
  func recursiveLetOperator() {
    #expect(
      diagnostics(
        #"""
        spec T
        var x: Int
        init { x = 1 }
        invariant I: LET f(n) == f(n) IN f(1) = 1
        """#) == [
          "t.spec:4:26: error[SPC202]: unknown operator 'f'"
        ])
  }

  // MARK: SPC203 unknownType

  @Test("an unknown type close to an alias gets a did-you-mean note")
  func unknownTypeWithSuggestion() {
    #expect(
      diagnostics(
        #"""
        spec T
        type Proc = 1..3
        var p: Porc
        init { p = 1 }
        """#) == [
          "t.spec:3:8: error[SPC203]: unknown type 'Porc'",
          "note: did you mean 'Proc'?",
        ])
  }

  @Test("TLA+'s Nat is not a type of the language, and nothing is suggested")
  func unknownTypeWithoutSuggestion() {
    #expect(
      diagnostics(
        #"""
        spec T
        var p: Nat
        init { p = 1 }
        """#) == [
          "t.spec:2:8: error[SPC203]: unknown type 'Nat'"
        ])
  }

  // MARK: SPC204 unknownConstant

  @Test("--const naming a constant the spec does not declare")
  func unknownConstantOverride() {
    #expect(
      diagnostics(
        #"""
        spec T
        const N: Int = 1
        var x: Int
        init { x = N }
        """#, constants: ["M=3"]) == [
          "--const M:1:1: error[SPC204]: --const names 'M', which the spec does not declare as a constant"
        ])
  }

  @Test("--const naming a variable is not a constant either")
  func overrideOfAVariable() {
    #expect(
      diagnostics(
        #"""
        spec T
        var x: Int
        init { x = 0 }
        """#, constants: ["x=3"]) == [
          "--const x:1:1: error[SPC204]: --const names 'x', which the spec does not declare as a constant"
        ])
  }

  // MARK: SPC205 wrongArgumentCount

  @Test("an operator called with too few arguments")
  func tooFewArguments() {
    #expect(
      diagnostics(
        #"""
        spec T
        var x: Int
        def Add(a: Int, b: Int): Int = a + b
        init { x = Add(1) }
        """#) == [
          "t.spec:4:12: error[SPC205]: 'Add' takes 2 arguments, found 1"
        ])
  }

  @Test("an operator with parameters used without arguments")
  func operatorWithoutArguments() {
    #expect(
      diagnostics(
        #"""
        spec T
        var x: Int
        def Double(a: Int): Int = 2 * a
        init { x = Double }
        """#) == [
          "t.spec:4:12: error[SPC205]: operator 'Double' takes 1 argument"
        ])
  }

  @Test("a built-in operator with the wrong number of arguments")
  func builtinArity() {
    #expect(
      diagnostics(
        #"""
        spec T
        var s: Seq[Int]
        init { s = << >> }
        action A { s' = Append(s) }
        """#) == [
          "t.spec:4:17: error[SPC205]: 'Append' takes 2 arguments, found 1"
        ])
  }

  @Test("a built-in operator used as a value")
  func builtinWithoutArguments() {
    #expect(
      diagnostics(
        #"""
        spec T
        var s: Seq[Int]
        init { s = << >> }
        invariant I: Len = 0
        """#) == [
          "t.spec:4:14: error[SPC205]: 'Len' must be called with arguments"
        ])
  }

  @Test("a LET operator with parameters used as a value")
  func letOperatorWithoutArguments() {
    #expect(
      diagnostics(
        #"""
        spec T
        var x: Int
        init { x = 0 }
        invariant I: LET Sq(n) == n * n IN Sq > 0
        """#) == [
          "t.spec:4:36: error[SPC205]: 'Sq' takes arguments: call it as Sq(...)"
        ])
  }

  // MARK: SPC206 notCallable

  @Test("a constant called like an operator")
  func constantCalled() {
    #expect(
      diagnostics(
        #"""
        spec T
        const N: Int = 3
        var x: Int
        init { x = N(1) }
        """#) == [
          "t.spec:4:12: error[SPC206]: 'N' is not an operator and cannot be called"
        ])
  }

  @Test("a bound variable called like an operator")
  func localCalled() {
    #expect(
      diagnostics(
        #"""
        spec T
        var x: Int
        init { x = 0 }
        invariant I: \A k \in 1..3: k(1) > 0
        """#) == [
          "t.spec:4:29: error[SPC206]: 'k' is not an operator and cannot be called"
        ])
  }

  @Test("an action used inside another action's expression")
  func actionInExpression() {
    #expect(
      diagnostics(
        #"""
        spec T
        var x: Int
        init { x = 0 }
        action Inc { x' = x + 1 }
        action Twice { Inc /\ x' = x + 2 }
        """#) == [
          "t.spec:5:16: error[SPC206]: action 'Inc' cannot be used inside an expression"
        ])
  }

  // MARK: SPC207 missingConstantValue

  @Test("every constant without a default and without --const is reported")
  func missingConstantValues() {
    let spec = #"""
      spec T
      const N: Int
      const M: Int
      var x: 1..N
      init { x = M }
      """#
    #expect(
      diagnostics(spec) == [
        "t.spec:2:7: error[SPC207]: constant 'N' has no value: give one with --const N=VALUE",
        "t.spec:3:7: error[SPC207]: constant 'M' has no value: give one with --const M=VALUE",
      ])
    #expect(
      diagnostics(spec, constants: ["N=3"]) == [
        "t.spec:3:7: error[SPC207]: constant 'M' has no value: give one with --const M=VALUE"
      ])
    let loaded = load(spec, constants: ["N=3", "M=2"])
    #expect(loaded.isValid)
    #expect(loaded.constants == [.int(3), .int(2)])
  }

  @Test("the last --const for a name wins")
  func lastOverrideWins() {
    let loaded = load(
      #"""
      spec T
      const N: Int = 1
      var x: Int
      init { x = N }
      """#, constants: ["N=2", "N=5"])
    #expect(loaded.diagnostics.isEmpty)
    #expect(loaded.constants == [.int(5)])
  }
}
