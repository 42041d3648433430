import Foundation
import SpecDriver
import SpecRuntime
import SpecSemantics
import SpecTrace
import Testing

/// Counterexamples in the Informal Trace Format (CLI.md, "Traces: ITF"): what we write
/// follows the format's rules, reads back to the same trace, and hostile input is refused
/// with a `TraceError`.
@Suite("ITF traces: writing, reading back, and refusing bad input")
struct ITFTests {
  /// A spec whose variables cover every kind of value, violated after three steps.
  static let kinds = #"""
    spec Kinds
    const K: Int = 2
    type Color = "red" | "green"
    type Msg = [kind: "ping", n: 0..3] | [kind: "pong"]
    var n: -2..3
    var flag: Bool
    var color: Color
    var set: Set[0..3]
    var fn: Color -> 0..3
    var seq: Seq[0..3]
    var pair: <<0..3, Bool>>
    var rec: [zeta: 0..3, alpha: Color]
    var msgs: Set[Msg]
    var bits: 1..2 -> Bool
    var nested: Seq[<<Color, Set[0..1]>>]
    init {
      n = -2
      flag = FALSE
      color = "red"
      set = {}
      fn = [c \in Color |-> 0]
      seq = <<>>
      pair = <<0, TRUE>>
      rec = [zeta |-> 3, alpha |-> "green"]
      msgs = {[kind |-> "pong"]}
      bits = [i \in 1..2 |-> FALSE]
      nested = <<>>
    }
    action Step(c: Color, k: 0..1) {
      n < 3
      n' = n + 1
      flag' = ~flag
      color' = c
      set' = set \union {k + 1}
      fn'[c] = (fn[c] + 1) % 4
      seq' = Append(seq, k)
      pair' = <<k, ~pair[2]>>
      rec' = [rec EXCEPT !.zeta = k]
      msgs' = msgs \union {[kind |-> "ping", n |-> k]}
      bits'[k + 1] = TRUE
      nested' = Append(nested, <<c, {k}>>)
    }
    invariant Small: n < 1
    """#

  static let checked = Checked(kinds, path: "Kinds.spec")

  var report: CheckReport { Self.checked.report }
  var spec: TypedSpec { Self.checked.report.loaded.spec! }
  var itf: JSON { Self.checked.report.itf()! }

  /// The bytes of our ITF file for the Kinds counterexample.
  var itfBytes: [UInt8] { Array(itf.serialized(pretty: true).utf8) }

  func read(_ text: String) throws(ITFReader.TraceError) -> Trace {
    try ITFReader.read(Array(text.utf8), spec: spec, source: "Kinds.spec")
  }

  @Test("the Kinds spec is violated after three steps")
  func violation() {
    #expect(Self.checked.loadDiagnostics == [])
    #expect(report.result == .invariantViolated)
    #expect(report.trace?.steps.count == 4)
  }

  @Test("a violation's ITF reads back to an equal trace")
  func roundTrip() throws {
    let trace = try #require(report.trace)
    let back = try ITFReader.read(itfBytes, spec: spec, source: trace.source)
    #expect(back == trace)
    #expect(back.steps.map(\.label) == trace.steps.map(\.label))
  }

  @Test("compact and pretty ITF read back alike")
  func compactRoundTrip() throws {
    let trace = try #require(report.trace)
    let compact = Array(itf.serialized().utf8)
    #expect(try ITFReader.read(compact, spec: spec, source: trace.source) == trace)
  }

  @Test("top level: #meta, params, vars in declaration order, and one state per step")
  func topLevel() throws {
    #expect(itf["#meta"]?["format"] == .string("ITF"))
    #expect(itf["#meta"]?["source"] == .string("Kinds.spec"))
    #expect(itf["#meta"]?["description"] == .string("a counterexample to invariant Small"))
    #expect(itf["params"] == .array([.string("K")]))
    let vars = ["n", "flag", "color", "set", "fn", "seq", "pair", "rec", "msgs", "bits", "nested"]
    #expect(itf["vars"] == .array(vars.map(JSON.string)))
    guard case .array(let states)? = itf["states"] else {
      Issue.record("no states array")
      return
    }
    #expect(states.count == 4)
    for (index, state) in states.enumerated() {
      #expect(state["#meta"]?["index"] == .int(index))
      #expect(state["#meta"]?["action"] == .string(index == 0 ? "init" : "Step"))
      for name in vars { #expect(state[name] != nil, "states[\(index)] lacks \(name)") }
    }
  }

  @Test("each state's #meta names the action and its arguments")
  func actionArguments() throws {
    let second = try #require(stateJSON(1))
    #expect(
      second["#meta"]
        == .object([
          ("index", .int(1)), ("action", .string("Step")),
          ("args", .object([("c", .string("green")), ("k", bigint(0))])),
        ]))
    #expect(try #require(stateJSON(0))["#meta"]?["args"] == nil)
  }

  @Test("values: integers #bigint, sets #set, functions #map, tuples #tup, records objects")
  func valueEncodings() throws {
    let first = try #require(stateJSON(0))
    let second = try #require(stateJSON(1))
    #expect(first["K"] == bigint(2))
    #expect(first["n"] == bigint(-2))
    #expect(first["flag"] == .bool(false))
    #expect(first["color"] == .string("red"))
    #expect(first["set"] == .object([("#set", .array([]))]))
    #expect(second["set"] == .object([("#set", .array([bigint(1)]))]))
    #expect(
      first["fn"]
        == .object([
          (
            "#map",
            .array([.array([.string("green"), bigint(0)]), .array([.string("red"), bigint(0)])])
          )
        ]))
    #expect(first["seq"] == .array([]))
    #expect(second["seq"] == .array([bigint(0)]))
    #expect(first["pair"] == .object([("#tup", .array([bigint(0), .bool(true)]))]))
    #expect(first["rec"] == .object([("alpha", .string("green")), ("zeta", bigint(3))]))
    #expect(
      second["msgs"]
        == .object([
          (
            "#set",
            .array([
              .object([("kind", .string("pong"))]),
              .object([("kind", .string("ping")), ("n", bigint(0))]),
            ])
          )
        ]))
    // A function over 1..2 is a #map, not an array, although its domain is 1..n.
    #expect(
      second["bits"]
        == .object([
          ("#map", .array([.array([bigint(1), .bool(true)]), .array([bigint(2), .bool(false)])]))
        ]))
    #expect(
      second["nested"]
        == .array([
          .object([("#tup", .array([.string("green"), .object([("#set", .array([bigint(0)]))])]))])
        ]))
  }

  @Test("the ITF of a check with --trace-out is the report's JSON trace")
  func jsonTraceIsITF() {
    #expect(report.json()["trace"] == itf)
  }

  // MARK: - Hostile input

  func expectTraceError(
    _ text: String, containing fragment: String, sourceLocation: SourceLocation = #_sourceLocation
  ) {
    do {
      _ = try read(text)
      Issue.record(
        "read a bad trace without error: \(text.prefix(120))", sourceLocation: sourceLocation)
    } catch {
      #expect(
        error.message.contains(fragment), "message: \(error.message)",
        sourceLocation: sourceLocation)
    }
  }

  @Test("input that is not JSON is refused with the offset of the problem")
  func notJSON() {
    expectTraceError("", containing: "not valid JSON")
    expectTraceError("{", containing: "not valid JSON")
    expectTraceError("nul", containing: "not valid JSON")
    expectTraceError(#"{"vars": [] } trailing"#, containing: "not valid JSON")
    expectTraceError("\u{FEFF}{}", containing: "not valid JSON")
    do {
      _ = try ITFReader.read([0x7B, 0x22, 0xFF, 0x22, 0x3A, 0x31, 0x7D], spec: spec, source: "x")
      Issue.record("read invalid UTF-8")
    } catch {
      #expect(error.message.contains("not valid JSON"))
      #expect(error.offset != nil)
    }
  }

  @Test("a document of the wrong shape is refused")
  func wrongShape() {
    expectTraceError("[]", containing: "must be a JSON object")
    expectTraceError("{}", containing: "missing \"vars\"")
    expectTraceError(q("{'vars': 'n'}"), containing: "missing \"vars\"")
    expectTraceError(q("{'vars': [1]}"), containing: "\"vars\" must hold strings")
    expectTraceError(
      replacing("'vars':['n',", "'vars':['x',"),
      containing: "\"vars\" is")
    expectTraceError(
      replacing("'vars':['n',", "'vars':['n','n',"),
      containing: "\"vars\" is")
    let noStates = q(
      "{'vars': ['n','flag','color','set','fn','seq','pair','rec','msgs','bits','nested']")
    expectTraceError(noStates + "}", containing: "missing \"states\"")
    expectTraceError(noStates + q(", 'states': []}"), containing: "missing \"states\"")
    expectTraceError(noStates + q(", 'states': [1]}"), containing: "states[0] must be an object")
  }

  @Test("a state without a variable's value is refused")
  func missingValue() {
    expectTraceError(
      replacing(",'flag':false,", ","),
      containing: "states[0].flag is missing")
  }

  /// The Kinds ITF with `old` replaced by `new`, both written with `'` for `"`.
  func replacing(_ old: String, _ new: String) -> String {
    let text = itf.serialized()
    #expect(text.contains(q(old)), "the ITF has no \(old)")
    return text.replacingOccurrences(of: q(old), with: q(new))
  }

  @Test("values of the wrong type are refused, naming the JSON path")
  func wrongTypes() {
    expectTraceError(
      replacing("'flag':false", "'flag':0"), containing: "states[0].flag: expected a Boolean")
    expectTraceError(
      replacing("'color':'red'", "'color':'blue'"),
      containing: q("states[0].color: expected one of 'green', 'red'"))
    expectTraceError(
      replacing("'n':{'#bigint':'-2'}", "'n':{'#bigint':'two'}"),
      containing: "states[0].n: expected an integer")
    expectTraceError(
      replacing("'n':{'#bigint':'-2'}", "'n':'-2'"), containing: "states[0].n: expected an integer")
    expectTraceError(
      replacing("'set':{'#set':[]}", "'set':[]"), containing: "states[0].set: expected a set")
    expectTraceError(
      replacing("'seq':[]", "'seq':{'#set':[]}"), containing: "states[0].seq: expected a sequence")
    expectTraceError(
      replacing("'pair':{'#tup':[{'#bigint':'0'},true]}", "'pair':{'#tup':[{'#bigint':'0'}]}"),
      containing: "states[0].pair: expected a tuple of 2")
    expectTraceError(
      replacing("'rec':{'alpha':'green',", "'rec':{'beta':'green',"),
      containing: "states[0].rec: record fields")
    expectTraceError(
      replacing("'msgs':{'#set':[{'kind':'pong'}]}", "'msgs':{'#set':[{'kind':'pang'}]}"),
      containing: "states[0].msgs.#set[0]")
    expectTraceError(
      replacing("'fn':{'#map':[['green',", "'fn':{'#map':[['green'],['green',"),
      containing: "states[0].fn.#map[0]: expected a [key, value] pair")
    expectTraceError(
      replacing("'fn':{'#map':", "'fn':{'#set':"), containing: "states[0].fn: expected a function")
    expectTraceError(
      replacing("'n':{'#bigint':'-2'}", "'n':{'#bigint':'-2','extra':1}"),
      containing: "states[0].n: expected an integer")
  }

  @Test("a function with a duplicate key is refused")
  func duplicateMapKeys() {
    expectTraceError(
      replacing("['red',{'#bigint':'0'}]", "['green',{'#bigint':'0'}]"),
      containing: "states[0].fn.#map[1]: duplicate key \"green\"")
  }

  @Test("an action argument that is missing is refused")
  func missingArgument() {
    expectTraceError(
      replacing("'args':{'c':'green',", "'args':{"),
      containing: "states[1].#meta.args lacks 'c'")
  }

  @Test("deeply nested JSON is refused without exhausting the stack")
  func deepNesting() {
    let depth = 200_000
    expectTraceError(String(repeating: "[", count: depth), containing: "nested too deeply")
    expectTraceError(
      String(repeating: #"{"a":"#, count: depth) + "1" + String(repeating: "}", count: depth),
      containing: "nested too deeply")
    expectTraceError(
      replacing(
        "'seq':[]",
        "'seq':" + String(repeating: "[", count: 600) + String(repeating: "]", count: 600)),
      containing: "nested too deeply")
  }

  @Test("numbers beyond 64 bits are refused, as #bigint or as JSON numbers")
  func hugeNumbers() {
    let huge = "123456789012345678901234567890"
    for replacement in [
      "'n':{'#bigint':'\(huge)'}", "'n':{'#bigint':'-\(huge)'}", "'n':\(huge)", "'n':1e999",
      "'n':" + String(repeating: "9", count: 100_000),
      "'n':{'#bigint':'" + String(repeating: "9", count: 100_000) + "'}",
    ] {
      expectTraceError(
        replacing("'n':{'#bigint':'-2'}", replacement),
        containing: "states[0].n: expected an integer")
    }
  }

  @Test("random byte mutations of a valid trace never crash the reader")
  func mutations() {
    let original = itfBytes
    var generator = SeededGenerator(state: 42)
    var refused = 0
    for _ in 0..<400 {
      var bytes = original
      for _ in 0..<(1 + generator.next(below: 4)) {
        let index = generator.next(below: bytes.count)
        switch generator.next(below: 3) {
        case 0: bytes[index] = UInt8(truncatingIfNeeded: generator.next(below: 256))
        case 1: bytes.remove(at: index)
        default: bytes.insert(Array(#"[]{}",:0#"#.utf8)[generator.next(below: 9)], at: index)
        }
      }
      do {
        _ = try ITFReader.read(bytes, spec: spec, source: "Kinds.spec")
      } catch {
        refused += 1
      }
    }
    #expect(refused > 300)
  }

  // MARK: - Interoperability

  static let itfPyAvailable: Bool = run(["python3", "-c", "import itf_py"]).status == 0

  @Test(
    "itf-py (Apalache/Quint's Python ITF library) reads our trace, and we read its re-encoding",
    .enabled(if: itfPyAvailable, "itf-py is not installed: pip install itf-py"))
  func itfPy() throws {
    let trace = try #require(report.trace)
    let directory = FileManager.default.temporaryDirectory
      .appendingPathComponent("speccheck-itf-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: directory) }
    let ours = directory.appendingPathComponent("Kinds.itf.json")
    let theirs = directory.appendingPathComponent("Kinds.reencoded.itf.json")
    try Data(itfBytes).write(to: ours)
    let script = """
      import json, sys, itf_py
      with open(sys.argv[1]) as f:
          trace = itf_py.trace_from_json(json.load(f))
      names = ["n", "flag", "color", "set", "fn", "seq", "pair", "rec", "msgs", "bits", "nested"]
      assert trace.vars == names, trace.vars
      assert trace.params == ["K"], trace.params
      assert len(trace.states) == 4
      last = trace.states[-1]
      args = {"c": "green", "k": {"#bigint": "0"}}
      assert last.meta == {"index": 3, "action": "Step", "args": args}, last.meta
      v = last.values
      assert v["n"] == 1 and v["K"] == 2 and v["flag"] is True and v["color"] == "green"
      assert v["set"] == frozenset({1}) and v["seq"] == [0, 0, 0] and v["pair"] == (0, False)
      assert dict(v["fn"]) == {"green": 3, "red": 0} and dict(v["bits"]) == {1: True, 2: False}
      assert v["rec"].alpha == "green" and v["rec"].zeta == 0
      assert len(v["msgs"]) == 2 and v["nested"][0] == ("green", frozenset({0}))
      with open(sys.argv[2], "w") as f:
          json.dump(itf_py.trace_to_json(trace), f)
      """
    let result = Self.run(["python3", "-c", script, ours.path, theirs.path])
    #expect(result.status == 0, "itf-py: \(result.output)")
    guard result.status == 0 else { return }
    let reencoded = Array(try Data(contentsOf: theirs))
    let back = try ITFReader.read(reencoded, spec: spec, source: trace.source)
    #expect(back == trace)
  }

  // MARK: - Helpers

  func stateJSON(_ index: Int) -> JSON? {
    guard case .array(let states)? = itf["states"], index < states.count else { return nil }
    return states[index]
  }

  /// JSON text written with `'` for `"`, so that expected fragments stay readable.
  func q(_ text: String) -> String { text.replacingOccurrences(of: "'", with: "\"") }

  func bigint(_ value: Int) -> JSON { .object([("#bigint", .string(String(value)))]) }

  /// Runs a command; its exit status and its output and error output together.
  static func run(_ arguments: [String]) -> (status: Int32, output: String) {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    process.arguments = arguments
    let pipe = Pipe()
    process.standardOutput = pipe
    process.standardError = pipe
    do {
      try process.run()
    } catch {
      return (-1, "\(error)")
    }
    let data = pipe.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return (process.terminationStatus, String(decoding: data, as: UTF8.self))
  }
}

/// SplitMix64, for reproducible random mutations.
struct SeededGenerator {
  var state: UInt64

  mutating func next() -> UInt64 {
    state &+= 0x9E37_79B9_7F4A_7C15
    var z = state
    z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
    z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
    return z ^ (z >> 31)
  }

  mutating func next(below bound: Int) -> Int { Int(next() % UInt64(bound)) }
}
