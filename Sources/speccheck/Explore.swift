import ArgumentParser
import Dispatch
import Foundation
import SpecDriver
import SpecEngine
import SpecExplore

struct Explore: ParsableCommand {
  static let configuration = CommandConfiguration(
    abstract: "Walk through a spec's states interactively.",
    discussion: """
      Shows the current state and the enabled actions; type 'help' in the session for the \
      commands. On a terminal, lines can be edited and recalled (libedit, when the system \
      has it). From a pipe, commands are read one per line and echoed after '> ', so \
      sessions can be scripted. Exit status: 0 when the session ends (quit or the end of \
      input), 2 when the spec is invalid or the --trace file cannot be replayed, 64 for bad \
      usage.
      """)

  @Argument(help: "The spec file.")
  var path: String

  @OptionGroup var constantOptions: ConstantOptions

  @Option(name: .customLong("trace"), help: "Start from this ITF trace (replayed).")
  var trace: String?

  @Option(help: "Seed for 'random' (default: a different walk each session).")
  var seed: UInt64?

  @Option(name: .customLong("find-limit"), help: "'find' gives up after this many distinct states.")
  var findLimit: Int = 1_000_000

  @Option(help: "Worker threads for 'find': a number or 'auto' (all cores).")
  var workers: WorkerCount = .auto

  func validate() throws {
    if findLimit < 1 { throw ValidationError("--find-limit must be at least 1") }
  }

  func run() throws {
    let code = Driver.withLargeStack { runSession() }
    if code != 0 { throw ExitCode(code) }
  }

  func runSession() -> Int32 {
    let loaded = SpecLoader.load(path: path, overrides: constantOptions.overrides)
    Terminal.writeError(loaded.renderDiagnostics())
    guard loaded.isValid, let spec = loaded.spec, let constants = loaded.constants else {
      Terminal.writeError("\(path): invalid spec\n")
      return 2
    }
    var options = ExploreOptions()
    options.seed = seed ?? UInt64.random(in: .min ... .max)
    options.findStateLimit = findLimit
    options.workers = workers.resolved
    var session: ExploreSession
    do {
      session = try ExploreSession(
        spec: spec, constants: constants, options: options, files: DiskFiles())
    } catch {
      Terminal.writeError(error.diagnostic.render(in: spec.file))
      return 2
    }
    let start = session.start(trace: trace)
    if start.failed, trace != nil {
      Terminal.writeError(start.text)
      return 2
    }
    Terminal.write(start.text)
    var input = LineInput.make()
    while let line = input.readLine(prompt: "> ") {
      if !input.isInteractive { Terminal.write("> \(line)\n") }
      let reply = StopOnInterrupt.run { flag in
        session.stopFlag = flag
        return session.handle(line)
      }
      Terminal.write(reply.text)
      if reply.finished { return 0 }
    }
    if input.isInteractive { Terminal.write("\n") }
    return 0
  }
}

/// The real file system, for `save` and `load`.
struct DiskFiles: ExploreFiles {
  func read(_ path: String) throws(FileProblem) -> [UInt8] {
    switch SpecLoader.readFile(path) {
    case .success(let bytes): return bytes
    case .failure(let error): throw FileProblem(error.message)
    }
  }

  func write(_ path: String, _ bytes: [UInt8]) throws(FileProblem) {
    guard let handle = fopen(path, "wb") else {
      throw FileProblem(String(cString: strerror(errno)))
    }
    let written = bytes.withUnsafeBufferPointer { fwrite($0.baseAddress, 1, $0.count, handle) }
    let failed = written != bytes.count || ferror(handle) != 0
    let error = errno
    if fclose(handle) != 0 || failed {
      throw FileProblem(String(cString: strerror(failed ? error : errno)))
    }
  }
}

/// While one command runs, Ctrl-C sets a stop flag (a long `find` or `random` then ends
/// with a message) and a second Ctrl-C exits; at the prompt, Ctrl-C ends the session as
/// usual.
enum StopOnInterrupt {
  static func run<T>(_ body: (StopFlag) -> T) -> T {
    let flag = StopFlag()
    signal(SIGINT, SIG_IGN)
    let source = DispatchSource.makeSignalSource(signal: SIGINT, queue: .global())
    source.setEventHandler {
      if flag.isStopped { exit(130) }
      flag.stop()
    }
    source.resume()
    defer {
      source.cancel()
      signal(SIGINT, SIG_DFL)
    }
    return body(flag)
  }
}
