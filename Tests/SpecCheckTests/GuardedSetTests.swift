import SpecDriver
import SpecEngine
import SpecSyntax
import Testing

@testable import SpecRuntime

/// Sets of records wider than 64 bits (message sets) in compiled code: quantifiers over
/// them, filters, images, membership, equality, `Cardinality` and `msgs' = msgs \union
/// {m}`, against the interpreter on every state reached.
@Suite("Compiled code over message sets wider than 64 bits")
struct GuardedSetTests {
  /// 80 possible messages: requests from 40 ids, acknowledgements with a flag. Requests
  /// come from 4 of the ids; each is acknowledged once, with the flag the state holds.
  static let mailbox = #"""
    spec Mailbox
    type Id = 0..39
    type Msg = [kind: "req", from: Id] | [kind: "ack", to: Id, ok: Bool]
    var msgs: Set[Msg]
    var last: -1..39
    var flag: Bool
    init { msgs = {} /\ last = -1 /\ flag = FALSE }
    action Request(i: Id) {
      i % 13 = 0
      ~\E m \in msgs: m.kind = "req" /\ m.from = i
      msgs' = msgs \union {[kind |-> "req", from |-> i]}
      UNCHANGED <<last, flag>>
    }
    action Ack {
      \E m \in msgs:
        /\ m.kind = "req"
        /\ ~\E ok \in Bool: [kind |-> "ack", to |-> m.from, ok |-> ok] \in msgs
        /\ msgs' = msgs \union {[kind |-> "ack", to |-> m.from, ok |-> flag]}
        /\ last' = m.from
        /\ flag' = (m.from > last)
    }
    def acks = {x \in msgs: x.kind = "ack"}
    def acked = {m.to : m \in acks}
    def pending = {m \in msgs: m.kind = "req" /\ ~(m.from \in acked)}
    invariant Sizes:
      Cardinality(pending) + Cardinality(acked) = Cardinality({m \in msgs: m.kind = "req"})
    invariant AckedWereRequested:
      \A m \in msgs: m.kind = "ack" => [kind |-> "req", from |-> m.to] \in msgs
    invariant LastAcked: last = -1 \/ \E ok \in Bool: <<last, ok>> \in {<<m.to, m.ok>> : m \in acks}
    invariant Empty: (msgs = {}) = (last = -1 /\ pending = {})
    invariant SomeoneWaits: acked /= {0, 13, 26, 39}
    invariant LastRequested: ([kind |-> "req", from |-> last] \in msgs) = (last /= -1)
    """#

  /// Compiled and interpreted workers on every state the interpreter reaches: the states,
  /// those where they differ (successors with labels, values and order; the invariant
  /// verdict; constraints), the units the compiled worker left to the interpreter, and the
  /// subexpressions its compiled code handed to the interpreter.
  static func agreement(_ text: String, constants: [(String, String)] = []) throws -> (
    states: Int, differences: Int, interpretedRuns: Int, interpretedSubexpressions: Int
  ) {
    let loaded = SpecLoader.load(
      SourceFile(path: "spec.spec", text: text),
      overrides: constants.map { ConstantOverride(name: $0.0, valueText: $0.1) })
    let spec = try #require(loaded.spec)
    let compiled = try CompiledSpec(spec: spec, constants: try #require(loaded.constants))
    var interpreted = compiled
    interpreted.usesCompiledCode = false
    var (fast, slow) = (compiled.makeWorker(), interpreted.makeWorker())
    var queue = try slow.initialStates()
    var seen = Set(queue.map { interpreted.values(of: $0) })
    var (index, differences) = (0, 0)
    while index < queue.count {
      let state = queue[index]
      index += 1
      let expected = CompiledCodeTests.describe(interpreted, &slow, state)
      let actual = CompiledCodeTests.describe(
        compiled, &fast, compiled.state(interpreted.values(of: state)))
      if actual.text != expected.text { differences += 1 }
      for successor in expected.successors
      where seen.insert(interpreted.values(of: successor)).inserted {
        queue.append(successor)
      }
    }
    return (
      queue.count, differences, fast.codeRuns.interpreted, fast.interpretedSubexpressions
    )
  }

  @Test("every state of the mailbox: the same successors and verdicts, nothing interpreted")
  func mailboxAgrees() throws {
    let result = try Self.agreement(Self.mailbox)
    #expect(result.states == 165)
    #expect(result.differences == 0)
    #expect(result.interpretedRuns == 0)
    #expect(result.interpretedSubexpressions == 0)
  }

  @Test(
    "the added message's place: a table over packed fields, a value lookup, either side",
    arguments: [
      ("ok |-> flag]}", "ok |-> m.from > last]}", 162),
      (
        "msgs' = msgs \\union {[kind |-> \"ack\", to |-> m.from, ok |-> flag]}",
        "msgs' = {[kind |-> \"ack\", to |-> m.from, ok |-> flag]} \\union msgs", 165
      ),
    ])
  func addedMessage(replaced: String, by replacement: String, states: Int) throws {
    let text = Self.mailbox.replacingOccurrences(of: replaced, with: replacement)
    #expect(text != Self.mailbox)
    let result = try Self.agreement(text)
    #expect(result.states == states)
    #expect(result.differences == 0)
    #expect(result.interpretedRuns == 0)
    #expect(result.interpretedSubexpressions == 0)
  }

  @Test("x' = x \\ {e, ...}: a member's bit cleared, a record outside the type ignored")
  func removal() throws {
    // last - 1 is never a requester (0, 13, 26, 39), and is -1, outside Id, for last = 0.
    let text =
      Self.mailbox + #"""

        action Drop {
          \E m \in msgs:
            /\ m.kind = "ack"
            /\ msgs' = msgs \ {m, [kind |-> "req", from |-> last - 1]}
            /\ UNCHANGED <<last, flag>>
        }
        """#
    let result = try Self.agreement(text)
    #expect(result.states == 1256)
    #expect(result.differences == 0)
    #expect(result.interpretedRuns == 0)
    #expect(result.interpretedSubexpressions == 0)
  }

  @Test(
    "each invariant is decided by compiled code alone, in every state",
    arguments: [(0, 0), (1, 0), (2, 0), (3, 0), (4, 21), (5, 0)])
  func invariantsCompiled(invariant: Int, violations: Int) throws {
    let counts = try compareInvariant(Self.mailbox, path: "mailbox.spec", invariant: invariant)
    #expect(counts.states == 165)
    #expect(counts.interpreted == violations)
    #expect(counts.compiled == violations)
    #expect(counts.compiledFalse == violations)
    #expect(counts.undecided == 0)
    #expect(counts.fallbacks == 0)
  }

  @Test("a search on 1, 2 and 4 workers: the same counts and trace")
  func search() {
    let reference = Checked(Self.mailbox) { $0.checkDeadlock = false }
    #expect(reference.result == .invariantViolated)
    #expect(reference.report.violation?.name == "SomeoneWaits")
    #expect(reference.traceLength == 9)
    let labels = reference.traceLabels ?? []
    #expect(
      labels.prefix(5) == [
        "init", "Request(i = 0)", "Request(i = 13)", "Request(i = 26)", "Request(i = 39)",
      ])
    #expect(labels.dropFirst(5).allSatisfy { $0 == "Ack" })
    for workers in [2, 4] {
      let checked = Checked(Self.mailbox, workers: workers) { $0.checkDeadlock = false }
      #expect(checked.figures == reference.figures)
      #expect(checked.traceLabels == reference.traceLabels)
      #expect(
        checked.report.trace?.steps.map(\.values) == reference.report.trace?.steps.map(\.values))
    }
    let whole = Checked(
      Self.mailbox.replacingOccurrences(of: "acked /= {0, 13, 26, 39}", with: "TRUE")
    ) { $0.checkDeadlock = false }
    #expect(whole.result == .ok)
    #expect(whole.figures == "165/305/9")
  }

  @Test("a field a message lacks is the interpreter's SPC403, at its position")
  func missingField() {
    let text = Self.mailbox + "\ninvariant BadField: \\A m \\in msgs: m.from >= 0\n"
    let checked = Checked(text) { $0.checkDeadlock = false }
    #expect(checked.result == .error)
    #expect(
      checked.problems == [
        "33:38 SPC403 record [kind |-> \"ack\", ok |-> FALSE, to |-> 0] has no field 'from'"
      ])
    #expect(checked.traceLabels == ["init", "Request(i = 0)", "Ack"])
  }

  @Test("a message outside the set's type is the interpreter's SPC406")
  func outsideType() {
    let text = Self.mailbox
      .replacingOccurrences(of: "action Request(i: Id)", with: "action Request(i: 0..40)")
      .replacingOccurrences(of: "i % 13 = 0", with: "i % 20 = 0")
    let checked = Checked(text) { $0.checkDeadlock = false }
    #expect(checked.result == .error)
    // Request(i = 40) is enabled in the initial state.
    #expect(
      checked.problems == [
        "11:3 SPC406 action 'Request' sets 'msgs' to {[from |-> 40, kind |-> \"req\"]}, "
          + "which is outside its declared type"
      ])
    #expect(
      checked.notes == ["while evaluating action Request(i = 40) in the last state of the trace"])
    #expect(checked.traceLength == 1)
  }

  @Test("filters nested four deep over 80 candidates are left to the interpreter, not unrolled")
  func nestedFilters() throws {
    // Each level multiplies the candidates to compile by 80 (40 million folds at four
    // levels); past the unit's candidate budget the expression goes to the interpreter.
    var set = "{u1 \\in msgs: u1.kind = \"req\" /\\ u1.kind = \"ack\"}"
    for level in 2...4 { set = "{u\(level) \\in msgs: \\E z \\in \(set): TRUE}" }
    let text = """
      spec Nested
      type Id = 0..39
      type Msg = [kind: "req", from: Id] | [kind: "ack", to: Id]
      var msgs: Set[Msg]
      init { msgs = {} }
      action Send(i: Id) { i < 2 /\\ msgs' = msgs \\union {[kind |-> "req", from |-> i]} }
      invariant Inv: \(set) = {}
      """
    let result = try Self.agreement(text)
    #expect(result.states == 4)
    #expect(result.differences == 0)
    #expect(result.interpretedSubexpressions > 0)
  }

  @Test("Paxos: every state compiled as the interpreter, nothing interpreted")
  func paxosAgrees() throws {
    let result = try Self.agreement(specText("specs/Paxos.spec"))
    #expect(result.states == 3921)
    #expect(result.differences == 0)
    #expect(result.interpretedRuns == 0)
    #expect(result.interpretedSubexpressions == 0)
  }
}
