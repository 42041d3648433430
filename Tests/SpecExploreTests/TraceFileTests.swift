import SpecDriver
import SpecExplore
import SpecRuntime
import SpecTrace
import Testing

@Suite("save and load: ITF traces")
struct TraceFileTests {
  static let dieHard = "examples/DieHard.spec"

  func read(_ files: MemoryFiles, _ name: String, spec file: String) throws -> Trace {
    let loaded = SpecLoader.load(path: PackagePaths.path(file))
    return try ITFReader.read(
      try #require(files.contents[name]), spec: try #require(loaded.spec), source: name)
  }

  @Test("save writes the path as valid ITF that ITFReader reads back step for step")
  func saveWritesITF() throws {
    let files = MemoryFiles()
    var driver = try SessionDriver(file: Self.dieHard, files: files)
    #expect(driver.reply("find big = 4").failed == false)
    #expect(driver.reply("save t.itf.json").text == "saved 7 states to t.itf.json\n")
    let json = try JSONParser.parse(try #require(files.contents["t.itf.json"]))
    #expect(json["#meta"]?["format"] == .string("ITF"))
    #expect(json["vars"] == .array([.string("big"), .string("small")]))
    let trace = try read(files, "t.itf.json", spec: Self.dieHard)
    #expect(trace.steps == driver.session.pathTrace.steps)
    #expect(
      trace.steps.map { $0.action ?? "init" } == [
        "init", "FillBig", "BigToSmall", "EmptySmall", "BigToSmall", "FillBig", "BigToSmall",
      ])
  }

  @Test("a saved trace loads into a new session, which continues from its last state")
  func roundTrip() throws {
    let files = MemoryFiles()
    var first = try SessionDriver(file: "examples/TwoPhase.spec", files: files)
    first.run("RMPrepare(r = 3)", "TMRcvPrepared", "RMChooseToAbort(2)", "TMAbort", "show")
    let lastView = first.session.handle("show").text
    #expect(first.reply("save run.itf.json").failed == false)

    var second = try SessionDriver(file: "examples/TwoPhase.spec", files: files)
    let reply = second.reply("load run.itf.json")
    #expect(!reply.failed)
    #expect(reply.text == "loaded 5 states from run.itf.json\n" + lastView)
    #expect(second.session.pathTrace.steps == first.session.pathTrace.steps)
    #expect(second.reply("back").text.hasPrefix("state 4, reached by RMChooseToAbort(r = 2):\n"))
  }

  @Test("check's counterexample (--trace-out) loads in explore as the same path find gives")
  func checkTraceLoads() throws {
    let report = Driver.check(
      path: PackagePaths.path(Self.dieHard), overrides: [], options: CheckOptions())
    let itf = try #require(report.itf())
    let files = MemoryFiles(["cex.itf.json": Array(itf.serialized(pretty: true).utf8)])
    var loaded = try SessionDriver(file: Self.dieHard, files: files)
    #expect(loaded.reply("load cex.itf.json").text.hasPrefix("loaded 7 states from cex.itf.json\n"))
    var found = try SessionDriver(file: Self.dieHard)
    found.run("find ~NotSolved")
    #expect(loaded.session.pathTrace.steps == found.session.pathTrace.steps)
  }

  @Test("a session can start from a trace")
  func startFromTrace() throws {
    let files = MemoryFiles()
    var first = try SessionDriver(file: Self.dieHard, files: files)
    first.run("FillSmall", "save short.itf.json")
    let second = try SessionDriver(file: Self.dieHard, files: files, trace: "short.itf.json")
    #expect(
      second.transcript == """
        exploring DieHard: 2 variables, 6 actions, 2 invariants; type 'help' for commands
        loaded 2 states from short.itf.json
        state 2, reached by FillSmall:
          big   = 0
          small = 3
        enabled actions:
          1. FillSmall   (no change)
          2. FillBig     big: 0 -> 5
          3. EmptySmall  small: 3 -> 0
          4. EmptyBig    (no change)
          5. SmallToBig  big: 0 -> 3, small: 3 -> 0
          6. BigToSmall  (no change)

        """)
  }

  /// The ITF trace of DieHard's FillBig, BigToSmall path, with `key` of state `index`
  /// (a variable, or `action` in its `#meta`) set to `value`.
  func dieHardTrace(state index: Int, _ key: String, _ value: JSON) throws -> [UInt8] {
    let files = MemoryFiles()
    var driver = try SessionDriver(file: Self.dieHard, files: files)
    driver.run("FillBig", "BigToSmall", "save t.itf.json")
    let json = try JSONParser.parse(try #require(files.contents["t.itf.json"]))
    func set(_ object: JSON, _ key: String, _ value: JSON) -> JSON {
      guard case .object(let pairs) = object else { return object }
      return .object(pairs.map { $0.0 == key ? ($0.0, value) : $0 })
    }
    guard case .array(var states)? = json["states"] else { throw ExpectationFailure() }
    if key == "action" {
      states[index] = set(
        states[index], "#meta", set(states[index]["#meta"] ?? .null, "action", value))
    } else {
      states[index] = set(states[index], key, value)
    }
    return Array(set(json, "states", .array(states)).serialized(pretty: true).utf8)
  }

  struct ExpectationFailure: Error {}

  static func int(_ n: Int) -> JSON { .object([("#bigint", .string(String(n)))]) }

  @Test("traces that are not behaviours of the spec are rejected and the path is kept")
  func rejections() throws {
    let counterTwoPhase = try {
      let files = MemoryFiles()
      var driver = try SessionDriver(file: "examples/TwoPhase.spec", files: files)
      driver.run("save tp.itf.json")
      return try #require(files.contents["tp.itf.json"])
    }()
    let cases: [(String, [UInt8], String)] = [
      (
        "not JSON", Array("{\"vars\": [".utf8),
        "error: 'bad.itf.json' is not a trace of DieHard: not valid JSON: "
      ),
      (
        "another spec's trace", counterTwoPhase,
        "error: 'bad.itf.json' is not a trace of DieHard: \"vars\" is [\"rmState\", \"tmState\", \"tmPrepared\", \"msgs\"] but spec 'DieHard' has variables [\"big\", \"small\"]\n"
      ),
      (
        "a value outside the type", try dieHardTrace(state: 1, "big", .string("five")),
        "error: 'bad.itf.json' is not a trace of DieHard: states[1].big: expected an integer"
      ),
      (
        "a state no action reaches", try dieHardTrace(state: 2, "big", Self.int(1)),
        "error: state 3 of 'bad.itf.json' is not reached by BigToSmall from state 2 by any enabled action\n"
      ),
      (
        "a wrong action name", try dieHardTrace(state: 1, "action", .string("FillSmall")),
        "error: state 2 of 'bad.itf.json' is not reached by FillSmall from state 1 by any enabled action\n"
      ),
      (
        "a first state that is not initial", try dieHardTrace(state: 0, "small", Self.int(1)),
        "error: state 1 of 'bad.itf.json' is not an initial state of DieHard\n"
      ),
    ]
    for (what, bytes, message) in cases {
      var driver = try SessionDriver(
        file: Self.dieHard, files: MemoryFiles(["bad.itf.json": bytes]))
      driver.run("FillSmall")
      let before = driver.session.pathTrace
      let reply = driver.reply("load bad.itf.json")
      #expect(reply.failed, "\(what)")
      #expect(reply.text.hasPrefix(message), "\(what): \(reply.text)")
      #expect(driver.session.pathTrace == before, "\(what)")
    }
  }

  @Test("a trace made with other constants is rejected")
  func otherConstants() throws {
    let files = MemoryFiles()
    var four = try SessionDriver(text: counterSpec, constants: ["N=4"], files: files)
    four.run("1", "save n4.itf.json")
    var three = try SessionDriver(text: counterSpec, files: files)
    #expect(
      three.reply("load n4.itf.json").text
        == "error: 'n4.itf.json' was made with N = 4, but this session has N = 3\n")
  }
}
