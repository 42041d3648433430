import SpecSemantics
import SpecSolver
import SpecSyntax

extension Driver {
  /// `check --prove`: after an explicit search, proves the invariants it found true
  /// inductive for the same constants, so the report can say which hold in every state
  /// (inductive) and which merely hold in the states the search reached. Nil when the
  /// check did not get that far (an invalid spec, a failed assumption, an error) or found
  /// no invariant true.
  package static func proveAfterCheck(_ report: CheckReport, timeout: Double?) -> ProveReport? {
    guard report.loaded.isValid, let spec = report.loaded.spec else { return nil }
    switch report.result {
    case .ok, .invariantViolated, .deadlock, .incomplete: break
    default: return nil
    }
    let violated = report.violation?.kind == "invariant" ? report.violation?.name : nil
    let names = spec.invariants.map(\.name.text).filter { $0 != violated }
    guard !names.isEmpty else { return nil }
    var options = SolverOptions()
    options.timeout = timeout
    options.invariants = names
    return prove(report.loaded, options: options)
  }
}

extension ProveReport {
  /// What `check --prove` adds to a check's text: per invariant, inductive or only true of
  /// the explored states.
  package func renderAfterCheck(explored: Bool) -> String {
    let scope = explored ? "the explored states" : "the states explored so far"
    var out = ""
    switch result {
    case .error:
      return out + "prove: \(SolverText.errorSummary(problems)); "
        + (problems.first.map { "\($0.code.rawValue) \($0.message)" } ?? "") + "\n"
    case .assumptionFailed:
      return out + "prove: no constants satisfy the assumptions\n"
    default: break
    }
    let width = entries.map(\.name.count).max() ?? 0
    out +=
      "prove (\(entries.count == 1 ? "1 invariant" : "\(entries.count) invariants, together")):\n"
    for entry in entries {
      let padded = entry.name + String(repeating: " ", count: width - entry.name.count)
      switch entry.verdict {
      case .proved:
        out += "  \(padded)  inductive: holds in every state, reachable or not\n"
      case .notInductive, .violatedInitially:
        out += "  \(padded)  true of \(scope) only: not inductive\n"
      case .unknown:
        out += "  \(padded)  true of \(scope); inductive unknown (\(entry.reason ?? "unknown"))\n"
      }
    }
    if !stepFailures.isEmpty {
      out +=
        "  (an action fails or leaves its declared types from a state the invariants allow: the invariants are not inductive together)\n"
    }
    return out
  }
}
