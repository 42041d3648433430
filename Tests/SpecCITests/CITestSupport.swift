import Foundation
import SpecDriver
import SpecSyntax
import Testing

/// The fixture specs and golden files under `Fixtures/`.
enum Fixtures {
  static let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
    .appendingPathComponent("Fixtures")

  /// The package root, for the project's own `speccheck.json` and `specs/manifest.json`.
  static let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
    .deletingLastPathComponent().deletingLastPathComponent()

  static func specPath(_ name: String) -> String {
    directory.appendingPathComponent("specs/\(name)").path
  }

  /// Checks the fixture `name` as `specs/NAME` (so outputs do not depend on where the
  /// package lives) with one worker, and normalises the time to zero.
  static func run(
    _ name: String, expected: ExpectedOutcome = .ok, overrides: [ConstantOverride] = [],
    configure: (inout CheckOptions) -> Void = { _ in }
  ) throws -> CheckRun {
    let bytes = try Data(contentsOf: URL(fileURLWithPath: specPath(name)))
    let shownPath = "specs/\(name)"
    var options = CheckOptions()
    options.search.workers = 1
    configure(&options)
    let job = CheckJob(path: shownPath, overrides: overrides, options: options, expected: expected)
    let loaded = SpecLoader.load(
      SourceFile(path: shownPath, bytes: Array(bytes)), overrides: overrides)
    var report = Driver.check(loaded, options: options)
    report.seconds = 0
    return CheckRun(job: job, report: report)
  }

  /// Compares `actual` with the golden file `golden/NAME`. With the environment variable
  /// `SPECCHECK_UPDATE_GOLDEN` set, rewrites the golden file instead.
  static func expectGolden(
    _ actual: String, _ name: String, sourceLocation: Testing.SourceLocation = #_sourceLocation
  ) {
    let url = directory.appendingPathComponent("golden/\(name)")
    if ProcessInfo.processInfo.environment["SPECCHECK_UPDATE_GOLDEN"] != nil {
      try? actual.write(to: url, atomically: true, encoding: .utf8)
      return
    }
    let expected = try? String(contentsOf: url, encoding: .utf8)
    #expect(
      actual == expected,
      "output differs from golden/\(name); rerun with SPECCHECK_UPDATE_GOLDEN=1 to rewrite it",
      sourceLocation: sourceLocation)
  }
}

/// A parsed XML element: enough of a DOM to check JUnit structure.
final class XMLElement {
  let name: String
  let attributes: [String: String]
  var children: [XMLElement] = []
  var text = ""

  init(name: String, attributes: [String: String]) {
    self.name = name
    self.attributes = attributes
  }

  func all(_ name: String) -> [XMLElement] { children.filter { $0.name == name } }
}

#if canImport(FoundationXML)
  import FoundationXML
#endif

/// Parses XML with Foundation's parser; nil when it is not well-formed.
final class XMLTreeBuilder: NSObject, XMLParserDelegate {
  var stack: [XMLElement] = []
  var root: XMLElement?

  static func parse(_ text: String) -> XMLElement? {
    let parser = XMLParser(data: Data(text.utf8))
    let builder = XMLTreeBuilder()
    parser.delegate = builder
    return parser.parse() ? builder.root : nil
  }

  func parser(
    _ parser: XMLParser, didStartElement elementName: String, namespaceURI: String?,
    qualifiedName qName: String?, attributes attributeDict: [String: String] = [:]
  ) {
    let element = XMLElement(name: elementName, attributes: attributeDict)
    if let parent = stack.last { parent.children.append(element) } else { root = element }
    stack.append(element)
  }

  func parser(
    _ parser: XMLParser, didEndElement elementName: String, namespaceURI: String?,
    qualifiedName qName: String?
  ) {
    stack.removeLast()
  }

  func parser(_ parser: XMLParser, foundCharacters string: String) {
    stack.last?.text += string
  }
}
