import Foundation
import SpecDriver
import Testing

@Suite("speccheck.json: parsing, sweeps, per-spec flags and expected outcomes")
struct CheckConfigTests {
  func parse(_ text: String, path: String = "speccheck.json") throws -> CheckConfig {
    try CheckConfig.parse(Array(text.utf8), path: path)
  }

  func error(_ text: String) -> String? {
    do {
      _ = try parse(text)
      return nil
    } catch let error as ConfigError {
      return error.description
    } catch {
      return "\(error)"
    }
  }

  @Test("reads every key of an entry")
  func entryKeys() throws {
    let config = try parse(
      """
      {"paths": ["specs"], "specs": [{"file": "specs/A.spec", "constants": {"N": 3, "On": true,
       "S": "{1, 2}"}, "no_deadlock": true, "max_states": 10, "max_depth": 4, "timeout": 2.5,
       "memory": 1024, "expect": "violation of Safe", "comment": "why"}]}
      """)
    #expect(config.paths == ["specs"])
    let entry = try #require(config.entries.first)
    #expect(entry.file == "specs/A.spec")
    #expect(entry.constants.map { "\($0.name)=\($0.valueText)" } == ["N=3", "On=TRUE", "S={1, 2}"])
    #expect(entry.noDeadlock == true)
    #expect(entry.maxStates == 10)
    #expect(entry.maxDepth == 4)
    #expect(entry.timeout == 2.5)
    #expect(entry.memory == .bytes(1024))
    #expect(entry.expected == .violation("Safe"))
    let options = entry.options(over: CheckOptions())
    #expect(options.search.checkDeadlock == false)
    #expect(options.search.maxStates == 10)
  }

  @Test("relative paths are taken from the config file's directory")
  func relativePaths() throws {
    let config = try parse(
      #"{"paths": ["../specs", "."], "specs": [{"file": "./A.spec"}]}"#, path: "ci/speccheck.json")
    #expect(config.paths == ["specs", "ci"])
    #expect(config.entries.map(\.file) == ["ci/A.spec"])
  }

  @Test(
    "expect accepts the documented spellings",
    arguments: [
      ("ok", ExpectedOutcome.ok), ("violation", .violation(nil)),
      ("invariant_violated", .violation(nil)),
      ("violation of NotSolved", .violation("NotSolved")), ("deadlock", .deadlock),
      ("assumption failure", .assumptionFailure), ("assumption_failed", .assumptionFailure),
      ("incomplete", .incomplete),
    ])
  func expectSpellings(_ text: String, _ expected: ExpectedOutcome) {
    #expect(ExpectedOutcome(text: text) == expected)
  }

  @Test("mistakes are reported with the JSON path or the line and column")
  func errors() {
    #expect(
      error(#"{"specs": [{"file": "A.spec", "no_deadlok": true}]}"#)
        == "speccheck.json: specs[0].no_deadlok: unknown key; expected one of [\"comment\", "
        + "\"constants\", \"expect\", \"file\", \"max_depth\", \"max_states\", \"memory\", "
        + "\"no_deadlock\", \"sweep\", \"timeout\"]")
    #expect(
      error(#"{"specs": [{"file": "A.spec", "expect": "fails"}]}"#)
        == "speccheck.json: specs[0].expect: expected \"ok\", \"violation of NAME\", \"violation\", "
        + "\"deadlock\", \"assumption failure\" or \"incomplete\"")
    #expect(
      error(#"{"specs": [{"expect": "ok"}]}"#)
        == "speccheck.json: specs[0]: each entry needs \"file\": the spec's path")
    #expect(error("{\n  \"specs\": [,]\n}") == "speccheck.json: 2:13: unexpected character")
    #expect(
      error(#"{"specs": [{"file": "A.spec", "sweep": {"N": []}}]}"#)
        == "speccheck.json: specs[0].sweep.N: expected a non-empty array of values")
    #expect(
      error(#"{"specs": [{"file": "A.spec", "constants": {"N": 1}, "sweep": {"N": [2]}}]}"#)
        == "speccheck.json: specs[0]: N is both in \"constants\" and in \"sweep\"")
    #expect(
      error(#"{"specs": [{"file": "A.spec", "expect": "deadlock", "no_deadlock": true}]}"#)
        == "speccheck.json: specs[0]: \"expect\": \"deadlock\" needs deadlock checking on")
    #expect(
      error(#"{"specs": [{"file": "A.spec", "constants": {"N": 1.5}}]}"#)
        == "speccheck.json: specs[0].constants.N: expected an integer, a boolean, or a string "
        + "holding an expression")
  }

  @Test("\"memory\": a number of bytes sets the bound, \"none\" lifts the default one")
  func memoryBound() throws {
    var base = CheckOptions()
    base.search.memoryLimit = 1 << 30
    base.memoryLimitIsDefault = true
    let none = try #require(
      try parse(#"{"specs": [{"file": "A.spec", "memory": "none"}]}"#).entries.first)
    #expect(none.memory == .unbounded)
    let lifted = none.options(over: base)
    #expect(lifted.search.memoryLimit == nil)
    #expect(lifted.memoryLimitIsDefault == false)
    let set = try #require(
      try parse(#"{"specs": [{"file": "A.spec", "memory": 4096}]}"#).entries.first)
    #expect(set.options(over: base).search.memoryLimit == 4096)
    #expect(set.options(over: base).memoryLimitIsDefault == false)
    let unset = try #require(try parse(#"{"specs": [{"file": "A.spec"}]}"#).entries.first)
    #expect(unset.options(over: base).search.memoryLimit == 1 << 30)
    #expect(unset.options(over: base).memoryLimitIsDefault == true)
    for wrong in [#""lots""#, "0", "-1", "1.5", "null"] {
      #expect(
        error(#"{"specs": [{"file": "A.spec", "memory": "# + wrong + "}]}")
          == "speccheck.json: specs[0].memory: expected a positive number of bytes, or \"none\"")
    }
  }

  @Test("a sweep gives one job per combination of values, the first constant varying slowest")
  func sweepJobs() throws {
    let config = try parse(
      #"{"specs": [{"file": "A.spec", "constants": {"K": 0}, "sweep": {"N": [1, 2], "M": ["TRUE", "FALSE"]}}]}"#
    )
    let jobs = CheckPlan.jobs(
      files: ["A.spec"], config: config, options: CheckOptions(), overrides: [])
    #expect(
      jobs.map(\.label) == [
        "K = 0, N = 1, M = TRUE", "K = 0, N = 1, M = FALSE", "K = 0, N = 2, M = TRUE",
        "K = 0, N = 2, M = FALSE",
      ])
  }

  @Test(
    "files no entry names get one run with the command line's flags; --const wins over the config")
  func planning() throws {
    let config = try parse(
      #"""
      {"specs": [{"file": "specs/A.spec", "no_deadlock": true},
                 {"file": "specs/A.spec", "expect": "deadlock", "constants": {"N": 2}}]}
      """#)
    var base = CheckOptions()
    base.search.maxStates = 7
    let jobs = CheckPlan.jobs(
      files: ["./specs/A.spec", "specs/B.spec", "specs/A.spec"], config: config, options: base,
      overrides: [ConstantOverride(name: "N", valueText: "5")])
    #expect(
      jobs.map(\.title) == [
        "./specs/A.spec [N = 5, no deadlock check]", "./specs/A.spec [N = 5]",
        "specs/B.spec [N = 5]",
      ])
    #expect(jobs.map(\.expected) == [.ok, .deadlock, .ok])
    #expect(jobs.map(\.options.search.maxStates) == [7, 7, 7])
  }

  @Test("--const over a swept constant does not check the same run twice")
  func duplicateRuns() throws {
    let config = try parse(#"{"specs": [{"file": "A.spec", "sweep": {"N": [1, 2]}}]}"#)
    let jobs = CheckPlan.jobs(
      files: ["A.spec"], config: config, options: CheckOptions(),
      overrides: [ConstantOverride(name: "N", valueText: "4")])
    #expect(jobs.map(\.title) == ["A.spec [N = 4]"])
  }

  @Test("a bare check covers the config's paths, then the files of entries outside them")
  func bareCheckFiles() throws {
    let config = try parse(
      #"{"paths": ["specs"], "specs": [{"file": "specs/A.spec"}, {"file": "extra/C.spec"}]}"#)
    let files = CheckPlan.files(of: config) { paths in
      paths == ["specs"] ? ["specs/A.spec", "./specs/B.spec"] : []
    }
    #expect(files == ["specs/A.spec", "specs/B.spec", "extra/C.spec"])
  }

  @Test("a sweep over constants produces one result per value")
  func sweepRuns() throws {
    let path = Fixtures.specPath("Counter.spec")
    let config = try parse(#"{"specs": [{"file": "\#(path)", "sweep": {"Max": [2, 3, 5]}}]}"#)
    var options = CheckOptions()
    options.search.workers = 1
    let runs = CheckPlan.jobs(files: [path], config: config, options: options, overrides: []).map(
      Driver.run)
    #expect(runs.map(\.job.label) == ["Max = 2", "Max = 3", "Max = 5"])
    #expect(runs.map(\.report.distinctStates) == [3, 4, 6])
    #expect(runs.map(\.status) == [.passed, .passed, .passed])
    let junit = JUnitReport.render(runs)
    #expect(junit.components(separatedBy: "<testsuite ").count - 1 == 3)
    #expect(junit.contains(#"<property name="constant Max" value="5"/>"#))
  }

  @Test(
    "the project's speccheck.json expects what specs/manifest.json records",
    .enabled(
      if: FileManager.default.fileExists(
        atPath: Fixtures.packageRoot.appendingPathComponent("specs/manifest.json").path)))
  func projectConfigMatchesManifest() throws {
    let root = Fixtures.packageRoot
    let config = try CheckConfig.load(path: root.appendingPathComponent("speccheck.json").path)
    let manifest =
      try JSONSerialization.jsonObject(
        with: Data(contentsOf: root.appendingPathComponent("specs/manifest.json")))
      as? [[String: Any]] ?? []
    let prefix = root.path + "/"
    func describe(file: String, noDeadlock: Bool, expected: ExpectedOutcome) -> String {
      "\(file) no_deadlock=\(noDeadlock) expect=\(expected)"
    }
    var fromConfig = Set<String>()
    for entry in config.entries where entry.sweep.isEmpty {
      let file =
        entry.file.hasPrefix(prefix) ? String(entry.file.dropFirst(prefix.count)) : entry.file
      fromConfig.insert(
        describe(file: file, noDeadlock: entry.noDeadlock ?? false, expected: entry.expected))
    }
    let named = Set(
      config.entries.map {
        $0.file.hasPrefix(prefix) ? String($0.file.dropFirst(prefix.count)) : $0.file
      })
    for item in manifest {
      let file = item["file"] as? String ?? ""
      let noDeadlock = item["no_deadlock"] as? Bool ?? false
      let expected: ExpectedOutcome =
        switch item["result"] as? String {
        case "invariant_violated": .violation(item["violated"] as? String)
        case "deadlock": .deadlock
        default: .ok
        }
      let line = describe(file: file, noDeadlock: noDeadlock, expected: expected)
      if named.contains(file) {
        // A sweep entry of a plain spec still checks the manifest's model when it keeps
        // the default constants in its values (examples/TwoPhase.spec: RMCount 3 is default).
        let swept = config.entries.contains { $0.file.hasSuffix(file) && !$0.sweep.isEmpty }
        #expect(fromConfig.contains(line) || (swept && !noDeadlock && expected == .ok), "\(line)")
      } else {
        #expect(!noDeadlock && expected == .ok, "speccheck.json lacks an entry: \(line)")
      }
    }
  }
}
