/// A one-to-one map from a packing's words to a 64-bit number, so that an exact store can
/// keep a state as one number instead of its words.
///
/// The words are read as digits of a mixed-radix number: each digit is a field of bits
/// whose value is below its radix (a range of 5 values in 3 bits has radix 5), and the
/// number is the sum of each digit times the product of the radices before it. Where the
/// product of all radices is below 2^64 the number is exact: two packings of different
/// states differ in some digit, so in the number. A digit may depend on a presence bit
/// (an entry of a partial function): absent counts 0, present 1 + the field's value, so an
/// entry and its presence share one radix (6 values and "absent" in 3 + 1 bits take 7).
/// Packing FilterLock with 6 processes takes 92 bits and its number 63.
public struct StateKey: Sendable {
  /// One digit: `width` bits at `shift` in `word`, below `radix`; with a presence bit,
  /// 0 when that bit is clear and 1 + the bits' value when it is set (the radix counts
  /// both).
  public struct Digit: Sendable, Equatable {
    public var word: Int
    public var shift: Int
    public var width: Int
    public var radix: UInt64
    /// The presence bit: its word and shift.
    public var presence: (word: Int, shift: Int)?

    public init(word: Int, shift: Int, width: Int, radix: UInt64, presence: (Int, Int)? = nil) {
      (self.word, self.shift, self.width, self.radix) = (word, shift, width, radix)
      self.presence = presence.map { (word: $0.0, shift: $0.1) }
    }

    public static func == (a: Digit, b: Digit) -> Bool {
      (a.word, a.shift, a.width, a.radix) == (b.word, b.shift, b.width, b.radix)
        && a.presence?.word == b.presence?.word && a.presence?.shift == b.presence?.shift
    }
  }

  /// A digit as the key reads it.
  @usableFromInline
  struct Field: Sendable {
    @usableFromInline var word: Int
    @usableFromInline var shift: UInt64
    @usableFromInline var mask: UInt64
    @usableFromInline var weight: UInt64
    /// -1: no presence bit.
    @usableFromInline var presenceWord: Int
    @usableFromInline var presenceShift: UInt64
  }

  /// Owns the fields and frees them with the last copy of the key.
  @usableFromInline
  final class Storage: @unchecked Sendable {
    let fields: UnsafeMutablePointer<Field>
    init(_ fields: [Field]) {
      self.fields = .allocate(capacity: max(1, fields.count))
      self.fields.initialize(from: fields, count: fields.count)
    }
    deinit { fields.deallocate() }
  }

  /// Owns what `reader` points to.
  @usableFromInline let storage: Storage
  /// What computing a number reads: plain data, so that copying it costs no reference
  /// counting (a copy of the key itself retains its storage and digits).
  public let reader: Reader
  /// A one-word packing taken as it is.
  public var isIdentity: Bool { reader.isIdentity }
  /// The digits, in the order of their weights (least first).
  public let digits: [Digit]
  /// The product of the radices: every number is below it (nil: the identity's 2^64).
  public let bound: UInt64?

  /// The words of a one-word packing, as they are.
  public static let identity = StateKey(identity: ())

  private init(identity: Void) {
    storage = Storage([])
    reader = Reader(fields: storage.fields, count: 0, isIdentity: true)
    digits = []
    bound = nil
  }

  /// The key of these digits, which must lie in the packing's words; nil when the
  /// product of their radices is 2^64 or more, or a digit does not fit its word or its
  /// radix its width.
  public init?(digits: [Digit]) {
    var fields: [Field] = []
    var weight: UInt64 = 1
    for digit in digits {
      guard digit.width >= 0, digit.width < 64, digit.shift >= 0, digit.shift + digit.width <= 64,
        digit.radix >= 1
      else { return nil }
      let values: UInt64 =
        digit.presence == nil ? 1 << UInt64(digit.width) : (1 << UInt64(digit.width)) + 1
      guard digit.radix <= values else { return nil }
      fields.append(
        Field(
          word: digit.word, shift: UInt64(digit.shift), mask: (1 << UInt64(digit.width)) - 1,
          weight: weight, presenceWord: digit.presence?.word ?? -1,
          presenceShift: UInt64(digit.presence?.shift ?? 0)))
      let (product, overflow) = weight.multipliedReportingOverflow(by: digit.radix)
      if overflow { return nil }
      weight = product
    }
    storage = Storage(fields)
    reader = Reader(fields: storage.fields, count: fields.count, isIdentity: false)
    self.digits = digits
    bound = weight
  }

  /// The number of the packed words at `words`.
  @inlinable @inline(__always)
  public func code(_ words: UnsafePointer<UInt64>) -> UInt64 { reader.code(words) }

  /// Computes numbers; valid while its key lives.
  public struct Reader: @unchecked Sendable {
    @usableFromInline let fields: UnsafeMutablePointer<Field>
    @usableFromInline let count: Int
    @usableFromInline let isIdentity: Bool

    @usableFromInline
    init(fields: UnsafeMutablePointer<Field>, count: Int, isIdentity: Bool) {
      (self.fields, self.count, self.isIdentity) = (fields, count, isIdentity)
    }

    /// The number of the packed words at `words`.
    @inlinable @inline(__always)
    public func code(_ words: UnsafePointer<UInt64>) -> UInt64 {
      if isIdentity { return words[0] }
      var code: UInt64 = 0
      for index in 0..<count {
        let field = fields[index]
        var digit = (words[field.word] >> field.shift) & field.mask
        if field.presenceWord >= 0 {
          let present = (words[field.presenceWord] >> field.presenceShift) & 1
          digit = (digit &+ 1) & (0 &- present)
        }
        code = code &+ digit &* field.weight
      }
      return code
    }
  }
}
