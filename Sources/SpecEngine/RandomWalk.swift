import Dispatch
import Synchronization

/// SplitMix64 (Steele, Lea, Flood 2014), a tiny fixed algorithm, so a seed gives the same
/// numbers on every run, machine and toolchain (unlike `SystemRandomNumberGenerator`, and
/// unlike the standard library's `random(in:using:)`, whose algorithm may change).
public struct SeededRandom: RandomNumberGenerator, Sendable {
  var state: UInt64

  public init(seed: UInt64) { state = seed }

  public mutating func next() -> UInt64 {
    state &+= 0x9E37_79B9_7F4A_7C15
    var z = state
    z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
    z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
    return z ^ (z >> 31)
  }

  /// A number in `0..<count` (Lemire's multiply-shift; `count` > 0).
  public mutating func below(_ count: Int) -> Int {
    Int(next().multipliedFullWidth(by: UInt64(count)).high)
  }

  /// The generator of run `run` of a simulation with `seed`: independent of the others
  /// and of which thread runs it.
  public static func forRun(_ run: Int, seed: UInt64) -> SeededRandom {
    var mixer = SeededRandom(seed: seed ^ (UInt64(run) &* 0xD1B5_4A32_D192_ED03))
    return SeededRandom(seed: mixer.next())
  }
}

/// Limits and switches of a simulation.
public struct WalkOptions: Sendable {
  public var runs = 1000
  /// The most states in one walk, the initial state included (TLC's `-depth`).
  public var depth = 100
  public var seed: UInt64 = 0
  public var workers = 1
  public var checkDeadlock = true
  public var timeout: Double?
  public var stopFlag: StopFlag?
  public init() {}
}

/// What a simulation found.
public struct WalkResult<State: Sendable>: Sendable {
  public var verdict: Verdict
  /// The failing run (0-based), for a violation, deadlock or error.
  public var failingRun: Int?
  /// Runs counted: up to and including the failing run, or all of them.
  public var runs: Int
  /// States visited by the runs counted (each walk's states, initial state included).
  public var states: Int
  /// The failing run's walk.
  public var trace: [TraceStep<State>]?
  public var seconds: Double
  public var workers: Int
}

/// Random walks through a `TransitionSystem`: each run starts in a random initial state
/// and takes random successors, checking the invariants (and deadlock) at every state.
///
/// Deterministic for a seed whatever the number of workers: run `r` draws from its own
/// `SeededRandom.forRun(r, seed:)`, runs are independent, and the problem reported is the
/// lowest-numbered failing run's, with counts over runs `0...r`.
public struct RandomWalk<System: TransitionSystem> {
  public typealias State = System.State

  struct RunOutcome {
    var states = 0
    var problem: Verdict?
    var trace: [TraceStep<State>]?
    /// Stopped by Ctrl-C or the time limit before it ended: not counted.
    var interrupted = false
  }

  let system: System
  let options: WalkOptions

  public init(system: System, options: WalkOptions) {
    self.system = system
    self.options = options
  }

  public func run() -> WalkResult<State> {
    let clock = Stopwatch()
    let runCount = max(0, options.runs)
    let workerCount = max(1, min(options.workers, runCount))
    let options = self.options
    let stopped: @Sendable () -> Bool = {
      options.stopFlag?.isStopped == true || options.timeout.map({ clock.seconds >= $0 }) == true
    }
    var workers = (0..<workerCount).map { _ in system.makeWorker() }
    var states = 0
    var completed = 0
    func result(_ verdict: Verdict, failingRun: Int? = nil, trace: [TraceStep<State>]? = nil)
      -> WalkResult<State>
    {
      WalkResult(
        verdict: verdict, failingRun: failingRun, runs: completed, states: states, trace: trace,
        seconds: clock.seconds, workers: workerCount)
    }
    // Runs go in batches, so memory stays the same whatever --runs is. Within a batch the
    // workers take runs in any order; the batch is then read in run order, so the lowest
    // failing run is the one reported.
    let batchSize = workerCount * 64
    var batchStart = 0
    while batchStart < runCount {
      let count = min(batchSize, runCount - batchStart)
      let start = batchStart
      var outcomes = [RunOutcome?](repeating: nil, count: count)
      let next = Atomic<Int>(0)
      let lowestFailure = Atomic<Int>(Int.max)
      outcomes.withUnsafeMutableBufferPointer { buffer in
        workers.withUnsafeMutableBufferPointer { pool in
          let results = UnsafeSendable(buffer)
          let pool = UnsafeSendable(pool)
          DispatchQueue.concurrentPerform(iterations: workerCount) { workerIndex in
            while true {
              let slot = next.wrappingAdd(1, ordering: .relaxed).oldValue
              if slot >= count || slot > lowestFailure.load(ordering: .relaxed) || stopped() {
                break
              }
              let outcome = Self.walk(
                run: start + slot, options: options, worker: &pool.value[workerIndex],
                stopped: stopped)
              if outcome.interrupted { break }
              results.value[slot] = outcome
              if outcome.problem != nil { lowestFailure.min(slot, ordering: .relaxed) }
            }
          }
        }
      }
      for (slot, outcome) in outcomes.enumerated() {
        // A run below the lowest failure that has no outcome was stopped.
        guard let outcome else {
          return result(
            .incomplete(options.stopFlag?.isStopped == true ? .interrupted : .timeout(options.timeout ?? 0)))
        }
        states += outcome.states
        completed += 1
        if let problem = outcome.problem {
          return result(problem, failingRun: start + slot, trace: outcome.trace)
        }
      }
      batchStart += count
    }
    return result(.ok)
  }

  /// One walk: at most `options.depth` states. `stopped` is asked at every state, so
  /// Ctrl-C and the time limit end a long walk at once; that walk is then not counted.
  static func walk(
    run: Int, options: WalkOptions, worker: inout System.Worker, stopped: () -> Bool
  ) -> RunOutcome {
    var random = SeededRandom.forRun(run, seed: options.seed)
    var outcome = RunOutcome()
    var path: [TraceStep<State>] = []
    func fail(_ verdict: Verdict) -> RunOutcome {
      outcome.problem = verdict
      outcome.trace = path
      return outcome
    }
    do {
      let initial = try worker.initialStates()
      guard !initial.isEmpty else { return outcome }
      path.append(TraceStep(label: nil, state: initial[random.below(initial.count)]))
    } catch {
      return fail(.error(error as (any Error & Sendable), duringLabel: nil))
    }
    var transitions: [Transition<State>] = []
    while true {
      if stopped() {
        outcome.interrupted = true
        return outcome
      }
      let state = path[path.count - 1].state
      outcome.states += 1
      do {
        if let violated = try worker.violatedInvariant(state) {
          return fail(.invariantViolated(invariant: violated))
        }
        if try !worker.satisfiesConstraints(state) || path.count >= options.depth {
          return outcome
        }
      } catch {
        return fail(.error(error as (any Error & Sendable), duringLabel: nil))
      }
      transitions.removeAll(keepingCapacity: true)
      do {
        try worker.successors(of: state, into: &transitions)
      } catch {
        return fail(
          .error(error as (any Error & Sendable), duringLabel: (error as? any LabelledFailure)?.label))
      }
      if transitions.isEmpty {
        return options.checkDeadlock ? fail(.deadlock) : outcome
      }
      let chosen = transitions[random.below(transitions.count)]
      path.append(TraceStep(label: chosen.label, state: chosen.state))
    }
  }
}
