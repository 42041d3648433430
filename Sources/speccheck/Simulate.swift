import ArgumentParser
import Foundation
import SpecDriver
import SpecEngine

struct Simulate: ParsableCommand {
  static let configuration = CommandConfiguration(
    abstract: "Random walks that check the invariants, for state spaces too big to exhaust.",
    discussion: """
      Each run starts in a random initial state and takes random successors, checking the \
      invariants (and deadlock, unless --no-deadlock) at every state, for at most --depth \
      states. The seed is printed first; the same seed gives the same runs and the same \
      counterexample whatever --workers is (the lowest-numbered failing run is reported). \
      Without --seed one is taken from the clock. Exit status: 0 no violation found, 1 an \
      invariant is violated, a deadlock or a false assumption, 2 the spec is invalid or an \
      evaluation error occurred, 3 stopped early (--timeout, Ctrl-C), 64 bad usage.
      """)

  @Argument(help: "The spec file.")
  var path: String

  @Option(help: "How many random walks.")
  var runs: Int = 1000

  @Option(help: "The most states in one walk, the initial state included.")
  var depth: Int = 100

  @Option(help: "The seed (default: from the clock, and printed).")
  var seed: UInt64?

  @Option(help: "Worker threads: a number or 'auto' (all cores).")
  var workers: WorkerCount = .auto

  @OptionGroup var constantOptions: ConstantOptions

  @Option(help: "Output format: text or json.")
  var format: OutputFormat = .text

  @Option(name: .customLong("trace-out"), help: "Write the counterexample as an ITF trace.")
  var traceOut: String?

  @Option(
    name: .customLong("invariant"),
    help: ArgumentHelp("Check only this invariant (repeatable); all by default.", valueName: "NAME"))
  var invariants: [String] = []

  @Flag(name: .customLong("no-deadlock"), help: "Do not report states without successors.")
  var noDeadlock = false

  @Option(help: "Stop after this many seconds.")
  var timeout: Double?

  func validate() throws {
    if runs < 1 { throw ValidationError("--runs must be at least 1") }
    if depth < 1 { throw ValidationError("--depth must be at least 1") }
    if let timeout, !(timeout > 0) { throw ValidationError("--timeout must be positive") }
  }

  func run() throws {
    var options = SimulateOptions()
    options.walk.runs = runs
    options.walk.depth = depth
    options.walk.seed = seed ?? UInt64(Date().timeIntervalSince1970 * 1_000_000)
    options.walk.workers = workers.resolved
    options.walk.checkDeadlock = !noDeadlock
    options.walk.timeout = timeout
    let stopFlag = StopFlag()
    options.walk.stopFlag = stopFlag
    options.invariants = invariants.isEmpty ? nil : invariants
    let interrupt = Interrupts.install(stopFlag)
    defer { interrupt.cancel() }
    let path = self.path
    let overrides = constantOptions.overrides
    let report = Driver.withLargeStack {
      Driver.simulate(path: path, overrides: overrides, options: options)
    }
    if let traceOut, let itf = report.check.itf() {
      SolverOutput.writeTrace(itf.serialized(pretty: true), to: traceOut)
    }
    switch format {
    case .text: Terminal.write(report.renderText())
    case .json: Terminal.write(report.json().serialized(pretty: true) + "\n")
    }
    if report.exitCode != 0 { throw ExitCode(report.exitCode) }
  }
}
