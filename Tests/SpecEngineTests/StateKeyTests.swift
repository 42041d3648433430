import Testing

@testable import SpecEngine

/// States as mixed-radix numbers, and the exact store that keeps them as keys.
@Suite("State keys")
struct StateKeyTests {
  /// Three digits over two words: 3 bits below 5; 2 bits below 3 with a presence bit
  /// (bit 10 of word 1); 4 bits, all 16 patterns.
  static let digits = [
    StateKey.Digit(word: 0, shift: 0, width: 3, radix: 5),
    StateKey.Digit(word: 0, shift: 3, width: 2, radix: 4, presence: (1, 10)),
    StateKey.Digit(word: 1, shift: 0, width: 4, radix: 16),
  ]

  /// Every packing of the three digits: an absent entry keeps zero bits.
  static func allPackings() -> [[UInt64]] {
    var packings: [[UInt64]] = []
    for a in 0..<UInt64(5) {
      for b in [nil] + (0..<UInt64(3)).map(Optional.some) {
        for c in 0..<UInt64(16) {
          let presence: UInt64 = b == nil ? 0 : 1 << 10
          packings.append([a | (b ?? 0) << 3, c | presence])
        }
      }
    }
    return packings
  }

  @Test("a mixed-radix key numbers the 320 packings of its digits 0 to 319, one each")
  func bijection() throws {
    let key = try #require(StateKey(digits: Self.digits))
    #expect(key.bound == 5 * 4 * 16)
    let codes = Self.allPackings().map { words in
      words.withUnsafeBufferPointer { key.code($0.baseAddress!) }
    }
    #expect(codes.count == 320)
    #expect(codes.sorted() == Array(0..<320))
    // The first digit weighs 1, the second 5 (absent 0, present 1 + value), the third 20.
    let packed: [UInt64] = [4 | 2 << 3, 9 | 1 << 10]
    let code = packed.withUnsafeBufferPointer { key.code($0.baseAddress!) }
    let expected: UInt64 = 4 + 3 * 5 + 9 * 20
    #expect(code == expected)
  }

  @Test("an absent entry counts 0 whatever its value bits hold")
  func absentEntry() throws {
    let key = try #require(StateKey(digits: Self.digits))
    let clean: [UInt64] = [1, 7]
    let stale: [UInt64] = [1 | 3 << 3, 7]
    let codes = [clean, stale].map { words in
      words.withUnsafeBufferPointer { key.code($0.baseAddress!) }
    }
    let expected: UInt64 = 1 + 7 * 20
    #expect(codes == [expected, expected])
  }

  @Test("no key where the radices' product reaches 2^64, or a radix exceeds its bits")
  func limits() throws {
    let half = StateKey.Digit(word: 0, shift: 0, width: 32, radix: 1 << 32)
    let upper = StateKey.Digit(word: 1, shift: 0, width: 32, radix: 1 << 32)
    #expect(StateKey(digits: [half, upper]) == nil)
    var smaller = upper
    smaller.radix = 1 << 31
    #expect(try #require(StateKey(digits: [half, smaller])).bound == 1 << 63)
    #expect(StateKey(digits: [StateKey.Digit(word: 0, shift: 0, width: 3, radix: 9)]) == nil)
    #expect(
      StateKey(digits: [StateKey.Digit(word: 0, shift: 0, width: 3, radix: 9, presence: (0, 3))])
        != nil)
    #expect(StateKey(digits: [StateKey.Digit(word: 0, shift: 62, width: 3, radix: 8)]) == nil)
    var word: UInt64 = 0xDEAD_BEEF_0123_4567
    #expect(StateKey.identity.code(&word) == 0xDEAD_BEEF_0123_4567)
  }

  /// A store of two-word states with a key: the node modulo 7 and the rest.
  static func keyedStore() -> StateStore<Int> {
    let key = StateKey(digits: [
      StateKey.Digit(word: 0, shift: 0, width: 3, radix: 7),
      StateKey.Digit(word: 1, shift: 0, width: 40, radix: 1 << 40),
    ])
    let packing = StatePacking<Int>(
      wordCount: 2,
      write: { state, words in
        words[0] = UInt64(state % 7)
        words[1] = UInt64(state / 7)
      },
      read: { Int($0[1]) * 7 + Int($0[0]) }, key: key)
    return StateStore(mode: .exact, packing: packing)
  }

  @Test(
    "an exact store with a key keeps 200,000 states as keys: each found, none other, under 12 bytes each"
  )
  func keyedStore() {
    var store = Self.keyedStore()
    #expect(store.keyed)
    var random = SplitMix64(seed: 5)
    // Numbers below 7 * 2^40, so that every one has a packing; the state of all-zero
    // words among them (the key 0 itself: `oneWordKeyZero`).
    let states = [0] + (0..<199_999).map { _ in Int(random.next() % (7 << 40)) }
    var inserted = 0
    for state in states where store.insert(state, fingerprint: UInt64(state)) { inserted += 1 }
    let stored = Set(states)
    let distinct = stored.count
    #expect(inserted == distinct && store.count == distinct)
    #expect(states.allSatisfy { store.find($0, fingerprint: 0) != nil })
    let others = (0..<200_000).map { _ in Int(random.next() % (7 << 40)) }.filter {
      !stored.contains($0)
    }
    #expect(others.count > 199_000)
    #expect(others.allSatisfy { store.find($0, fingerprint: UInt64($0)) == nil })
    // States next to 0 (another first or second word) are not 0.
    for state in [1, 6, 7, 8, 14] where !stored.contains(state) {
      #expect(store.find(state, fingerprint: 0) == nil)
    }
    #expect(store.bytes == store.keys.bytes + 16 * 4)
    #expect(Double(store.bytes) / Double(distinct) < 12)
    let ids = states.prefix(1000).map { store.find($0, fingerprint: 0)! }
    #expect(ids.allSatisfy { $0 < store.idBound })
    #expect(Set(ids).count == Set(states.prefix(1000)).count)
  }

  /// The number whose mixed key is 0 (the flag beside the table's slots): `mixed` undone.
  static func mixedToZero() -> UInt64 {
    func inverse(_ a: UInt64) -> UInt64 {
      var x = a
      for _ in 0..<6 { x = x &* (2 &- a &* x) }
      return x
    }
    func unshift(_ z: UInt64, _ s: UInt64) -> UInt64 {
      var y = z
      for _ in 0..<(64 / Int(s) + 1) { y = z ^ (y >> s) }
      return y
    }
    var z: UInt64 = 0
    z = unshift(z, 31) &* inverse(0x94D0_49BB_1331_11EB)
    z = unshift(z, 27) &* inverse(0xBF58_476D_1CE4_E5B9)
    return unshift(z, 30) &- 0x9E37_79B9_7F4A_7C15
  }

  @Test("a one-word state whose mixed key is 0 is stored, found and kept apart like any other")
  func oneWordKeyZero() {
    let zero = Self.mixedToZero()
    #expect(StateStore<Int>.mixed(zero) == 0)
    let packing = StatePacking<UInt64>(
      wordCount: 1, write: { state, words in words[0] = state }, read: { $0[0] })
    var store = StateStore<UInt64>(mode: .exact, packing: packing)
    let states: [UInt64] = [1, zero, 0, zero &+ 1, zero &- 1]
    #expect(store.find(zero, fingerprint: 0) == nil)
    var inserted = 0
    for state in states where store.insert(state, fingerprint: 0) { inserted += 1 }
    let again = store.insert(zero, fingerprint: 0)
    #expect(inserted == 5 && store.count == 5 && !again)
    let ids = states.map { store.find($0, fingerprint: 0) }
    #expect(ids.allSatisfy { $0 != nil && $0! < store.idBound })
    #expect(Set(ids).count == 5)
  }

  /// Two-word states as in `keyedStore`, without a key.
  static func twoWords() -> StatePacking<Int> {
    StatePacking<Int>(
      wordCount: 2,
      write: { state, words in
        words[0] = UInt64(state % 7)
        words[1] = UInt64(state / 7)
      },
      read: { Int($0[1]) * 7 + Int($0[0]) })
  }

  /// A store of two-word states: "key" (a mixed-radix key), "words" or "fingerprint".
  static func twoWordStore(_ kind: String) -> StateStore<Int> {
    switch kind {
    case "key": keyedStore()
    case "words": StateStore(mode: .exact, packing: twoWords())
    default: StateStore(mode: .fingerprint, packing: twoWords())
    }
  }

  @Test(
    "insert(packed:) stores a state once and answers whether it was new, in every store of packed words",
    arguments: ["key", "words", "fingerprint"])
  func insertPacked(store kind: String) {
    let twoWords = Self.twoWords()
    var store = Self.twoWordStore(kind)
    #expect(store.keyed == (kind != "words"))
    var random = SplitMix64(seed: 11)
    // 20,000 draws from 5,000 values: most states come again.
    let states = (0..<20_000).map { _ in Int(random.next() % 5_000) * 977 }
    var seen = Set<Int>()
    let words = UnsafeMutablePointer<UInt64>.allocate(capacity: 2)
    defer { words.deallocate() }
    for state in states {
      twoWords.write(state, words)
      // Fingerprint mode keeps the fingerprint only: the state itself here.
      let added = store.insert(packed: words, fingerprint: UInt64(state))
      #expect(added == seen.insert(state).inserted, "\(state)")
    }
    #expect(store.count == seen.count)
    #expect(seen.count > 4_000)
    #expect(seen.allSatisfy { store.find($0, fingerprint: UInt64($0)) != nil })
    #expect(store.find(1, fingerprint: 1) == nil)
  }

  @Test(
    "a copy of a store keeps reading the buffers it was taken with while the original grows",
    arguments: ["key", "words", "fingerprint"])
  func copyWhileGrowing(store kind: String) {
    let twoWords = Self.twoWords()
    var store = Self.twoWordStore(kind)
    let words = UnsafeMutablePointer<UInt64>.allocate(capacity: 2)
    defer { words.deallocate() }
    func insert(_ state: Int) {
      twoWords.write(state, words)
      let added = store.insert(packed: words, fingerprint: UInt64(state))
      #expect(added)
    }
    func finds(_ copy: StateStore<Int>, _ state: Int) -> Bool {
      twoWords.write(state, words)
      return copy.find(packed: words, fingerprint: UInt64(state)) != nil
    }
    for state in 1...1_000 { insert(state * 31) }
    let copy = store
    let bytes = store.bytes
    // Ten times as many states: the table and the words grow several times.
    for state in 1_001...11_000 { insert(state * 31) }
    #expect(store.bytes > 8 * bytes)
    #expect((1...1_000).allSatisfy { finds(copy, $0 * 31) })
    // A store of words skips entries past its copy's count; a key table's copy may see
    // keys inserted into its slots before they were left behind, which are stored.
    if kind == "words" { #expect((1_001...11_000).allSatisfy { !finds(copy, $0 * 31) }) }
    #expect((1...11_000).allSatisfy { finds(store, $0 * 31) })
    #expect(copy.count == 1_000 && store.count == 11_000)
  }

  @Test("without a key two words are kept as words; one word is its own key")
  func defaults() {
    let words = StatePacking<Int>(
      wordCount: 2, write: { state, words in words[0] = UInt64(state) }, read: { Int($0[0]) })
    #expect(words.key == nil)
    #expect(!StateStore(mode: .exact, packing: words).keyed)
    let word = StatePacking<Int>(
      wordCount: 1, write: { state, words in words[0] = UInt64(state) }, read: { Int($0[0]) })
    #expect(word.key?.isIdentity == true)
    #expect(StateStore(mode: .exact, packing: word).keyed)
    #expect(!StateStore<Int>(mode: .exact).keyed)
    #expect(StateStore<Int>(mode: .fingerprint, packing: word).keyed)
  }
}
