import Foundation
import Testing

/// Runs the built `speccheck` binary; the tests that need it skip when it is absent.
enum CheckCLI {
  static let binary = Package.root.appendingPathComponent(".build/debug/speccheck").path

  static var available: Bool { FileManager.default.isExecutableFile(atPath: binary) }

  struct Run {
    var status: Int32
    var stdout: String
    var stderr: String
  }

  /// Runs speccheck with `arguments` from the package root; `interruptAfter` sends SIGINT;
  /// `environment` adds variables.
  static func run(
    _ arguments: [String], interruptAfter: Double? = nil, environment: [String: String] = [:]
  ) throws -> Run {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: binary)
    process.arguments = arguments
    if !environment.isEmpty {
      process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
    }
    process.currentDirectoryURL = Package.root
    let out = Pipe()
    let err = Pipe()
    process.standardOutput = out
    process.standardError = err
    try process.run()
    if let interruptAfter {
      Thread.sleep(forTimeInterval: interruptAfter)
      process.interrupt()
    }
    let outData = out.fileHandleForReading.readDataToEndOfFile()
    let errData = err.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return Run(
      status: process.terminationStatus, stdout: String(decoding: outData, as: UTF8.self),
      stderr: String(decoding: errData, as: UTF8.self))
  }

  static func json(_ text: String) -> [String: Any]? {
    (try? JSONSerialization.jsonObject(with: Data(text.utf8))) as? [String: Any]
  }
}

@Suite("speccheck check on the command line", .enabled(if: CheckCLI.available))
struct CheckCommandTests {
  @Test("an ok spec exits 0 and prints the counts")
  func okSpec() throws {
    let run = try CheckCLI.run(["check", "--no-config", "examples/TwoPhase.spec", "--workers", "2"])
    #expect(run.status == 0)
    #expect(
      run.stdout.hasPrefix("examples/TwoPhase.spec: ok, no invariant violated (RMCount = 3)\n"))
    #expect(run.stdout.contains("288 distinct states, 1146 states generated, depth 11, "))
  }

  @Test("the tuning variables: a stage profile on stderr, and a chunk size that changes no result")
  func tuningVariables() throws {
    let arguments = ["check", "--no-config", "examples/DieHard.spec", "--workers", "2"]
    let plain = try CheckCLI.run(arguments)
    let tuned = try CheckCLI.run(
      arguments, environment: ["SPECCHECK_STAGE_PROFILE": "1", "SPECCHECK_LEVEL_CHUNK": "1"])
    #expect(plain.status == 1 && tuned.status == 1)
    // Same verdict, counts and trace; only the time differs.
    let withoutTime = { (text: String) in
      text.split(separator: "\n").filter { !$0.contains(" s, ") && !$0.contains("states/s") }
    }
    #expect(withoutTime(tuned.stdout) == withoutTime(plain.stdout))
    #expect(plain.stderr.isEmpty)
    let line = tuned.stderr.split(separator: "\n").first.map(String.init) ?? ""
    #expect(line.hasPrefix("speccheck: levels: "), "\(tuned.stderr)")
    #expect(line.contains(" successors not stored when looked up"))
  }

  @Test("a violated invariant exits 1 with the shortest trace, as text and as ITF")
  func violation() throws {
    let traceFile = FileManager.default.temporaryDirectory
      .appendingPathComponent("diehard-\(getpid()).itf.json").path
    defer { try? FileManager.default.removeItem(atPath: traceFile) }
    let run = try CheckCLI.run([
      "check", "--no-config", "examples/DieHard.spec", "--trace-out", traceFile,
    ])
    #expect(run.status == 1)
    #expect(
      run.stdout.hasPrefix(
        "examples/DieHard.spec: invariant NotSolved is violated in state 7 of the trace\ntrace (7 states):\n  1. init\n"
      ))
    let itf = try #require(CheckCLI.json(try String(contentsOfFile: traceFile, encoding: .utf8)))
    #expect(itf["vars"] as? [String] == ["big", "small"])
    let states = try #require(itf["states"] as? [[String: Any]])
    #expect(states.count == 7)
    #expect((states[6]["big"] as? [String: String]) == ["#bigint": "4"])
    #expect((states[6]["#meta"] as? [String: Any])?["action"] as? String == "BigToSmall")
  }

  @Test("the JSON report has the fields of CLI.md and the same figures for 1 and 4 workers")
  func jsonShapeAndDeterminism() throws {
    var reports: [[String: Any]] = []
    for workers in ["1", "4"] {
      let run = try CheckCLI.run([
        "check", "--no-config", "specs/MissionariesAndCannibals.spec", "--format", "json",
        "--workers", workers,
      ])
      #expect(run.status == 1)
      reports.append(try #require(CheckCLI.json(run.stdout)))
    }
    for key in [
      "spec", "file", "constants", "result", "distinct_states", "states_generated", "depth",
      "seconds", "workers", "store_bytes_per_state", "violation", "trace", "coverage",
    ] {
      #expect(reports[0][key] != nil, "missing \(key)")
    }
    #expect(reports[0]["result"] as? String == "invariant_violated")
    #expect((reports[0]["violation"] as? [String: Any])?["name"] as? String == "Solution")
    for key in ["distinct_states", "states_generated", "depth"] {
      #expect(reports[0][key] as? Int == reports[1][key] as? Int, "\(key) differs")
    }
    let traces = try reports.map { report in
      try JSONSerialization.data(withJSONObject: report["trace"] as Any, options: [.sortedKeys])
    }
    #expect(traces[0] == traces[1])
    #expect(reports[1]["workers"] as? Int == 4)
  }

  @Test("constants are plain JSON where JSON has the type, ITF where it does not")
  func constantsJSON() throws {
    let run = try CheckCLI.run([
      "check", "--no-config", "examples/TwoPhase.spec", "--const", "RMCount=2", "--format", "json",
    ])
    #expect(run.status == 0)
    let report = try #require(CheckCLI.json(run.stdout))
    #expect(report["constants"] as? [String: Int] == ["RMCount": 2])
    #expect(report["distinct_states"] as? Int == 56)  // SPIN stores 56 (Benchmarks/twophase_pml.py 2)
  }

  @Test("a limit stops the search with result incomplete and exit 3")
  func limits() throws {
    let run = try CheckCLI.run([
      "check", "--no-config", "specs/ReadersWriters.spec", "--max-states", "100",
    ])
    #expect(run.status == 3)
    #expect(
      run.stdout.hasPrefix(
        "specs/ReadersWriters.spec: incomplete, the state limit (100) was reached; no invariant violated so far"
      ))
    let depth = try CheckCLI.run([
      "check", "--no-config", "examples/TwoPhase.spec", "--max-depth", "3", "--format", "json",
    ])
    #expect(depth.status == 3)
    #expect(CheckCLI.json(depth.stdout)?["result"] as? String == "incomplete")
  }

  @Test("--memory: bytes with a suffix stop the search, none lifts the bound, junk is refused")
  func memoryFlag() throws {
    let bounded = try CheckCLI.run([
      "check", "--no-config", "examples/TwoPhase.spec", "--memory", "10K",
    ])
    #expect(bounded.status == 3)
    #expect(
      bounded.stdout.hasPrefix(
        "examples/TwoPhase.spec: incomplete, the memory limit (10240 bytes) was reached; "
          + "no invariant violated so far (RMCount = 3)\n"))
    let lifted = try CheckCLI.run([
      "check", "--no-config", "examples/TwoPhase.spec", "--memory", "none",
    ])
    #expect(lifted.status == 0)
    #expect(lifted.stdout.contains("288 distinct states, 1146 states generated, depth 11, "))
    for junk in ["lots", "0", "-5", "8E", "99999999999G"] {
      let refused = try CheckCLI.run([
        "check", "--no-config", "examples/TwoPhase.spec", "--memory=\(junk)",
      ])
      #expect(refused.status == 64, "--memory \(junk)")
      #expect(refused.stderr.contains("The value '\(junk)' is invalid for '--memory <memory>'"))
    }
  }

  @Test("Ctrl-C stops cleanly: the statistics so far, result incomplete, exit 3")
  func interrupt() throws {
    let run = try CheckCLI.run(
      ["check", "--no-config", "examples/TwoPhase.spec", "--const", "RMCount=7", "--workers", "1"],
      interruptAfter: 1.5)
    #expect(run.status == 3)
    #expect(
      run.stdout.hasPrefix(
        "examples/TwoPhase.spec: incomplete, interrupted; no invariant violated so far"))
    #expect(run.stdout.contains(" distinct states, "))
  }

  @Test("an invalid spec exits 2, a bad flag 64")
  func invalidAndUsage() throws {
    let missing = try CheckCLI.run(["check", "--no-config", "no/such.spec"])
    #expect(missing.status == 2)
    #expect(
      missing.stdout.hasPrefix(
        "no/such.spec: error[SPC901]: cannot read 'no/such.spec': No such file or directory\n"))
    let usage = try CheckCLI.run([
      "check", "--no-config", "examples/TwoPhase.spec", "--workers", "zero",
    ])
    #expect(usage.status == 64)
  }
}

@Suite("speccheck check's store and invariant flags", .enabled(if: CheckCLI.available))
struct CheckStoreFlagTests {
  @Test("--store fingerprint gives the same counts and trace, and the collision estimate")
  func fingerprintStore() throws {
    let exact = try CheckCLI.run(["check", "--no-config", "specs/Hanoi.spec", "--format", "json"])
    let fingerprint = try CheckCLI.run([
      "check", "--no-config", "specs/Hanoi.spec", "--format", "json", "--store", "fingerprint",
    ])
    let a = try #require(CheckCLI.json(exact.stdout))
    let b = try #require(CheckCLI.json(fingerprint.stdout))
    #expect(a["store"] as? String == "exact")
    #expect(b["store"] as? String == "fingerprint")
    #expect(a["distinct_states"] as? Int == 233)
    #expect(b["distinct_states"] as? Int == 233)
    #expect(a["fingerprint_collision_probability"] == nil)
    let probability = try #require(b["fingerprint_collision_probability"] as? Double)
    // d·(g−d)/2^64 with d = 233, g = 617.
    #expect(abs(probability - 233.0 * 384.0 / 18_446_744_073_709_551_616.0) < 1e-25)
    let traces = try [a, b].map {
      try JSONSerialization.data(withJSONObject: $0["trace"] as Any, options: [.sortedKeys])
    }
    #expect(traces[0] == traces[1])
  }

  @Test("--invariant checks only the named invariants; an unknown name is an error")
  func invariantSelection() throws {
    let none = try CheckCLI.run([
      "check", "--no-config", "examples/DieHard.spec", "--invariant", "TypeOK",
    ])
    let unknown = try CheckCLI.run([
      "check", "--no-config", "examples/DieHard.spec", "--invariant", "Nope",
    ])
    #expect(none.status == 0)
    #expect(
      none.stdout.hasPrefix("examples/DieHard.spec: ok, no invariant violated\n16 distinct states"))
    #expect(unknown.status == 2)
    #expect(
      unknown.stdout.contains(
        "error[SPC202]: --invariant names 'Nope', which is not an invariant of the spec"))
  }
}

@Suite("speccheck check --prove", .enabled(if: CheckCLI.available))
struct CheckProveFlagTests {
  @Test("after exploring EWD840, says each invariant is inductive in general")
  func proveAfterCheck() throws {
    let run = try CheckCLI.run([
      "check", "--no-config", "specs/EWD840.spec", "--no-deadlock", "--prove",
    ])
    #expect(run.status == 0)
    #expect(
      run.stdout.hasSuffix(
        """
        prove (3 invariants, together):
          TypeOK                inductive: holds in every state, reachable or not
          TerminationDetection  inductive: holds in every state, reachable or not
          Inv                   inductive: holds in every state, reachable or not

        """))
  }

  @Test("in JSON, adds a prove field: per invariant proved, and none without --prove")
  func proveInJSON() throws {
    let run = try CheckCLI.run([
      "check", "--no-config", "examples/DieHard.spec", "--prove", "--format", "json",
    ])
    let plain = try CheckCLI.run([
      "check", "--no-config", "examples/DieHard.spec", "--format", "json",
    ])
    #expect(run.status == 1)
    let object = try #require(CheckCLI.json(run.stdout))
    #expect(object["result"] as? String == "invariant_violated")
    let prove = try #require(object["prove"] as? [String: Any])
    #expect(prove["result"] as? String == "proved")
    let invariants = try #require(prove["invariants"] as? [[String: Any]])
    #expect(invariants.count == 1)
    #expect(invariants.first?["name"] as? String == "TypeOK")
    #expect(invariants.first?["result"] as? String == "proved")
    #expect(invariants.first?["trace"] is NSNull)
    #expect(CheckCLI.json(plain.stdout)?["prove"] == nil)
  }
}
