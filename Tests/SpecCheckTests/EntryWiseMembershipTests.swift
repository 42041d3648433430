import SpecDriver
import SpecEngine
import SpecSemantics
import SpecSyntax
import Testing

@testable import SpecRuntime

/// `f \in [A -> B]` decided entry by entry on the packed bits (`entryWiseMembership`):
/// for functions too wide for one memo key and for those with many small entries, as in
/// the TypeOK of DiningPhilosophers with NP >= 13. Each answer must be the interpreter's.
@Suite("Membership in a function set, entry by entry")
struct EntryWiseMembershipTests {
  /// Keys 1 and 2 of every variable move together: Set(i, v) writes f[i] = 15 * v,
  /// g[i] = the v-th label, h[i][i] = v, w[i] = 3000 * v and n[i] = 15 * v; Drop(i)
  /// removes key i from f and h. Each key is one of (0, "a"), (15, "b"), (30, "c") or
  /// absent with any label: 6 × 6 = 36 states.
  static let text = #"""
    spec WideSets
    type K = 1..12
    type Small = 0..31
    type Label = "a" | "b" | "c"
    var f: K -> Small
    var g: 1..20 -> Label
    var h: 1..2 -> (1..25 -> 0..3)
    var w: 1..3 -> 0..9999
    var n: 1..2 -> Int
    var z: 1..64 -> 0..0
    init {
      f = [k \in K |-> 0]
      g = [k \in 1..20 |-> "a"]
      h = [k \in 1..2 |-> [j \in 1..25 |-> 0]]
      w = [k \in 1..3 |-> 0]
      n = [k \in 1..2 |-> 0]
      z = [k \in 1..64 |-> 0]
    }
    action Set(i: 1..2, v: 0..2) {
      i \in DOMAIN f
      f' = [f EXCEPT ![i] = 15 * v]
      g' = [g EXCEPT ![i] = IF v = 0 THEN "a" ELSE IF v = 1 THEN "b" ELSE "c"]
      h' = [h EXCEPT ![i][i] = v]
      w' = [w EXCEPT ![i] = 3000 * v]
      n' = [n EXCEPT ![i] = 15 * v]
      z' = z
    }
    action Drop(i: 1..2) {
      i \in DOMAIN f
      f' = [k \in DOMAIN f \ {i} |-> f[k]]
      g' = g
      h' = [k \in DOMAIN h \ {i} |-> h[k]]
      w' = w
      n' = n
      z' = z
    }
    invariant Total: f \in [K -> Small]
    invariant Narrow: f \in [K -> 0..20]
    invariant NotAKey: f \in [1..13 -> Small]
    invariant WithoutOne: f \in [K \ {1} -> Small]
    invariant SmallEntries: g \in [1..20 -> {"a", "b"}]
    invariant Nested: 1 \in DOMAIN h => h[1] \in [1..25 -> 0..1]
    invariant WideEntries: w \in [1..3 -> 0..5000]
    invariant Integers: n \in [1..2 -> 0..20]
    invariant Bound:
      \A i \in 1..2: f \in [K \ {i} -> Small] <=> (~(i \in DOMAIN f) /\ 3 - i \in DOMAIN f)
    invariant NoBits: z \in [1..64 -> {0}]
    """#

  /// For one invariant: the states of the 36 that violate it through the compiled
  /// worker and by the interpreter, the compiled worker's interpreted runs, the states
  /// where compiled code alone says false and where it leaves the answer, and whether
  /// the invariant's membership compiles entry by entry.
  func violations(invariant: Int) throws -> (
    compiled: Int, interpreted: Int, fallbacks: Int, compiledFalse: Int, undecided: Int,
    entryWise: Bool
  ) {
    let counts = try compareInvariant(Self.text, path: "wide.spec", invariant: invariant)
    #expect(counts.states == 36)
    let loaded = SpecLoader.load(SourceFile(path: "wide.spec", text: Self.text), overrides: [])
    let spec = try #require(loaded.spec)
    let constants = try #require(loaded.constants)
    let layout = try CompiledSpec(spec: spec, constants: constants).layout
    return (
      counts.compiled, counts.interpreted, counts.fallbacks, counts.compiledFalse,
      counts.undecided, entryWise(spec.invariants[invariant].body, spec, constants, layout)
    )
  }

  /// Whether the membership `body` (or the conclusion of an implication) compiles entry
  /// by entry.
  func entryWise(_ body: Expr, _ spec: TypedSpec, _ constants: [Value], _ layout: StateLayout)
    -> Bool
  {
    let compiler = ExpressionCompiler(spec: spec, constants: constants, layout: layout)
    var (expr, context) = (body, ExpressionCompiler.Context())
    if case .binary(.implies, _, let conclusion) = expr.kind { expr = conclusion }
    // \A i \in S: f \in [A(i) -> B] <=> ...: the membership with i bound to S's first.
    if case .quantified(_, let bindings, let predicate) = expr.kind,
      case .binary(.equiv, let membership, _) = predicate.kind,
      let first = try? compiler.folder.enumerate(bindings[0].domain).first
    {
      expr = membership
      context.env = [(bindings[0].names[0].text, .value(first))]
    }
    guard case .binary(.in, let element, let set) = expr.kind,
      case .functionSet(let domain, let range) = set.kind
    else { return false }
    return compiler.entryWiseMembership(
      compiler.compile(element, context), domain, range, context, smallEntriesOnly: false)
      != nil
  }

  @Test(
    "f over 72 bits in [K -> Small]: the 27 states with a key dropped violate it",
    arguments: [
      (0, 27),  // Total: both keys present, 3 × 3 states hold
      (1, 32),  // Narrow: both keys present and below 30, 2 × 2 hold
      (2, 36),  // NotAKey: 13 is no key of f, so its domain is never 1..13
      (3, 27),  // WithoutOne: key 1 dropped (3) and key 2 present (3), 9 hold
      (4, 20),  // SmallEntries: labels "a" or "b" on both keys, 4 × 4 hold
      (5, 6),  // Nested: key 1 dropped (3) or h[1][1] < 2 (2), 5 × 6 hold
      (6, 20),  // WideEntries (14 bits, no flat table): no 6000, label "c", on either key
      (7, 20),  // Integers (64 bits): no 30, label "c", on either key
      (8, 0),  // Bound: A = K \ {i} for i bound by \A, equivalent to the domain test
      (9, 0),  // NoBits: entries of 0 bits, one past the end of the state's words
    ])
  func agreesWithInterpreter(invariant: Int, expected: Int) throws {
    let counts = try violations(invariant: invariant)
    #expect(counts.compiled == expected)
    #expect(counts.interpreted == expected)
    #expect(counts.compiledFalse == expected)
    #expect(counts.undecided == 0)
    #expect(counts.fallbacks == 0)
    #expect(counts.entryWise)
  }

  @Test("a guard f \\in [K -> 0..15] enables Finish in exactly the 4 states it holds in")
  func guardInAction() {
    let checked = Checked(
      #"""
      spec Guarded
      type K = 1..12
      var f: K -> 0..31
      var done: Bool
      init {
        f = [k \in K |-> 0]
        done = FALSE
      }
      action Bump(i: 1..2) {
        f[i] < 20
        f' = [f EXCEPT ![i] = @ + 10]
        done' = done
      }
      action Finish {
        f \in [K -> 0..15]
        ~done
        done' = TRUE
        f' = f
      }
      action Idle {
        f' = f
        done' = done
      }
      """#)
    // f[1], f[2] in {0, 10, 20}, done either way: 18 states; Finish from the 4 with
    // both below 20 and not done.
    #expect(checked.result == .ok)
    #expect(checked.distinct == 18)
    #expect(checked.report.coverage.first { $0.action == "Finish" }?.generated == 4)
  }

  @Test("an absent outer entry is the interpreter's SPC403, reported at its position")
  func absentOuterEntry() {
    let checked = Checked(
      #"""
      spec AbsentEntry
      var h: 1..2 -> (1..25 -> 0..3)
      init { h = [k \in 1..2 |-> [j \in 1..25 |-> 0]] }
      action Drop { h' = [k \in {2} |-> h[k]] }
      invariant Typed: h[1] \in [1..25 -> 0..3]
      """#)
    #expect(checked.result == .error)
    #expect(checked.problems.count == 1)
    #expect(checked.problems.first?.hasPrefix("5:18 SPC403 'h' applied to 1") == true)
    #expect(checked.traceLength == 2)
  }

  @Test("a range whose membership fails for some entries is the interpreter's SPC401")
  func rangeError() {
    let checked = Checked(
      #"""
      spec RangeError
      type K = 1..12
      var r: K -> [a: 0..3, b: 0..3]
      init { r = [k \in K |-> [a |-> 2, b |-> 0]] }
      action SetA(i: 1..2) { r' = [r EXCEPT ![i].a = 0] }
      // False while r[1].a = 2 (no field b asked); once r[1].a = 0, b's set divides by 0.
      invariant Typed: r \in [K -> [a: 0..1, b: 0..(1 \div 0)]] \/ TRUE
      """#)
    #expect(checked.result == .error)
    #expect(checked.problems == [#"7:46 SPC401 division by zero: 1 \div 0"#])
    #expect(checked.traceLength == 2)
    #expect(checked.report.trace?.steps.last?.label == "SetA(i = 1)")
  }
}
