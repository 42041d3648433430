import Foundation
import SpecDriver
import SpecEngine
import SpecRuntime
import SpecSyntax
import Testing

/// Compiled code against the interpreter: the same successors (labels, values, order),
/// invariant verdicts, constraint verdicts and errors on every state reached.
@Suite("Compiled expressions and actions agree with the interpreter")
struct CompiledCodeTests {
  static let root = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

  struct Entry: Decodable, Sendable, CustomTestStringConvertible {
    var file: String
    var constants: [String: Int]?
    var testDescription: String { file }
  }

  static func entries() -> [Entry] {
    guard let data = try? Data(contentsOf: root.appendingPathComponent("specs/manifest.json")),
      let entries = try? JSONDecoder().decode([Entry].self, from: data)
    else { return [] }
    var seen = Set<String>()
    return entries.filter { seen.insert($0.file).inserted }
  }

  static func systems(_ entry: Entry) throws -> (compiled: CompiledSpec, interpreted: CompiledSpec)
  {
    let overrides = (entry.constants ?? [:]).sorted { $0.key < $1.key }.map {
      ConstantOverride(name: $0.key, valueText: String($0.value))
    }
    let loaded = SpecLoader.load(
      path: root.appendingPathComponent(entry.file).path, overrides: overrides)
    let spec = try #require(loaded.spec)
    let constants = try #require(loaded.constants)
    let compiled = try CompiledSpec(spec: spec, constants: constants)
    var interpreted = compiled
    interpreted.usesCompiledCode = false
    return (compiled, interpreted)
  }

  /// What a worker says about one state, as comparable text, and the successors.
  static func describe(_ system: CompiledSpec, _ worker: inout SpecWorker, _ state: SpecState)
    -> (text: String, successors: [SpecState])
  {
    var out = ""
    var transitions: [Transition<SpecState>] = []
    do {
      try worker.successors(of: state, into: &transitions)
      out += transitions.map { "\($0.label):\(system.values(of: $0.state))" }.joined(
        separator: "\n")
    } catch {
      out += "successors error \(error)"
    }
    out += "\ninvariant \(Result { try worker.violatedInvariant(state) })"
    out += "\nconstraints \(Result { try worker.satisfiesConstraints(state) })"
    return (out, transitions.map(\.state))
  }

  @Test("on the first 60 states of every spec in the manifest", arguments: entries())
  func agreeOnManifestSpecs(entry: Entry) throws {
    let (compiled, interpreted) = try Self.systems(entry)
    var fast = compiled.makeWorker()
    var slow = interpreted.makeWorker()
    var queue = try slow.initialStates()
    var seen = Set(queue.map { interpreted.values(of: $0) })
    var index = 0
    while index < queue.count, index < 60 {
      let state = queue[index]
      index += 1
      let expected = Self.describe(interpreted, &slow, state)
      let actual = Self.describe(compiled, &fast, compiled.state(interpreted.values(of: state)))
      #expect(actual.text == expected.text)
      if actual.text != expected.text { return }
      for successor in expected.successors
      where seen.insert(interpreted.values(of: successor)).inserted {
        queue.append(successor)
      }
    }
    #expect(index > 0)
  }

  @Test("TwoPhase with 3 resource managers runs compiled code only: 288 states")
  func twoPhaseNeverFallsBack() throws {
    let (compiled, _) = try Self.systems(
      Entry(file: "examples/TwoPhase.spec", constants: ["RMCount": 3]))
    var search = BreadthFirstSearch(system: compiled, options: SearchOptions())
    let result = search.run()
    #expect(result.distinctStates == 288)
    let runs = search.workers[0].codeRuns
    #expect(runs.interpreted == 0)
    // 288 states × 17 action instances, and 288 invariant checks: one per successor not
    // in the store when its batch began and not met earlier in the batch; every level
    // here fits one batch of 256 states, so that is each state once.
    #expect(runs.compiled == 288 * 17 + 288)
  }
}
