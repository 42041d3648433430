import SpecSemantics
import SpecSolver
import SpecSyntax
import SpecTrace

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

extension ProveReport {
  /// What `check --prove` adds to check's JSON object, as its `prove` field: the overall
  /// `result`, then per invariant asked about `name` and `result` — `proved`,
  /// `not_inductive`, `violated_initially`, `unknown`, `unsupported` (the solver encoding
  /// cannot handle the spec: `diagnostics` says where) or `error` (another problem, in
  /// `diagnostics`) — with `reason` for `unknown` and the counterexample to induction as
  /// `trace`.
  package func jsonAfterCheck() -> JSON {
    var invariants = entriesJSON
    if entries.isEmpty, result == .error {
      let unsupported = problems.contains { $0.code.rawValue.hasPrefix("SPC6") }
      invariants = invariantNames.map { name in
        .object([
          ("name", .string(name)), ("result", .string(unsupported ? "unsupported" : "error")),
          ("trace", .null),
        ])
      }
    }
    return .object([
      ("result", .string(result.rawValue)),
      ("invariants", .array(invariants)),
      ("step_failures", .array(stepFailuresJSON)),
      ("notes", .array(notes.map(JSON.string))),
      ("queries", .int(queries)),
      ("seconds", .double((seconds * 1000).rounded() / 1000)),
      ("solver", .string(solver)),
      ("diagnostics", .array(diagnosticsJSON)),
    ])
  }

  /// The prove's own problems (the check's object already lists the spec's warnings).
  var diagnosticsJSON: [JSON] {
    guard let spec = loaded.spec else { return [] }
    return problems.map { DiagnosticJSON.object($0, in: spec.file) }
  }
}

extension CheckRun {
  /// check's JSON object with `check --prove`'s `prove` field appended: null when nothing
  /// was left to prove (the check found the spec invalid, an assumption false, an
  /// evaluation error, or every invariant violated).
  package func json(proof: ProveReport?) -> JSON {
    let object = json()
    guard case .object(var pairs) = object else { return object }
    pairs.append(("prove", proof?.jsonAfterCheck() ?? .null))
    return .object(pairs)
  }
}
