/// An integer of any size, as traces carry them (ITF writes integers as decimal strings,
/// `{"#bigint": "..."}`, because specs reason about mathematical integers).
///
/// Stored as a sign and canonical decimal digits, so equality and order need no
/// arithmetic: SpecTestKit only compares what an implementation shows with what a trace
/// says.
public struct SpecInteger: Sendable, Hashable, Comparable, CustomStringConvertible,
  ExpressibleByIntegerLiteral
{
  /// True for negative numbers (never for zero).
  public let isNegative: Bool
  /// The magnitude's decimal digits, without leading zeros ("0" for zero).
  public let digits: String

  public init(_ value: Int) {
    isNegative = value < 0
    digits = String(value.magnitude)
  }

  public init(integerLiteral value: Int) { self.init(value) }

  /// Parses `-?[0-9]+`; nil for anything else.
  public init?(_ text: String) {
    var body = Substring(text)
    let negative = body.first == "-"
    if negative { body = body.dropFirst() }
    guard !body.isEmpty, body.utf8.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) else { return nil }
    let trimmed = body.drop { $0 == "0" }
    digits = trimmed.isEmpty ? "0" : String(trimmed)
    isNegative = negative && digits != "0"
  }

  /// The value as an `Int`, when it fits in 64 bits.
  public var intValue: Int? { Int(description) }

  public var description: String { (isNegative ? "-" : "") + digits }

  public static func < (a: SpecInteger, b: SpecInteger) -> Bool {
    if a.isNegative != b.isNegative { return a.isNegative }
    let magnitudeLess =
      a.digits.count != b.digits.count
      ? a.digits.count < b.digits.count
      : a.digits.utf8.lexicographicallyPrecedes(b.digits.utf8)
    if a.digits == b.digits { return false }
    return a.isNegative ? !magnitudeLess : magnitudeLess
  }
}
