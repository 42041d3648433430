import Testing

/// SPC4xx found while evaluating constants: defaults, `--const` values and range bounds
/// are evaluated when a spec is loaded, so these errors make the spec invalid (exit 2).
@Suite("Evaluation diagnostics of constants (SPC4xx)")
struct ConstantDiagnosticsTests {
  @Test("division by zero in a constant's default")
  func divisionByZero() {
    #expect(
      diagnostics(
        #"""
        spec T
        const N: Int = 1 \div 0
        var x: Int
        init { x = N }
        """#) == [
          #"t.spec:2:16: error[SPC401]: division by zero: 1 \div 0"#
        ])
  }

  @Test("modulus by zero in a constant's default")
  func modulusByZero() {
    #expect(
      diagnostics(
        #"""
        spec T
        const N: Int = 5 % 0
        var x: Int
        init { x = N }
        """#) == [
          "t.spec:2:16: error[SPC401]: modulus by zero: 5 % 0"
        ])
  }

  @Test("division by zero in a range bound, through constants")
  func divisionByZeroInRangeBound() {
    #expect(
      diagnostics(
        #"""
        spec T
        const N: Int = 10
        const D: Int = 0
        var x: 0..(N \div D)
        init { x = 0 }
        """#) == [
          #"t.spec:4:11: error[SPC401]: division by zero: 10 \div 0"#
        ])
  }

  @Test("an addition that overflows 64 bits")
  func additionOverflow() {
    #expect(
      diagnostics(
        #"""
        spec T
        const N: Int = 9223372036854775807 + 1
        var x: Int
        init { x = N }
        """#) == [
          "t.spec:2:16: error[SPC402]: integer overflow: 9223372036854775807 + 1 does not fit in 64 bits"
        ])
  }

  @Test("a power that overflows 64 bits")
  func powerOverflow() {
    #expect(
      diagnostics(
        #"""
        spec T
        const N: Int = 2 ^ 64
        var x: Int
        init { x = N }
        """#) == [
          "t.spec:2:16: error[SPC402]: integer overflow: 2^64 does not fit in 64 bits"
        ])
  }

  @Test("a subtraction that overflows 64 bits")
  func subtractionOverflow() {
    #expect(
      diagnostics(
        #"""
        spec T
        const N: Int = -9223372036854775807 - 2
        var x: Int
        init { x = 0 }
        """#) == [
          "t.spec:2:16: error[SPC402]: integer overflow: -9223372036854775807 - 2 does not fit in 64 bits"
        ])
  }

  @Test("a function applied outside its domain")
  func outsideDomain() {
    #expect(
      diagnostics(
        #"""
        spec T
        const N: Int = [i \in 1..2 |-> i][5]
        var x: Int
        init { x = N }
        """#) == [
          #"t.spec:2:16: error[SPC403]: '[i \in 1..2 |-> i]' applied to 5, which is outside its domain 1..2"#
        ])
  }

  @Test("Head of an empty sequence")
  func headOfEmpty() {
    #expect(
      diagnostics(
        #"""
        spec T
        const S: Seq[Int] = << >>
        const N: Int = Head(S)
        var x: Int
        init { x = N }
        """#) == [
          "t.spec:3:16: error[SPC404]: Head of the empty sequence"
        ])
  }

  @Test("CHOOSE with no witness")
  func chooseWithoutWitness() {
    #expect(
      diagnostics(
        #"""
        spec T
        const N: Int = CHOOSE i \in 1..3: i > 5
        var x: Int
        init { x = N }
        """#) == [
          "t.spec:2:16: error[SPC405]: CHOOSE found no value in its domain that satisfies its predicate"
        ])
  }

  @Test("a constant's default outside its declared range")
  func defaultOutsideType() {
    #expect(
      diagnostics(
        #"""
        spec T
        const N: 1..3 = 7
        var x: Int
        init { x = N }
        """#) == [
          "t.spec:2:17: error[SPC406]: constant 'N' = 7 is outside its declared type"
        ])
  }

  @Test("a set constant with an element outside its declared element type")
  func setDefaultOutsideType() {
    #expect(
      diagnostics(
        #"""
        spec T
        const S: Set[1..3] = {1, 5}
        var x: Int
        init { x = 0 }
        """#) == [
          "t.spec:2:22: error[SPC406]: constant 'S' = {1, 5} is outside its declared type"
        ])
  }

  @Test("a --const value outside the constant's type is reported in the --const text")
  func overrideOutsideType() {
    let spec = #"""
      spec T
      const N: 1..3 = 2
      var x: Int
      init { x = N }
      """#
    #expect(
      diagnostics(spec, constants: ["N=7"]) == [
        "--const N:1:1: error[SPC406]: constant 'N' = 7 is outside its declared type"
      ])
    #expect(load(spec, constants: ["N=3"]).constants == [.int(3)])
  }

  @Test("a negative exponent")
  func negativeExponent() {
    #expect(
      diagnostics(
        #"""
        spec T
        const N: Int = 2 ^ (0 - 1)
        var x: Int
        init { x = N }
        """#) == [
          "t.spec:2:16: error[SPC408]: negative exponent: 2^-1"
        ])
  }

  @Test("a CASE where no arm applies and there is no OTHER")
  func caseWithoutArm() {
    #expect(
      diagnostics(
        #"""
        spec T
        const N: Int = CASE 1 > 2 -> 1 [] 2 > 3 -> 2
        var x: Int
        init { x = N }
        """#) == [
          "t.spec:2:16: error[SPC408]: no CASE arm applies and there is no OTHER"
        ])
  }

  @Test("an operator that recurses without end")
  func endlessRecursion() {
    #expect(
      diagnostics(
        #"""
        spec T
        def Loop(n: Int): Int = Loop(n + 1)
        const N: Int = Loop(0)
        var x: Int
        init { x = 0 }
        """#) == [
          "t.spec:2:25: error[SPC408]: operator 'Loop' recursed too deeply"
        ])
  }

  @Test("SUBSET of a 40-element set is too large to build")
  func subsetTooLarge() {
    #expect(
      diagnostics(
        #"""
        spec T
        const N: Int = Cardinality(SUBSET (1..40))
        var x: Int
        init { x = N }
        """#) == [
          "t.spec:2:28: error[SPC409]: SUBSET of a set with 40 elements has 2^40 elements: too many to build"
        ])
  }

  @Test("a --const value that does not parse")
  func overrideSyntaxError() {
    #expect(
      diagnostics(
        #"""
        spec T
        const N: Int = 1
        var x: Int
        init { x = N }
        """#, constants: ["N="]) == [
          "--const N:1:1: error[SPC105]: expected an expression, found end of file"
        ])
  }

  @Test("constants may use operators and constants declared further down")
  func forwardReferences() {
    let loaded = load(
      #"""
      spec T
      const M: Int = Twice(K) + 1
      def Twice(n: Int): Int = 2 * n
      const K: Int = 2
      var x: 0..M
      init { x = 0 }
      """#)
    #expect(loaded.diagnostics.isEmpty)
    #expect(loaded.constants == [.int(5), .int(2)])
  }
}
