import SpecDriver
import SpecRuntime
import SpecSolver
import SpecSyntax
import Testing

/// A solver that answers from a script and records what each check was asked: the
/// encoding is tested without Z3.
final class ScriptedSolvers: SMTSolverFactory, @unchecked Sendable {
  var answers: [SolverAnswer]
  /// The assertions in scope at each check, in order.
  var checks: [[Term]] = []

  init(answers: [SolverAnswer]) { self.answers = answers }

  var name: String { "scripted" }

  func makeSolver(timeout: Double?) throws -> any SMTSolver { Scripted(self) }

  final class Scripted: SMTSolver {
    let owner: ScriptedSolvers
    var scopes: [[Term]] = [[]]
    init(_ owner: ScriptedSolvers) { self.owner = owner }
    func assert(_ term: Term) throws { scopes[scopes.count - 1].append(term) }
    func push() throws { scopes.append([]) }
    func pop() throws { scopes.removeLast() }
    func check() throws -> SolverAnswer {
      owner.checks.append(scopes.flatMap { $0 })
      return owner.answers.isEmpty ? .unsat : owner.answers.removeFirst()
    }
    func boolValue(_ term: Term) throws -> Bool { throw SolverError("the fake has no models") }
    func intValue(_ term: Term) throws -> Int { throw SolverError("the fake has no models") }
  }
}

@Suite("The encoding with a fake solver")
struct FakeSolverTests {
  @Test("bmc asks, per depth, for a violation and then for an expansion error")
  func bmcQueries() throws {
    let loaded = try loadFile("examples/DieHard.spec")
    let fake = ScriptedSolvers(answers: [.sat])
    let checker = BoundedModelChecker(
      spec: loaded.spec!, constants: loaded.constants!, symbolic: [false, false], solvers: fake)
    let result = try checker.run(depth: 2, timeout: nil)
    guard case .ok(let depth) = result.outcome else {
      Issue.record("expected ok, got \(result.outcome)")
      return
    }
    #expect(depth == 2)
    // The assumptions, then depth 0, 1, 2 violations and depth 0, 1 expansion errors and
    // deadlocks.
    #expect(result.queries == 8)
    #expect(fake.checks.count == 8)
    // Depth 0: init binds both jugs to 0 and NotSolved's negation is big = 4, which the
    // initial state's constraint (big = 0) already contradicts, so it folds away.
    let depthZero = fake.checks[1].map(SMTLib.render)
    #expect(depthZero.contains("false") || depthZero.contains { $0.contains("(= s0.big 4)") })
  }

  @Test("the first depth's question is the initial state with the invariant's negation")
  func bmcInitialQuery() throws {
    let loaded = try loadSpec(
      """
      spec Count
      var x: 0..9
      init { x \\in 1..2 }
      action Up { x < 9
                  x' = x + 1 }
      invariant Small: x < 5
      """)
    let fake = ScriptedSolvers(answers: [.sat])
    let checker = BoundedModelChecker(
      spec: loaded.spec!, constants: loaded.constants!, symbolic: [], solvers: fake)
    _ = try checker.run(depth: 0, timeout: nil)
    #expect(fake.checks.count == 2)
    // The assumptions (none) and their failures (none), the question, and the encoding's
    // limits (none): x in 1..2 branches into two initial values.
    let rendered = fake.checks[1].map(SMTLib.render)
    #expect(
      rendered == [
        "true", "true",
        "(and (or (= 1 s0.x) (= 2 s0.x)) (<= 0 s0.x) (<= s0.x 9) (not (< s0.x 5)))",
        "true",
      ])
  }

  @Test("prove states the hypotheses, the step and each invariant's negation")
  func proveQueries() throws {
    let loaded = try loadSpec(
      """
      spec Counter
      var x: Int
      init { x = 0 }
      action Inc { x' = x + 1 }
      invariant NonNegative: x >= 0
      """)
    let fake = ScriptedSolvers(answers: [.sat])
    let checker = InductionChecker(
      spec: loaded.spec!, constants: loaded.constants!, symbolic: [], solvers: fake)
    let result = try checker.run(invariants: [0], timeout: nil)
    guard case .proved = result.verdicts.first?.verdict else {
      Issue.record("expected proved, got \(result.verdicts)")
      return
    }
    let step = try #require(fake.checks.last).map(SMTLib.render)
    #expect(step.contains("(<= 0 s.x)"))
    #expect(step.contains("(not (<= 0 |s'.x|))"))
    #expect(step.contains { $0.contains("(+ s.x 1)") }, "\(step)")
  }

  @Test(
    "names each construct the encoding cannot handle, at its position",
    arguments: [
      ("invariant P: \\E s \\in SUBSET (0..20): x \\in s", DiagnosticCode.unenumerableSet, 4, 23),
      ("invariant P: (CHOOSE i \\in {x, 2}: TRUE) = 2", .unsupportedBySolver, 4, 14),
      ("invariant P: 2^x > 0", .unsupportedBySolver, 4, 14),
      ("invariant P: \\E i \\in 0..x: x = i", .unenumerableSet, 4, 23),
    ])
  func unsupported(line: String, code: DiagnosticCode, row: Int, column: Int) throws {
    let loaded = try loadSpec(
      """
      spec Unsupported
      var x: Int
      init { x = 0 }
      \(line)
      """)
    let checker = InductionChecker(
      spec: loaded.spec!, constants: loaded.constants!, symbolic: [],
      solvers: ScriptedSolvers(answers: [.sat]))
    do {
      _ = try checker.run(invariants: [0], timeout: nil)
      Issue.record("expected an encoding error")
    } catch let error as EncodingError {
      #expect(error.diagnostic.code == code)
      let location = error.diagnostic.location(in: loaded.spec!.file)
      #expect(location.line == row)
      #expect(location.column == column)
    }
  }
}
