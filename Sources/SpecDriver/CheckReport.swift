import SpecEngine
import SpecRuntime
import SpecSemantics
import SpecSyntax
import SpecTrace

/// The verdict of `check`, as the JSON `result` field spells it.
package enum CheckResult: String, Sendable {
  case ok
  case invariantViolated = "invariant_violated"
  case deadlock
  case assumptionFailed = "assumption_failed"
  case error
  case incomplete

  /// The exit code of CLI.md.
  package var exitCode: Int32 {
    switch self {
    case .ok: 0
    case .invariantViolated, .deadlock, .assumptionFailed: 1
    case .error: 2
    case .incomplete: 3
    }
  }
}

/// What `check` found for one spec file, ready to render.
package struct CheckReport: Sendable {
  package struct Violation: Sendable {
    package var kind: String
    package var name: String
    package var message: String
  }

  package struct Coverage: Sendable, Equatable {
    package var action: String
    package var generated: Int
    package var distinct: Int
  }

  package var loaded: LoadedSpec
  package var result: CheckResult
  package var violation: Violation?
  /// Diagnostics of an evaluation error or a false assumption, in the spec file.
  package var problems: [Diagnostic] = []
  package var trace: Trace?
  package var distinctStates = 0
  package var statesGenerated = 0
  package var depth = 0
  package var seconds = 0.0
  package var workers = 1
  package var storeBytes = 0
  package var coverage: [Coverage] = []
  package var stopReason: StopReason?
  /// Whether a memory limit reached was the default one, not `--memory`'s.
  package var memoryLimitIsDefault = false
  package var storeMode: StoreMode = .exact

  /// Why the search stopped early, as every rendering says it. A memory limit the user
  /// did not set says where it came from and which flag changes it.
  package var stopPhrase: String {
    guard let stopReason else { return "stopped early" }
    if case .memory(let bytes) = stopReason, memoryLimitIsDefault {
      return "the default memory limit (\(bytes) bytes, a third of the memory this machine "
        + "allows; --memory sets another, --memory none lifts it) was reached"
    }
    return stopReason.description
  }

  /// TLC's estimate of the probability that two distinct states shared a fingerprint,
  /// so one of them was never explored: d·(g−d)/2⁶⁴ (fingerprint mode only).
  package var collisionProbability: Double? {
    guard storeMode == .fingerprint else { return nil }
    let d = Double(distinctStates)
    let g = Double(statesGenerated)
    return d * max(0, g - d) / 18_446_744_073_709_551_616.0
  }

  package var exitCode: Int32 { result.exitCode }

  init(loaded: LoadedSpec, result: CheckResult) {
    self.loaded = loaded
    self.result = result
  }

  package var specName: String { loaded.spec?.name ?? "" }

  /// The constants and their values, in declaration order.
  package var constants: [(String, Value)] {
    guard let spec = loaded.spec, let values = loaded.constants else { return [] }
    return zip(spec.constants.map(\.name.text), values).map { ($0, $1) }
  }
}
