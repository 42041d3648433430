import Foundation
import Testing

@Suite("speccheck testgen on the command line: modes, summaries, errors and exit codes")
struct TestgenCommandTests {
  static let spec = Paths.path("examples/testgen/Bank.spec")
  static let counterexample = Paths.path("examples/testgen/bank.cex.itf.json")
  static let path = Paths.path("examples/testgen/bank.path.itf.json")

  func testgen(_ trace: String, _ extra: [String] = [], lang: String = "python") throws
    -> (ProcessOutput, URL)
  {
    // Kept: the caller reads the file written there.
    let directory = try temporaryDirectory()
    let out = directory.appendingPathComponent(lang == "swift" ? "T.swift" : "test_t.py")
    let arguments =
      ["testgen", trace, "--spec", Self.spec, "--lang", lang, "--out", out.path]
      + (lang == "python" ? ["--adapter", "bank_adapter:BankAdapter"] : []) + extra
    return (try run(arguments), out)
  }

  @Test("a counterexample gives a regression test, a trace without violation a conformance test")
  func defaultModes() throws {
    let (regression, out) = try testgen(Self.counterexample)
    #expect(regression.status == 0)
    #expect(
      regression.stdout
        == "wrote \(out.path): regression test of 5 states (the last violates invariant NoOverdraft)\n")
    #expect(try String(contentsOf: out, encoding: .utf8).contains("MODE = \"regression\"\n"))
    let (conformance, _) = try testgen(Self.path, lang: "swift")
    #expect(conformance.status == 0)
    #expect(conformance.stdout.hasSuffix(": conformance test of 6 states\n"))
  }

  @Test("--mode overrides the default")
  func explicitMode() throws {
    let (output, out) = try testgen(Self.counterexample, ["--mode", "conformance"])
    #expect(output.status == 0)
    #expect(output.stdout.hasSuffix(": conformance test of 5 states (the last violates invariant NoOverdraft)\n"))
    #expect(try String(contentsOf: out, encoding: .utf8).contains("MODE = \"conformance\"\n"))
  }

  @Test("a missing trace file is SPC901, exit 2, and no file is written")
  func missingFile() throws {
    let (output, out) = try testgen("/nonexistent/t.itf.json")
    #expect(output.status == 2)
    #expect(
      output.stderr
        == "/nonexistent/t.itf.json: error[SPC901]: cannot read '/nonexistent/t.itf.json': No such file or directory\n")
    #expect(!FileManager.default.fileExists(atPath: out.path))
  }

  @Test("malformed JSON, and JSON that is not a trace of the spec, are SPC701, exit 2")
  func malformed() throws {
    let directory = try temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: directory) }
    let broken = directory.appendingPathComponent("broken.itf.json")
    try "{\"vars\": [".write(to: broken, atomically: true, encoding: .utf8)
    let (syntax, _) = try testgen(broken.path)
    #expect(syntax.status == 2)
    #expect(syntax.stderr.hasPrefix("\(broken.path): error[SPC701]: not valid JSON: "))
    let other = directory.appendingPathComponent("other.itf.json")
    try ##"{"vars": ["x"], "states": [{"x": {"#bigint": "1"}}]}"##.write(
      to: other, atomically: true, encoding: .utf8)
    let (shape, _) = try testgen(other.path)
    #expect(shape.status == 2)
    #expect(
      shape.stderr
        == "\(other.path): error[SPC701]: not a trace of Bank: \"vars\" is [\"x\"] but spec 'Bank' has variables [\"balance\", \"pending\"]\n")
  }

  @Test("a trace the spec does not allow is SPC702, exit 2")
  func notAllowed() throws {
    let directory = try temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: directory) }
    let original = try Paths.text("examples/testgen/bank.cex.itf.json")
    // The last Dispense debits 6 instead of 5.
    let edited = directory.appendingPathComponent("edited.itf.json")
    let parts = original.components(separatedBy: "\"#bigint\": \"-1\"")
    #expect(parts.count == 2)
    try parts.joined(separator: "\"#bigint\": \"-2\"").write(
      to: edited, atomically: true, encoding: .utf8)
    let (output, _) = try testgen(edited.path)
    #expect(output.status == 2)
    #expect(
      output.stderr
        == "\(edited.path): error[SPC702]: state 5 is not reached from state 4 by Dispense(atm = \"atm2\")\n")
    // Another initial balance is not an initial state.
    let start = directory.appendingPathComponent("start.itf.json")
    let first = original.components(separatedBy: "\"#bigint\": \"5\"")
    try ([first[0], first.dropFirst().joined(separator: "\"#bigint\": \"5\"")].joined(
      separator: "\"#bigint\": \"4\"")).write(to: start, atomically: true, encoding: .utf8)
    let (initial, _) = try testgen(start.path)
    #expect(initial.status == 2)
    #expect(initial.stderr == "\(start.path): error[SPC702]: state 1 is not an initial state of Bank\n")
  }

  @Test("an unknown --lang, or Python without --adapter module:Class, is a usage error (64)")
  func usage() throws {
    let unknown = try run([
      "testgen", Self.counterexample, "--spec", Self.spec, "--lang", "rust", "--out", "/tmp/x",
    ])
    #expect(unknown.status == 64)
    #expect(unknown.stderr.contains("The value 'rust' is invalid for '--lang <lang>'"))
    let noAdapter = try run([
      "testgen", Self.counterexample, "--spec", Self.spec, "--lang", "python", "--out", "/tmp/x",
    ])
    #expect(noAdapter.status == 64)
    #expect(noAdapter.stderr.contains("--lang python needs --adapter module:Class"))
  }

  @Test("an invalid spec is reported with its diagnostics, exit 2")
  func invalidSpec() throws {
    let directory = try temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: directory) }
    let spec = directory.appendingPathComponent("Bad.spec")
    try "spec Bad\nvar x: Int\ninit { x = y }\n".write(to: spec, atomically: true, encoding: .utf8)
    let output = try run([
      "testgen", Self.counterexample, "--spec", spec.path, "--lang", "swift", "--out",
      directory.appendingPathComponent("T.swift").path,
    ])
    #expect(output.status == 2)
    #expect(output.stderr.contains("error[SPC202]"))
    #expect(output.stderr.hasSuffix("\(spec.path): invalid spec\n"))
  }
}
