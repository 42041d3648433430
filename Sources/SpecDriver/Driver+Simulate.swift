import SpecEngine
import SpecRuntime
import SpecSemantics
import SpecSyntax
import SpecTrace

/// Flags of `speccheck simulate` that reach the engine.
package struct SimulateOptions: Sendable {
  package var walk = WalkOptions()
  /// Names of the invariants to check; nil checks them all.
  package var invariants: [String]?
  package init() {}
}

/// What `simulate` found for one spec: a `CheckReport` for the verdict, problem and
/// trace (rendered as check renders them), and the simulation's own figures.
package struct SimulateReport: Sendable {
  package var check: CheckReport
  package var seed: UInt64
  package var runsRequested: Int
  package var depth: Int
  package var runs = 0
  package var states = 0
  package var failingRun: Int?

  package var exitCode: Int32 { check.exitCode }

  /// The seed first (so the run can be repeated), then check's verdict and trace, then
  /// the figures. Deterministic for a seed except the last line's time and workers.
  package func renderText() -> String {
    var out = "seed \(seed): \(runsRequested) runs of at most \(depth) states\n"
    guard check.loaded.isValid else { return out + check.renderText() }
    // check's verdict and trace, without its statistics and coverage lines.
    let statistics = "\(check.distinctStates) distinct states,"
    for line in check.renderText().split(separator: "\n", omittingEmptySubsequences: false) {
      if line.hasPrefix(statistics) { break }
      out += line + "\n"
    }
    if let failingRun { out += "found in run \(failingRun + 1)\n" }
    out += "\(runs) run\(runs == 1 ? "" : "s"), \(states) states visited, "
    out += "\(check.formatSeconds(check.seconds)) s, \(check.workers) worker\(check.workers == 1 ? "" : "s")\n"
    return out
  }

  package func json() -> JSON {
    guard case .object(var pairs) = check.json() else { return check.json() }
    let drop: Set = [
      "distinct_states", "states_generated", "depth", "store_bytes_per_state", "coverage",
      "store",
    ]
    pairs.removeAll { drop.contains($0.0) }
    let figures: [(String, JSON)] = [
      ("seed", .string(String(seed))), ("runs_requested", .int(runsRequested)),
      ("max_depth", .int(depth)), ("runs", .int(runs)), ("states", .int(states)),
      ("failing_run", failingRun.map { .int($0 + 1) } ?? .null),
    ]
    let at = pairs.firstIndex { $0.0 == "result" }.map { $0 + 1 } ?? pairs.count
    pairs.insert(contentsOf: figures, at: at)
    return .object(pairs)
  }
}

extension Driver {
  /// Loads a spec and runs random walks from random initial states.
  package static func simulate(
    path: String, overrides: [ConstantOverride], options: SimulateOptions
  ) -> SimulateReport {
    let loaded = SpecLoader.load(path: path, overrides: overrides)
    var report = SimulateReport(
      check: CheckReport(loaded: loaded, result: .error), seed: options.walk.seed,
      runsRequested: options.walk.runs, depth: options.walk.depth)
    guard loaded.isValid, let spec = loaded.spec, let constants = loaded.constants else {
      return report
    }
    report.check.result = .ok
    report.check.workers = options.walk.workers
    if let failed = checkAssumptions(spec, constants, &report.check) {
      report.check = failed
      return report
    }
    guard
      let system = compileSystem(
        spec, constants, invariants: options.invariants, report: &report.check)
    else { return report }
    let result = RandomWalk(system: system, options: options.walk).run()
    report.runs = result.runs
    report.states = result.states
    report.failingRun = result.failingRun
    report.check.seconds = result.seconds
    report.check.workers = result.workers
    apply(
      result.verdict, trace: result.trace, system: system, spec: spec, constants: constants,
      to: &report.check)
    return report
  }
}
