/// JUnit XML for CI servers (Jenkins, GitLab, the GitHub test-report actions): one
/// `testsuite` per run, one `testcase` per test case of the run (`spec`, each invariant,
/// `deadlock`). The output validates against the junit-10.xsd schema of Jenkins' xUnit
/// plugin, the de facto JUnit schema.
///
/// A counterexample is a `failure` whose message is the violation and whose text is the
/// full report with the trace; an invalid spec, an evaluation error or an unexpected early
/// stop is an `error`; a property the search could not decide is `skipped`.
package enum JUnitReport {
  /// The whole document. Deterministic: the same runs give the same bytes (no timestamps).
  package static func render(_ runs: [CheckRun]) -> String {
    let suites = runs.map { ($0, $0.testCases) }
    let all = suites.flatMap(\.1)
    let seconds = runs.reduce(0.0) { $0 + $1.report.seconds }
    var out = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
    out +=
      "<testsuites name=\"speccheck\" tests=\"\(all.count)\" failures=\"\(all.count(of: .failure))\""
    out += " errors=\"\(all.count(of: .error))\" time=\"\(formatTime(seconds))\">\n"
    for (run, cases) in suites { out += testSuite(run, cases) }
    out += "</testsuites>\n"
    return out
  }

  static func testSuite(_ run: CheckRun, _ cases: [CheckTestCase]) -> String {
    let report = run.report
    var out = "  <testsuite name=\"\(xml(run.job.title))\" tests=\"\(cases.count)\""
    out += " failures=\"\(cases.count(of: .failure))\" errors=\"\(cases.count(of: .error))\""
    out += " skipped=\"\(cases.count(of: .skipped))\" time=\"\(formatTime(report.seconds))\""
    out += " file=\"\(xml(run.job.path))\">\n"
    out += "    <properties>\n"
    var properties: [(String, String)] = [
      ("file", run.job.path), ("result", report.result.rawValue),
      ("expected", run.job.expected.description),
    ]
    properties += report.constants.map { ("constant \($0.0)", $0.1.description) }
    if report.loaded.isValid {
      properties += [
        ("distinct_states", String(report.distinctStates)),
        ("states_generated", String(report.statesGenerated)), ("depth", String(report.depth)),
      ]
    }
    for (name, value) in properties {
      out += "      <property name=\"\(xml(name))\" value=\"\(xml(value))\"/>\n"
    }
    out += "    </properties>\n"
    let className = xml(run.className)
    for testCase in cases {
      out += "    <testcase name=\"\(xml(testCase.name))\" classname=\"\(className)\""
      out += " time=\"\(formatTime(testCase.seconds))\""
      switch testCase.outcome {
      case .passed(nil):
        out += "/>\n"
        continue
      case .passed(let output?):
        out += ">\n      <system-out>\(xml(output, inAttribute: false))</system-out>\n"
      case .failure(let type, let message, let details):
        out += ">\n      <failure type=\"\(xml(type))\" message=\"\(xml(message))\">"
        out += "\(xml(details, inAttribute: false))</failure>\n"
      case .error(let type, let message, let details):
        out += ">\n      <error type=\"\(xml(type))\" message=\"\(xml(message))\">"
        out += "\(xml(details, inAttribute: false))</error>\n"
      case .skipped(let message):
        out += ">\n      <skipped message=\"\(xml(message))\"/>\n"
      }
      out += "    </testcase>\n"
    }
    out += "  </testsuite>\n"
    return out
  }

  /// Seconds with three decimals, as the schema's SUREFIRE_TIME pattern allows.
  static func formatTime(_ seconds: Double) -> String {
    let millis = Int((max(0, seconds) * 1000).rounded())
    let fraction = String(millis % 1000)
    return "\(millis / 1000).\(String(repeating: "0", count: 3 - fraction.count))\(fraction)"
  }

  /// Escapes text for an attribute or, with `inAttribute` false, an element's text: markup
  /// characters become entities, line breaks in attributes survive as `&#10;`, and characters XML 1.0 cannot carry at all
  /// become U+FFFD.
  static func xml(_ text: String, inAttribute: Bool = true) -> String {
    var out = ""
    for scalar in text.unicodeScalars {
      switch scalar {
      case "&": out += "&amp;"
      case "<": out += "&lt;"
      case ">": out += "&gt;"
      case "\"" where inAttribute: out += "&quot;"
      case "'" where inAttribute: out += "&apos;"
      case "\n": out += inAttribute ? "&#10;" : "\n"
      case "\r": out += "&#13;"
      case "\t": out += inAttribute ? "&#9;" : "\t"
      default:
        let value = scalar.value
        let allowed = value >= 0x20 && !(0xFFFE...0xFFFF).contains(value)
        out.unicodeScalars.append(allowed ? scalar : "\u{FFFD}")
      }
    }
    return out
  }
}

extension CheckRun {
  /// The JUnit `classname`: the spec's path without `.spec`, and the run's label, so the
  /// runs of one file stay apart and CI servers do not split the name at `.spec`.
  var className: String {
    let path = job.path.hasSuffix(".spec") ? String(job.path.dropLast(5)) : job.path
    return job.label.isEmpty ? path : "\(path) [\(job.label)]"
  }
}

extension [CheckTestCase] {
  enum Kind { case failure, error, skipped }

  func count(of kind: Kind) -> Int {
    count {
      switch ($0.outcome, kind) {
      case (.failure, .failure), (.error, .error), (.skipped, .skipped): true
      default: false
      }
    }
  }
}
