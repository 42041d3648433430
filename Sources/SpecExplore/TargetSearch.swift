import SpecEngine
import SpecRuntime
import SpecSemantics
import SpecSyntax

/// The spec seen from given start states, with one "invariant": the target expression
/// must not hold. A breadth-first search of it stops at the nearest state where the
/// target holds, and its counterexample is the shortest path there: `find`.
struct TargetSearch: TransitionSystem {
  typealias State = SpecState

  let base: CompiledSpec
  let start: [SpecState]
  /// The spec with the target's names and types; the target is a state-level Boolean.
  let targetSpec: TypedSpec
  let target: Expr

  var actionNames: [String] { base.actionNames }
  var invariantNames: [String] { ["target"] }
  var labelCount: Int { base.labelCount }
  func action(ofLabel label: Int) -> Int { base.action(ofLabel: label) }

  func makeWorker() -> Worker {
    Worker(
      compiled: base, base: base.makeWorker(), start: start,
      evaluator: Evaluator(spec: targetSpec, constants: base.constants), target: target)
  }

  struct Worker: TransitionWorker {
    typealias State = SpecState
    let compiled: CompiledSpec
    var base: SpecWorker
    let start: [SpecState]
    let evaluator: Evaluator
    let target: Expr

    mutating func initialStates() throws -> [SpecState] { start }

    mutating func successors(of state: SpecState, into transitions: inout [Transition<SpecState>])
      throws
    {
      try base.successors(of: state, into: &transitions)
    }

    /// 0 (the target) when the target holds, so the search stops there.
    mutating func violatedInvariant(_ state: SpecState) throws -> Int? {
      evaluator.state = compiled.values(of: state)
      do {
        return try evaluator.isTrue(target) ? 0 : nil
      } catch let error as EvaluationError {
        throw TargetFailure(error: error)
      }
    }

    mutating func satisfiesConstraints(_ state: SpecState) throws -> Bool {
      try base.satisfiesConstraints(state)
    }

    func fingerprint(_ state: SpecState) -> UInt64 { base.fingerprint(state) }
  }
}

/// The target expression failed to evaluate in some state (not the spec's actions).
struct TargetFailure: Error, Sendable {
  var error: EvaluationError
}

extension ExploreSession {
  /// `find EXPR`: a breadth-first search from the current state (or from every initial
  /// state, before one is chosen) for the nearest state where EXPR holds. The path to it
  /// is the shortest there is, and it replaces the rest of the current path.
  mutating func find(_ text: String) throws(SessionError) -> String {
    let input = try checkInput(text, command: "find")
    guard input.type.join(.bool) != nil else {
      throw SessionError("find needs a Boolean expression, found one of type \(input.type)")
    }
    let start = current.map { [$0] } ?? initialStates
    guard !start.isEmpty else { throw SessionError("there is no initial state to search from") }
    let system = TargetSearch(
      base: compiled, start: start, targetSpec: input.spec, target: input.expr)
    var searchOptions = SearchOptions()
    searchOptions.workers = max(1, options.workers)
    searchOptions.checkDeadlock = false
    searchOptions.maxStates = options.findStateLimit
    searchOptions.stopFlag = options.stopFlag
    var search = BreadthFirstSearch(system: system, options: searchOptions)
    let result = search.run()
    switch result.verdict {
    case .invariantViolated:
      guard let trace = result.trace, let first = trace.first else {
        throw SessionError("internal error: the search found no path")
      }
      if trace.count == 1, current != nil {
        return "\(text) already holds in the current state\n"
      }
      let before = path.count
      var steps = trace.map { Step(label: $0.label, state: $0.state) }
      if current != nil {
        steps.removeFirst()
      } else {
        steps[0] = Step(label: nil, state: first.state)
      }
      path += steps
      return foundText(text, from: before) + view()
    case .ok:
      throw SessionError(
        "no state reachable from \(current == nil ? "the initial states" : "here") satisfies \(text) (\(plural(result.distinctStates, "state")) searched)"
      )
    case .incomplete(let reason):
      throw SessionError(
        "no state satisfying \(text) found before \(reason.description) (\(plural(result.distinctStates, "state")) searched)"
      )
    case .deadlock:
      throw SessionError("internal error: deadlock reported with deadlock checking off")
    case .error(let error, let label):
      var rendered: String
      if let failure = error as? TargetFailure {
        rendered = renderEvaluationError(failure.error, text: text)
      } else {
        rendered = renderFailure(error, while: label == nil ? "searching" : nil)
      }
      if let trace = result.trace, let last = trace.last {
        let distance = plural(trace.count - 1, "step")
        rendered +=
          current == nil
          ? "  note: find stopped at this state, \(distance) from initial state \(initialNumber(trace[0].state)):\n"
          : "  note: find stopped at this state, \(distance) from the current one:\n"
        rendered += renderState(last.state, indent: "    ")
      }
      throw SessionError(rendered: rendered)
    }
  }

  /// The steps `find` added, from path position `before` on.
  func foundText(_ text: String, from before: Int) -> String {
    let added = path.count - before
    var out =
      before == 0
      ? "found \(text) in \(plural(added - 1, "step")) from initial state \(initialNumber(path[0].state)):\n"
      : "found \(text) in \(plural(added, "step")):\n"
    let width = String(path.count).count
    let steps = max(before, 1)..<path.count
    let labels = steps.map { path[$0].label.map(label) ?? "init" }
    let labelWidth = labels.map(\.count).max() ?? 0
    for (index, stepLabel) in zip(steps, labels) {
      let number = String(index + 1).leftPadded(to: width)
      let changes = describeChanges(from: path[index - 1].state, to: path[index].state)
      out += "  \(number). \(stepLabel.padded(to: labelWidth))  \(changes)\n"
    }
    return out
  }

  func initialNumber(_ state: SpecState) -> Int {
    (initialStates.firstIndex(of: state) ?? 0) + 1
  }
}
