import SpecDriver
import SpecEngine
import SpecRuntime
import SpecSyntax
import SpecTrace
import Testing

/// CLI.md: the counterexample is the shortest possible. Each case compares the trace that
/// `check` reports with the least depth of a bad state found by a separate, deliberately
/// simple breadth-first search over the compiled spec (`shortestProblem`), and checks that
/// the trace is a real behaviour of the spec.
@Suite("Counterexamples are shortest")
struct MinimalityTests {
  struct Case: CustomStringConvertible, Sendable {
    var name: String
    var text: String
    /// The trace length TLC reports (or, for derived specs, worked out by hand).
    var expectedLength: Int
    var description: String { name }
  }

  static let cases: [Case] = [
    // DieHard: TLC's 7-state trace (FillBig, BigToSmall, EmptySmall, BigToSmall, FillBig,
    // BigToSmall).
    Case(name: "DieHard", text: specText("examples/DieHard.spec"), expectedLength: 7),
    Case(
      name: "MissionariesAndCannibals", text: specText("specs/MissionariesAndCannibals.spec"),
      expectedLength: 12),
    Case(name: "Hanoi with 5 disks", text: specText("specs/Hanoi.spec"), expectedLength: 32),
    // Three RMPrepare, three TMRcvPrepared, TMCommit: 7 steps.
    Case(
      name: "TwoPhase with a commit forbidden",
      text: specText("examples/TwoPhase.spec") + "\ninvariant NoCommit: tmState /= \"committed\"\n",
      expectedLength: 8),
    // Process 2 runs a0, a1, a2, a3 alone: 4 steps.
    Case(
      name: "Peterson with process 2 kept out",
      text: specText("examples/Peterson.spec") + "\ninvariant Out: pc[2] /= \"cs\"\n",
      expectedLength: 5),
    // Each RM aborts: the deadlock of TLC's 4-state trace.
    Case(name: "TCommit's deadlock", text: specText("specs/TCommit.spec"), expectedLength: 4),
  ]

  @Test("the reported trace is as short as the shortest path to a bad state", arguments: cases)
  func shortest(_ testCase: Case) throws {
    let checked = Checked(testCase.text, path: testCase.name)
    #expect(checked.loadDiagnostics.filter { $0.contains("error") } == [])
    #expect(checked.result == .invariantViolated || checked.result == .deadlock)
    let reported = try #require(checked.report.trace)
    let shortest = try #require(try shortestProblem(checked.report))
    #expect(reported.steps.count == shortest)
    #expect(reported.steps.count == testCase.expectedLength)
    try expectBehaviour(reported, of: checked.report)
  }

  @Test("the trace does not get shorter or longer with 1, 2 or 4 workers", arguments: cases)
  func sameForAnyWorkers(_ testCase: Case) {
    let traces = [1, 2, 4].map {
      Checked(testCase.text, path: testCase.name, workers: $0).report.trace
    }
    #expect(traces[1] == traces[0])
    #expect(traces[2] == traces[0])
  }

  @Test("iterative deepening with --max-depth finds nothing before the trace's length")
  func iterativeDeepening() {
    for testCase in Self.cases.prefix(2) {
      var found: Int?
      for depth in 1...40 {
        let checked = Checked(
          testCase.text, path: testCase.name, configure: { $0.maxDepth = depth })
        if checked.result == .invariantViolated {
          found = depth
          #expect(checked.traceLength == depth, "\(testCase.name)")
          break
        }
        #expect(checked.result == .incomplete, "\(testCase.name) at depth \(depth)")
      }
      #expect(found == testCase.expectedLength, "\(testCase.name)")
    }
  }

  /// The least number of states on a path from an initial state to a state that violates
  /// an invariant or has no successor, by a plain level-by-level search of the whole
  /// graph (no limits, no parallelism, no early exit inside a level).
  func shortestProblem(_ report: CheckReport) throws -> Int? {
    let spec = try #require(report.loaded.spec)
    let system = try CompiledSpec(spec: spec, constants: try #require(report.loaded.constants))
    var worker = system.makeWorker()
    var seen = Set<SpecState>()
    var level = try worker.initialStates().filter { seen.insert($0).inserted }
    var depth = 1
    while !level.isEmpty {
      var next: [SpecState] = []
      var bad = false
      for state in level {
        var transitions: [Transition<SpecState>] = []
        try worker.successors(of: state, into: &transitions)
        if try worker.violatedInvariant(state) != nil || transitions.isEmpty { bad = true }
        next += transitions.map(\.state).filter { seen.insert($0).inserted }
      }
      if bad { return depth }
      level = next
      depth += 1
    }
    return nil
  }

  /// Each step of `trace` is a successor of the one before, by the action it names.
  func expectBehaviour(_ trace: Trace, of report: CheckReport) throws {
    let spec = try #require(report.loaded.spec)
    let system = try CompiledSpec(spec: spec, constants: try #require(report.loaded.constants))
    var worker = system.makeWorker()
    #expect(try worker.initialStates().contains(system.state(trace.steps[0].values)))
    for (previous, step) in zip(trace.steps, trace.steps.dropFirst()) {
      var transitions: [Transition<SpecState>] = []
      try worker.successors(of: system.state(previous.values), into: &transitions)
      let matching = transitions.filter { transition in
        let instance = system.instances[transition.label]
        return transition.state == system.state(step.values)
          && spec.actions[instance.action].name.text == step.action
          && instance.arguments == step.arguments.map(\.value)
      }
      #expect(!matching.isEmpty, "no \(step.label) step from \(previous.values) to \(step.values)")
    }
  }
}
