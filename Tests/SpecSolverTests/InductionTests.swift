import SpecDriver
import SpecRuntime
import SpecSolver
import SpecTrace
import Testing

@Suite("prove: inductive invariants and counterexamples to induction")
struct InductionTests {
  @Test("proves EWD840's invariants inductive together (Dijkstra's Inv with TypeOK)")
  func ewd840Proved() throws {
    let loaded = try loadFile("specs/EWD840.spec")
    let all = prove(loaded)
    #expect(all.result == .proved, "\(all.renderText())")
    #expect(all.entries.map(\.name) == ["TypeOK", "TerminationDetection", "Inv"])
    #expect(all.entries.allSatisfy { $0.verdict == .proved })
    let dijkstra = prove(loaded, invariants: ["Inv", "TypeOK"])
    #expect(dijkstra.result == .proved, "\(dijkstra.renderText())")
    #expect(dijkstra.exitCode == 0)
  }

  @Test("refuses TerminationDetection alone with a confirmed counterexample to induction")
  func terminationDetectionAlone() throws {
    let report = prove(try loadFile("specs/EWD840.spec"), invariants: ["TerminationDetection"])
    #expect(report.result == .notInductive)
    #expect(report.exitCode == 1)
    let entry = try #require(report.entries.first)
    #expect(entry.verdict == .notInductive)
    let trace = try #require(entry.trace)
    #expect(trace.steps.count == 2)
    // The step must reach a state where node 0 holds a white token and is white and
    // passive (termination detected) while some node is still active.
    let last = 1
    #expect(value(trace, step: last, "tpos") == .int(0))
    #expect(value(trace, step: last, "tcolor") == .string("white"))
    guard case .function(_, let active)? = value(trace, step: last, "active") else {
      Issue.record(
        "active is not a function: \(String(describing: value(trace, step: last, "active")))")
      return
    }
    #expect(active.contains(.bool(true)))
    #expect(
      report.notes.isEmpty, "the evaluator should confirm the counterexample: \(report.notes)")
  }

  static let counter = """
    spec Counter
    var x: Int
    init { x = 0 }
    action Inc { x' = x + 1 }
    invariant NonNegative: x >= 0
    invariant AtMostTen: x <= 10
    """

  @Test("proves a counter over unbounded Int non-negative")
  func counterProved() throws {
    let report = prove(try loadSpec(Self.counter), invariants: ["NonNegative"])
    #expect(report.result == .proved, "\(report.renderText())")
  }

  @Test("refutes x <= 10 with the counterexample x = 10, Inc, x = 11")
  func counterRefuted() throws {
    let report = prove(try loadSpec(Self.counter), invariants: ["AtMostTen"])
    #expect(report.result == .notInductive)
    let trace = try #require(report.entries.first?.trace)
    #expect(trace.steps.map(\.values) == [[.int(10)], [.int(11)]])
    #expect(trace.steps[1].action == "Inc")
  }

  @Test("proves with a symbolic constant constrained by assume, and refutes a too-strong bound")
  func symbolicConstant() throws {
    let spec = try loadSpec(
      """
      spec Bounded
      const N: Int
      assume N > 0
      var x: Int
      init { x = 0 }
      action Inc { x < N
                   x' = x + 1 }
      invariant AtMostN: 0 <= x /\\ x <= N
      invariant BelowN: x < N
      """)
    #expect(spec.symbolicConstants == [true])
    let proved = prove(spec, invariants: ["AtMostN"])
    #expect(proved.result == .proved, "\(proved.renderText())")
    let refuted = prove(spec, invariants: ["BelowN"])
    #expect(refuted.result == .notInductive)
    let trace = try #require(refuted.entries.first?.trace)
    let n = try #require(trace.parameters.first { $0.name == "N" }?.value)
    // From x = N - 1 the step reaches x = N.
    guard case .int(let bound) = n else { return }
    #expect(trace.steps.map(\.values) == [[.int(bound - 1)], [.int(bound)]])
  }

  @Test("reports an invariant that an initial state violates")
  func violatedInitially() throws {
    let report = prove(
      try loadSpec(
        """
        spec Start
        var x: 0..3
        init { x \\in 0..3 }
        action Stay { x' = x }
        invariant Small: x < 3
        """))
    #expect(report.result == .notInductive)
    #expect(report.entries.first?.verdict == .violatedInitially)
    #expect(report.entries.first?.trace?.steps.map(\.values) == [[.int(3)]])
  }

  @Test("finds an action that leaves its variable's declared type from an allowed state")
  func typeNotPreserved() throws {
    let report = prove(
      try loadSpec(
        """
        spec Overflowing
        var x: 0..3
        init { x = 0 }
        action Inc { x' = x + 1 }
        invariant Any: TRUE
        """))
    #expect(report.result == .notInductive)
    let failure = try #require(report.stepFailures.first)
    #expect(failure.diagnostic.code == .outsideType)
    #expect(failure.trace.steps.first?.values == [.int(3)])
  }

  @Test("an unknown invariant name is an error naming the invariants there are")
  func unknownInvariant() throws {
    let report = prove(try loadSpec(Self.counter), invariants: ["Nope"])
    #expect(report.result == .error)
    #expect(report.problems.first?.code == .unknownName)
  }
}

@Suite("check --prove: inductive or only true of the explored states")
struct CheckThenProveTests {
  @Test("says EWD840's invariants are inductive after a check of N = 3")
  func ewd840() throws {
    var options = CheckOptions()
    options.search.checkDeadlock = false  // as the manifest's model: EWD840 terminates
    let check = Driver.withLargeStack {
      Driver.check(path: "\(repositoryRoot)/specs/EWD840.spec", overrides: [], options: options)
    }
    #expect(check.result == .ok)
    let proof = try #require(Driver.proveAfterCheck(check, timeout: 60))
    #expect(proof.result == .proved)
    let text = proof.renderAfterCheck(explored: true)
    #expect(text.contains("Inv                   inductive"))
  }

  @Test("after DieHard's violation, proves the invariant the check found true inductive")
  func dieHard() throws {
    let check = Driver.withLargeStack {
      Driver.check(
        path: "\(repositoryRoot)/examples/DieHard.spec", overrides: [], options: CheckOptions())
    }
    #expect(check.result == .invariantViolated)
    let proof = try #require(Driver.proveAfterCheck(check, timeout: 60))
    #expect(proof.entries.map(\.name) == ["TypeOK"])
    #expect(proof.entries.first?.verdict == .proved)
  }
}
