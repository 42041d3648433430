import Foundation
import Testing

/// What a run of the executable printed and returned.
struct CommandResult {
  var status: Int32
  var stdout: String
  var stderr: String
}

/// Runs the built `speccheck` executable as a subprocess, as scripts and CI jobs do.
enum Speccheck {
  /// The executable beside the test bundle (`swift test` builds it there), or under
  /// `.build/debug` of the package; nil when neither exists.
  static let executable: URL? = {
    var candidates: [URL] = []
    #if os(Linux)
      let testBinary = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath()
      candidates.append(testBinary.deletingLastPathComponent().appendingPathComponent("speccheck"))
    #endif
    // macOS: Contents/MacOS/<tests> inside `<name>.xctest`, which sits in the build folder.
    candidates.append(
      Bundle.main.bundleURL.deletingLastPathComponent().appendingPathComponent("speccheck"))
    for bundle in Bundle.allBundles where bundle.bundlePath.hasSuffix(".xctest") {
      candidates.append(
        bundle.bundleURL.deletingLastPathComponent().appendingPathComponent("speccheck"))
    }
    candidates.append(Package.root.appendingPathComponent(".build/debug/speccheck"))
    return candidates.first { FileManager.default.isExecutableFile(atPath: $0.path) }
  }()

  static var isAvailable: Bool { executable != nil }

  /// Runs `speccheck arguments...` in `directory` and waits for it.
  static func run(_ arguments: [String], in directory: URL = Package.root) throws
    -> CommandResult
  {
    let executable = try #require(
      Self.executable,
      "speccheck is not built: run `swift build` (looked beside the test bundle and in .build/debug)"
    )
    let process = Process()
    process.executableURL = executable
    process.arguments = arguments
    process.currentDirectoryURL = directory
    let stdout = Pipe()
    let stderr = Pipe()
    process.standardOutput = stdout
    process.standardError = stderr
    process.standardInput = FileHandle.nullDevice
    try process.run()
    // Read both pipes to the end before waiting, so a large output cannot block the child.
    let group = DispatchGroup()
    nonisolated(unsafe) var errorData = Data()
    group.enter()
    DispatchQueue.global().async {
      errorData = stderr.fileHandleForReading.readDataToEndOfFile()
      group.leave()
    }
    let outputData = stdout.fileHandleForReading.readDataToEndOfFile()
    group.wait()
    process.waitUntilExit()
    return CommandResult(
      status: process.terminationStatus,
      stdout: String(decoding: outputData, as: UTF8.self),
      stderr: String(decoding: errorData, as: UTF8.self))
  }
}

/// A fresh directory for files a test writes; removed when the value is dropped.
final class ScratchDirectory {
  let url: URL

  init() throws {
    url = FileManager.default.temporaryDirectory
      .appendingPathComponent("speccheck-lint-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
  }

  deinit { try? FileManager.default.removeItem(at: url) }

  func write(_ name: String, _ text: String) throws {
    try write(name, bytes: Array(text.utf8))
  }

  func write(_ name: String, bytes: [UInt8]) throws {
    try Data(bytes).write(to: url.appendingPathComponent(name))
  }
}

@Suite(
  "speccheck lint, run as a subprocess",
  .enabled(if: Speccheck.isAvailable, "speccheck is not built")
)
struct LintCommandTests {
  @Test("lint of the three examples prints exactly 'ok: 3 specs' and exits 0")
  func examplesAreValid() throws {
    let examples = Package.specFiles().filter { $0.hasPrefix("examples/") }
    #expect(examples.count == 3)
    let result = try Speccheck.run(["lint"] + examples)
    #expect(result.stdout == "ok: 3 specs\n")
    #expect(result.stderr == "")
    #expect(result.status == 0)
  }

  @Test("lint of a directory checks the specs under it")
  func directoryArgument() throws {
    // The three examples and examples/testgen/Bank.spec, in a subdirectory.
    let result = try Speccheck.run(["lint", "examples"])
    #expect(result.stdout == "ok: 4 specs\n")
    #expect(result.status == 0)
  }

  @Test("an invalid spec exits 2 and prints the diagnostic with its source line, caret and note")
  func invalidSpecText() throws {
    let scratch = try ScratchDirectory()
    try scratch.write(
      "bad.spec",
      """
      spec Bad
      var count: Int
      init { count = 0 }
      action Inc { count' = cont + 1 }

      """)
    let result = try Speccheck.run(["lint", "bad.spec"], in: scratch.url)
    #expect(
      result.stdout == """
        bad.spec:4:23: error[SPC202]: unknown name 'cont'
          action Inc { count' = cont + 1 }
                                ^^^^
          note: did you mean 'count'?
        invalid: 1 of 1 spec

        """)
    #expect(result.stderr == "")
    #expect(result.status == 2)
  }

  @Test("a duplicate prints the note with the place of the first declaration")
  func duplicateText() throws {
    let scratch = try ScratchDirectory()
    try scratch.write("dup.spec", "spec Dup\nconst N: Int = 1\nvar N: Int\ninit { N = 1 }\n")
    let result = try Speccheck.run(["lint", "dup.spec"], in: scratch.url)
    #expect(
      result.stdout == """
        dup.spec:3:5: error[SPC201]: 'N' is already declared
          var N: Int
              ^
        dup.spec:2:7: note: first declared here
        invalid: 1 of 1 spec

        """)
    #expect(result.status == 2)
  }

  @Test("valid and invalid specs together: every diagnostic, then the count of invalid ones")
  func mixedFiles() throws {
    let scratch = try ScratchDirectory()
    try scratch.write("good.spec", "spec Good\nvar x: 0..1\ninit { x = 0 }\n")
    try scratch.write("bad.spec", "spec Bad\nvar x: Int\ninit { x = TRUE }\n")
    let result = try Speccheck.run(["lint", "good.spec", "bad.spec"], in: scratch.url)
    #expect(
      result.stdout == """
        bad.spec:3:8: error[SPC301]: type mismatch: cannot compare Int with Bool
          init { x = TRUE }
                 ^^^^^^^^
        invalid: 1 of 2 specs

        """)
    #expect(result.status == 2)
  }

  @Test("a warning is printed but the spec is valid: exit 0")
  func warningOnly() throws {
    let scratch = try ScratchDirectory()
    try scratch.write("huge.spec", "spec Huge\nvar x: 1..100000000000\ninit { x = 1 }\n")
    let result = try Speccheck.run(["lint", "huge.spec"], in: scratch.url)
    #expect(
      result.stdout == """
        huge.spec:2:8: warning[SPC304]: range 1..100000000000 has 100000000000 values: a variable of this type is fine, but enumerating it (as a parameter or a set) is impractical
          var x: 1..100000000000
                 ^^^^^^^^^^^^^^^
        ok: 1 spec

        """)
    #expect(result.status == 0)
  }

  @Test("--format json prints one array of diagnostic objects with code, message and place")
  func jsonFormat() throws {
    let scratch = try ScratchDirectory()
    try scratch.write(
      "bad.spec", "spec Bad\nconst N: Int = 1\nvar N: Int\ninit { N = 1 }\ninvariant I: zzz\n")
    let result = try Speccheck.run(["lint", "--format", "json", "bad.spec"], in: scratch.url)
    #expect(result.status == 2)
    let parsed = try JSONSerialization.jsonObject(with: Data(result.stdout.utf8))
    let objects = try #require(parsed as? [[String: Any]])
    try #require(objects.count == 2)
    #expect(objects[0]["code"] as? String == "SPC201")
    #expect(objects[0]["severity"] as? String == "error")
    #expect(objects[0]["message"] as? String == "'N' is already declared")
    #expect(objects[0]["file"] as? String == "bad.spec")
    #expect(objects[0]["line"] as? Int == 3)
    #expect(objects[0]["column"] as? Int == 5)
    #expect(objects[0]["end_line"] as? Int == 3)
    #expect(objects[0]["end_column"] as? Int == 6)
    #expect(objects[0]["notes"] as? [String] == ["first declared here"])
    #expect(objects[1]["code"] as? String == "SPC202")
    #expect(objects[1]["message"] as? String == "unknown name 'zzz'")
    #expect(objects[1]["line"] as? Int == 5)
    #expect(objects[1]["column"] as? Int == 14)
  }

  @Test("--format json of valid specs is an empty array")
  func jsonOfValidSpecs() throws {
    let result = try Speccheck.run(["lint", "--format", "json", "examples"])
    #expect(result.status == 0)
    let parsed = try JSONSerialization.jsonObject(with: Data(result.stdout.utf8))
    #expect((parsed as? [Any])?.isEmpty == true)
  }

  @Test("--const values reach the spec; an unknown --const name is an error")
  func constantOverrides() throws {
    let scratch = try ScratchDirectory()
    try scratch.write("c.spec", "spec C\nconst N: 1..3 = 1\nvar x: Int\ninit { x = N }\n")
    let good = try Speccheck.run(["lint", "c.spec", "--const", "N=3"], in: scratch.url)
    #expect(good.stdout == "ok: 1 spec\n")
    #expect(good.status == 0)
    let outside = try Speccheck.run(["lint", "c.spec", "--const", "N=7"], in: scratch.url)
    #expect(
      outside.stdout == """
        --const N:1:1: error[SPC406]: constant 'N' = 7 is outside its declared type
          7
          ^
        invalid: 1 of 1 spec

        """)
    #expect(outside.status == 2)
    let unknown = try Speccheck.run(["lint", "c.spec", "--const", "M=1"], in: scratch.url)
    #expect(unknown.stdout.hasPrefix("--const M:1:1: error[SPC204]: "))
    #expect(unknown.status == 2)
  }

  @Test("lint with no spec is a usage error: exit 64")
  func noArguments() throws {
    let result = try Speccheck.run(["lint"])
    #expect(result.status == 64)
    #expect(result.stdout == "")
    #expect(result.stderr.contains("Usage: speccheck lint"))
  }

  @Test("malformed flags are usage errors: exit 64")
  func badFlags() throws {
    let noEquals = try Speccheck.run(["lint", "examples", "--const", "N"])
    #expect(noEquals.status == 64)
    #expect(noEquals.stderr.contains("--const expects NAME=VALUE, found 'N'"))
    let badFormat = try Speccheck.run(["lint", "examples", "--format", "xml"])
    #expect(badFormat.status == 64)
  }

  @Test("a missing file exits 2 with SPC901")
  func missingFile() throws {
    let scratch = try ScratchDirectory()
    let result = try Speccheck.run(["lint", "nothere.spec"], in: scratch.url)
    #expect(
      result.stdout == """
        nothere.spec: error[SPC901]: cannot read 'nothere.spec': No such file or directory
        invalid: 1 of 1 spec

        """)
    #expect(result.status == 2)
  }

  /// Runs lint on one file written with `bytes`; checks it exits 2 with `code` first and
  /// the summary last, and returns the output.
  @discardableResult
  func lintRejects(_ bytes: [UInt8], code: String) throws -> String {
    let scratch = try ScratchDirectory()
    try scratch.write("x.spec", bytes: bytes)
    let result = try Speccheck.run(["lint", "x.spec"], in: scratch.url)
    #expect(result.status == 2, "\(result.stderr)")
    #expect(result.stdout.hasPrefix("x.spec:"))
    #expect(result.stdout.contains("error[\(code)]"), "\(result.stdout.prefix(400))")
    #expect(result.stdout.hasSuffix("invalid: 1 of 1 spec\n"))
    return result.stdout
  }

  @Test("an empty file exits 2 (SPC106)")
  func emptyFile() throws {
    let output = try lintRejects([], code: "SPC106")
    #expect(output.hasPrefix("x.spec: error[SPC106]: "))
  }

  @Test("a binary file exits 2 (SPC109), and its bytes are not echoed to the terminal")
  func binaryFile() throws {
    let output = try lintRejects(
      Array("spec X\n".utf8) + [0, 0, 1, 0x1B] + Array("[2J\n".utf8), code: "SPC109")
    #expect(!output.unicodeScalars.contains { $0.value < 0x20 && $0 != "\n" })
  }

  @Test("a file that is not UTF-8 exits 2 (SPC104)")
  func latin1File() throws {
    try lintRejects(
      Array("spec X\nvar x: Int\ninit { x = ".utf8) + [0xE9, 0xFF] + Array(" }\n".utf8),
      code: "SPC104")
  }

  @Test("an escape character in a spec is reported without being echoed raw")
  func escapeCharacter() throws {
    let output = try lintRejects(
      Array("spec X\nvar x: Int\ninit { x = ".utf8) + [0x1B] + Array("[2J1 }\n".utf8),
      code: "SPC103")
    #expect(!output.unicodeScalars.contains { $0.value == 0x1B })
    #expect(output.contains("  init { x = \u{FFFD}[2J1 }\n"))
  }

  @Test("10,000 nested parentheses exit 2 (SPC107) without exhausting the stack")
  func deepNesting() throws {
    let text =
      "spec X\nvar x: Int\ninit { x = " + String(repeating: "(", count: 10_000) + "1"
      + String(repeating: ")", count: 10_000) + " }\n"
    try lintRejects(Array(text.utf8), code: "SPC107")
  }

  @Test("an unterminated string exits 2 (SPC101)")
  func unterminatedString() throws {
    try lintRejects(Array("spec X\nvar x: \"abc\ninit { x = 1 }\n".utf8), code: "SPC101")
  }

  @Test("unterminated block comments exit 2 (SPC102)")
  func unterminatedComments() throws {
    try lintRejects(
      Array("spec X\nvar x: Int\n(* never closed\ninit { x = 1 }\n".utf8), code: "SPC102")
    try lintRejects(
      Array("spec X\nvar x: Int\n/* never closed\ninit { x = 1 }\n".utf8), code: "SPC102")
  }
}
