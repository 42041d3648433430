import Foundation
import SpecDriver
import SpecEngine
import SpecSyntax
import Testing

/// One entry of `specs/manifest.json`: a model and the figures TLC reports for it.
struct ManifestEntry: Decodable, CustomTestStringConvertible, Sendable {
  var file: String
  var constants: [String: Int]?
  var no_deadlock: Bool
  var result: String
  var violated: String?
  var distinct_states: Int
  var depth: Int
  var trace_length: Int?
  var states_generated: Int?

  var testDescription: String {
    "\(file)\(no_deadlock ? " --no-deadlock" : "") → \(result)"
  }

  static let packageRoot = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

  static func all() -> [ManifestEntry] {
    let url = packageRoot.appendingPathComponent("specs/manifest.json")
    guard let data = try? Data(contentsOf: url),
      let entries = try? JSONDecoder().decode([ManifestEntry].self, from: data)
    else { return [] }
    return entries
  }

  var overrides: [ConstantOverride] {
    (constants ?? [:]).sorted { $0.key < $1.key }.map {
      ConstantOverride(name: $0.key, valueText: String($0.value))
    }
  }

  func check(
    deadlock: Bool, invariants: [String]? = nil, workers: Int = 2, store: StoreMode = .exact
  ) -> CheckReport {
    var options = CheckOptions()
    options.search.workers = workers
    options.search.storeMode = store
    options.search.checkDeadlock = deadlock
    options.invariants = invariants
    let path = Self.packageRoot.appendingPathComponent(file).path
    return Driver.withLargeStack {
      Driver.check(path: path, overrides: overrides, options: options)
    }
  }
}

@Suite("The specs/ manifest: speccheck reproduces TLC's figures")
struct ManifestTests {
  @Test("the manifest lists at least 15 distinct classic specs")
  func manifestIsComplete() {
    let files = Set(ManifestEntry.all().map(\.file).filter { $0.hasPrefix("specs/") })
    #expect(files.count >= 15)
  }

  @Test(
    "each model gives TLC's verdict, and its distinct states and depth, in both store modes",
    arguments: ManifestEntry.all(), [StoreMode.exact, .fingerprint])
  func reproducesFigures(_ entry: ManifestEntry, store: StoreMode) {
    let report = entry.check(deadlock: !entry.no_deadlock, store: store)
    #expect(report.result.rawValue == entry.result, "\(report.renderText())")
    switch entry.result {
    case "ok":
      #expect(report.distinctStates == entry.distinct_states)
      #expect(report.depth == entry.depth)
      #expect(report.trace == nil)
    case "invariant_violated":
      #expect(report.violation?.name == entry.violated)
      #expect(report.trace?.steps.count == entry.trace_length)
      // The trace is the same whichever store rebuilt it (fingerprint mode replays it).
      if store == .fingerprint {
        #expect(report.trace == entry.check(deadlock: !entry.no_deadlock).trace)
      }
      // The manifest's counts are of the whole graph, without the violated invariant.
      let others = report.loaded.spec?.invariants.map(\.name.text).filter { $0 != entry.violated }
      let full = entry.check(deadlock: false, invariants: others, store: store)
      #expect(full.result == .ok)
      #expect(full.distinctStates == entry.distinct_states)
      #expect(full.depth == entry.depth)
    case "deadlock":
      #expect(report.trace?.steps.count == entry.trace_length)
      let full = entry.check(deadlock: false, store: store)
      #expect(full.distinctStates == entry.distinct_states)
      #expect(full.depth == entry.depth)
    default:
      Issue.record("unexpected result \(entry.result) in the manifest")
    }
  }
}
