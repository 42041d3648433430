import Foundation

/// The only place that writes to the terminal.
enum Terminal {
  static func write(_ text: String) {
    FileHandle.standardOutput.write(Data(text.utf8))
  }

  static func writeError(_ text: String) {
    FileHandle.standardError.write(Data(text.utf8))
  }
}

/// Expands directories given on the command line into the `*.spec` files under them,
/// sorted so runs are reproducible; plain paths pass through (missing ones are reported
/// by the loader).
enum SpecFiles {
  static func expand(_ paths: [String]) -> [String] {
    var files: [String] = []
    let manager = FileManager.default
    for path in paths {
      var isDirectory: ObjCBool = false
      guard manager.fileExists(atPath: path, isDirectory: &isDirectory), isDirectory.boolValue
      else {
        files.append(path)
        continue
      }
      let found = (manager.enumerator(atPath: path)?.allObjects as? [String] ?? [])
        .filter { $0.hasSuffix(".spec") }
        .sorted()
      let base = path.hasSuffix("/") ? String(path.dropLast()) : path
      files += found.map { "\(base)/\($0)" }
    }
    return files
  }
}
