import ArgumentParser
import Foundation
import SpecDriver
import SpecTrace

struct Bmc: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "bmc",
    abstract: "Bounded model checking with Z3: any invariant violation, deadlock or evaluation error within K steps.",
    discussion: """
      Searches depth 0, 1, ... K in turn, so a violation found is a shortest one, over \
      mathematical integers and symbolic constants (constants without a value, constrained \
      by the assumptions). Every counterexample is replayed through the explicit evaluator \
      before it is printed. A state without successors is a deadlock unless --no-deadlock. \
      Exit status: 0 no violation within K steps, 1 an invariant is violated or a deadlock \
      reached (or the assumptions are unsatisfiable), 2 the spec is invalid, cannot be \
      encoded for the solver, or an evaluation error is reachable, 3 the solver answered \
      unknown, 64 bad usage.
      """)

  @Argument(help: "The spec file.")
  var path: String

  @Option(help: "The most steps to search.")
  var depth: Int = 10

  @OptionGroup var constantOptions: ConstantOptions

  @Option(help: "Output format: text or json.")
  var format: OutputFormat = .text

  @Option(name: .customLong("trace-out"), help: "Write the counterexample as an ITF trace.")
  var traceOut: String?

  @Option(help: "Seconds each solver query may take.")
  var timeout: Double?

  @Flag(name: .customLong("no-deadlock"), help: "Do not report states without successors.")
  var noDeadlock = false

  func validate() throws {
    if depth < 0 { throw ValidationError("--depth must be at least 0") }
    if let timeout, !(timeout > 0) { throw ValidationError("--timeout must be positive") }
  }

  func run() throws {
    var options = SolverOptions()
    options.timeout = timeout
    options.depth = depth
    options.checkDeadlock = !noDeadlock
    let overrides = constantOptions.overrides
    let path = self.path
    let report = Driver.withLargeStack {
      Driver.bmc(path: path, overrides: overrides, options: options)
    }
    try SolverOutput.finish(report, traceOut: traceOut, format: format)
  }
}

/// What `prove` and `bmc` report alike.
protocol SolverCommandReport {
  func itf() -> JSON?
  func renderText() -> String
  func json() -> JSON
  var exitCode: Int32 { get }
}

extension BMCReport: SolverCommandReport {}
extension ProveReport: SolverCommandReport {}

/// The output of `prove` and `bmc`: the counterexample file, the report, the exit code.
enum SolverOutput {
  static func finish(_ report: some SolverCommandReport, traceOut: String?, format: OutputFormat)
    throws
  {
    if let traceOut, let itf = report.itf() {
      writeTrace(itf.serialized(pretty: true), to: traceOut)
    }
    switch format {
    case .text: Terminal.write(report.renderText())
    case .json: Terminal.write(report.json().serialized(pretty: true) + "\n")
    }
    if report.exitCode != 0 { throw ExitCode(report.exitCode) }
  }

  static func writeTrace(_ text: String, to path: String) {
    do {
      try (text + "\n").write(toFile: path, atomically: true, encoding: .utf8)
    } catch {
      Terminal.writeError(
        "speccheck: cannot write trace to '\(path)': \(error.localizedDescription)\n")
    }
  }
}
