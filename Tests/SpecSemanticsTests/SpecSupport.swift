import Foundation

@testable import SpecDriver
@testable import SpecSyntax

/// Loads `text` as the file `t.spec`, as `speccheck lint` would (on a large stack), with
/// `--const` arguments written as on the command line (`"N=3"`).
func load(_ text: String, constants: [String] = []) -> LoadedSpec {
  let overrides = constants.compactMap(ConstantOverride.init(argument:))
  return Driver.withLargeStack {
    SpecLoader.load(SourceFile(path: "t.spec", text: text), overrides: overrides)
  }
}

/// Every diagnostic of loading `text`, as the first line `speccheck lint` prints for it
/// (`t.spec:3:5: error[SPC201]: message`), each followed by its notes
/// (`t.spec:2:7: note: first declared here`, or `note: ...` when it has no place).
/// Built from the diagnostics' data, not from the renderer, so positions are checked.
func diagnostics(_ text: String, constants: [String] = []) -> [String] {
  let loaded = load(text, constants: constants)
  var lines: [String] = []
  for source in loaded.sources {
    for diagnostic in source.diagnostics {
      let start = source.file.location(of: diagnostic.range.start)
      lines.append(
        "\(source.file.path):\(start.line):\(start.column): "
          + "\(diagnostic.severity.rawValue)[\(diagnostic.code.rawValue)]: \(diagnostic.message)")
      for note in diagnostic.notes {
        if let range = note.range {
          let place = source.file.location(of: range.start)
          lines.append("\(source.file.path):\(place.line):\(place.column): note: \(note.message)")
        } else {
          lines.append("note: \(note.message)")
        }
      }
    }
  }
  return lines
}

/// Paths of the package under test, found from this file's location.
enum Package {
  /// `Tests/SpecSemanticsTests/SpecSupport.swift` is three levels below the root.
  static let root: URL = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent()
    .deletingLastPathComponent()
    .deletingLastPathComponent()

  /// The `*.spec` files of `examples/` and `specs/`, relative to the root, sorted.
  static func specFiles() -> [String] {
    var found: [String] = []
    for directory in ["examples", "specs"] {
      let url = root.appendingPathComponent(directory)
      let names = (try? FileManager.default.contentsOfDirectory(atPath: url.path)) ?? []
      found += names.filter { $0.hasSuffix(".spec") }.map { "\(directory)/\($0)" }
    }
    return found.sorted()
  }
}
