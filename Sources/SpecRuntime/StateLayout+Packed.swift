/// What compiled code needs to know about packed slots: exact encodings of constants,
/// decoding a slot on its own, and the fingerprint of packed words.
extension StateLayout {
  /// The packed bits of `value` under `codec`, when the codec is at most 64 bits wide and
  /// holds the value exactly (decoding the bits gives the value back); nil otherwise.
  func exactBits(of value: Value, _ codec: Codec) -> UInt64? {
    if case .interned = codec { return nil }
    guard codec.width <= 64 else { return nil }
    var writer = BitWriter(words: [0, 0])
    encode(value, codec, &writer)
    guard writer.position == codec.width else { return nil }
    let bits = writer.words[0]
    return decode(codec, bits: bits) == value ? bits : nil
  }

  /// The value that `bits` hold under `codec` (at most 64 bits wide).
  func decode(_ codec: Codec, bits: UInt64) -> Value {
    var reader = BitReader(words: [bits, 0])
    return decode(codec, &reader)
  }

  /// One variable of a packed state.
  func decodeVariable(_ index: Int, from words: [UInt64]) -> Value {
    var reader = BitReader(words: words + [0])
    reader.position = offsets[index]
    return decode(codecs[index], &reader)
  }

  /// Whether any variable is kept (even in part) in the intern table, whose ids depend on
  /// the order threads interned values in.
  static func hasInterned(_ codec: Codec) -> Bool {
    switch codec {
    case .interned: true
    case .bool, .int, .range, .enumeration, .bitset: false
    case .function(_, let range): hasInterned(range)
    case .record(_, let fields), .tuple(let fields): fields.contains(where: hasInterned)
    case .union(let variants, _, _): variants.contains { $0.fields.contains(where: hasInterned) }
    }
  }

  /// Whether two codecs pack the same values into the same bits.
  static func isSame(_ a: Codec, _ b: Codec) -> Bool {
    switch (a, b) {
    case (.bool, .bool), (.int, .int), (.interned, .interned): return true
    case (.range(let l1, let w1, let c1), .range(let l2, let w2, let c2)):
      return l1 == l2 && w1 == w2 && c1 == c2
    case (.enumeration(let x, _), .enumeration(let y, _)): return x == y
    case (.bitset(let x), .bitset(let y)): return x == y
    case (.function(let k1, let r1), .function(let k2, let r2)): return k1 == k2 && isSame(r1, r2)
    case (.record(let n1, let f1), .record(let n2, let f2)):
      return n1 == n2 && f1.count == f2.count && zip(f1, f2).allSatisfy { isSame($0, $1) }
    case (.tuple(let f1), .tuple(let f2)):
      return f1.count == f2.count && zip(f1, f2).allSatisfy { isSame($0, $1) }
    default: return false
    }
  }

  /// A fixed-seed hash of a packed state. Over the words themselves when no variable is
  /// interned (ids of interned values depend on thread timing); else over the values.
  package func fingerprint(_ words: [UInt64]) -> UInt64 {
    words.withUnsafeBufferPointer { buffer in
      guard let base = buffer.baseAddress else { return Fingerprint.seed }
      return fingerprint(base, count: buffer.count)
    }
  }

  /// The fingerprint of `count` packed words at `words`.
  @inline(__always)
  package func fingerprint(_ words: UnsafePointer<UInt64>, count: Int) -> UInt64 {
    if hasInternedVariables {
      return Fingerprint.hash(decode(Array(UnsafeBufferPointer(start: words, count: count))))
    }
    var h = Fingerprint.seed
    for index in 0..<count { h = Fingerprint.mix(h, words[index]) }
    return h
  }
}
