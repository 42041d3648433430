/// How serious a diagnostic is. Only errors make a spec invalid.
package enum Severity: String, Sendable {
  case error, warning, note
}

/// A problem found in a spec: data, not text, until `render` turns it into text.
package struct Diagnostic: Sendable, Equatable {
  package struct Note: Sendable, Equatable {
    package var message: String
    package var range: SourceRange?
    package init(_ message: String, range: SourceRange? = nil) {
      self.message = message
      self.range = range
    }
  }

  package var code: DiagnosticCode
  package var severity: Severity
  package var message: String
  package var range: SourceRange
  package var notes: [Note]

  package init(
    _ code: DiagnosticCode, _ message: String, at range: SourceRange,
    severity: Severity = .error, notes: [Note] = []
  ) {
    self.code = code
    self.severity = severity
    self.message = message
    self.range = range
    self.notes = notes
  }
}

extension Diagnostic {
  /// `file:line:col: error[SPC301]: message`, the source line, a caret under the range,
  /// then the notes.
  package func render(in file: SourceFile) -> String {
    let location = file.location(of: range.start)
    var out =
      file.bytes.isEmpty && range == .none
      ? "\(file.path): " : "\(file.path):\(location.line):\(location.column): "
    out += "\(severity.rawValue)[\(code.rawValue)]: \(SourceFile.printable(message))\n"
    out += file.caretLines(for: range)
    for note in notes {
      if let noteRange = note.range {
        let noteLocation = file.location(of: noteRange.start)
        out += "\(file.path):\(noteLocation.line):\(noteLocation.column): note: \(note.message)\n"
      } else {
        out += "  note: \(note.message)\n"
      }
    }
    return out
  }

  /// The line and column of the diagnostic's start in `file`.
  package func location(in file: SourceFile) -> SourceLocation {
    file.location(of: range.start)
  }
}

extension SourceFile {
  /// The source line of a range's start, indented, with carets under the range (clipped
  /// to that line). Empty when the file has no bytes.
  package func caretLines(for range: SourceRange) -> String {
    guard !bytes.isEmpty else { return "" }
    let start = location(of: range.start)
    let lineString = Self.printable(lineText(start.line))
    let end = location(of: max(range.start, range.end))
    let width: Int
    if end.line == start.line {
      width = max(1, end.column - start.column)
    } else {
      width = max(1, lineString.unicodeScalars.count - start.column + 1)
    }
    let pad = String(repeating: " ", count: max(0, start.column - 1))
    return "  \(lineString)\n  \(pad)\(String(repeating: "^", count: width))\n"
  }
}

extension SourceFile {
  /// `text` safe to print on a terminal: a tab becomes a space and every other control
  /// character (C0, DEL, C1) becomes U+FFFD, one scalar for one, so columns still line
  /// up. A spec's bytes must not clear the screen or hide text when a line is echoed.
  package static func printable(_ text: String) -> String {
    var scalars = String.UnicodeScalarView()
    for scalar in text.unicodeScalars {
      switch scalar.value {
      case 0x09: scalars.append(" ")
      case 0x00..<0x20, 0x7F..<0xA0: scalars.append("\u{FFFD}")
      default: scalars.append(scalar)
      }
    }
    return String(scalars)
  }
}

/// Collects diagnostics in the order found; passes append, nobody prints.
package struct DiagnosticBag: Sendable {
  package internal(set) var items: [Diagnostic] = []
  package init() {}

  package mutating func error(
    _ code: DiagnosticCode, _ message: String, at range: SourceRange,
    notes: [Diagnostic.Note] = []
  ) {
    items.append(Diagnostic(code, message, at: range, notes: notes))
  }

  package mutating func warning(_ code: DiagnosticCode, _ message: String, at range: SourceRange) {
    items.append(Diagnostic(code, message, at: range, severity: .warning))
  }

  package mutating func append(_ diagnostic: Diagnostic) { items.append(diagnostic) }
  package mutating func append(contentsOf others: [Diagnostic]) { items += others }

  package var hasErrors: Bool { items.contains { $0.severity == .error } }
}
