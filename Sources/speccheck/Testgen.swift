import ArgumentParser
import Foundation
import SpecDriver
import SpecTrace

struct Testgen: ParsableCommand {
  static let configuration = CommandConfiguration(
    abstract: "Turn an ITF trace into a test that replays it against an implementation.",
    discussion: """
      The trace is first replayed through the spec: it must be a behaviour of the spec with \
      the given constants. The test drives the implementation through an adapter with \
      reset(state), step(action, args) -> Bool and observe() -> state. Modes: conformance \
      (every step accepted, every observed state equal to the trace's; the default when the \
      trace's last state violates no invariant) and regression (the default for a \
      counterexample: the test fails while the implementation follows the trace into its \
      violating last state). Python: a pytest file; --adapter module:Class is required. \
      Swift: a Swift Testing file over the SpecTestKit library; --adapter Module:Type or \
      Type (default: <Spec>Adapter). The same trace and flags give the same file. Exit \
      status: 0 the file was written, 2 the spec is invalid or the trace is unreadable, \
      malformed or not allowed by the spec, 64 bad usage.
      """)

  @Argument(help: "The ITF trace (e.g. from check --trace-out).")
  var trace: String

  @Option(help: "The spec the trace belongs to.")
  var spec: String

  @Option(help: "The test's language: swift or python.")
  var lang: LanguageArgument

  @Option(help: ArgumentHelp("The test file to write.", valueName: "file"))
  var out: String

  @Option(help: "conformance or regression (default: regression for a counterexample).")
  var mode: ModeArgument?

  @Option(
    help: ArgumentHelp(
      "The adapter: module:Class for Python (required), Module:Type or Type for Swift.",
      valueName: "module:Class"))
  var adapter: String?

  @OptionGroup var constantOptions: ConstantOptions

  func validate() throws {
    if let adapter, GeneratedTest.Adapter(argument: adapter) == nil {
      throw ValidationError("--adapter expects module:Class or Class, found '\(adapter)'")
    }
    if lang.language == .python, GeneratedTest.Adapter(argument: adapter ?? "")?.module == nil {
      throw ValidationError("--lang python needs --adapter module:Class (the adapter's module)")
    }
  }

  func run() throws {
    let outName = (out.split(separator: "/").last.map(String.init) ?? out)
    let stem = outName.split(separator: ".").first.map(String.init) ?? outName
    var options = TestgenOptions(
      tracePath: trace, specPath: spec, language: lang.language, testName: stem)
    options.overrides = constantOptions.overrides
    options.mode = mode?.mode
    options.adapter = adapter.flatMap(GeneratedTest.Adapter.init(argument:))
    let report = Driver.withLargeStack { Driver.testgen(options) }
    guard let file = report.file else {
      Terminal.writeError(report.errors)
      throw ExitCode(report.exitCode)
    }
    do {
      try file.write(toFile: out, atomically: true, encoding: .utf8)
    } catch {
      Terminal.writeError("speccheck: cannot write '\(out)': \(error.localizedDescription)\n")
      throw ExitCode(2)
    }
    Terminal.write("wrote \(out): \(report.summary)\n")
  }
}

/// `--lang swift|python`.
enum LanguageArgument: String, ExpressibleByArgument, CaseIterable {
  case swift, python
  var language: GeneratedTest.Language { self == .swift ? .swift : .python }
}

/// `--mode conformance|regression`.
enum ModeArgument: String, ExpressibleByArgument, CaseIterable {
  case conformance, regression
  var mode: GeneratedTest.Mode { self == .conformance ? .conformance : .regression }
}
