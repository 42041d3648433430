import Foundation
import Testing

@Suite("speccheck simulate on the command line")
struct SimulateCommandTests {
  static let dieHard = Paths.path("examples/DieHard.spec")

  /// The output without the last line's time and worker count.
  func normalised(_ text: String) -> String {
    text.replacingOccurrences(
      of: #", [0-9]+\.[0-9]+ s, [0-9]+ workers?\n"#, with: ", TIME\n", options: .regularExpression)
  }

  @Test("the same seed gives the same output and trace with 1 and 2 workers, and finds DieHard's violation")
  func deterministic() throws {
    let directory = try temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: directory) }
    var outputs: [ProcessOutput] = []
    for workers in ["1", "2"] {
      outputs.append(
        try run([
          "simulate", Self.dieHard, "--runs", "200", "--depth", "50", "--seed", "7", "--workers",
          workers, "--trace-out", directory.appendingPathComponent("w\(workers).itf.json").path,
        ]))
    }
    #expect(outputs.map(\.status) == [1, 1])
    #expect(normalised(outputs[0].stdout) == normalised(outputs[1].stdout))
    #expect(outputs[0].stdout.hasPrefix("seed 7: 200 runs of at most 50 states\n"))
    #expect(outputs[0].stdout.contains("examples/DieHard.spec: invariant NotSolved is violated in state 26 of the trace\n"))
    #expect(outputs[0].stdout.contains("found in run 66\n66 runs, 3276 states visited, "))
    let traces = try ["1", "2"].map {
      try String(contentsOf: directory.appendingPathComponent("w\($0).itf.json"), encoding: .utf8)
    }
    #expect(traces[0] == traces[1])
    // The trace feeds testgen.
    let generated = try run([
      "testgen", directory.appendingPathComponent("w1.itf.json").path, "--spec", Self.dieHard,
      "--lang", "swift", "--out", directory.appendingPathComponent("DieHardTests.swift").path,
    ])
    #expect(generated.status == 0)
    #expect(generated.stdout.hasSuffix(": regression test of 26 states (the last violates invariant NotSolved)\n"))
  }

  @Test("exit codes: 0 nothing found, 1 a violation, 2 an invalid spec, 64 bad usage")
  func exitCodes() throws {
    let ok = try run([
      "simulate", Self.dieHard, "--runs", "20", "--depth", "10", "--seed", "1", "--invariant",
      "TypeOK",
    ])
    #expect(ok.status == 0)
    #expect(ok.stdout.contains("examples/DieHard.spec: ok, no invariant violated\n20 runs, 200 states visited, "))
    let json = try run([
      "simulate", Self.dieHard, "--runs", "200", "--depth", "50", "--seed", "7", "--format", "json",
    ])
    #expect(json.status == 1)
    #expect(json.stdout.contains("\"result\": \"invariant_violated\",\n  \"seed\": \"7\","))
    #expect(json.stdout.contains("\"failing_run\": 66,"))
    let directory = try temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: directory) }
    let bad = directory.appendingPathComponent("Bad.spec")
    try "spec Bad\nvar x: Int\ninit { x = y }\n".write(to: bad, atomically: true, encoding: .utf8)
    let invalid = try run(["simulate", bad.path, "--seed", "1"])
    #expect(invalid.status == 2)
    #expect(invalid.stdout.contains("error[SPC202]"))
    let usage = try run(["simulate", Self.dieHard, "--runs", "0"])
    #expect(usage.status == 64)
  }

  @Test("without --seed a seed is chosen and printed")
  func printsSeed() throws {
    let output = try run(["simulate", Self.dieHard, "--runs", "1", "--depth", "2", "--no-deadlock"])
    #expect(output.stdout.range(of: #"^seed [0-9]+: 1 runs of at most 2 states\n"#, options: .regularExpression) != nil)
  }
}
