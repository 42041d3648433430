import Foundation
import SpecDriver
import SpecRuntime
import SpecSolver
import SpecTrace
import Testing

@Suite("bmc: bounded model checking")
struct BoundedModelCheckerTests {
  @Test("finds the DieHard solution at depth 6, a trace of 7 states ending with 4 gallons")
  func dieHard() throws {
    let report = bmc(try loadFile("examples/DieHard.spec"), depth: 10)
    #expect(report.result == .invariantViolated)
    #expect(report.exitCode == 1)
    #expect(report.violation?.name == "NotSolved")
    let trace = try #require(report.trace)
    #expect(trace.steps.count == 7)
    #expect(value(trace, step: 6, "big") == .int(4))
  }

  @Test(
    "answers over finite types with the finite-domain solver, over Int with the default one",
    arguments: [
      ("spec DieHardish\nvar x: 0..5\ninit { x = 0 }\naction Up {\n  x < 5\n  x' = x + 1\n}\ninvariant Small: x < 4\n", true),
      ("spec Counter\nvar x: Int\ninit { x = 0 }\naction Up { x' = x + 1 }\ninvariant Small: x < 4\n", false),
    ])
  func finiteDomainFirst(text: String, finite: Bool) throws {
    let loaded = try loadSpec(text)
    let checker = try BoundedModelChecker(
      spec: #require(loaded.spec), constants: #require(loaded.constants),
      symbolic: loaded.symbolicConstants, solvers: Driver.solvers)
    let result = try Driver.withLargeStack { Result { try checker.run(depth: 6, timeout: 60) } }
      .get()
    #expect(result.finiteDomain == finite)
    guard case .violation(let invariant, let trace) = result.outcome else {
      Issue.record("no violation: \(result.outcome)")
      return
    }
    #expect(invariant == 0)
    #expect(trace.states.map { $0 } == (0...4).map { [.int($0)] })
    // The assumptions, 5 depths of violations, 4 of expansion errors and 4 of deadlocks.
    // Over Int, the finite-domain solver answers the queries about the initial state (x is
    // 0 there) and gives up on the fifth, where x is unbounded; the default one starts again.
    #expect(result.queries == (finite ? 14 : 5 + 14))
  }

  @Test(
    "reports a deadlock with the shortest trace, replayed, unless deadlocks are not searched for"
  )
  func deadlock() throws {
    let loaded = try loadSpec(
      """
      spec Stops
      var x: 0..5
      init { x = 0 }
      action Up {
        x < 3
        x' = x + 1
      }
      invariant Small: x <= 5
      """)
    let report = bmc(loaded, depth: 6)
    #expect(report.result == .deadlock)
    #expect(report.exitCode == 1)
    #expect(report.violation?.message == "deadlock: no action is enabled in state 4 of the trace")
    #expect(report.trace?.steps.map(\.values) == (0...3).map { [.int($0)] })
    let ignored = bmc(loaded, depth: 6, deadlock: false)
    #expect(ignored.result == .ok)
    let shallow = bmc(loaded, depth: 2)
    #expect(shallow.result == .ok)
    guard case .object(let pairs) = report.json(),
      case .object(let violation)? = pairs.first(where: { $0.0 == "violation" })?.1
    else {
      Issue.record("no violation object")
      return
    }
    #expect(violation.first?.1 == .string("deadlock"))
  }

  @Test("says that deadlocks are not searched for when an action's parameters are fresh variables")
  func deadlockNotSearched() throws {
    let report = bmc(
      try loadSpec(
        """
        spec Jumps
        var x: 0..100
        init { x = 0 }
        action Jump(v: 0..100) {
          v > x
          x' = v
        }
        invariant Any: x <= 100
        """), depth: 3)
    #expect(report.result == .ok)
    #expect(
      report.notes == [
        "deadlocks were not searched for: an action's parameters or choices are encoded as fresh variables (sets too large to branch on), and the solver cannot say that no value of them enables it; use check, or --no-deadlock to silence this"
      ])
  }

  @Test("reports no violation within a depth that is too small for DieHard")
  func dieHardTooShallow() throws {
    let report = bmc(try loadFile("examples/DieHard.spec"), depth: 5)
    #expect(report.result == .ok)
    #expect(report.exitCode == 0)
    // The assumptions, 6 depths of violations, 5 of expansion errors and 5 of deadlocks.
    #expect(report.queries == 17)
  }

  struct ManifestEntry: Decodable {
    var file: String
    var result: String
    var violated: String?
    var traceLength: Int?
    var noDeadlock: Bool

    enum CodingKeys: String, CodingKey {
      case file, result, violated
      case traceLength = "trace_length"
      case noDeadlock = "no_deadlock"
    }
  }

  static let violations: [ManifestEntry] = {
    guard
      let data = FileManager.default.contents(atPath: "\(repositoryRoot)/specs/manifest.json"),
      let entries = try? JSONDecoder().decode([ManifestEntry].self, from: data)
    else { return [] }
    return entries.filter { $0.result == "invariant_violated" || $0.result == "deadlock" }
  }()

  /// Deeper than this, unrolling takes Z3 minutes to hours (Hanoi's 32-state trace).
  static let deepest = 16

  @Test(
    "agrees with check on the shortest violation of every manifest spec that has one",
    arguments: violations.filter { ($0.traceLength ?? 0) <= deepest }.map(\.file))
  func agreesWithManifest(file: String) throws {
    let entry = try #require(Self.violations.first { $0.file == file })
    let length = try #require(entry.traceLength)
    let report = bmc(
      try loadFile(file), depth: length + 1, timeout: 600, deadlock: !entry.noDeadlock)
    #expect(report.result.rawValue == entry.result, "\(report.renderText())")
    #expect(report.violation?.name == entry.violated ?? "deadlock")
    #expect(report.trace?.steps.count == length)
  }

  @Test(
    "agrees with check on the deep manifest specs with a smaller constant",
    arguments: [("specs/Hanoi.spec", "D", 3), ("specs/Hanoi.spec", "D", 4)])
  func agreesWithCheckWhenSmaller(file: String, constant: String, value: Int) throws {
    #expect(Self.violations.contains { $0.file == file && ($0.traceLength ?? 0) > Self.deepest })
    let overrides = [ConstantOverride(name: constant, valueText: String(value))]
    let explicit = Driver.withLargeStack {
      Driver.check(
        path: "\(repositoryRoot)/\(file)", overrides: overrides, options: CheckOptions())
    }
    let expected = try #require(explicit.trace?.steps.count)
    let report = bmc(try loadFile(file, overrides: overrides), depth: expected + 1)
    #expect(report.result == .invariantViolated, "\(report.renderText())")
    #expect(report.violation?.name == explicit.violation?.name)
    #expect(report.trace?.steps.count == expected)
  }

  @Test("finds a violation that needs a symbolic constant large enough, and says which")
  func symbolicConstant() throws {
    let report = bmc(
      try loadSpec(
        """
        spec Climb
        const N: Int
        assume N >= 3
        var x: Int
        init { x = 0 }
        action Up { x < N
                    x' = x + 1 }
        invariant Low: x < 3
        """), depth: 5)
    #expect(report.result == .invariantViolated)
    let trace = try #require(report.trace)
    #expect(trace.steps.count == 4)
    guard case .int(let n)? = trace.parameters.first(where: { $0.name == "N" })?.value else {
      Issue.record("no value for N")
      return
    }
    #expect(n >= 3)
  }

  @Test("reports an evaluation error with the trace that reaches it, as check does")
  func evaluationError() throws {
    let report = bmc(
      try loadSpec(
        """
        spec Divide
        var x: 0..3
        init { x = 3 }
        action Down { x' = 3 \\div (x - 1) }
        invariant Any: TRUE
        """), depth: 4)
    #expect(report.result == .error)
    #expect(report.problems.first?.code == .divisionByZero)
    #expect(report.trace?.steps.count == 2)
  }

  @Test("reports that no constants satisfy contradictory assumptions")
  func contradictoryAssumptions() throws {
    let report = bmc(
      try loadSpec(
        """
        spec Nothing
        const N: Int
        assume N > 2
        assume N < 1
        var x: Int
        init { x = N }
        invariant Any: TRUE
        """), depth: 2)
    #expect(report.result == .assumptionFailed)
    #expect(report.exitCode == 1)
  }

  @Test("names a construct the encoding cannot handle with an SPC6xx diagnostic at its position")
  func unsupported() throws {
    let spec = try loadSpec(
      """
      spec Unbounded
      var s: Set[Int]
      init { s = {} }
      action Add { s' = s \\union {1} }
      invariant Any: TRUE
      """)
    let report = bmc(spec, depth: 2)
    #expect(report.result == .error)
    let diagnostic = try #require(report.problems.first)
    #expect(diagnostic.code == .unsupportedSolverType)
    let location = diagnostic.location(in: spec.spec!.file)
    #expect(location.line == 2)
    #expect(location.column == 5)
  }
}
