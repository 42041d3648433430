import Foundation
import Testing

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// `script` (util-linux) runs explore on a pseudo-terminal, so the executable sees a TTY
/// and reads with libedit; the test types keys into it like a person.
@Suite("speccheck explore on a pseudo-terminal")
struct ExplorePseudoTerminalTests {
  static let script = "/usr/bin/script"

  /// Whether the test can run: `script` exists, and libedit loads (explore falls back
  /// to plain lines without it, which the second test shows is not line editing).
  static var available: Bool {
    guard FileManager.default.isExecutableFile(atPath: script) else { return false }
    for name in ["libedit.so.2", "libedit.so", "libedit.3.dylib", "libedit.dylib"] {
      if let handle = dlopen(name, RTLD_NOW | RTLD_LOCAL) {
        dlclose(handle)
        return true
      }
    }
    return false
  }

  static let left = "\u{1B}[D"
  static let up = "\u{1B}[A"

  @Test(
    "cursor movement and history recall edit the line before explore reads it",
    .enabled(if: available), .timeLimit(.minutes(1)))
  func lineEditing() throws {
    let terminal = try Terminal(explore: ["examples/DieHard.spec"])
    try terminal.waitFor(prompts: 1)
    // Type "eval  + 1", move the cursor four places left, insert "big": eval big + 1.
    terminal.type("eval  + 1" + String(repeating: Self.left, count: 4) + "big\r")
    try terminal.waitFor(prompts: 2)
    // Up arrow recalls "eval big + 1" from the history; Enter runs it again.
    terminal.type(Self.up + "\r")
    try terminal.waitFor(prompts: 3)
    terminal.type("find big = 4\r")
    try terminal.waitFor(prompts: 4)
    terminal.type("quit\r")
    let status = try terminal.waitForExit()
    let screen = terminal.plainText
    #expect(status == 0)
    #expect(!screen.contains("error"), "\(screen)")
    #expect(screen.components(separatedBy: "\n").filter { $0 == "1" }.count == 2, "\(screen)")
    #expect(screen.contains("found big = 4 in 6 steps:"))
  }

  @Test(
    "without libedit the same keys reach explore as escape codes (so the test above is not vacuous)",
    .enabled(if: available), .timeLimit(.minutes(1)))
  func withoutLineEditing() throws {
    let terminal = try Terminal(
      explore: ["examples/DieHard.spec"], environment: ["SPECCHECK_NO_EDITLINE": "1"])
    try terminal.waitFor(prompts: 1)
    terminal.type("eval  + 1" + String(repeating: Self.left, count: 4) + "big\r")
    try terminal.waitFor(prompts: 2)
    terminal.type("quit\r")
    #expect(try terminal.waitForExit() == 0)
    #expect(terminal.plainText.contains("error["))
  }
}

/// A process on a pseudo-terminal made by `script`, with its output collected.
final class Terminal: @unchecked Sendable {
  let process = Process()
  let input = Pipe()
  let output = Pipe()
  let lock = NSLock()
  var buffer = Data()

  init(explore arguments: [String], environment: [String: String] = [:]) throws {
    let command = ([PackagePaths.binary, "explore"] + arguments).map(Self.quoted).joined(
      separator: " ")
    process.executableURL = URL(fileURLWithPath: ExplorePseudoTerminalTests.script)
    process.arguments = ["-q", "-e", "-c", command, "/dev/null"]
    process.currentDirectoryURL = PackagePaths.root
    var env = ProcessInfo.processInfo.environment
    env["TERM"] = "xterm"
    env["HOME"] = FileManager.default.temporaryDirectory.path  // no ~/.editrc of the user
    for (key, value) in environment { env[key] = value }
    process.environment = env
    process.standardInput = input
    process.standardOutput = output
    process.standardError = output
    try process.run()
    let reader = output.fileHandleForReading
    Thread.detachNewThread { [self] in
      while true {
        let data = reader.availableData
        if data.isEmpty { return }
        lock.lock()
        buffer.append(data)
        lock.unlock()
      }
    }
  }

  static func quoted(_ word: String) -> String {
    "'" + word.replacingOccurrences(of: "'", with: "'\\''") + "'"
  }

  var text: String {
    lock.lock()
    defer { lock.unlock() }
    return String(decoding: buffer, as: UTF8.self)
  }

  /// The output without terminal control sequences and carriage returns.
  var plainText: String {
    var out = ""
    var iterator = text.unicodeScalars.makeIterator()
    while let scalar = iterator.next() {
      switch scalar {
      case "\u{1B}":
        // CSI: ESC [ parameters final-byte; other escapes: ESC and one character.
        guard let next = iterator.next() else { break }
        if next == "[" {
          while let c = iterator.next(), !(0x40...0x7E).contains(c.value) {}
        }
      case "\r", "\u{08}", "\u{07}": continue
      default: out.unicodeScalars.append(scalar)
      }
    }
    return out
  }

  /// How often `> ` began a line. Counted in bytes: in a Swift string, the terminal's
  /// "\r\n" is one character, which "\n" does not match; and "> " also occurs in "0 -> 3".
  var promptCount: Int {
    lock.lock()
    let bytes = [UInt8](buffer)
    lock.unlock()
    guard bytes.count >= 3 else { return 0 }
    return (0..<bytes.count - 2).filter {
      bytes[$0] == 0x0A && bytes[$0 + 1] == 0x3E && bytes[$0 + 2] == 0x20
    }.count
  }

  struct Timeout: Error, CustomStringConvertible {
    var description: String
  }

  /// Waits until the prompt `> ` has been shown `prompts` times at the start of a line.
  func waitFor(prompts: Int, seconds: Double = 20) throws {
    let deadline = Date().addingTimeInterval(seconds)
    while Date() < deadline {
      if promptCount >= prompts { return }
      Thread.sleep(forTimeInterval: 0.02)
    }
    throw Timeout(description: "no prompt \(prompts) within \(seconds) s; output so far:\n\(text)")
  }

  func type(_ keys: String) {
    input.fileHandleForWriting.write(Data(keys.utf8))
  }

  func waitForExit(seconds: Double = 20) throws -> Int32 {
    let deadline = Date().addingTimeInterval(seconds)
    while process.isRunning, Date() < deadline { Thread.sleep(forTimeInterval: 0.02) }
    if process.isRunning {
      process.terminate()
      throw Timeout(description: "explore did not exit; output so far:\n\(text)")
    }
    try? input.fileHandleForWriting.close()
    return process.terminationStatus
  }
}
