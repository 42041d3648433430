import SpecDriver
import SpecEngine
import SpecRuntime
import SpecSyntax
import Testing

/// The forms the compiler runs on packed bits since the benchmarks' profiles: entries
/// chosen at run time, EXCEPT on a packed variable, membership in a set that reads no
/// variable. Each must give the interpreter's answers and, on bad input, its errors.
@Suite("Compiled entries, EXCEPT and memoized membership")
struct CompiledFormsTests {
  /// The search over a spec file with compiled code, and its compiled/interpreted runs.
  func runs(_ file: String, _ constants: [String: Int]) throws -> (
    states: Int, compiled: Int, interpreted: Int
  ) {
    let (compiled, _) = try CompiledCodeTests.systems(
      CompiledCodeTests.Entry(file: file, constants: constants))
    var search = BreadthFirstSearch(system: compiled, options: SearchOptions())
    let result = search.run()
    let runs = search.workers[0].codeRuns
    return (result.distinctStates, runs.compiled, runs.interpreted)
  }

  @Test("FilterLock N=3 (victim[at[self]], victim'[at[self]] = self) runs compiled code only")
  func filterLockNeverFallsBack() throws {
    let runs = try runs("Benchmarks/FilterLock.spec", ["N": 3])
    #expect(runs.states == 894)
    #expect(runs.interpreted == 0)
    // 894 states × 15 action instances (5 actions, 3 processes), and 894 invariant
    // checks: the initial state and each successor not in the store when its batch began
    // and not met earlier in the batch, which is each state once while every level fits
    // one batch of 256 states.
    #expect(runs.compiled == 894 * 15 + 894)
  }

  @Test("DiningPhilosophers NP=5 (EXCEPT, TypeOK's function sets) runs compiled code only")
  func philosophersNeverFallBack() throws {
    let runs = try runs("specs/DiningPhilosophers.spec", ["NP": 5])
    #expect(runs.states == 67)
    #expect(runs.interpreted == 0)
  }

  @Test("DiningPhilosophers NP=12 (forks: 72 bits) updates forks' in place, compiled only")
  func widePhilosophersNeverFallBack() throws {
    let runs = try runs("specs/DiningPhilosophers.spec", ["NP": 12])
    #expect(runs.states == 8_195)
    #expect(runs.interpreted == 0)
    try CompiledCodeTests().agreeOnManifestSpecs(
      entry: CompiledCodeTests.Entry(file: "specs/DiningPhilosophers.spec", constants: ["NP": 12]))
  }

  @Test("an entry read at a key outside the function's domain is the interpreter's SPC403")
  func dynamicEntryOutsideDomain() {
    let checked = Checked(
      #"""
      spec DynamicRead
      var i: 1..4
      var f: 1..3 -> 0..9
      init {
        i = 1
        f = [k \in 1..3 |-> k]
      }
      action Step {
        f[i] < 9
        i' = i + 1
      }
      """#)
    #expect(checked.result == .error)
    #expect(checked.problems == ["9:3 SPC403 'f' applied to 4, which is outside its domain 1..3"])
    #expect(checked.traceLength == 4)
  }

  @Test("an entry written at a run-time key: successors as the interpreter gives them")
  func dynamicEntryWrite() {
    let checked = Checked(
      #"""
      spec DynamicWrite
      var i: 1..3
      var f: 1..3 -> 0..3
      init {
        i = 1
        f = [k \in 1..3 |-> 0]
      }
      action Mark {
        f'[i] = i
        i' = IF i = 3 THEN 1 ELSE i + 1
      }
      invariant NotAllMarked: ~(f[1] = 1 /\ f[2] = 2 /\ f[3] = 3)
      """#)
    #expect(checked.result == .invariantViolated)
    #expect(checked.traceLength == 4)
    // A function over 1..n is the sequence of its values.
    #expect(
      checked.report.trace?.steps.last?.values == [
        .int(1), .sequence([.int(1), .int(2), .int(3)]),
      ])
  }

  @Test("EXCEPT at an absent entry is the interpreter's error, at its position")
  func exceptAbsentEntry() {
    let checked = Checked(
      #"""
      spec ExceptAbsent
      var f: 1..3 -> 0..3
      init { f = [k \in 1..2 |-> 0] }
      action Set3 { f' = [f EXCEPT ![3] = 1] }
      """#)
    #expect(checked.result == .error)
    #expect(
      checked.problems == ["4:32 SPC403 EXCEPT ![3]: 3 is outside the function's domain 1..2"])
    #expect(checked.traceLength == 1)
  }

  @Test("EXCEPT writing a value outside the entry's type is SPC406")
  func exceptOutsideType() {
    let checked = Checked(
      #"""
      spec ExceptType
      var f: 1..2 -> 0..3
      var n: 0..9
      init {
        f = [k \in 1..2 |-> 0]
        n = 0
      }
      action Bump {
        n < 9
        n' = n + 1
        f' = [f EXCEPT ![1] = n + 1]
      }
      """#)
    #expect(checked.result == .error)
    #expect(
      checked.problems == [
        "11:3 SPC406 action 'Bump' sets 'f' to <<4, 0>>, which is outside its declared type"
      ])
    #expect(checked.traceLength == 4)
  }

  @Test("membership in a function set is decided per state, remembered per value")
  func memoizedMembership() {
    let checked = Checked(
      #"""
      spec Members
      var f: 1..2 -> 0..3
      init { f = [k \in 1..2 |-> 0] }
      action Up(k: 1..2) {
        f[k] < 3
        f' = [f EXCEPT ![k] = f[k] + 1]
      }
      invariant Small: f \in [1..2 -> 0..1] \/ f[1] = 0
      """#)
    // <<1, 1>> is in the set; <<2, 0>>, two steps from the start, is the first that is not.
    #expect(checked.result == .invariantViolated)
    #expect(checked.traceLength == 3)
    #expect(checked.report.trace?.steps.last?.values == [.sequence([.int(2), .int(0)])])
  }
}

/// Invariants over every pair of processes unroll to N² clauses of two slot tests; the
/// compiler decides the two shapes they take in 2N tests at most (`PairwiseClauses`).
@Suite("Pairwise invariants decided without going through the pairs")
struct PairwiseClausesTests {
  static let text = #"""
    spec Pairs
    var s: 1..4 -> 0..2
    init { s = [i \in 1..4 |-> 0] }
    action Set(i: 1..4, v: 0..2) { s'[i] = v }
    // Every pair (i, j), i = j included: (\A i: s[i] /= 1) \/ (\A j: s[j] /= 2).
    invariant NoOneWithTwo: \A i, j \in 1..4: ~(s[i] = 1 /\ s[j] = 2)
    // Every two distinct i, j: at most one s[i] = 1.
    invariant AtMostOneOne: \A i, j \in 1..4: i /= j => ~(s[i] = 1 /\ s[j] = 1)
    """#

  /// For one invariant, the number of the 81 states that violate it by compiled code and
  /// by the interpreter, and the compiled worker's interpreted runs.
  func violations(invariant: Int) throws -> (compiled: Int, interpreted: Int, fallbacks: Int) {
    let counts = try compareInvariant(Self.text, path: "pairs.spec", invariant: invariant)
    #expect(counts.states == 81)
    // Compiled code's own answers, its `false` included, are the interpreter's.
    #expect(counts.compiledFalse == counts.interpreted)
    #expect(counts.undecided == 0)
    return (counts.compiled, counts.interpreted, counts.fallbacks)
  }

  @Test("every pair i, j: violated by the 50 states with both a 1 and a 2, compiled only")
  func product() throws {
    let counts = try violations(invariant: 0)
    #expect(counts.compiled == 50)
    #expect(counts.interpreted == 50)
    #expect(counts.fallbacks == 0)
  }

  @Test("every two distinct i, j: violated by the 33 states with two 1s or more, compiled only")
  func atMostOne() throws {
    let counts = try violations(invariant: 1)
    #expect(counts.compiled == 33)
    #expect(counts.interpreted == 33)
    #expect(counts.fallbacks == 0)
  }

  @Test("the shortest violation of each: two steps")
  func traces() {
    let checked = Checked(Self.text)
    #expect(checked.result == .invariantViolated)
    #expect(checked.traceLength == 3)
  }

  @Test("a pair over a partial function is the interpreter's SPC403 at its first missing key")
  func partialFunction() {
    let checked = Checked(
      #"""
      spec PartialPairs
      type Step = "idle" | "cs"
      var pc: 1..3 -> Step
      init { pc = [i \in 1..2 |-> "idle"] }
      action Enter(i: 1..2) {
        pc[i] = "idle"
        pc' = [pc EXCEPT ![i] = "cs"]
      }
      invariant Mutex: \A i, j \in 1..3: i /= j => ~(pc[i] = "cs" /\ pc[j] = "cs")
      """#)
    #expect(checked.result == .error)
    // The interpreter's short circuits: (1, 3) and (2, 3) stop at pc[1], pc[2]; (3, 1)
    // reads pc[3] in the initial state.
    #expect(checked.problems == ["9:48 SPC403 'pc' applied to 3, which is outside its domain 1..2"])
    #expect(checked.traceLength == 1)
  }
}
