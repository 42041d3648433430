import ArgumentParser
import Dispatch
import Foundation
import SpecDriver
import SpecEngine

struct Check: ParsableCommand {
  static let configuration = CommandConfiguration(
    abstract: "Explore every reachable state and check the invariants.",
    discussion: """
      With no SPEC, checks what speccheck.json names. A speccheck.json in the current \
      directory (or --config FILE) gives constants to sweep, flags and expected outcomes per \
      spec; see docs/ci.md.

      Exit status, the worst over all runs: 0 every check passed (an expected violation \
      passes), 1 a property was violated (invariant, deadlock, assumption) or an expectation \
      was not met, 2 a spec is invalid or an evaluation error occurred, 3 stopped early by a \
      limit, 64 bad usage or a bad config file.
      """)

  @Argument(help: "Spec files, or directories to search for *.spec files.")
  var paths: [String] = []

  @OptionGroup var constantOptions: ConstantOptions

  @Option(help: "Output format: text, json, or github (workflow commands for GitHub Actions).")
  var format: CheckFormat = .text

  @Option(
    help: ArgumentHelp(
      "The config file (default: speccheck.json in the current directory, if any).",
      valueName: "file"))
  var config: String?

  @Flag(name: .customLong("no-config"), help: "Do not read speccheck.json.")
  var noConfig = false

  @Option(
    help: ArgumentHelp(
      "Write a JUnit XML report: a test case per invariant, deadlock and spec.",
      valueName: "file"))
  var junit: String?

  @Option(
    help: ArgumentHelp(
      "Append a Markdown summary (e.g. to $GITHUB_STEP_SUMMARY).", valueName: "file"))
  var summary: String?

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

  @Option(
    help: "Store whole states (exact, the default) or only 64-bit fingerprints (fingerprint).")
  var store: StoreModeArgument = .exact

  @Flag(
    help: "After exploring, ask Z3 whether each invariant not violated is inductive in general.")
  var prove = false

  @Option(
    name: .customLong("invariant"),
    help: ArgumentHelp("Check only this invariant (repeatable); all by default.", valueName: "NAME")
  )
  var invariants: [String] = []

  @Option(
    help: """
      Stop before the state store holds this many bytes (suffixes K, M, G), or `none` \
      for no bound; by default a third of this machine's memory, or of its container's \
      limit.
      """)
  var memory: ByteCount?

  func validate() throws {
    if let maxStates, maxStates < 1 { throw ValidationError("--max-states must be at least 1") }
    if let maxDepth, maxDepth < 1 { throw ValidationError("--max-depth must be at least 1") }
    if let timeout, !(timeout > 0) { throw ValidationError("--timeout must be positive") }
    if config != nil, noConfig {
      throw ValidationError("--config and --no-config exclude each other")
    }
  }

  /// The flags that apply to every run unless a config entry says otherwise.
  func baseOptions(stopFlag: StopFlag) -> CheckOptions {
    var options = CheckOptions()
    options.search.workers = workers.resolved
    options.search.checkDeadlock = !noDeadlock
    options.search.maxStates = maxStates
    options.search.maxDepth = maxDepth
    options.search.timeout = timeout
    if let memory {
      options.search.memoryLimit = memory.bound.bytes
    } else {
      options.search.memoryLimit = MachineMemory.defaultLimit()
      options.memoryLimitIsDefault = options.search.memoryLimit != nil
    }
    options.search.storeMode = store.mode
    options.invariants = invariants.isEmpty ? nil : invariants
    options.search.stopFlag = stopFlag
    // Tuning diagnostics, not flags: the chunk of frontier states between two merges
    // (changes no result), and where the stages' time went.
    let environment = ProcessInfo.processInfo.environment
    if let chunk = environment["SPECCHECK_LEVEL_CHUNK"].flatMap(Int.init), chunk > 0 {
      options.search.levelChunk = chunk
    }
    if environment["SPECCHECK_STAGE_PROFILE"] != nil {
      options.search.stageProfile = { profile in
        FileHandle.standardError.write(Data("speccheck: \(profile.description)\n".utf8))
      }
    }
    if format == .text, isatty(STDERR_FILENO) != 0 {
      options.search.progress = { progress in ProgressLine.show(progress) }
    }
    return options
  }

  /// `--config FILE`, else `./speccheck.json` when it exists and `--no-config` is not given.
  func loadConfig() throws -> CheckConfig? {
    let path: String
    if let config {
      path = config
    } else if !noConfig, FileManager.default.fileExists(atPath: "speccheck.json") {
      path = "speccheck.json"
    } else {
      return nil
    }
    do {
      return try CheckConfig.load(path: path)
    } catch {
      Terminal.writeError("speccheck: \(error.description)\n")
      throw ExitCode(64)
    }
  }

  func run() throws {
    let config = try loadConfig()
    let files: [String]
    if !paths.isEmpty {
      files = SpecFiles.expand(paths)
    } else if let config {
      files = CheckPlan.files(of: config, expand: SpecFiles.expand)
    } else {
      throw ValidationError("give at least one spec file, or run where a speccheck.json is")
    }
    let stopFlag = StopFlag()
    let options = baseOptions(stopFlag: stopFlag)
    let jobs = CheckPlan.jobs(
      files: files, config: config, options: options, overrides: constantOptions.overrides)
    if jobs.isEmpty {
      Terminal.writeError("speccheck: no *.spec files found\n")
      throw ExitCode(64)
    }
    let interrupt = Interrupts.install(stopFlag)
    defer { interrupt.cancel() }
    let runs = Driver.withLargeStack {
      checkAll(jobs, stopFlag: stopFlag, progress: options.search.progress != nil)
    }
    writeReports(runs)
    let code = CheckRun.worstExitCode(runs.map(\.exitCode))
    if code != 0 { throw ExitCode(code) }
  }

  /// Runs the jobs one after another, printing each run's part as soon as it is done.
  /// After Ctrl-C the run in progress ends `incomplete` and no further run starts.
  func checkAll(_ jobs: [CheckJob], stopFlag: StopFlag, progress: Bool) -> [CheckRun] {
    let colour = ColourPolicy.enabled(
      isTerminal: isatty(STDOUT_FILENO) != 0, environment: ProcessInfo.processInfo.environment)
    var runs: [CheckRun] = []
    var annotated = Set<String>()
    for job in jobs {
      if stopFlag.isStopped { break }
      let run = Driver.run(job)
      ProgressLine.clear(enabled: progress)
      runs.append(run)
      switch format {
      case .text where jobs.count == 1:
        Terminal.write(run.report.renderText())
        if run.job.expected != .ok || run.mismatch != nil {
          Terminal.write(run.summaryLine(colour: colour))
        }
        if prove, let proof = Driver.proveAfterCheck(run.report, timeout: timeout) {
          Terminal.write(proof.renderAfterCheck(explored: run.report.result != .incomplete))
        }
      case .text:
        Terminal.write(run.textBlock(colour: colour))
      case .github:
        Terminal.write(GitHubAnnotations.block(for: run, seen: &annotated))
      case .json:
        break
      }
    }
    switch format {
    case .text where jobs.count > 1:
      Terminal.write(CheckSummary.totalLine(runs, colour: colour))
    case .github:
      Terminal.write(CheckSummary.totalLine(runs))
    case .json:
      let objects = runs.map { run in
        prove ? run.json(proof: Driver.proveAfterCheck(run.report, timeout: timeout)) : run.json()
      }
      let json = objects.count == 1 ? objects[0] : .array(objects)
      Terminal.write(json.serialized(pretty: true) + "\n")
    default:
      break
    }
    return runs
  }

  /// `--trace-out`, `--junit` and `--summary`. A file that cannot be written is reported
  /// on stderr; the exit code stays that of the checks.
  func writeReports(_ runs: [CheckRun]) {
    if let traceOut, let itf = runs.lazy.compactMap({ $0.report.itf() }).first {
      write(itf.serialized(pretty: true) + "\n", to: traceOut, what: "trace")
    }
    if let junit {
      write(JUnitReport.render(runs), to: junit, what: "JUnit report")
    }
    if let summary {
      append(MarkdownSummary.render(runs) + "\n", to: summary)
    }
  }

  func write(_ text: String, to path: String, what: String) {
    do {
      try text.write(toFile: path, atomically: true, encoding: .utf8)
    } catch {
      Terminal.writeError(
        "speccheck: cannot write \(what) to '\(path)': \(error.localizedDescription)\n")
    }
  }

  /// Appends, as GitHub's step summary file expects; creates the file if need be.
  func append(_ text: String, to path: String) {
    guard FileManager.default.fileExists(atPath: path) else {
      write(text, to: path, what: "summary")
      return
    }
    guard let handle = FileHandle(forWritingAtPath: path) else {
      Terminal.writeError("speccheck: cannot write summary to '\(path)'\n")
      return
    }
    defer { try? handle.close() }
    do {
      try handle.seekToEnd()
      try handle.write(contentsOf: Data(text.utf8))
    } catch {
      Terminal.writeError(
        "speccheck: cannot write summary to '\(path)': \(error.localizedDescription)\n")
    }
  }
}

/// `--store exact|fingerprint`.
enum StoreModeArgument: String, ExpressibleByArgument, CaseIterable {
  case exact, fingerprint
  var mode: StoreMode { self == .exact ? .exact : .fingerprint }
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

/// A byte count with an optional K, M or G suffix (powers of 1024), or `none`.
struct ByteCount: ExpressibleByArgument {
  var bound: MemoryBound

  init?(argument: String) {
    if argument == "none" {
      bound = .unbounded
      return
    }
    var text = argument.uppercased()
    var scale = 1
    if let last = text.last, let power = ["K": 10, "M": 20, "G": 30][String(last)] {
      scale = 1 << power
      text.removeLast()
    }
    guard let value = Int(text), value > 0 else { return nil }
    let (product, overflow) = value.multipliedReportingOverflow(by: scale)
    guard !overflow else { return nil }
    bound = .bytes(product)
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
