import Foundation
import SpecDriver
import Testing

/// The CI outputs of `check` pinned byte for byte: JUnit XML, GitHub annotations
/// (`--format github`), the Markdown summary and the text summary, for each kind of
/// outcome. Times are normalised to zero.
@Suite("CI outputs: JUnit, GitHub annotations and Markdown, pinned as golden files")
struct CIOutputGoldenTests {
  /// The scenarios of the issue, plus an expected violation, which passes.
  static func scenario(_ name: String) throws -> CheckRun {
    switch name {
    case "passing": return try Fixtures.run("Counter.spec")
    case "violation": return try Fixtures.run("BrokenMutex.spec")
    case "deadlock": return try Fixtures.run("Countdown.spec")
    case "invalid": return try Fixtures.run("Broken.spec")
    case "incomplete":
      return try Fixtures.run("Unbounded.spec") { $0.search.maxStates = 5 }
    case "expected":
      return try Fixtures.run("BrokenMutex.spec", expected: .violation("MutualExclusion"))
    default: throw CocoaError(.fileNoSuchFile)
    }
  }

  static let scenarios = ["passing", "violation", "deadlock", "invalid", "incomplete", "expected"]

  @Test("each scenario has the verdict, status and exit code its golden files show")
  func verdicts() throws {
    let runs = try Self.scenarios.map(Self.scenario)
    #expect(
      runs.map(\.report.result) == [
        .ok, .invariantViolated, .deadlock, .error, .incomplete, .invariantViolated,
      ])
    #expect(runs.map(\.status) == [.passed, .failed, .failed, .error, .incomplete, .passed])
    #expect(runs.map(\.exitCode) == [0, 1, 1, 2, 3, 0])
  }

  @Test(
    "JUnit XML for a passing spec, a violation, a deadlock, an invalid spec, an incomplete run and an expected violation",
    arguments: scenarios)
  func junit(_ name: String) throws {
    Fixtures.expectGolden(JUnitReport.render([try Self.scenario(name)]), "\(name).junit.xml")
  }

  @Test("GitHub workflow commands for each scenario", arguments: scenarios)
  func github(_ name: String) throws {
    Fixtures.expectGolden(GitHubAnnotations.render([try Self.scenario(name)]), "\(name).github.txt")
  }

  @Test(
    "Markdown summary with trace table and Mermaid diagram for each scenario", arguments: scenarios)
  func markdown(_ name: String) throws {
    Fixtures.expectGolden(MarkdownSummary.render([try Self.scenario(name)]), "\(name).md")
  }

  @Test(
    "text summary lines, details of what did not pass, and the total, for all scenarios at once")
  func text() throws {
    let runs = try Self.scenarios.map(Self.scenario)
    Fixtures.expectGolden(CheckSummary.renderText(runs), "all.txt")
  }

  @Test("one JUnit document and one Markdown summary for all scenarios at once")
  func combined() throws {
    let runs = try Self.scenarios.map(Self.scenario)
    Fixtures.expectGolden(JUnitReport.render(runs), "all.junit.xml")
    Fixtures.expectGolden(MarkdownSummary.render(runs), "all.md")
  }

  @Test("the violated invariant's annotation points at its declaration, line 27 column 11")
  func annotationLocation() throws {
    let run = try Self.scenario("violation")
    let annotations = GitHubAnnotations.annotations(for: run)
    #expect(annotations.count == 1)
    #expect(
      annotations.first?.hasPrefix(
        "::error file=specs/BrokenMutex.spec,line=27,col=11,endLine=27,endColumn=26,"
          + "title=specs/BrokenMutex.spec%3A invariant MutualExclusion violated::") == true)
  }

  @Test("an expected violation produces no error annotation")
  func expectedHasNoAnnotation() throws {
    #expect(GitHubAnnotations.annotations(for: try Self.scenario("expected")) == [])
  }

  @Test("times are written with three decimals in JUnit and two in text")
  func timeFormats() throws {
    var run = try Self.scenario("passing")
    run.report.seconds = 1.23456
    let xml = JUnitReport.render([run])
    #expect(
      xml.contains(#"<testsuites name="speccheck" tests="3" failures="0" errors="0" time="1.235">"#)
    )
    #expect(run.summaryLine().hasSuffix("; 4 states, depth 4, 1.23 s\n"))
  }
}

@Suite("The default memory bound in reports")
struct DefaultMemoryBoundReportTests {
  static let defaultPhrase =
    "the default memory limit (4096 bytes, a third of the memory this machine allows; "
    + "--memory sets another, --memory none lifts it) was reached"

  func run(byDefault: Bool) throws -> CheckRun {
    try Fixtures.run("Unbounded.spec") {
      $0.search.memoryLimit = 4096
      $0.memoryLimitIsDefault = byDefault
    }
  }

  @Test("a default bound reached says so, and how to change it, in every rendering")
  func defaultBound() throws {
    let run = try run(byDefault: true)
    #expect(run.report.result == .incomplete)
    #expect(
      run.report.renderText().hasPrefix(
        "specs/Unbounded.spec: incomplete, \(Self.defaultPhrase); no invariant violated so far\n"))
    #expect(run.json().serialized().contains(#""stop_reason":"\#(Self.defaultPhrase)""#))
    #expect(run.report.outcomePhrase == "incomplete: \(Self.defaultPhrase)")
    #expect(JUnitReport.render([run]).contains("not checked to completion: \(Self.defaultPhrase)"))
  }

  @Test("a bound the user set is only the limit reached")
  func userBound() throws {
    let run = try run(byDefault: false)
    #expect(run.report.result == .incomplete)
    #expect(run.report.stopPhrase == "the memory limit (4096 bytes) was reached")
    #expect(
      run.json().serialized().contains(
        #""stop_reason":"the memory limit (4096 bytes) was reached""#))
  }
}
