import ArgumentParser
import Foundation
import SpecDriver

struct Prove: ParsableCommand {
  static let configuration = CommandConfiguration(
    abstract: "Prove invariants inductive with Z3: Init => Inv and Inv /\\ Next => Inv'.",
    discussion: """
      The chosen invariants (default: all) are proved together: each is assumed in the \
      current state, with the assumptions, the declared types and the constraints, and must \
      hold after every action. A failure prints a counterexample to induction: a state \
      satisfying the hypotheses (not necessarily reachable) and a step to a state that \
      violates the invariant. Constants without a value stay symbolic, constrained by the \
      assumptions. Exit status: 0 every invariant proved, 1 not inductive (or violated by an \
      initial state, or the assumptions are unsatisfiable), 2 the spec is invalid or cannot \
      be encoded for the solver, 3 the solver answered unknown, 64 bad usage.
      """)

  @Argument(help: "The spec file.")
  var path: String

  @Option(name: .customLong("invariant"), help: "An invariant to prove (repeatable; default: all).")
  var invariants: [String] = []

  @OptionGroup var constantOptions: ConstantOptions

  @Option(help: "Output format: text or json.")
  var format: OutputFormat = .text

  @Option(name: .customLong("trace-out"), help: "Write the first counterexample as an ITF trace.")
  var traceOut: String?

  @Option(help: "Seconds each solver query may take.")
  var timeout: Double?

  func validate() throws {
    if let timeout, !(timeout > 0) { throw ValidationError("--timeout must be positive") }
  }

  func run() throws {
    var options = SolverOptions()
    options.timeout = timeout
    options.invariants = invariants
    let overrides = constantOptions.overrides
    let path = self.path
    let report = Driver.withLargeStack {
      Driver.prove(path: path, overrides: overrides, options: options)
    }
    try SolverOutput.finish(report, traceOut: traceOut, format: format)
  }
}
