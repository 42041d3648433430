import Foundation
import SpecDriver
import Testing

/// The JUnit XML that CI servers read. `junit-10.xsd` is the schema of Jenkins' xUnit
/// plugin, the de facto reference that GitLab reads too. It is not kept in this
/// repository: `.ci/run` fetches it from the pytest 8.3.4 source distribution on PyPI
/// (`testing/example_scripts/junit-10.xsd`, MIT) into `.build/junit-schema/`, or
/// `SPECCHECK_JUNIT_XSD` names a copy. With it and `xmllint` (Debian: libxml2-utils) the
/// output is validated against it. The structural test checks the same rules by hand, so
/// the suite says something without them too.
@Suite("JUnit XML: valid against Jenkins' junit-10.xsd and consistent counts")
struct JUnitSchemaTests {
  static let xmllint = ["/usr/bin/xmllint", "/usr/local/bin/xmllint", "/opt/homebrew/bin/xmllint"]
    .first { FileManager.default.isExecutableFile(atPath: $0) }

  static let schema: String? = {
    let packageRoot = Fixtures.directory.deletingLastPathComponent().deletingLastPathComponent()
      .deletingLastPathComponent()
    let candidates: [String?] = [
      ProcessInfo.processInfo.environment["SPECCHECK_JUNIT_XSD"],
      packageRoot.appendingPathComponent(".build/junit-schema/junit-10.xsd").path,
    ]
    return candidates.compactMap { $0 }.first { FileManager.default.fileExists(atPath: $0) }
  }()

  static func allRuns() throws -> [CheckRun] {
    try CIOutputGoldenTests.scenarios.map(CIOutputGoldenTests.scenario)
      + [try Fixtures.run("Counter.spec", expected: .violation("InRange"))]
  }

  @Test(
    "xmllint validates the report of every scenario against junit-10.xsd",
    .enabled(if: JUnitSchemaTests.xmllint != nil && JUnitSchemaTests.schema != nil))
  func validatesAgainstSchema() throws {
    let file = FileManager.default.temporaryDirectory
      .appendingPathComponent("speccheck-junit-\(ProcessInfo.processInfo.processIdentifier).xml")
    try JUnitReport.render(try Self.allRuns()).write(to: file, atomically: true, encoding: .utf8)
    defer { try? FileManager.default.removeItem(at: file) }
    let process = Process()
    process.executableURL = URL(fileURLWithPath: try #require(Self.xmllint))
    process.arguments = [
      "--noout", "--schema", try #require(Self.schema),
      file.path,
    ]
    let errors = Pipe()
    process.standardError = errors
    try process.run()
    let message = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
    process.waitUntilExit()
    #expect(process.terminationStatus == 0, "\(message)")
    #expect(message.hasSuffix("validates\n"))
  }

  @Test("the document is well-formed and follows the schema's structure and counts")
  func structure() throws {
    let runs = try Self.allRuns()
    let root = try #require(XMLTreeBuilder.parse(JUnitReport.render(runs)))
    #expect(root.name == "testsuites")
    let suites = root.all("testsuite")
    #expect(suites.count == runs.count)
    var totals = (tests: 0, failures: 0, errors: 0)
    for suite in suites {
      for key in ["name", "tests", "failures", "errors"] { #expect(suite.attributes[key] != nil) }
      #expect(Set(suite.children.map(\.name)).isSubset(of: ["properties", "testcase"]))
      let cases = suite.all("testcase")
      let failures = cases.count { !$0.all("failure").isEmpty }
      let errors = cases.count { !$0.all("error").isEmpty }
      let skipped = cases.count { !$0.all("skipped").isEmpty }
      #expect(suite.attributes["tests"] == String(cases.count))
      #expect(suite.attributes["failures"] == String(failures))
      #expect(suite.attributes["errors"] == String(errors))
      #expect(suite.attributes["skipped"] == String(skipped))
      #expect(suite.attributes["time"]?.wholeMatch(of: /[0-9]+\.[0-9]{3}/) != nil)
      for testCase in cases {
        #expect(testCase.attributes["name"] != nil)
        #expect(testCase.children.count <= 1)
        #expect(
          Set(testCase.children.map(\.name)).isSubset(of: [
            "failure", "error", "skipped", "system-out",
          ]))
        for child in testCase.children where child.name == "failure" || child.name == "error" {
          #expect(Set(child.attributes.keys) == ["type", "message"])
          #expect(!child.text.isEmpty)
        }
      }
      totals.tests += cases.count
      totals.failures += failures
      totals.errors += errors
    }
    #expect(root.attributes["tests"] == String(totals.tests))
    #expect(root.attributes["failures"] == String(totals.failures))
    #expect(root.attributes["errors"] == String(totals.errors))
  }

  @Test(
    "a failure's text is the report with the trace; an expected violation's trace goes to system-out"
  )
  func failureCarriesTrace() throws {
    let root = try #require(XMLTreeBuilder.parse(JUnitReport.render(try Self.allRuns())))
    let suites = root.all("testsuite")
    let violated = try #require(suites.first { $0.attributes["name"] == "specs/BrokenMutex.spec" })
    let failure = try #require(
      violated.all("testcase").first { $0.attributes["name"] == "invariant MutualExclusion" }?.all(
        "failure"
      ).first)
    #expect(
      failure.attributes["message"]
        == "invariant MutualExclusion is violated in state 5 of the trace")
    #expect(
      failure.text.contains("  5. Enter(p = 2)\n       pc = <<\"critical\", \"critical\">>\n"))
    let unmet = try #require(
      suites.last?.all("testcase").first { $0.attributes["name"] == "invariant InRange" })
    #expect(
      unmet.all("failure").first?.attributes["message"]
        == "expected a violation of InRange, but none was found in 4 reachable states")
  }

  @Test("text that XML cannot carry is escaped or replaced")
  func escaping() throws {
    var run = try Fixtures.run("Counter.spec")
    run.job.path = "a&b<c>\"d\"\u{1}.spec"
    let xml = JUnitReport.render([run])
    #expect(xml.contains(#"name="a&amp;b&lt;c&gt;&quot;d&quot;\#u{FFFD}.spec""#))
    #expect(XMLTreeBuilder.parse(xml) != nil)
  }
}

@Suite("Run verdicts, exit codes, colour and escaping")
struct CheckRunTests {
  @Test("an expected violation passes; a missing or different one fails with a reason")
  func judging() throws {
    #expect(try Fixtures.run("BrokenMutex.spec", expected: .violation(nil)).status == .passed)
    let other = try Fixtures.run("BrokenMutex.spec", expected: .violation("TypeOK"))
    #expect(other.status == .failed)
    #expect(
      other.mismatch
        == "expected a violation of TypeOK, but found invariant MutualExclusion violated")
    let unknown = try Fixtures.run("BrokenMutex.spec", expected: .violation("Safety"))
    #expect(
      unknown.mismatch == "expected a violation of Safety, but the spec has no invariant Safety")
    let noDeadlock = try Fixtures.run("Counter.spec", expected: .deadlock)
    #expect(noDeadlock.status == .failed)
    #expect(noDeadlock.mismatch == "expected a deadlock, but none was found in 4 reachable states")
    #expect(try Fixtures.run("Countdown.spec", expected: .deadlock).exitCode == 0)
    let bounded = try Fixtures.run("Unbounded.spec", expected: .incomplete) {
      $0.search.maxStates = 3
    }
    #expect(bounded.status == .passed)
    let stopped = try Fixtures.run("Unbounded.spec", expected: .violation(nil)) {
      $0.search.maxStates = 3
    }
    #expect(stopped.status == .incomplete)
    #expect(stopped.exitCode == 3)
    #expect(try Fixtures.run("Broken.spec", expected: .violation(nil)).exitCode == 2)
  }

  @Test("the exit code over several runs is the worst: invalid, then violated, then incomplete")
  func worstExitCode() {
    #expect(CheckRun.worstExitCode([0, 3, 1]) == 1)
    #expect(CheckRun.worstExitCode([3, 2, 1]) == 2)
    #expect(CheckRun.worstExitCode([0, 3]) == 3)
    #expect(CheckRun.worstExitCode([0, 0]) == 0)
    #expect(CheckRun.worstExitCode([]) == 0)
  }

  @Test("colour only on a terminal, never with NO_COLOR set or TERM=dumb")
  func colour() throws {
    #expect(ColourPolicy.enabled(isTerminal: true, environment: ["TERM": "xterm"]))
    #expect(!ColourPolicy.enabled(isTerminal: false, environment: ["TERM": "xterm"]))
    #expect(!ColourPolicy.enabled(isTerminal: true, environment: ["NO_COLOR": "1"]))
    #expect(ColourPolicy.enabled(isTerminal: true, environment: ["NO_COLOR": ""]))
    #expect(!ColourPolicy.enabled(isTerminal: true, environment: ["TERM": "dumb"]))
    let run = try Fixtures.run("BrokenMutex.spec")
    #expect(
      run.summaryLine(colour: true).hasPrefix(
        "\u{1B}[31mFAIL      \u{1B}[0m  specs/BrokenMutex.spec: "))
    #expect(!run.summaryLine(colour: false).contains("\u{1B}"))
  }

  @Test("annotation messages and properties escape what GitHub would misread")
  func annotationEscaping() throws {
    var run = try Fixtures.run("Countdown.spec")
    run.job.path = "dir,with:odd%name.spec"
    let annotation = try #require(GitHubAnnotations.annotations(for: run).first)
    #expect(annotation.hasPrefix("::error file=specs/Countdown.spec,line=1,col=1,endLine=1,"))
    #expect(annotation.contains("title=dir%2Cwith%3Aodd%25name.spec%3A deadlock::"))
    #expect(!annotation.dropLast().contains("\n"))
    #expect(annotation.contains("%0Atrace (3 states)%3A") == false)
    #expect(annotation.contains("%0Atrace (3 states):%0A"))
  }

  @Test("Mermaid text escapes its syntax characters")
  func mermaidEscaping() throws {
    let run = try Fixtures.run("BrokenMutex.spec")
    let trace = try #require(run.report.trace)
    let diagram = MarkdownSummary.sequenceDiagram(trace, ending: "a: b; c")
    #expect(diagram.contains("  participant A1 as p = 1\n  participant A2 as p = 2\n"))
    #expect(diagram.contains("  A2->>S: 5. Enter(p = 2)\n"))
    #expect(diagram.contains("  Note over S: a#58; b#59; c\n"))
  }
}
