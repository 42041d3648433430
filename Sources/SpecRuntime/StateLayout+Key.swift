import SpecEngine

/// The packed words as one 64-bit number (`StateKey`), where the declared types allow:
/// ranges and enumerations count their values rather than their bits, and an entry of a
/// function shares one radix with its presence bit.
extension StateLayout {
  /// A digit before it is placed in words: `width` bits from bit `offset` of the packing.
  struct KeyDigit: Equatable {
    var offset: Int
    var width: Int
    var radix: UInt64
    /// The bit whose 0 makes the digit 0 and whose 1 makes it 1 + the bits' value.
    var presence: Int?
  }

  /// The key of this layout's packing: the word itself for one word; for more, the
  /// mixed-radix number of the digits of every variable, when it is below 2^64; else nil
  /// (an `Int` variable, or values that need more than 64 bits however they are counted).
  package var stateKey: StateKey? {
    if wordCount == 1 { return .identity }
    var digits: [KeyDigit] = []
    for (codec, offset) in zip(codecs, offsets) {
      guard Self.keyDigits(codec, at: offset, into: &digits) else { return nil }
    }
    // A digit of no bits reads nothing: one without a presence bit has one value and is
    // dropped; one with a presence bit is read where that bit is. (Placed after the
    // packing's last bit, either would name a word past the end.)
    let placed = Self.merged(Self.splitAtWords(digits)).compactMap { digit -> StateKey.Digit? in
      var offset = digit.offset
      if digit.width == 0 {
        guard let presence = digit.presence else { return nil }
        offset = presence
      }
      return StateKey.Digit(
        word: offset / 64, shift: offset % 64, width: digit.width, radix: digit.radix,
        presence: digit.presence.map { ($0 / 64, $0 % 64) })
    }
    return StateKey(digits: placed)
  }

  /// Appends the digits of a value under `codec` packed at bit `offset`; false when some
  /// part has no radix below 2^64 (`Int`).
  static func keyDigits(_ codec: Codec, at offset: Int, into digits: inout [KeyDigit]) -> Bool {
    switch codec {
    case .bool:
      digits.append(KeyDigit(offset: offset, width: 1, radix: 2))
    case .int:
      return false
    case .range(_, let width, let count):
      digits.append(KeyDigit(offset: offset, width: width, radix: UInt64(count)))
    case .enumeration(let literals, let width):
      digits.append(KeyDigit(offset: offset, width: width, radix: UInt64(literals.count)))
    case .bitset, .union, .interned:
      // Every bit pattern may occur (a union's variants share their bits).
      var at = offset
      let end = offset + codec.width
      while at < end {
        let width = min(32, end - at)
        digits.append(KeyDigit(offset: at, width: width, radix: 1 << UInt64(width)))
        at += width
      }
    case .record(_, let fields), .tuple(let fields):
      var at = offset
      for field in fields {
        guard keyDigits(field, at: at, into: &digits) else { return false }
        at += field.width
      }
    case .function(let keys, let range):
      let slot = 1 + range.width
      for index in keys.indices {
        let presence = offset + index * slot
        var entry: [KeyDigit] = []
        guard keyDigits(range, at: presence + 1, into: &entry) else { return false }
        if entry.count == 1, entry[0].presence == nil, entry[0].radix < UInt64.max {
          // Absent: 0; present: 1 + the value (absent entries keep zero bits).
          entry[0].radix += 1
          entry[0].presence = presence
          digits.append(entry[0])
        } else {
          digits.append(KeyDigit(offset: presence, width: 1, radix: 2))
          digits += entry
        }
      }
    }
    return true
  }

  /// Digits split where they cross a word: the low part counts its bits, the high part
  /// the rest of the radix. A digit with a presence bit keeps that bit as a digit of its own.
  static func splitAtWords(_ digits: [KeyDigit]) -> [KeyDigit] {
    var split: [KeyDigit] = []
    for digit in digits {
      let low = 64 - digit.offset % 64
      guard digit.width > low else {
        split.append(digit)
        continue
      }
      var plain = digit
      if let presence = digit.presence {
        split.append(KeyDigit(offset: presence, width: 1, radix: 2))
        plain.presence = nil
        plain.radix -= 1
      }
      let lowRadix: UInt64 = 1 << UInt64(low)
      split.append(KeyDigit(offset: plain.offset, width: low, radix: lowRadix))
      split.append(
        KeyDigit(
          offset: plain.offset + low, width: plain.width - low,
          radix: (plain.radix + lowRadix - 1) / lowRadix))
    }
    return split
  }

  /// Neighbouring digits joined where the lower one uses every pattern of its bits and
  /// both lie in one word: one field to read instead of two, the same number.
  static func merged(_ digits: [KeyDigit]) -> [KeyDigit] {
    var merged: [KeyDigit] = []
    for digit in digits {
      if let last = merged.last, last.presence == nil, digit.presence == nil,
        last.width < 63, last.radix == 1 << UInt64(last.width),
        digit.offset == last.offset + last.width,
        last.offset / 64 == (digit.offset + digit.width - 1) / 64,
        last.width + digit.width < 64
      {
        let (radix, overflow) = last.radix.multipliedReportingOverflow(by: digit.radix)
        if !overflow {
          merged[merged.count - 1] = KeyDigit(
            offset: last.offset, width: last.width + digit.width, radix: radix)
          continue
        }
      }
      merged.append(digit)
    }
    return merged
  }
}
