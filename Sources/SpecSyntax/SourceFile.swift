/// A half-open range of UTF-8 byte offsets into a `SourceFile`.
package struct SourceRange: Hashable, Sendable, CustomStringConvertible {
  package var start: Int
  package var end: Int

  package init(_ start: Int, _ end: Int) {
    self.start = start
    self.end = max(start, end)
  }

  /// The smallest range covering both.
  package func union(_ other: SourceRange) -> SourceRange {
    SourceRange(min(start, other.start), max(end, other.end))
  }

  package static let none = SourceRange(0, 0)
  package var description: String { "\(start)..<\(end)" }
}

/// A 1-based line and column; the column counts Unicode scalars, so `∧` is one column.
package struct SourceLocation: Hashable, Sendable {
  package var line: Int
  package var column: Int
  package init(line: Int, column: Int) {
    self.line = line
    self.column = column
  }
}

/// The text of one spec file, with its line table.
///
/// The bytes are kept as read; `text` is valid only when `isValidUTF8`. Locations are
/// computed from byte offsets on demand, so diagnostics carry offsets until printed.
package struct SourceFile: Sendable {
  package let path: String
  package let bytes: [UInt8]
  /// Byte offset at which each line starts.
  package let lineStarts: [Int]

  package init(path: String, bytes: [UInt8]) {
    self.path = path
    self.bytes = bytes
    var starts = [0]
    for (index, byte) in bytes.enumerated() where byte == UInt8(ascii: "\n") {
      starts.append(index + 1)
    }
    self.lineStarts = starts
  }

  package init(path: String, text: String) {
    self.init(path: path, bytes: Array(text.utf8))
  }

  /// The 1-based line and column of a byte offset.
  package func location(of offset: Int) -> SourceLocation {
    let offset = min(max(0, offset), bytes.count)
    var low = 0
    var high = lineStarts.count - 1
    while low < high {
      let mid = (low + high + 1) / 2
      if lineStarts[mid] <= offset { low = mid } else { high = mid - 1 }
    }
    let lineStart = lineStarts[low]
    var column = 1
    var index = lineStart
    while index < offset {
      // Count scalars: skip UTF-8 continuation bytes.
      if bytes[index] & 0xC0 != 0x80 { column += 1 }
      index += 1
    }
    if index > offset { column -= 1 }
    return SourceLocation(line: low + 1, column: column)
  }

  /// The text of a 1-based line, without its newline; invalid UTF-8 is replaced.
  package func lineText(_ line: Int) -> String {
    guard line >= 1, line <= lineStarts.count else { return "" }
    let start = lineStarts[line - 1]
    var end = line < lineStarts.count ? lineStarts[line] - 1 : bytes.count
    if end > start, bytes[end - 1] == UInt8(ascii: "\r") { end -= 1 }
    guard end > start else { return "" }
    return String(decoding: bytes[start..<end], as: UTF8.self)
  }

  /// The source text of a range.
  package func text(of range: SourceRange) -> String {
    let start = min(range.start, bytes.count)
    let end = min(range.end, bytes.count)
    return String(decoding: bytes[start..<end], as: UTF8.self)
  }
}
