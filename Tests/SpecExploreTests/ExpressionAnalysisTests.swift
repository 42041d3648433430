import SpecDriver
import SpecSemantics
import SpecSyntax
import Testing

@Suite("Analyzer.analyzeExpression checks expressions written outside the spec")
struct ExpressionAnalysisTests {
  static let source = #"""
    spec Names
    const K: Int = 2
    type Small = 0..K
    var x: Small
    var seen: Set[Small]
    init {
      x = 0
      seen = {}
    }
    def Next(v: Small): Small = (v + 1) % (K + 1)
    def Primed = x' = x
    action Step {
      x' = Next(x)
      seen' = seen \union {x}
    }
    invariant Bounded: x <= K
    """#

  func analyze(_ text: String) throws -> (Expr, ExpressionAnalysis, TypedSpec) {
    let loaded = SpecLoader.load(SourceFile(path: "Names.spec", text: Self.source))
    let spec = try #require(loaded.spec)
    let file = SourceFile(path: "input", text: text)
    let (parsed, diagnostics) = Parser.parseExpression(file, firstID: 1 << 40)
    #expect(diagnostics.isEmpty)
    let expr = try #require(parsed)
    return (expr, Analyzer.analyzeExpression(expr, file: file, in: spec, place: "eval"), spec)
  }

  @Test("variables, constants, operators, type names and invariants resolve as in the spec")
  func resolvesNames() throws {
    let (expr, analysis, original) = try analyze(
      #"Bounded /\ Next(x) \in Small /\ K > 1 /\ seen = {}"#)
    #expect(analysis.diagnostics.isEmpty)
    #expect(analysis.type == .bool)
    #expect(analysis.level == .state)
    var found: [Resolution] = []
    func visit(_ e: Expr) {
      if let resolution = analysis.spec.resolutions[e.id] { found.append(resolution) }
      e.children.forEach(visit)
    }
    visit(expr)
    #expect(found.contains(.predicate(.invariant(0))))
    #expect(found.contains(.definition(0)))
    #expect(found.contains(.variable(0)))
    #expect(found.contains(.variable(1)))
    #expect(found.contains(.constant(0)))
    #expect(
      found.contains { if case .typeSet(let set) = $0 { set.name == "Small" } else { false } })
    #expect(original.resolutions[expr.id] == nil, "the spec given is not changed")
    #expect(analysis.spec.file.path == "Names.spec", "the spec keeps its own file")
  }

  @Test("a constant expression has constant level")
  func constantLevel() throws {
    let (_, analysis, _) = try analyze("K * 3")
    #expect(analysis.diagnostics.isEmpty)
    #expect(analysis.type == .int)
    #expect(analysis.level == .constant)
  }

  @Test("primes, action-level operators and unknown names are errors quoting the input")
  func rejects() throws {
    let (_, primed, _) = try analyze("x' = 1")
    #expect(primed.diagnostics.map(\.code) == [.primeOutsideAction])
    #expect(
      primed.diagnostics.first?.message == "primed expression 'x'' outside an action (in eval)")
    let (_, action, _) = try analyze("Primed")
    #expect(action.diagnostics.map(\.code) == [.primeOutsideAction])
    let (_, unknown, _) = try analyze("seenn = {}")
    #expect(unknown.diagnostics.map(\.code) == [.unknownName])
    #expect(unknown.diagnostics.first?.notes.map(\.message) == ["did you mean 'seen'?"])
    let (_, step, _) = try analyze("Step")
    #expect(step.diagnostics.map(\.code) == [.notCallable])
  }
}
