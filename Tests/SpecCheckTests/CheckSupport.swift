import SpecDriver
import SpecEngine
import SpecSyntax
import SpecTrace

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
