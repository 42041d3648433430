import SpecDriver
import SpecEngine
import SpecSyntax
import SpecTrace
import Testing

@testable import SpecRuntime

/// One run of `check` on a spec given as text, with what the tests look at.
struct Checked {
  let report: CheckReport

  /// Checks `text` as the file `path`, with `--const NAME=VALUE` overrides and one worker
  /// unless told otherwise.
  init(
    _ text: String, path: String = "test.spec", constants: [(String, String)] = [],
    workers: Int = 1, configure: (inout SearchOptions) -> Void = { _ in }
  ) {
    var options = CheckOptions()
    options.search.workers = workers
    configure(&options.search)
    let loaded = SpecLoader.load(
      SourceFile(path: path, text: text),
      overrides: constants.map { ConstantOverride(name: $0.0, valueText: $0.1) })
    report = Driver.check(loaded, options: options)
  }

  var result: CheckResult { report.result }
  var exitCode: Int32 { report.exitCode }
  var distinct: Int { report.distinctStates }
  var generated: Int { report.statesGenerated }
  var depth: Int { report.depth }
  var traceLength: Int? { report.trace?.steps.count }

  /// `line:column SPCnnn message` for each problem (evaluation error, false assumption).
  var problems: [String] {
    guard let file = report.loaded.sources.first?.file else { return [] }
    return report.problems.map { diagnostic in
      let location = diagnostic.location(in: file)
      return "\(location.line):\(location.column) \(diagnostic.code.rawValue) \(diagnostic.message)"
    }
  }

  /// The notes of the first problem.
  var notes: [String] { report.problems.first?.notes.map(\.message) ?? [] }

  /// Every load diagnostic (syntax, names, types), so a test can say the spec is valid.
  var loadDiagnostics: [String] {
    report.loaded.sources.flatMap { source in
      source.diagnostics.map { "\($0.code.rawValue) \($0.message)" }
    }
  }

  /// `distinct/generated/depth`, the figures TLC prints.
  var figures: String { "\(distinct)/\(generated)/\(depth)" }

  /// The trace as `label` per step (`init`, `Inc`, `Bump(k = 2)`).
  var traceLabels: [String]? { report.trace?.steps.map(\.label) }

  /// Per-action `name generated/distinct`.
  var coverage: [String] { report.coverage.map { "\($0.action) \($0.generated)/\($0.distinct)" } }
}

/// The root of the package, found from this file's place in it.
let packageRoot = String(
  #filePath.split(separator: "/", omittingEmptySubsequences: false).dropLast(3)
    .joined(separator: "/"))

/// The text of `examples/NAME.spec`.
func exampleText(_ name: String) -> String { specText("examples/\(name).spec") }

/// The text of a file given by its path from the package root.
func specText(_ relativePath: String) -> String { readText(packageRoot + "/" + relativePath) }

/// A whole file as text, or "" when it cannot be read.
func readText(_ path: String) -> String {
  switch SpecLoader.readFile(path) {
  case .success(let bytes): String(decoding: bytes, as: UTF8.self)
  case .failure: ""
  }
}

/// One invariant of a spec text by compiled code and by the interpreter, over every
/// state the interpreter reaches: the states; those that violate it through the worker
/// (compiled code, its `false` confirmed by the interpreter) and by the interpreter alone;
/// the runs the compiled worker left to the interpreter; and what compiled code answers
/// on its own: the states where it says `false`, and where it leaves the answer to the
/// interpreter.
func compareInvariant(_ text: String, path: String, invariant: Int) throws -> (
  states: Int, compiled: Int, interpreted: Int, fallbacks: Int, compiledFalse: Int,
  undecided: Int
) {
  let loaded = SpecLoader.load(SourceFile(path: path, text: text), overrides: [])
  let spec = try #require(loaded.spec)
  let constants = try #require(loaded.constants)
  let compiled = try CompiledSpec(spec: spec, constants: constants, invariants: [invariant])
  var interpreted = compiled
  interpreted.usesCompiledCode = false
  var (fast, slow) = (compiled.makeWorker(), interpreted.makeWorker())
  var queue = try slow.initialStates()
  var seen = Set(queue.map { interpreted.values(of: $0) })
  var (fastCount, slowCount, compiledFalse, undecided, index) = (0, 0, 0, 0, 0)
  var transitions: [Transition<SpecState>] = []
  while index < queue.count {
    let state = queue[index]
    index += 1
    if try slow.violatedInvariant(state) != nil { slowCount += 1 }
    let packed = compiled.state(interpreted.values(of: state))
    switch fast.compiledAnswer(invariant: invariant, in: packed) {
    case false?: compiledFalse += 1
    case nil: undecided += 1
    case true?: break
    }
    if try fast.violatedInvariant(packed) != nil { fastCount += 1 }
    transitions.removeAll()
    try slow.successors(of: state, into: &transitions)
    for transition in transitions
    where seen.insert(interpreted.values(of: transition.state)).inserted {
      queue.append(transition.state)
    }
  }
  return (
    queue.count, fastCount, slowCount, fast.codeRuns.interpreted, compiledFalse, undecided
  )
}
