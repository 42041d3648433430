import Foundation
import SpecDriver
import SpecSolver
import SpecSyntax
import Testing

/// One entry of specs/manifest.json.
struct CorpusEntry: Decodable, Sendable {
  var file: String
  var result: String
  var violated: String?
  var no_deadlock: Bool
}

let corpus: [CorpusEntry] = {
  guard
    let data = FileManager.default.contents(atPath: "\(repositoryRoot)/specs/manifest.json"),
    let entries = try? JSONDecoder().decode([CorpusEntry].self, from: data)
  else { return [] }
  return entries
}()

/// Specs the encoding cannot handle, with the code that says why: KnuthYao computes a GCD
/// by listing the divisors of an unbounded integer.
let unencodable: [String: DiagnosticCode] = ["specs/KnuthYao.spec": .unenumerableSet]

@Suite("The spec corpus through the solver")
struct CorpusTests {
  /// Files with no violation in the manifest, and whether their entry checks deadlocks.
  static var withoutViolations: [String] {
    corpus.filter { $0.result == "ok" }.map { $0.no_deadlock ? $0.file : $0.file + " deadlock" }
  }

  @Test(
    "bmc finds no violation within 2 steps in the manifest's specs that have none",
    arguments: withoutViolations)
  func noFalseAlarms(entry: String) throws {
    let file = String(entry.split(separator: " ")[0])
    let report = bmc(
      try loadFile(file), depth: 2, timeout: 120, deadlock: entry.hasSuffix(" deadlock"))
    if let code = unencodable[file] {
      #expect(report.result == .error)
      #expect(report.problems.first?.code == code)
      return
    }
    #expect(report.result == .ok, "\(report.renderText())")
  }

  @Test(
    "prove never proves an invariant that check finds violated",
    arguments: corpus.filter { $0.result == "invariant_violated" }.map(\.file))
  func soundness(file: String) throws {
    let violated = try #require(corpus.first { $0.file == file }?.violated)
    let report = prove(try loadFile(file), timeout: 120)
    let entry = report.entries.first { $0.name == violated }
    #expect(entry?.verdict != .proved, "\(report.renderText())")
    #expect(report.result != .proved)
  }
}
