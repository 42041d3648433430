import SpecDriver
import SpecEngine
import SpecRuntime
import SpecSolver
import SpecSyntax
import Testing

/// What a search to depth K finds first: nothing, a violated invariant, or an evaluation
/// error, with the depth of the state where it shows (initial states at depth 0).
enum SearchOutcome: Equatable, CustomStringConvertible {
  case ok
  case violation(depth: Int)
  case error(depth: Int)
  case deadlock(depth: Int)

  var description: String {
    switch self {
    case .ok: "ok"
    case .deadlock(let depth): "deadlock at depth \(depth)"
    case .violation(let depth): "violation at depth \(depth)"
    case .error(let depth): "error at depth \(depth)"
    }
  }
}

/// A small deterministic generator (SplitMix64), so every failure names a reproducible seed.
struct SeededGenerator: RandomNumberGenerator {
  var state: UInt64
  mutating func next() -> UInt64 {
    state &+= 0x9E37_79B9_7F4A_7C15
    var z = state
    z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
    z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
    return z ^ (z >> 31)
  }
}

/// Random small specs over a counter, a flag, an enumeration, a function and a set, with
/// parameters, guards, branching and quantifiers, and updates that may leave a declared
/// type (an evaluation error both checkers must report at the same depth).
struct RandomSpecs {
  var rng: SeededGenerator

  mutating func pick<T>(_ options: [T]) -> T {
    options[Int.random(in: 0..<options.count, using: &rng)]
  }
  mutating func chance(_ percent: Int) -> Bool { Int.random(in: 0..<100, using: &rng) < percent }

  mutating func int(_ p: Bool) -> String {
    var options = [
      "0", "1", "2", "3", "x", "x + 1", "x - 1", "(x + 1) % 4", "f[0]", "f[1]",
      "Cardinality(s)", "IF y THEN x ELSE 3 - x", "CHOOSE v \\in 0..3: v >= x",
    ]
    if p { options += ["p", "(x + p) % 4", "IF p \\in s THEN p ELSE x"] }
    return pick(options)
  }

  mutating func bool(_ p: Bool) -> String {
    var options = [
      "y", "~y", "x < \(pick([1, 2, 3]))", "x = \(pick([0, 1, 2, 3]))",
      "z = \"\(pick(["a", "b", "c"]))\"",
      "\(pick([0, 1, 2])) \\in s", "\\E v \\in s: v > x", "\\A v \\in s: v /= x", "f[0] = f[1]",
      "s = {}", "x + f[1] > 2", "z /= \"c\" /\\ y",
    ]
    if p { options += ["p < x", "p \\in s", "f[p % 2] = p"] }
    return pick(options)
  }

  mutating func update(_ p: Bool) -> String {
    pick([
      "x' = (\(int(p)))", "y' = (\(bool(p)))", "y' = ~y",
      "z' = IF \(bool(p)) THEN \"a\" ELSE \"\(pick(["b", "c"]))\"",
      "f'[\(p ? "p % 2" : "\(pick([0, 1]))")] = \(pick(["x % 3", "2", "f[0]", "x"]))",
      "s' = s \\union {\(p ? "p" : "\(pick([0, 1, 2]))")}", "s' = s \\ {x}",
      "\\E v \\in 0..2: x' = v", "x' \\in {0, \(int(p))}", "x' \\in 0..x",
      "IF \(bool(p)) THEN x' = 0 ELSE y' = TRUE",
      "\\/ x' = (\(int(p)))\n    \\/ y' = ~y",
      "UNCHANGED <<x, y>>",
    ])
  }

  mutating func spec() -> String {
    var text = """
      spec Random
      var x: 0..3
      var y: Bool
      var z: "a" | "b" | "c"
      var f: 0..1 -> 0..2
      var s: Set[0..2]

      init {
        \(pick(["x = 0", "x \\in 0..2", "x = 3"]))
        \(pick(["y = FALSE", "y \\in Bool"]))
        z = "\(pick(["a", "b"]))"
        f = [i \\in 0..1 |-> \(pick(["0", "i", "2 - i"]))]
        s = \(pick(["{}", "{1}", "{0, 2}"]))
      }

      """
    for index in 0..<Int.random(in: 1...3, using: &rng) {
      let p = chance(50)
      text += "action A\(index)\(p ? "(p: 0..2)" : "") {\n"
      if chance(70) { text += "  \(bool(p))\n" }
      for _ in 0..<Int.random(in: 1...2, using: &rng) { text += "  \(update(p))\n" }
      text += "}\n\n"
    }
    text += "invariant Inv: (\(bool(false))) \\/ (\(bool(false))) \\/ (\(bool(false)))\n"
    return text
  }
}

/// Explicit breadth-first search to `depth`, with `check`'s order of reporting: the
/// initial states' problems, then per level the errors of expanding it, then its deadlocks
/// (bmc's order; check reports whichever comes first in the frontier), before the
/// violations of the next.
func explicitSearch(_ loaded: LoadedSpec, depth: Int, deadlock: Bool = true) throws
  -> SearchOutcome
{
  let compiled = try CompiledSpec(spec: loaded.spec!, constants: loaded.constants!)
  var worker = compiled.makeWorker()
  var seen: Set<SpecState> = []
  var frontier: [SpecState] = []
  do {
    for state in try worker.initialStates() where seen.insert(state).inserted {
      frontier.append(state)
    }
  } catch {
    return .error(depth: 0)
  }
  for state in frontier {
    do {
      if try worker.violatedInvariant(state) != nil { return .violation(depth: 0) }
    } catch {
      return .error(depth: 0)
    }
  }
  for level in 0..<depth {
    var next: [SpecState] = []
    var transitions: [Transition<SpecState>] = []
    var deadlocked = false
    for state in frontier {
      transitions.removeAll()
      do {
        try worker.successors(of: state, into: &transitions)
      } catch {
        return .error(depth: level)
      }
      if transitions.isEmpty { deadlocked = true }
      for transition in transitions where seen.insert(transition.state).inserted {
        next.append(transition.state)
      }
    }
    if deadlock, deadlocked { return .deadlock(depth: level) }
    for state in next {
      do {
        if try worker.violatedInvariant(state) != nil { return .violation(depth: level + 1) }
      } catch {
        return .error(depth: level + 1)
      }
    }
    frontier = next
  }
  return .ok
}

func symbolicSearch(_ loaded: LoadedSpec, depth: Int) -> (SearchOutcome?, BMCReport) {
  let report = bmc(loaded, depth: depth, timeout: 60)
  let last = max(0, (report.trace?.steps.count ?? 1) - 1)
  switch report.result {
  case .ok: return (.ok, report)
  case .invariantViolated: return (.violation(depth: last), report)
  case .deadlock: return (.deadlock(depth: last), report)
  case .error:
    guard let code = report.problems.first?.code, code.rawValue.hasPrefix("SPC4") else {
      return (nil, report)
    }
    return (.error(depth: last), report)
  default: return (nil, report)
  }
}

@Suite("bmc and explicit search agree on random specs")
struct AgreementPropertyTests {
  @Test(
    "bmc to depth 4 and explicit BFS to depth 4 report the same outcome at the same depth",
    arguments: 0..<64)
  func agree(seed: Int) throws {
    var generator = RandomSpecs(rng: SeededGenerator(state: UInt64(seed) &* 7919 &+ 17))
    let text = generator.spec()
    let loaded = try loadSpec(text, path: "random-\(seed).spec")
    let (found, report) = symbolicSearch(loaded, depth: 4)
    // Where actions choose among fresh variables bmc does not search for deadlocks, and
    // says so.
    let expected = try explicitSearch(loaded, depth: 4, deadlock: report.notes.isEmpty)
    #expect(found == expected, "seed \(seed):\n\(text)\nbmc:\n\(report.renderText())")
  }

  @Test("the random specs cover every outcome: none, violations past depth 0, and errors")
  func coverage() throws {
    var outcomes: [SearchOutcome] = []
    for seed in 0..<64 {
      var generator = RandomSpecs(rng: SeededGenerator(state: UInt64(seed) &* 7919 &+ 17))
      outcomes.append(try explicitSearch(try loadSpec(generator.spec()), depth: 4))
    }
    #expect(outcomes.contains(.ok))
    #expect(outcomes.contains { if case .violation(let d) = $0 { d > 1 } else { false } })
    #expect(outcomes.contains { if case .error(let d) = $0 { d > 0 } else { false } })
    #expect(outcomes.filter { $0 == .violation(depth: 0) }.count < 24, "\(outcomes)")
  }
}
