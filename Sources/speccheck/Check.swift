import ArgumentParser
import Dispatch
import Foundation
import SpecDriver
import SpecEngine

struct Check: ParsableCommand {
  static let configuration = CommandConfiguration(
    abstract: "Explore every reachable state and check the invariants.",
    discussion: """
      Exit status: 0 every check passed, 1 a property was violated (invariant, deadlock, \
      assumption), 2 the spec is invalid or an evaluation error occurred, 3 stopped early by \
      a limit, 64 bad usage.
      """)

  @Argument(help: "Spec files, or directories to search for *.spec files.")
  var paths: [String]

  @OptionGroup var constantOptions: ConstantOptions

  @Option(help: "Output format: text or json.")
  var format: OutputFormat = .text

  @Option(name: .customLong("trace-out"), help: "Write the counterexample as an ITF trace.")
  var traceOut: String?

  @Option(help: "Worker threads: a number or 'auto' (all cores).")
  var workers: WorkerCount = .auto

  @Flag(name: .customLong("no-deadlock"), help: "Do not report states without successors.")
  var noDeadlock = false

  @Option(name: .customLong("max-states"), help: "Stop after this many distinct states.")
  var maxStates: Int?

  @Option(name: .customLong("max-depth"), help: "Do not explore beyond this many BFS levels.")
  var maxDepth: Int?

  @Option(help: "Stop after this many seconds.")
  var timeout: Double?

  @Option(help: "Stop before the state store holds this many bytes (suffixes K, M, G).")
  var memory: ByteCount?

  func validate() throws {
    if paths.isEmpty { throw ValidationError("give at least one spec file") }
    if let maxStates, maxStates < 1 { throw ValidationError("--max-states must be at least 1") }
    if let maxDepth, maxDepth < 1 { throw ValidationError("--max-depth must be at least 1") }
    if let timeout, !(timeout > 0) { throw ValidationError("--timeout must be positive") }
  }

  func run() throws {
    let files = SpecFiles.expand(paths)
    var options = CheckOptions()
    options.search.workers = workers.resolved
    options.search.checkDeadlock = !noDeadlock
    options.search.maxStates = maxStates
    options.search.maxDepth = maxDepth
    options.search.timeout = timeout
    options.search.memoryLimit = memory?.bytes
    let stopFlag = StopFlag()
    options.search.stopFlag = stopFlag
    let interrupt = Interrupts.install(stopFlag)
    defer { interrupt.cancel() }
    if format == .text, isatty(STDERR_FILENO) != 0 {
      options.search.progress = { progress in ProgressLine.show(progress) }
    }
    let overrides = constantOptions.overrides
    let reports = Driver.withLargeStack {
      files.map { Driver.check(path: $0, overrides: overrides, options: options) }
    }
    ProgressLine.clear(enabled: options.search.progress != nil)
    if let traceOut, let itf = reports.lazy.compactMap({ $0.itf() }).first {
      do {
        try (itf.serialized(pretty: true) + "\n").write(toFile: traceOut, atomically: true, encoding: .utf8)
      } catch {
        Terminal.writeError("speccheck: cannot write trace to '\(traceOut)': \(error.localizedDescription)\n")
      }
    }
    switch format {
    case .text:
      Terminal.write(reports.map { $0.renderText() }.joined(separator: "\n"))
    case .json:
      let json = reports.count == 1 ? reports[0].json() : .array(reports.map { $0.json() })
      Terminal.write(json.serialized(pretty: true) + "\n")
    }
    let code = Self.worstExitCode(reports.map(\.exitCode))
    if code != 0 { throw ExitCode(code) }
  }

  /// The most serious outcome: invalid (2) over violated (1) over incomplete (3) over ok.
  static func worstExitCode(_ codes: [Int32]) -> Int32 {
    let rank: [Int32: Int] = [0: 0, 3: 1, 1: 2, 2: 3]
    return codes.max { rank[$0, default: 4] < rank[$1, default: 4] } ?? 0
  }
}

/// `--workers N` or `auto`.
enum WorkerCount: ExpressibleByArgument {
  case auto
  case count(Int)

  init?(argument: String) {
    if argument == "auto" {
      self = .auto
    } else if let n = Int(argument), n >= 1, n <= 1024 {
      self = .count(n)
    } else {
      return nil
    }
  }

  var resolved: Int {
    switch self {
    case .auto: ProcessInfo.processInfo.activeProcessorCount
    case .count(let n): n
    }
  }
}

/// A byte count with an optional K, M or G suffix (powers of 1024).
struct ByteCount: ExpressibleByArgument {
  var bytes: Int

  init?(argument: String) {
    var text = argument.uppercased()
    var scale = 1
    if let last = text.last, let power = ["K": 10, "M": 20, "G": 30][String(last)] {
      scale = 1 << power
      text.removeLast()
    }
    guard let value = Int(text), value > 0 else { return nil }
    let (product, overflow) = value.multipliedReportingOverflow(by: scale)
    guard !overflow else { return nil }
    bytes = product
  }
}

/// Ctrl-C stops the search cleanly (the report says `incomplete`); a second one exits.
enum Interrupts {
  static func install(_ flag: StopFlag) -> DispatchSourceSignal {
    signal(SIGINT, SIG_IGN)
    let source = DispatchSource.makeSignalSource(signal: SIGINT, queue: .global())
    source.setEventHandler {
      if flag.isStopped { exit(130) }
      flag.stop()
    }
    source.resume()
    return source
  }
}

/// One line on stderr, rewritten at most once a second, only on a terminal.
enum ProgressLine {
  static func show(_ progress: SearchProgress) {
    let rate = progress.seconds > 0 ? Int(Double(progress.statesGenerated) / progress.seconds) : 0
    let megabytes = progress.storeBytes >> 20
    Terminal.writeError(
      "\r\u{1B}[Kdepth \(progress.depth)  distinct \(progress.distinctStates)  \(rate) states/s  queue \(progress.queueSize)  store \(megabytes) MiB"
    )
  }

  static func clear(enabled: Bool) {
    if enabled { Terminal.writeError("\r\u{1B}[K") }
  }
}
