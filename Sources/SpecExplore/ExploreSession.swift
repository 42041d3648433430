import SpecEngine
import SpecRuntime
import SpecSemantics
import SpecSyntax

/// What the session answers to one line of input.
package struct ExploreReply: Sendable, Equatable {
  /// Text to show, each line ending in a newline (empty for an empty line).
  package var text: String
  /// True after `quit`: the caller ends the session.
  package var finished = false
  /// True when the command failed; the session goes on all the same.
  package var failed = false

  package init(text: String, finished: Bool = false, failed: Bool = false) {
    self.text = text
    self.finished = finished
    self.failed = failed
  }
}

/// A failed command: its diagnostic, already rendered.
struct SessionError: Error {
  var text: String
  init(_ message: String) { text = "error: \(message)\n" }
  init(rendered: String) { text = rendered }
}

/// An interactive walk through the states of a spec: `speccheck explore` without the
/// terminal. Lines go in, text comes out; the session never prints, reads or exits, and
/// does file I/O only through `ExploreFiles`.
///
/// The session keeps a path: an initial state and the steps taken from it. The last
/// state of the path is the current state. Before a path starts (a spec with several
/// initial states) the session lists the initial states to choose from. Every command
/// that fails leaves the path as it was and answers with a diagnostic.
///
/// Deterministic: the same spec, options and lines give the same text (`random` draws
/// from `ExploreOptions.seed`).
package struct ExploreSession {
  /// One state of the path and the action instance (label) that led to it.
  struct Step {
    var label: Int?
    var state: SpecState
  }

  let compiled: CompiledSpec
  var worker: SpecWorker
  var options: ExploreOptions
  let files: any ExploreFiles
  var random: SplitMix64
  /// The distinct initial states, in the order `init` produces them.
  var initialStates: [SpecState] = []
  var path: [Step] = []

  var spec: TypedSpec { compiled.spec }

  /// Prepares a session over a valid spec and its constants. Throws when the action
  /// instances cannot be enumerated (a parameter's type is too large).
  package init(
    spec: TypedSpec, constants: [Value], options: ExploreOptions = ExploreOptions(),
    files: any ExploreFiles
  ) throws(EvaluationError) {
    do {
      compiled = try CompiledSpec(spec: spec, constants: constants)
    } catch let error as EvaluationError {
      throw error
    } catch {
      throw EvaluationError(.internalError, "\(error)", at: .none)
    }
    worker = compiled.makeWorker()
    self.options = options
    self.files = files
    random = SplitMix64(seed: options.seed)
  }

  /// Set before each command to let another thread (Ctrl-C) stop a long `find` or `random`.
  package var stopFlag: StopFlag? {
    get { options.stopFlag }
    set { options.stopFlag = newValue }
  }

  /// The greeting, then the first view: the path replayed from the ITF trace `trace`, or
  /// the initial states to choose from (the only one, taken). `failed` when the trace
  /// cannot be loaded; the session then starts from the initial states.
  package mutating func start(trace: String? = nil) -> ExploreReply {
    let greeting = greet()
    guard !initialStates.isEmpty else { return ExploreReply(text: greeting) }
    resetPath()
    guard let trace else { return ExploreReply(text: greeting + view()) }
    do {
      return ExploreReply(text: greeting + (try load(from: trace)))
    } catch {
      return ExploreReply(text: greeting + error.text + view(), failed: true)
    }
  }

  /// What the spec holds, any false assumption; computes the initial states.
  mutating func greet() -> String {
    var out = "exploring \(spec.name): \(plural(spec.variables.count, "variable")), "
    out += "\(plural(spec.actions.count, "action")), \(plural(spec.invariants.count, "invariant"))"
    out += "; type 'help' for commands\n"
    if !compiled.constants.isEmpty {
      let constants = zip(spec.constants, compiled.constants).map { "\($0.name.text) = \($1)" }
      out += "constants: \(constants.joined(separator: ", "))\n"
    }
    out += checkAssumptions()
    do {
      initialStates = try computeInitialStates()
    } catch {
      return out + error.text + "no initial state: only constant expressions can be evaluated\n"
    }
    if initialStates.isEmpty {
      out += "init has no solutions: there is no initial state\n"
    }
    return out
  }

  /// Runs one line of input.
  package mutating func handle(_ line: String) -> ExploreReply {
    let command: Command
    do {
      command = try Command.parse(line, actionNames: Set(spec.actions.map(\.name.text)))
    } catch {
      return ExploreReply(text: error.text, failed: true)
    }
    do {
      return ExploreReply(text: try run(command), finished: command == .quit)
    } catch {
      return ExploreReply(text: error.text, failed: true)
    }
  }

  mutating func run(_ command: Command) throws(SessionError) -> String {
    switch command {
    case .nothing: return ""
    case .quit: return ""
    case .help: return Self.helpText
    case .takeNumber(let number): return try take(number: number)
    case .takeAction(let text): return try take(actionText: text)
    case .back(let count): return try back(count)
    case .reset:
      guard !initialStates.isEmpty else { throw SessionError("there is no initial state") }
      resetPath()
      return view()
    case .random(let count): return try randomWalk(count)
    case .eval(let text): return try evaluate(text)
    case .find(let text): return try find(text)
    case .check: return try checkInvariants()
    case .trace: return try showTrace()
    case .show: return view()
    case .save(let file): return try save(to: file)
    case .load(let file): return try load(from: file)
    }
  }

  // MARK: - The path

  /// The path's start: the only initial state, or none yet when there is a choice.
  mutating func resetPath() {
    path = initialStates.count == 1 ? [Step(label: nil, state: initialStates[0])] : []
  }

  var current: SpecState? { path.last?.state }

  /// The value of each variable in a state (the runtime packs states).
  func values(of state: SpecState) -> [Value] { compiled.values(of: state) }

  mutating func computeInitialStates() throws(SessionError) -> [SpecState] {
    let states: [SpecState]
    do {
      states = try worker.initialStates()
    } catch {
      throw SessionError(rendered: renderFailure(error, while: "computing the initial states"))
    }
    var seen: Set<SpecState> = []
    return states.filter { seen.insert($0).inserted }
  }

  /// The successors of a state, each with its label, in the spec's fixed order.
  mutating func transitions(of state: SpecState) throws(SessionError) -> [Transition<SpecState>] {
    var transitions: [Transition<SpecState>] = []
    do {
      try worker.successors(of: state, into: &transitions)
    } catch {
      throw SessionError(rendered: renderFailure(error, while: "computing the enabled actions"))
    }
    return transitions
  }

  mutating func take(number: Int) throws(SessionError) -> String {
    guard let state = current else {
      guard !initialStates.isEmpty else { throw SessionError("there is no initial state") }
      guard (1...initialStates.count).contains(number) else {
        throw SessionError(
          "there \(initialStates.count == 1 ? "is 1 initial state" : "are \(initialStates.count) initial states"); choose one of 1 to \(initialStates.count)"
        )
      }
      path = [Step(label: nil, state: initialStates[number - 1])]
      return view()
    }
    let choices = try transitions(of: state)
    guard !choices.isEmpty else {
      throw SessionError("no action is enabled in this state (a deadlock)")
    }
    guard (1...choices.count).contains(number) else {
      throw SessionError(
        "there \(choices.count == 1 ? "is 1 enabled action" : "are \(choices.count) enabled actions"); choose one of 1 to \(choices.count)"
      )
    }
    path.append(Step(label: choices[number - 1].label, state: choices[number - 1].state))
    return view()
  }

  mutating func back(_ count: Int) throws(SessionError) -> String {
    let floor = initialStates.count == 1 ? 1 : 0
    guard path.count > floor else {
      throw SessionError(
        path.isEmpty
          ? "no state chosen yet: nothing to go back from" : "already at the initial state")
    }
    path.removeLast(min(count, path.count - floor))
    return view()
  }

  mutating func randomWalk(_ count: Int) throws(SessionError) -> String {
    var out = ""
    if current == nil {
      guard !initialStates.isEmpty else { throw SessionError("there is no initial state") }
      let choice = random.below(initialStates.count)
      path = [Step(label: nil, state: initialStates[choice])]
      out += "random: initial state \(choice + 1)\n"
    }
    var taken: [String] = []
    var stop = ""
    for _ in 0..<count {
      if options.stopFlag?.isStopped == true {
        stop = "interrupted"
        break
      }
      guard let state = current else { break }
      let choices: [Transition<SpecState>]
      do {
        choices = try transitions(of: state)
      } catch {
        stop = "the enabled actions cannot be computed (below)"
        break
      }
      guard !choices.isEmpty else {
        stop = "no action is enabled (a deadlock)"
        break
      }
      let choice = choices[random.below(choices.count)]
      path.append(Step(label: choice.label, state: choice.state))
      taken.append(label(choice.label))
    }
    if !taken.isEmpty {
      out += "random: \(taken.joined(separator: ", "))\n"
    }
    if !stop.isEmpty {
      out += "random: stopped after \(plural(taken.count, "step")): \(stop)\n"
    }
    return out + view()
  }

  func plural(_ n: Int, _ noun: String) -> String {
    "\(n) \(noun)\(n == 1 ? "" : "s")"
  }
}
