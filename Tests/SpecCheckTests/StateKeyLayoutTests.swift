import SpecDriver
import SpecEngine
import SpecRuntime
import SpecSyntax
import Testing

/// The exact store keeps a state as one number where the declared types allow
/// (`StateLayout.stateKey`): the digits and their radices follow from the types, and a
/// search over such a store finds what the fingerprint store finds.
@Suite("State keys from declared types")
struct StateKeyLayoutTests {
  static func layout(_ text: String, constants: [(String, String)] = []) throws -> StateLayout {
    let loaded = SpecLoader.load(
      SourceFile(path: "test.spec", text: text),
      overrides: constants.map { ConstantOverride(name: $0.0, valueText: $0.1) })
    return try CompiledSpec(
      spec: try #require(loaded.spec), constants: try #require(loaded.constants)
    )
    .layout
  }

  @Test(
    "FilterLock packs into two words and numbers into one: each entry counts its values and 'absent'",
    arguments: [
      // pc: 5 steps + absent; level: 0..N-1 + absent; at: 1..N-1 + absent; victim: 0..N + absent.
      (5, 453_685_276_800_000 as UInt64),  // 6^5 * 6^5 * 5^5 * 7^4
      (6, 8_391_762_413_094_961_152 as UInt64),  // 6^6 * 7^6 * 6^6 * 8^5, under 2^63
    ])
  func filterLock(processes: Int, bound: UInt64) throws {
    let layout = try Self.layout(
      specText("Benchmarks/FilterLock.spec"), constants: [("N", "\(processes)")])
    #expect(layout.wordCount == 2)
    let key = try #require(layout.stateKey)
    #expect(key.bound == bound)
  }

  @Test("one word is its own key; a variable of type Int leaves two words without one")
  func identityAndNone() throws {
    let twoPhase = try Self.layout(exampleText("TwoPhase"), constants: [("RMCount", "8")])
    #expect(twoPhase.wordCount == 1)
    #expect(try #require(twoPhase.stateKey).isIdentity)
    let counters = try Self.layout(
      """
      spec Counters
      var a: Int
      var b: Int
      init { a = 0 /\\ b = 0 }
      action Step { a' = a + 1 }
      """)
    #expect(counters.wordCount == 2)
    #expect(counters.stateKey == nil)
  }

  @Test("a digit of no bits is dropped, or read where its presence bit is")
  func emptyDigits() throws {
    // Wide's variables, then z (one value, no bits) and f (two entries of no bits, each
    // counted by its presence bit alone).
    let text = Self.wide.replacingOccurrences(
      of: "var y: 1..8 -> 0..6\n", with: "var y: 1..8 -> 0..6\nvar z: 0..0\nvar f: 1..2 -> 0..0\n"
    ).replacingOccurrences(
      of: "  y = [p \\in 1..8 |-> 0]\n",
      with: "  y = [p \\in 1..8 |-> 0]\n  z = 0\n  f = [p \\in 1..2 |-> 0]\n")
    let layout = try Self.layout(text)
    #expect(layout.wordCount == 2)
    let key = try #require(layout.stateKey)
    #expect(key.bound == 1 << 56)
    #expect(key.digits.count == 1 + 9 + 7 + 2 + 2)
    #expect(key.digits.allSatisfy { $0.width > 0 || $0.presence != nil })
    #expect(key.digits.allSatisfy { $0.word < 2 && ($0.presence?.word ?? 0) < 2 })
    #expect(
      key.digits.suffix(2).allSatisfy {
        $0.presence?.word == $0.word && $0.presence?.shift == $0.shift
      })
  }

  /// 70 bits: b and c, then x (9 entries of 4 bits), then y (8 entries of 4 bits), whose
  /// seventh entry has its presence bit and first value bit in the first word and two
  /// value bits in the second. Only y moves: each entry climbs 0, 1, 2 on its own.
  static let wide = """
    spec Wide
    var b: Bool
    var c: 0..1
    var x: 1..9 -> 0..6
    var y: 1..8 -> 0..6
    init {
      b = FALSE
      c = 0
      x = [p \\in 1..9 |-> 0]
      y = [p \\in 1..8 |-> 0]
    }
    action Bump(p: 1..8) {
      y[p] < 2
      y'[p] = y[p] + 1
    }
    invariant Small: y[7] + y[8] < 4
    """

  @Test("an entry split across the words keeps its digits: the layout's number has 2^54 values")
  func wideLayout() throws {
    let layout = try Self.layout(Self.wide)
    #expect(layout.wordCount == 2)
    let key = try #require(layout.stateKey)
    // b and c: 4; x: 8^9; y: 8^7 and, for the split entry, presence and low bit (4) and the
    // high bits (4: values 0..6 shifted right by one).
    #expect(key.bound == 1 << 54)
    #expect(key.digits.count == 1 + 9 + 7 + 2)
  }

  @Test(
    "a search keeps every state apart: 3^8 states, the same in both stores and on 1, 2, 4 workers")
  func wideSearch() throws {
    let text = Self.wide.replacingOccurrences(of: "invariant Small: y[7] + y[8] < 4", with: "")
    for mode in StoreMode.allCases {
      for workers in [1, 2, 4] {
        let checked = Checked(text, workers: workers) {
          $0.storeMode = mode
          $0.levelChunk = 64
          $0.checkDeadlock = false
        }
        #expect(checked.result == .ok)
        // Each state: one successor per entry below 2 (8 * 2 * 3^7 in all), and the init.
        #expect(checked.figures == "6561/34993/17", "\(mode) \(workers)")
      }
    }
    let violated = Checked(Self.wide, workers: 2)
    #expect(violated.result == .invariantViolated)
    #expect(violated.report.violation?.name == "Small")
    #expect(violated.traceLength == 5)
    for mode in StoreMode.allCases {
      for workers in [1, 4] {
        let again = Checked(Self.wide, workers: workers) { $0.storeMode = mode }
        #expect(again.traceLabels == violated.traceLabels, "\(mode) \(workers)")
        #expect(again.figures == violated.figures, "\(mode) \(workers)")
      }
    }
  }
}
