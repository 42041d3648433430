import Foundation
import SpecTrace

/// Paths of the package under test, found from this file's location.
enum Paths {
  /// `Tests/SpecTestgenTests/TestgenSupport.swift` is three levels below the root.
  static let root = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

  static func path(_ relative: String) -> String { root.appendingPathComponent(relative).path }

  static func text(_ relative: String) throws -> String {
    try String(contentsOfFile: path(relative), encoding: .utf8)
  }

  /// The built `speccheck` beside the test bundle (the target depends on it), or
  /// `SPECCHECK_BINARY`.
  static let binary: String = {
    if let given = ProcessInfo.processInfo.environment["SPECCHECK_BINARY"] { return given }
    let argument0 = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath()
    let candidates = [
      Bundle.main.bundleURL, Bundle.main.bundleURL.deletingLastPathComponent(),
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

struct ProcessOutput {
  var status: Int32
  var stdout: String
  var stderr: String
}

/// Runs `executable` (default: speccheck) with `arguments` in `directory`.
func run(
  _ arguments: [String], executable: String = Paths.binary, in directory: URL? = nil,
  environment: [String: String] = [:]
) throws -> ProcessOutput {
  let process = Process()
  process.executableURL = URL(fileURLWithPath: executable)
  process.arguments = arguments
  process.currentDirectoryURL = directory ?? Paths.root
  process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
  let stdout = Pipe()
  let stderr = Pipe()
  process.standardOutput = stdout
  process.standardError = stderr
  process.standardInput = FileHandle.nullDevice
  try process.run()
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

/// A fresh empty directory.
func temporaryDirectory() throws -> URL {
  let url = FileManager.default.temporaryDirectory
    .appendingPathComponent("speccheck-testgen-\(UUID().uuidString)")
  try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
  return url
}

/// The path of an executable on PATH, or nil.
func which(_ name: String) -> String? {
  let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
  for directory in path.split(separator: ":") {
    let candidate = "\(directory)/\(name)"
    if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
  }
  return nil
}

/// The all-kinds fixture as a generated test (no spec: values beyond 64 bits cannot be
/// replayed by the checker, but a test can carry them).
func allKindsTest(name: String, adapter: GeneratedTest.Adapter) throws -> GeneratedTest {
  let bytes = Array(try Data(contentsOf: URL(fileURLWithPath: Paths.path(
    "Tests/SpecTestgenTests/Fixtures/all-kinds.itf.json"))))
  let states = try GeneratedTest.states(ofITF: try JSONParser.parse(bytes))
  return GeneratedTest(
    mode: .conformance, adapter: adapter, name: name, traceFile: "all-kinds.itf.json",
    specName: "AllKinds", specFile: "AllKinds.spec", violation: nil,
    variables: states.variables, initial: states.initial, steps: states.steps)
}
