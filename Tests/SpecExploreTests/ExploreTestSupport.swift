import Foundation
import SpecDriver
import SpecExplore
import SpecRuntime
import SpecSemantics
import SpecSyntax

/// Paths of the package under test, found from this file's location.
enum PackagePaths {
  /// `Tests/SpecExploreTests/ExploreTestSupport.swift` is three levels below the root.
  static let root = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

  static func path(_ relative: String) -> String { root.appendingPathComponent(relative).path }

  /// The built `speccheck` beside the test bundle (the test target depends on it, so
  /// SwiftPM builds it first), or `SPECCHECK_BINARY`.
  static let binary: String = {
    if let given = ProcessInfo.processInfo.environment["SPECCHECK_BINARY"] { return given }
    var candidates: [URL] = [
      Bundle.main.bundleURL, Bundle.main.bundleURL.deletingLastPathComponent(),
    ]
    let argument0 = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath()
    candidates += [
      argument0.deletingLastPathComponent(),
      argument0.deletingLastPathComponent().deletingLastPathComponent(),
    ]
    for directory in candidates {
      let url = directory.appendingPathComponent("speccheck")
      var isDirectory: ObjCBool = false
      if FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory),
        !isDirectory.boolValue
      {
        return url.path
      }
    }
    return root.appendingPathComponent(".build/debug/speccheck").path
  }()
}

/// Loads a spec (a file of the package, or text) and drives an in-process session.
struct SessionDriver {
  var session: ExploreSession
  let files: MemoryFiles
  /// Everything shown so far, in the form the executable writes from a pipe: the
  /// greeting, then each line after `> ` and its reply.
  var transcript: String

  init(
    file: String? = nil, text: String? = nil, constants: [String] = [], seed: UInt64 = 1,
    files: MemoryFiles = MemoryFiles(), trace: String? = nil
  ) throws {
    let overrides = constants.compactMap(ConstantOverride.init(argument:))
    let loaded =
      if let file {
        SpecLoader.load(path: PackagePaths.path(file), overrides: overrides)
      } else {
        SpecLoader.load(SourceFile(path: "Test.spec", text: text ?? ""), overrides: overrides)
      }
    guard let spec = loaded.spec, let values = loaded.constants, loaded.isValid else {
      throw SpecInvalid(text: loaded.renderDiagnostics())
    }
    var options = ExploreOptions()
    options.seed = seed
    session = try ExploreSession(spec: spec, constants: values, options: options, files: files)
    self.files = files
    transcript = session.start(trace: trace).text
  }

  struct SpecInvalid: Error { var text: String }

  /// Runs lines and returns what they printed (each after `> line`).
  @discardableResult
  mutating func run(_ lines: String...) -> String {
    var out = ""
    for line in lines {
      out += "> \(line)\n" + session.handle(line).text
    }
    transcript += out
    return out
  }

  /// The reply to one line, without the echo.
  mutating func reply(_ line: String) -> ExploreReply {
    let reply = session.handle(line)
    transcript += "> \(line)\n" + reply.text
    return reply
  }
}

/// The outcome of running the executable.
struct ProcessOutput {
  var status: Int32
  var stdout: String
  var stderr: String
}

/// Runs `speccheck` with `arguments`, feeding `input` on standard input (a pipe).
func runSpeccheck(_ arguments: [String], input: String = "", in directory: URL? = nil) throws
  -> ProcessOutput
{
  let process = Process()
  process.executableURL = URL(fileURLWithPath: PackagePaths.binary)
  process.arguments = arguments
  process.currentDirectoryURL = directory ?? PackagePaths.root
  let stdin = Pipe()
  let stdout = Pipe()
  let stderr = Pipe()
  process.standardInput = stdin
  process.standardOutput = stdout
  process.standardError = stderr
  try process.run()
  stdin.fileHandleForWriting.write(Data(input.utf8))
  try stdin.fileHandleForWriting.close()
  // Read both pipes to the end before waiting, so a full pipe cannot block the child.
  let group = DispatchGroup()
  nonisolated(unsafe) var errorData = Data()
  DispatchQueue.global().async(group: group) {
    errorData = stderr.fileHandleForReading.readDataToEndOfFile()
  }
  let outputData = stdout.fileHandleForReading.readDataToEndOfFile()
  group.wait()
  process.waitUntilExit()
  return ProcessOutput(
    status: process.terminationStatus, stdout: String(decoding: outputData, as: UTF8.self),
    stderr: String(decoding: errorData, as: UTF8.self))
}

/// A fresh empty directory for files a test writes.
func temporaryDirectory() throws -> URL {
  let url = FileManager.default.temporaryDirectory
    .appendingPathComponent("speccheck-explore-\(UUID().uuidString)")
  try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
  return url
}
