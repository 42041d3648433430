/// File access for `save` and `load`. The session itself does no I/O: the executable
/// passes the real file system, tests pass `MemoryFiles`.
package protocol ExploreFiles {
  /// The bytes of the file at `path`.
  func read(_ path: String) throws(FileProblem) -> [UInt8]
  /// Replaces the file at `path` with `bytes`.
  func write(_ path: String, _ bytes: [UInt8]) throws(FileProblem)
}

/// Why a file could not be read or written, as the operating system put it.
package struct FileProblem: Error, Sendable, Equatable {
  package var message: String
  package init(_ message: String) { self.message = message }
}

/// Files held in memory, for tests of the session.
package final class MemoryFiles: ExploreFiles {
  package var contents: [String: [UInt8]]

  package init(_ contents: [String: [UInt8]] = [:]) { self.contents = contents }

  package func read(_ path: String) throws(FileProblem) -> [UInt8] {
    guard let bytes = contents[path] else { throw FileProblem("No such file or directory") }
    return bytes
  }

  package func write(_ path: String, _ bytes: [UInt8]) throws(FileProblem) {
    contents[path] = bytes
  }
}
