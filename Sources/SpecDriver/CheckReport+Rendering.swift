import SpecRuntime
import SpecSyntax
import SpecTrace

extension CheckReport {
  /// The report for people: verdict, problem, trace, statistics, coverage.
  package func renderText() -> String {
    var out = ""
    guard loaded.isValid, let spec = loaded.spec else {
      out += loaded.renderDiagnostics()
      out += "\(loaded.path): invalid spec\n"
      return out
    }
    out += loaded.renderDiagnostics()  // warnings
    let constantsText = constants.isEmpty ? "" : " (\(constants.map { "\($0) = \($1)" }.joined(separator: ", ")))"
    switch result {
    case .ok:
      out += "\(loaded.path): ok, no invariant violated\(constantsText)\n"
    case .invariantViolated, .deadlock:
      out += "\(loaded.path): \(violation?.message ?? result.rawValue)\(constantsText)\n"
    case .assumptionFailed:
      out += problems.map { $0.render(in: spec.file) }.joined()
      out += "\(loaded.path): \(violation?.message ?? "an assumption is false")\(constantsText)\n"
    case .error:
      out += problems.map { $0.render(in: spec.file) }.joined()
      out += "\(loaded.path): evaluation error\(constantsText)\n"
    case .incomplete:
      out += "\(loaded.path): incomplete, \(stopPhrase); no invariant violated so far\(constantsText)\n"
    }
    if let trace {
      out += "trace (\(trace.steps.count) state\(trace.steps.count == 1 ? "" : "s")):\n"
      out += trace.renderText()
    }
    if result != .assumptionFailed {
      out += "\(distinctStates) distinct states, \(statesGenerated) states generated, depth \(depth), "
      out += "\(formatSeconds(seconds)) s, \(workers) worker\(workers == 1 ? "" : "s")\n"
      if let collisionProbability {
        out += "fingerprint store: estimated probability of a collision \(collisionProbability)\n"
      }
      if !coverage.isEmpty {
        let width = coverage.map(\.action.count).max() ?? 0
        out += "coverage:\n"
        for entry in coverage {
          out += "  \(entry.action.padded(to: width))  generated \(entry.generated)  distinct \(entry.distinct)\n"
        }
      }
    }
    return out
  }

  func formatSeconds(_ s: Double) -> String {
    let hundredths = Int((s * 100).rounded())
    let fraction = hundredths % 100
    return "\(hundredths / 100).\(fraction < 10 ? "0" : "")\(fraction)"
  }

  /// The JSON object of CLI.md.
  package func json() -> JSON {
    var pairs: [(String, JSON)] = [
      ("spec", .string(specName)),
      ("file", .string(loaded.path)),
      ("constants", ConstantsJSON.object(constants.map { ($0, $1) }, spec: loaded.spec)),
      ("result", .string(result.rawValue)),
      ("distinct_states", .int(distinctStates)),
      ("states_generated", .int(statesGenerated)),
      ("depth", .int(depth)),
      ("seconds", .double((seconds * 1000).rounded() / 1000)),
      ("workers", .int(workers)),
      (
        "store_bytes_per_state",
        .double(distinctStates == 0 ? 0 : (Double(storeBytes) / Double(distinctStates) * 10).rounded() / 10)
      ),
    ]
    if let violation {
      pairs.append(
        (
          "violation",
          .object([
            ("kind", .string(violation.kind)), ("name", .string(violation.name)),
            ("message", .string(violation.message)),
          ])
        ))
    } else {
      pairs.append(("violation", .null))
    }
    if let trace, let spec = loaded.spec {
      pairs.append(("trace", ITFWriter.encode(trace, spec: spec)))
    } else {
      pairs.append(("trace", .null))
    }
    pairs.append(
      (
        "coverage",
        .array(
          coverage.map {
            .object([
              ("action", .string($0.action)), ("generated", .int($0.generated)),
              ("distinct", .int($0.distinct)),
            ])
          })
      ))
    var diagnostics: [JSON] = []
    for source in loaded.sources {
      diagnostics += source.diagnostics.map { DiagnosticJSON.object($0, in: source.file) }
    }
    if let spec = loaded.spec {
      diagnostics += problems.map { DiagnosticJSON.object($0, in: spec.file) }
    }
    pairs.append(("diagnostics", .array(diagnostics)))
    if stopReason != nil { pairs.append(("stop_reason", .string(stopPhrase))) }
    pairs.append(("store", .string(storeMode.rawValue)))
    if let collisionProbability {
      pairs.append(("fingerprint_collision_probability", .double(collisionProbability)))
    }
    return .object(pairs)
  }

  /// The counterexample as an ITF document, if there is one.
  package func itf() -> JSON? {
    guard let trace, let spec = loaded.spec else { return nil }
    return ITFWriter.encode(trace, spec: spec)
  }
}

extension String {
  func padded(to width: Int) -> String {
    count >= width ? self : self + String(repeating: " ", count: width - count)
  }
}
