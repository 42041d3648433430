import SpecDriver
import SpecEngine
import SpecSyntax
import Testing

/// Random specs over an 80-message set (quantifiers, filters, images, membership,
/// equality, `Cardinality`, `LET`, `IF`, fields a message may lack, in an invariant and in
/// action bodies): compiled code and the interpreter agree on every state. The generator
/// is seeded, so a failure names the seed that reproduces it.
@Suite("Random message-set specs: compiled code agrees with the interpreter")
struct RandomMessageSetTests {
  static let head = #"""
    spec F
    type Id = 0..39
    type Msg = [kind: "req", from: Id] | [kind: "ack", to: Id, ok: Bool]
    var msgs: Set[Msg]
    var x: 0..3
    var flag: Bool
    var f: 0..3 -> 0..39
    init { msgs = {} /\ x = 0 /\ flag = FALSE /\ f = [k \in 0..1 |-> k] }
    action Req(i: Id) { i \in {0, 39} /\ msgs' = msgs \union {[kind |-> "req", from |-> i]} }
    action Ack(i: Id) {
      i \in {0, 39} /\ [kind |-> "req", from |-> i] \in msgs
      msgs' = msgs \union {[kind |-> "ack", to |-> i, ok |-> flag]}
    }
    action Inc { x < 2 /\ x' = x + 1 /\ flag' = ~flag }

    """#

  /// Expressions of each kind, nested up to a depth, over the message names bound so far.
  struct Writer {
    var random: SeededRandom
    let names = ["m", "n", "q", "p"]

    mutating func fresh(_ bound: [String]) -> String {
      random.pick(names.filter { !bound.contains($0) } + (bound.count == names.count ? ["z"] : []))
    }

    mutating func integer(_ bound: [String], _ depth: Int) -> String {
      var kinds = ["x", "constant"]
      if !bound.isEmpty { kinds += ["from", "to", "from", "to"] }
      if depth > 0 { kinds += ["cardinality", "imageCardinality", "plus", "entry"] }
      switch random.pick(kinds) {
      case "x": return "x"
      case "constant": return String(random.pick([0, 1, 2, 39]))
      case "from": return random.pick(bound) + ".from"
      case "to": return random.pick(bound) + ".to"
      case "cardinality": return "Cardinality(\(set(bound, depth - 1)))"
      case "imageCardinality": return "Cardinality(\(image(bound, depth - 1)))"
      case "plus": return "(\(integer(bound, depth - 1)) + 1)"
      default: return "f[\(integer(bound, depth - 1))]"
      }
    }

    mutating func set(_ bound: [String], _ depth: Int) -> String {
      guard depth > 0, random.below(2) == 0 else { return "msgs" }
      let name = fresh(bound)
      return "{\(name) \\in \(set(bound, depth - 1)): \(boolean(bound + [name], depth - 1))}"
    }

    mutating func image(_ bound: [String], _ depth: Int) -> String {
      let name = fresh(bound)
      let body = random.pick([
        "\(name).from", "\(name).to",
        "IF \(name).kind = \"req\" THEN \(name).from ELSE \(name).to",
      ])
      return "{\(body) : \(name) \\in \(set(bound, depth - 1))}"
    }

    mutating func boolean(_ bound: [String], _ depth: Int) -> String {
      var kinds = ["kind", "compare", "member", "flag"]
      if !bound.isEmpty { kinds += ["kind", "kind", "ok", "memberName"] }
      if depth > 0 {
        kinds += [
          "all", "exists", "exists", "all", "and", "or", "implies", "not", "empty", "equal",
          "let", "if", "imageMember",
        ]
      }
      let below = max(depth - 1, 0)
      let kind = random.pick(kinds)
      switch kind {
      case "kind":
        guard !bound.isEmpty else { return "flag" }
        return "\(random.pick(bound)).kind = \"\(random.pick(["req", "ack"]))\""
      case "compare":
        return
          "\(integer(bound, below)) \(random.pick(["<", "=", ">=", "/="])) \(integer(bound, below))"
      case "member":
        return "[kind |-> \"req\", from |-> \(integer(bound, 0))] \\in \(set(bound, below))"
      case "memberName": return "\(random.pick(bound)) \\in \(set(bound, below))"
      case "flag": return "flag"
      case "ok": return "\(random.pick(bound)).ok"
      case "all", "exists":
        let name = fresh(bound)
        let quantifier = kind == "all" ? "\\A" : "\\E"
        return
          "(\(quantifier) \(name) \\in \(set(bound, below)): \(boolean(bound + [name], below)))"
      case "and": return "(\(boolean(bound, below)) /\\ \(boolean(bound, below)))"
      case "or": return "(\(boolean(bound, below)) \\/ \(boolean(bound, below)))"
      case "implies": return "(\(boolean(bound, below)) => \(boolean(bound, below)))"
      case "not": return "~(\(boolean(bound, below)))"
      case "empty": return "(\(set(bound, below)) \(random.pick(["=", "/="])) {})"
      case "equal":
        return "(\(set(bound, below)) = {[kind |-> \"req\", from |-> \(random.pick([0, 1, 5]))]})"
      case "let":
        let name = "L\(random.below(1000))"
        return
          "(LET \(name) == \(integer(bound, below)) IN \(name) >= 0 \\/ \(boolean(bound, below)))"
      case "if":
        let (condition, then) = (boolean(bound, below), boolean(bound, below))
        return "(IF \(condition) THEN \(then) ELSE \(boolean(bound, below)))"
      default: return "(\(integer(bound, 0)) \\in \(image(bound, below)))"
      }
    }

    /// A spec: the head, two actions quantifying over message sets, one invariant.
    mutating func spec() -> String {
      let invariant = boolean([], 2 + random.below(3))
      let guardOfG = boolean(["m"], 1 + random.below(3))
      let domainOfG = set([], 1)
      let guardOfH = boolean(["m", "n"], 1 + random.below(2))
      let domainOfH = set(["m"], 1)
      return RandomMessageSetTests.head
        + "action G { \\E m \\in \(domainOfG): \(guardOfG) /\\ x' = (x + 1) % 3 }\n"
        + "action H { \\E m \\in msgs: \\E n \\in \(domainOfH): \(guardOfH) /\\ "
        + "msgs' = msgs \\union {[kind |-> \"ack\", to |-> m.from, ok |-> n.kind = \"req\"]} }\n"
        + "invariant Inv: \(invariant)\n"
    }
  }

  @Test("20 specs from each of two seeds", arguments: [20_261_128 as UInt64, 7])
  func agreeOnRandomSpecs(seed: UInt64) throws {
    var writer = Writer(random: SeededRandom(seed: seed))
    var (valid, states) = (0, 0)
    for index in 0..<20 {
      let text = writer.spec()
      let loaded = SpecLoader.load(SourceFile(path: "random.spec", text: text), overrides: [])
      guard loaded.isValid else { continue }
      valid += 1
      let result = try GuardedSetTests.agreement(text)
      states += result.states
      #expect(result.differences == 0, "seed \(seed), spec \(index):\n\(text)")
    }
    // Most generated specs pass the type checker (a quantified name may shadow another).
    #expect(valid >= 15)
    #expect(states > valid)
  }
}

extension SeededRandom {
  /// One of `items`, chosen by the next number.
  mutating func pick<T>(_ items: [T]) -> T { items[below(items.count)] }
}
