import SpecSyntax

/// A slot of the current state compared with a constant, as data: the word it lies in, a
/// mask and the expected bits, and the presence bit of the function entry it belongs to
/// (0: none). A constant the codec cannot hold expects bits outside the mask, which the
/// masked word never has.
struct SlotTest: Hashable {
  var word: Int
  var mask: UInt64
  var expected: UInt64
  var presenceWord = 0
  var presenceBit: UInt64 = 0
  var negated = false

  /// True whatever the state (mask 0 expects 0), and its negation, false.
  static let always = SlotTest(word: 0, mask: 0, expected: 0)

  @inline(__always)
  func holds(_ words: UnsafePointer<UInt64>) throws -> Bool {
    if presenceBit != 0, words[presenceWord] & presenceBit == 0 { throw Frame.Fallback() }
    return (words[word] & mask == expected) != negated
  }

  /// `holds` when its presence bit is known to be set.
  @inline(__always)
  func holdsPresent(_ words: UnsafePointer<UInt64>) -> Bool {
    (words[word] & mask == expected) != negated
  }

  var inverse: SlotTest {
    var test = self
    test.negated.toggle()
    return test
  }
}

/// A Boolean made of slot tests in conjunctive normal form: a conjunction of clauses,
/// each a disjunction of tests, evaluated left to right with the short circuits of the
/// formula it came from, in one closure that calls no other. Invariants such as
/// `\A i, j \in P: ~(pc[i] = "cs" /\ pc[j] = "cs")` unroll to N² such clauses; as a tree
/// of closures each pair cost three calls and the reference counting of their contexts.
struct Clauses {
  /// The tests of every clause, one after the other.
  var tests: [SlotTest] = []
  /// Where each clause ends in `tests`. No clause: true; an empty clause: false.
  var ends: [Int] = []

  static func unit(_ test: SlotTest) -> Clauses { Clauses(tests: [test], ends: [1]) }
  static func constant(_ value: Bool) -> Clauses {
    value ? Clauses() : Clauses(tests: [], ends: [0])
  }

  /// `self /\ other`.
  func and(_ other: Clauses) -> Clauses {
    Clauses(tests: tests + other.tests, ends: ends + other.ends.map { $0 + tests.count })
  }

  /// `self \/ other`, when both are single clauses or constants (a disjunction of CNFs
  /// is not one in general).
  func or(_ other: Clauses) -> Clauses? {
    if ends.isEmpty { return self }  // TRUE \/ x: x is never evaluated.
    if ends == [0] { return other }  // FALSE \/ x
    let other = other.ends.isEmpty ? .unit(.always) : other
    guard ends.count == 1, other.ends.count == 1 else { return nil }
    return Clauses(tests: tests + other.tests, ends: [tests.count + other.tests.count])
  }

  /// `~self`, for a single clause (De Morgan: unit clauses) or unit clauses (one clause).
  var negation: Clauses? {
    if ends.count == 1 {
      return Clauses(tests: tests.map(\.inverse), ends: tests.indices.map { $0 + 1 })
    }
    guard tests.count == ends.count else { return nil }
    return Clauses(tests: tests.map(\.inverse), ends: [tests.count])
  }

  var closure: BoolCode {
    if ends.count == 1, tests.count == 1 {
      let test = tests[0]
      return { try test.holds($0.current) }
    }
    if let pairs = PairwiseClauses(self) { return pairs.closure }
    let program = ClauseProgram(self)
    return { frame in
      let words = UnsafePointer(frame.current)
      let tests = program.tests
      var start = 0
      for clause in 0..<program.clauseCount {
        let end = program.ends[clause]
        var satisfied = false
        var index = start
        while index < end {
          if try tests[index].holds(words) {
            satisfied = true
            break
          }
          index += 1
        }
        if !satisfied { return false }
        start = end
      }
      return true
    }
  }
}

/// Clauses of two tests each that are every pair of some tests, decided without going
/// through the pairs. `\A i, j \in S: ~(p[i] = a /\ p[j] = b)` unrolls to the N² clauses
/// `x_i \/ y_j`, which equal `(\A i: x_i) \/ (\A j: y_j)` (a product: 2N tests at most);
/// `\A i, j \in S: i /= j => ~(p[i] = c /\ p[j] = c)` unrolls to `x_i \/ x_j` for every
/// two distinct `i`, `j`, which holds when at most one `x` is false. No test is skipped
/// unseen: the presence bits of every test are checked first (an absent one sends the
/// whole formula to the interpreter, which knows its exact short circuits and errors).
struct PairwiseClauses {
  enum Kind { case product, atMostOneFalse }
  var kind: Kind
  /// Product: the first tests, then the second; at most one false: the tests.
  var tests: [SlotTest]
  var firstCount: Int
  /// Presence bits every test needs, per word.
  var presence: [(word: Int, bits: UInt64)]

  init?(_ clauses: Clauses) {
    let count = clauses.ends.count
    guard count >= 4, clauses.tests.count == 2 * count,
      clauses.ends.enumerated().allSatisfy({ $0.element == 2 * ($0.offset + 1) })
    else { return nil }
    let pairs = (0..<count).map { (clauses.tests[2 * $0], clauses.tests[2 * $0 + 1]) }
    func numbered(_ tests: [SlotTest]) -> (list: [SlotTest], index: [SlotTest: Int]) {
      var list: [SlotTest] = []
      var index: [SlotTest: Int] = [:]
      for test in tests where index[test] == nil {
        index[test] = list.count
        list.append(test)
      }
      return (list, index)
    }
    let all = numbered(pairs.flatMap { [$0.0, $0.1] })
    let distinctPairs = Set(
      pairs.map { pair in
        let (a, b) = (all.index[pair.0]!, all.index[pair.1]!)
        return min(a, b) * count * 2 + max(a, b)
      })
    let first = numbered(pairs.map(\.0))
    let second = numbered(pairs.map(\.1))
    let ordered = Set(pairs.map { first.index[$0.0]! * count + second.index[$0.1]! })
    if pairs.allSatisfy({ $0.0 != $0.1 }),
      distinctPairs.count == all.list.count * (all.list.count - 1) / 2
    {
      (kind, tests, firstCount) = (.atMostOneFalse, all.list, all.list.count)
    } else if ordered.count == first.list.count * second.list.count {
      (kind, tests, firstCount) = (.product, first.list + second.list, first.list.count)
    } else {
      return nil
    }
    var bits: [Int: UInt64] = [:]
    for test in tests where test.presenceBit != 0 {
      bits[test.presenceWord, default: 0] |= test.presenceBit
    }
    presence = bits.sorted { $0.key < $1.key }.map { ($0.key, $0.value) }
  }

  var closure: BoolCode {
    let program = PairProgram(self)
    switch kind {
    case .product:
      return { frame in
        let words = UnsafePointer(frame.current)
        try program.checkPresence(words)
        if program.allHold(words, 0..<program.firstCount) { return true }
        return program.allHold(words, program.firstCount..<program.count)
      }
    case .atMostOneFalse:
      return { frame in
        let words = UnsafePointer(frame.current)
        try program.checkPresence(words)
        var failed = false
        for index in 0..<program.count where !program.tests[index].holdsPresent(words) {
          if failed { return false }
          failed = true
        }
        return true
      }
    }
  }
}

/// `PairwiseClauses` in memory of its own, read through raw pointers (see `ClauseProgram`).
final class PairProgram {
  let tests: UnsafeMutablePointer<SlotTest>
  let count: Int
  let firstCount: Int
  let presenceWords: UnsafeMutablePointer<Int>
  let presenceBits: UnsafeMutablePointer<UInt64>
  let presenceCount: Int

  init(_ pairs: PairwiseClauses) {
    count = pairs.tests.count
    firstCount = pairs.firstCount
    tests = .allocate(capacity: count)
    tests.initialize(from: pairs.tests, count: count)
    presenceCount = pairs.presence.count
    presenceWords = .allocate(capacity: max(1, presenceCount))
    presenceWords.initialize(from: pairs.presence.map(\.word), count: presenceCount)
    presenceBits = .allocate(capacity: max(1, presenceCount))
    presenceBits.initialize(from: pairs.presence.map(\.bits), count: presenceCount)
  }

  deinit {
    tests.deallocate()
    presenceWords.deallocate()
    presenceBits.deallocate()
  }

  @inline(__always)
  func checkPresence(_ words: UnsafePointer<UInt64>) throws {
    for index in 0..<presenceCount
    where words[presenceWords[index]] & presenceBits[index] != presenceBits[index] {
      throw Frame.Fallback()
    }
  }

  @inline(__always)
  func allHold(_ words: UnsafePointer<UInt64>, _ range: Range<Int>) -> Bool {
    for index in range where !tests[index].holdsPresent(words) { return false }
    return true
  }
}

/// `Clauses` in memory of its own, read through raw pointers: iterating arrays captured
/// by the closure cost a retain and a release of their buffers on every call.
final class ClauseProgram {
  let tests: UnsafeMutablePointer<SlotTest>
  let ends: UnsafeMutablePointer<Int>
  let clauseCount: Int

  init(_ clauses: Clauses) {
    tests = .allocate(capacity: max(1, clauses.tests.count))
    tests.initialize(from: clauses.tests, count: clauses.tests.count)
    ends = .allocate(capacity: max(1, clauses.ends.count))
    ends.initialize(from: clauses.ends, count: clauses.ends.count)
    clauseCount = clauses.ends.count
  }

  deinit {
    tests.deallocate()
    ends.deallocate()
  }
}

extension ExpressionCompiler {
  /// A slot of the current state compared with a constant, as a `SlotTest`, when the slot
  /// lies within one word and has at most one presence bit (a function entry).
  func slotTest(_ slot: Slot, _ constant: Value) -> SlotTest? {
    let width = slot.codec.width
    let shift = slot.offset & 63
    guard !slot.primed, slot.presence.count <= 1, width < 64, shift + width <= 64 else {
      return nil
    }
    if case .interned = slot.codec { return nil }
    let mask = ((1 as UInt64) << UInt64(width) - 1) << UInt64(shift)
    let expected = layout.exactBits(of: constant, slot.codec).map { $0 << UInt64(shift) } ?? ~mask
    var test = SlotTest(word: slot.offset >> 6, mask: mask, expected: expected)
    if let presence = slot.presence.first {
      test.presenceWord = presence >> 6
      test.presenceBit = (1 as UInt64) << UInt64(presence & 63)
    }
    return test
  }

  /// `a = K` or `K = a` for a slot `a`, as a slot test.
  func slotTest(_ a: Code, _ b: Code) -> SlotTest? {
    if case .slot(let slot) = a, case .constant(let v) = b { return slotTest(slot, v) }
    if case .slot(let slot) = b, case .constant(let v) = a { return slotTest(slot, v) }
    return nil
  }

  /// A form as clauses: clauses themselves, or a Boolean constant.
  func clauses(_ code: Code) -> Clauses? {
    switch code {
    case .clauses(let c): return c
    case .constant(.bool(let b)): return .constant(b)
    default: return nil
    }
  }

  /// A conjunction or disjunction of compiled items, as clauses when every item is one
  /// (and at least one is not a constant), else as closures.
  func junction(_ isConjunction: Bool, codes: [Code]) -> Code {
    if codes.contains(where: { if case .clauses = $0 { true } else { false } }) {
      let parts = codes.compactMap(clauses)
      if parts.count == codes.count, var result = parts.first {
        var combined = true
        for part in parts.dropFirst() {
          if isConjunction {
            result = result.and(part)
          } else if let joined = result.or(part) {
            result = joined
          } else {
            combined = false
            break
          }
        }
        if combined { return .clauses(result) }
      }
    }
    return junction(isConjunction, codes.map { BoolBox(run: bool($0)) })
  }
}
