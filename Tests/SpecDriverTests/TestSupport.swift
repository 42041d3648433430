import Foundation

/// Paths of the package under test, found from this file's location so the tests do not
/// depend on the working directory they are run from.
enum Package {
  /// The package root: `Tests/SpecDriverTests/TestSupport.swift` is three levels below.
  static let root: URL = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent()
    .deletingLastPathComponent()
    .deletingLastPathComponent()

  /// The `*.spec` files of `examples/` and `specs/`, as paths relative to the root,
  /// sorted so every run sees them in the same order.
  static func specFiles() -> [String] {
    var found: [String] = []
    for directory in ["examples", "specs"] {
      let url = root.appendingPathComponent(directory)
      let names = (try? FileManager.default.contentsOfDirectory(atPath: url.path)) ?? []
      found += names.filter { $0.hasSuffix(".spec") }.map { "\(directory)/\($0)" }
    }
    return found.sorted()
  }

  /// The bytes of a file under the root.
  static func bytes(of relativePath: String) throws -> [UInt8] {
    Array(try Data(contentsOf: root.appendingPathComponent(relativePath)))
  }
}
