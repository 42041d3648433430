import Foundation
import SpecTrace
import Testing

/// Generated files are committed and compared byte for byte with what the generator
/// writes now. `SPECCHECK_UPDATE_GOLDEN=1 swift test --filter SpecTestgenTests` rewrites
/// the all-kinds files; examples/testgen/regenerate.sh rewrites the worked example.
@Suite("testgen: generated files are stable and up to date")
struct GeneratedFileTests {
  static let update = ProcessInfo.processInfo.environment["SPECCHECK_UPDATE_GOLDEN"] == "1"

  func compare(_ generated: String, with relative: String) throws {
    if Self.update {
      try generated.write(toFile: Paths.path(relative), atomically: true, encoding: .utf8)
    }
    #expect(generated == (try Paths.text(relative)), "\(relative) is stale")
  }

  @Test("every kind of value gives the committed Swift test, which SpecTestKitTests compiles and runs")
  func allKindsSwift() throws {
    let test = try allKindsTest(
      name: "AllKindsTests", adapter: GeneratedTest.Adapter(module: nil, type: "AllKindsAdapter"))
    try compare(
      TestWriter.write(test, language: .swift), with: "Tests/SpecTestKitTests/AllKindsTests.swift")
  }

  @Test("every kind of value gives the committed Python test")
  func allKindsPython() throws {
    let test = try allKindsTest(
      name: "test_all_kinds",
      adapter: GeneratedTest.Adapter(module: "all_kinds_adapter", type: "AllKindsAdapter"))
    try compare(
      TestWriter.write(test, language: .python),
      with: "Tests/SpecTestgenTests/Fixtures/test_all_kinds.py")
  }

  @Test(
    "the all-kinds Python test imports and passes under pytest against an adapter that returns equal values in other forms",
    .enabled(if: which("python3") != nil, "needs python3"))
  func allKindsPythonRuns() throws {
    let directory = try temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: directory) }
    for name in ["test_all_kinds.py", "all_kinds_adapter.py"] {
      try FileManager.default.copyItem(
        atPath: Paths.path("Tests/SpecTestgenTests/Fixtures/\(name)"),
        toPath: directory.appendingPathComponent(name).path)
    }
    let hasPytest = try run(["-c", "import pytest"], executable: which("python3") ?? "").status == 0
    let output =
      hasPytest
      ? try run(
        ["-m", "pytest", "-q", "-p", "no:cacheprovider", "test_all_kinds.py"],
        executable: which("python3") ?? "", in: directory)
      : try run(
        ["-c", "import test_all_kinds as t; assert t._replay(t.AllKindsAdapter()) is None; print('ok')"],
        executable: which("python3") ?? "", in: directory)
    #expect(output.status == 0, "\(output.stdout)\(output.stderr)")
    #expect(output.stdout.contains(hasPytest ? "1 passed" : "ok"))
  }

  @Test("the same trace gives the same bytes, and a different mode a different file")
  func stable() throws {
    let test = try allKindsTest(
      name: "x", adapter: GeneratedTest.Adapter(module: "m", type: "A"))
    for language in GeneratedTest.Language.allCases {
      #expect(TestWriter.write(test, language: language) == TestWriter.write(test, language: language))
      var regression = test
      regression.mode = .regression
      #expect(TestWriter.write(test, language: language) != TestWriter.write(regression, language: language))
    }
  }

  @Test(
    "regenerating the worked example (check, explore, testgen) gives the committed traces and tests",
    .enabled(if: which("bash") != nil, "needs bash"))
  func workedExample() throws {
    let directory = try temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: directory) }
    let output = try run(
      [Paths.path("examples/testgen/regenerate.sh"), directory.path],
      executable: which("bash") ?? "", environment: ["SPECCHECK": Paths.binary])
    #expect(output.status == 0, "\(output.stderr)")
    for file in [
      "bank.cex.itf.json", "bank.path.itf.json", "python/test_bank_regression.py",
      "python/test_bank_conformance.py", "swift/Tests/BankTests/BankRegressionTests.swift",
      "swift/Tests/BankTests/BankConformanceTests.swift",
    ] {
      let fresh = try String(
        contentsOf: directory.appendingPathComponent(file), encoding: .utf8)
      #expect(fresh == (try Paths.text("examples/testgen/\(file)")), "examples/testgen/\(file) is stale")
    }
  }
}
