import Foundation
import SpecDriver
import SpecEngine
import SpecExplore
import SpecRuntime
import Testing

@Suite("find returns shortest paths")
struct FindTests {
  /// The entries of `specs/manifest.json` whose invariant is violated.
  static let violations: [(file: String, invariant: String, traceLength: Int)] = {
    guard let data = FileManager.default.contents(atPath: PackagePaths.path("specs/manifest.json")),
      let entries = try? JSONSerialization.jsonObject(with: data) as? [[String: Any]]
    else { return [] }
    return entries.compactMap { entry in
      guard entry["result"] as? String == "invariant_violated",
        let file = entry["file"] as? String, let invariant = entry["violated"] as? String,
        let length = entry["trace_length"] as? Int,
        (entry["constants"] as? [String: Any])?.isEmpty ?? true
      else { return nil }
      return (file, invariant, length)
    }
  }()

  @Test("the manifest lists specs with violated invariants to compare against")
  func manifestHasViolations() {
    #expect(Self.violations.count >= 3)
    #expect(Self.violations.contains { $0.file == "examples/DieHard.spec" && $0.traceLength == 7 })
  }

  @Test(
    "find ~Invariant from the initial states is as long as check's counterexample",
    arguments: violations.map(\.file))
  func findMatchesCheck(file: String) throws {
    let entry = try #require(Self.violations.first { $0.file == file })
    let report = Driver.check(path: PackagePaths.path(file), overrides: [], options: CheckOptions())
    #expect(report.result == .invariantViolated)
    let checkLength = try #require(report.trace?.steps.count)
    #expect(checkLength == entry.traceLength)

    var driver = try SessionDriver(file: file)
    if driver.session.pathTrace.steps.isEmpty {
      // Several initial states: find searches from all of them.
      #expect(!driver.reply("find ~\(entry.invariant)").failed)
    } else {
      driver.run("reset")
      #expect(!driver.reply("find ~\(entry.invariant)").failed)
    }
    #expect(driver.session.pathTrace.steps.count == checkLength)
    #expect(driver.reply("check").text.contains("invariant \(entry.invariant)"))
    #expect(driver.reply("check").text.contains("VIOLATED"))
  }

  @Test("DieHard: find reaches every reachable state by a path as short as an independent BFS says")
  func everyDieHardStateAtItsDistance() throws {
    let loaded = SpecLoader.load(path: PackagePaths.path("examples/DieHard.spec"))
    let spec = try #require(loaded.spec)
    let compiled = try CompiledSpec(spec: spec, constants: try #require(loaded.constants))
    let distances = try Self.distances(compiled, from: nil)
    #expect(distances.count == 16)
    for (values, distance) in distances {
      var driver = try SessionDriver(file: "examples/DieHard.spec")
      let reply = driver.reply("find big = \(values[0]) /\\ small = \(values[1])")
      #expect(!reply.failed)
      #expect(driver.session.pathTrace.steps.count == distance + 1, "to \(values)")
      #expect(driver.session.pathTrace.steps.last?.values == values)
    }
  }

  @Test("find from a state in the middle of a path measures from that state")
  func findFromTheCurrentState() throws {
    let loaded = SpecLoader.load(path: PackagePaths.path("examples/DieHard.spec"))
    let compiled = try CompiledSpec(
      spec: try #require(loaded.spec), constants: try #require(loaded.constants))
    var driver = try SessionDriver(file: "examples/DieHard.spec")
    driver.run("FillSmall", "SmallToBig")  // big = 3, small = 0
    let start = compiled.state([.int(3), .int(0)])
    let distances = try Self.distances(compiled, from: start)
    let target: [Value] = [.int(4), .int(3)]
    let distance = try #require(distances[target])
    #expect(!driver.reply("find big = 4 /\\ small = 3").failed)
    #expect(driver.session.pathTrace.steps.count == 3 + distance)
    #expect(driver.reply("find big = 4").text == "big = 4 already holds in the current state\n")
  }

  @Test("find reports a target that no reachable state satisfies, and a state limit")
  func notFound() throws {
    var driver = try SessionDriver(file: "examples/DieHard.spec")
    #expect(
      driver.reply("find big = 5 /\\ small = 5").text
        == "error: no state reachable from here satisfies big = 5 /\\ small = 5 (16 states searched)\n"
    )
    let options = { () -> ExploreOptions in
      var options = ExploreOptions()
      options.findStateLimit = 3
      return options
    }()
    let loaded = SpecLoader.load(path: PackagePaths.path("examples/DieHard.spec"))
    var limited = try ExploreSession(
      spec: try #require(loaded.spec), constants: try #require(loaded.constants), options: options,
      files: MemoryFiles())
    _ = limited.start()
    #expect(
      limited.handle("find big = 4").text
        == "error: no state satisfying big = 4 found before the state limit (3) was reached (3 states searched)\n"
    )
    #expect(limited.pathTrace.steps.count == 1)
  }

  @Test("a target that fails to evaluate stops find, naming the state where it failed")
  func targetFails() throws {
    var driver = try SessionDriver(file: "examples/DieHard.spec")
    let reply = driver.reply(#"find 6 \div (3 - small) = 6"#)
    #expect(reply.failed)
    #expect(
      reply.text == #"""
        error[SPC401]: division by zero: 6 \div 0
          6 \div (3 - small) = 6
          ^^^^^^^^^^^^^^^^^^
          note: find stopped at this state, 1 step from the current one:
            big   = 0
            small = 3

        """#)
    #expect(driver.session.pathTrace.steps.count == 1)
  }

  /// Distances from the initial states (or from `start`) by a plain BFS over the
  /// compiled spec, keyed by the variables' values.
  static func distances(_ compiled: CompiledSpec, from start: SpecState?) throws -> [[Value]: Int] {
    var worker = compiled.makeWorker()
    var frontier = try start.map { [$0] } ?? worker.initialStates()
    var seen: [SpecState: Int] = [:]
    for state in frontier { seen[state] = 0 }
    var depth = 0
    while !frontier.isEmpty {
      depth += 1
      var next: [SpecState] = []
      for state in frontier {
        var transitions: [Transition<SpecState>] = []
        try worker.successors(of: state, into: &transitions)
        for transition in transitions where seen[transition.state] == nil {
          seen[transition.state] = depth
          next.append(transition.state)
        }
      }
      frontier = next
    }
    return Dictionary(uniqueKeysWithValues: seen.map { (compiled.values(of: $0.key), $0.value) })
  }
}
