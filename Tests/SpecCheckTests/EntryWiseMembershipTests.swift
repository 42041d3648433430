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
  /// Keys 1 and 2 of `f`, `g` and `h` move together: Set(i, v) writes f[i] = 15 * v,
  /// g[i] = the v-th label and h[i][i] = v; Drop(i) removes key i from f and h. Each key
  /// is one of (0, "a"), (15, "b"), (30, "c") or absent with any label: 6 × 6 = 36 states.
  static let text = #"""
    spec WideSets
    type K = 1..12
    type Small = 0..31
    type Label = "a" | "b" | "c"
    var f: K -> Small
    var g: 1..20 -> Label
    var h: 1..2 -> (1..25 -> 0..3)
    init {
      f = [k \in K |-> 0]
      g = [k \in 1..20 |-> "a"]
      h = [k \in 1..2 |-> [j \in 1..25 |-> 0]]
    }
    action Set(i: 1..2, v: 0..2) {
      i \in DOMAIN f
      f' = [f EXCEPT ![i] = 15 * v]
      g' = [g EXCEPT ![i] = IF v = 0 THEN "a" ELSE IF v = 1 THEN "b" ELSE "c"]
      h' = [h EXCEPT ![i][i] = v]
    }
    action Drop(i: 1..2) {
      i \in DOMAIN f
      f' = [k \in DOMAIN f \ {i} |-> f[k]]
      g' = g
      h' = [k \in DOMAIN h \ {i} |-> h[k]]
    }
    invariant Total: f \in [K -> Small]
    invariant Narrow: f \in [K -> 0..20]
    invariant NotAKey: f \in [1..13 -> Small]
    invariant WithoutOne: f \in [K \ {1} -> Small]
    invariant SmallEntries: g \in [1..20 -> {"a", "b"}]
    invariant Nested: 1 \in DOMAIN h => h[1] \in [1..25 -> 0..1]
    """#

  /// For one invariant: the states of the 36 that violate it by compiled code and by the
  /// interpreter, the compiled worker's interpreted runs, and whether the invariant's
  /// membership compiles entry by entry.
  func violations(invariant: Int) throws -> (
    compiled: Int, interpreted: Int, fallbacks: Int, entryWise: Bool
  ) {
    let counts = try compareInvariant(Self.text, path: "wide.spec", invariant: invariant)
    #expect(counts.states == 36)
    let loaded = SpecLoader.load(SourceFile(path: "wide.spec", text: Self.text), overrides: [])
    let spec = try #require(loaded.spec)
    let constants = try #require(loaded.constants)
    let layout = try CompiledSpec(spec: spec, constants: constants).layout
    return (
      counts.compiled, counts.interpreted, counts.fallbacks,
      entryWise(spec.invariants[invariant].body, spec, constants, layout)
    )
  }

  /// Whether the membership `body` (or the conclusion of an implication) compiles entry
  /// by entry.
  func entryWise(_ body: Expr, _ spec: TypedSpec, _ constants: [Value], _ layout: StateLayout)
    -> Bool
  {
    var expr = body
    if case .binary(.implies, _, let conclusion) = expr.kind { expr = conclusion }
    guard case .binary(.in, let element, let set) = expr.kind,
      case .functionSet(let domain, let range) = set.kind
    else { return false }
    let compiler = ExpressionCompiler(spec: spec, constants: constants, layout: layout)
    return compiler.entryWiseMembership(
      compiler.compile(element, .init()), domain, range, .init(), smallEntriesOnly: false)
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
    ])
  func agreesWithInterpreter(invariant: Int, expected: Int) throws {
    let counts = try violations(invariant: invariant)
    #expect(counts.compiled == expected)
    #expect(counts.interpreted == expected)
    #expect(counts.fallbacks == 0)
    #expect(counts.entryWise)
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

  @Test("a range that fails to evaluate is the interpreter's SPC401 at its position")
  func rangeError() {
    let checked = Checked(
      #"""
      spec RangeError
      type K = 1..12
      var f: K -> 0..31
      init { f = [k \in K |-> 0] }
      action Bump(i: 1..2) {
        f[i] < 3
        f' = [f EXCEPT ![i] = @ + 1]
      }
      invariant Typed: f \in [K -> {x \in 0..31: 10 \div (2 - x) >= 0}]
      """#)
    #expect(checked.result == .error)
    #expect(checked.problems == [#"9:44 SPC401 division by zero: 10 \div 0"#])
    #expect(checked.traceLength == 1)
  }
}
