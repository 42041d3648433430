/// A value of the spec language, as generated tests and adapters exchange them.
///
/// Equality is the language's: sets ignore order and duplicates, a tuple equals the
/// sequence with the same items, and a function whose domain is `1..n` equals the
/// sequence of its values (as in TLA+, where a sequence is such a function). Records and
/// functions with string keys stay distinct. `==`, `hash` and `<` all work on that
/// canonical form, so values can be set elements and dictionary keys.
public indirect enum SpecValue: Sendable, Hashable, Comparable, CustomStringConvertible,
  ExpressibleByBooleanLiteral, ExpressibleByIntegerLiteral, ExpressibleByStringLiteral
{
  case bool(Bool)
  case int(SpecInteger)
  case string(String)
  case set([SpecValue])
  case seq([SpecValue])
  case tuple([SpecValue])
  case record([String: SpecValue])
  case map([SpecValue: SpecValue])

  public init(booleanLiteral value: Bool) { self = .bool(value) }
  public init(integerLiteral value: Int) { self = .int(SpecInteger(value)) }
  public init(stringLiteral value: String) { self = .string(value) }

  /// An integer given as decimal digits, for values beyond 64 bits. Traps on anything
  /// but `-?[0-9]+`: generated code only passes digits.
  public static func bigint(_ digits: String) -> SpecValue {
    guard let value = SpecInteger(digits) else {
      preconditionFailure("SpecValue.bigint expects decimal digits, got \"\(digits)\"")
    }
    return .int(value)
  }

  /// An integer of 64 bits.
  public static func int(_ value: Int) -> SpecValue { .int(SpecInteger(value)) }

  // MARK: - Canonical form

  /// The form in which equal values are identical: tuples and `1..n` functions become
  /// sequences, sets are sorted without duplicates, nested values canonical.
  public var canonical: SpecValue {
    switch self {
    case .bool, .int, .string: return self
    case .seq(let items), .tuple(let items): return .seq(items.map(\.canonical))
    case .set(let elements):
      var sorted = elements.map(\.canonical).sorted { Self.order($0, $1) < 0 }
      var unique: [SpecValue] = []
      for element in sorted where unique.last.map({ Self.order($0, element) != 0 }) ?? true {
        unique.append(element)
      }
      sorted = unique
      return .set(sorted)
    case .record(let fields): return .record(fields.mapValues(\.canonical))
    case .map(let entries):
      var canonicalEntries: [SpecValue: SpecValue] = [:]
      for (key, value) in entries { canonicalEntries[key.canonical] = value.canonical }
      let count = canonicalEntries.count
      var items: [SpecValue] = []
      for index in 0..<count {
        guard let item = canonicalEntries[.int(SpecInteger(index + 1))] else { break }
        items.append(item)
      }
      return items.count == count ? .seq(items) : .map(canonicalEntries)
    }
  }

  /// Kind order, as speccheck's value order: Boolean, integer, string, sequence, record,
  /// set, function.
  private var rank: Int {
    switch self {
    case .bool: 0
    case .int: 1
    case .string: 2
    case .seq, .tuple: 3
    case .record: 4
    case .set: 5
    case .map: 6
    }
  }

  /// Compares two canonical values: negative, zero or positive.
  private static func order(_ a: SpecValue, _ b: SpecValue) -> Int {
    switch (a, b) {
    case (.bool(let x), .bool(let y)): return x == y ? 0 : (x ? 1 : -1)
    case (.int(let x), .int(let y)): return x == y ? 0 : (x < y ? -1 : 1)
    case (.string(let x), .string(let y)): return x == y ? 0 : (x < y ? -1 : 1)
    case (.seq(let x), .seq(let y)), (.set(let x), .set(let y)): return orderLists(x, y)
    case (.record(let x), .record(let y)):
      let xs = x.sorted { $0.key < $1.key }
      let ys = y.sorted { $0.key < $1.key }
      let names = orderLists(xs.map { .string($0.key) }, ys.map { .string($0.key) })
      return names != 0 ? names : orderLists(xs.map(\.value), ys.map(\.value))
    case (.map(let x), .map(let y)):
      let xs = x.sorted { order($0.key, $1.key) < 0 }
      let ys = y.sorted { order($0.key, $1.key) < 0 }
      let keys = orderLists(xs.map(\.key), ys.map(\.key))
      return keys != 0 ? keys : orderLists(xs.map(\.value), ys.map(\.value))
    default:
      return a.rank < b.rank ? -1 : (a.rank == b.rank ? 0 : 1)
    }
  }

  private static func orderLists(_ x: [SpecValue], _ y: [SpecValue]) -> Int {
    for (p, q) in zip(x, y) {
      let c = order(p, q)
      if c != 0 { return c }
    }
    return x.count == y.count ? 0 : (x.count < y.count ? -1 : 1)
  }

  public static func == (a: SpecValue, b: SpecValue) -> Bool {
    order(a.canonical, b.canonical) == 0
  }

  public static func < (a: SpecValue, b: SpecValue) -> Bool {
    order(a.canonical, b.canonical) < 0
  }

  public func hash(into hasher: inout Hasher) {
    Self.hashCanonical(canonical, into: &hasher)
  }

  private static func hashCanonical(_ value: SpecValue, into hasher: inout Hasher) {
    hasher.combine(value.rank)
    switch value {
    case .bool(let b): hasher.combine(b)
    case .int(let i): hasher.combine(i)
    case .string(let s): hasher.combine(s)
    case .seq(let items), .tuple(let items), .set(let items):
      hasher.combine(items.count)
      for item in items { hashCanonical(item, into: &hasher) }
    case .record(let fields):
      for (name, field) in fields.sorted(by: { $0.key < $1.key }) {
        hasher.combine(name)
        hashCanonical(field, into: &hasher)
      }
    case .map(let entries):
      for (key, entry) in entries.sorted(by: { order($0.key, $1.key) < 0 }) {
        hashCanonical(key, into: &hasher)
        hashCanonical(entry, into: &hasher)
      }
    }
  }

  // MARK: - Rendering

  /// TLA+ notation of the canonical form: `{1, 2}`, `<<1, "a">>`, `[a |-> 1]`,
  /// `("a" :> 1 @@ "b" :> 2)`; the same text for equal values.
  public var description: String { Self.render(canonical) }

  private static func render(_ value: SpecValue) -> String {
    switch value {
    case .bool(let b): return b ? "TRUE" : "FALSE"
    case .int(let i): return i.description
    case .string(let s): return "\"\(s)\""
    case .seq(let items), .tuple(let items):
      return "<<\(items.map(render).joined(separator: ", "))>>"
    case .set(let elements): return "{\(elements.map(render).joined(separator: ", "))}"
    case .record(let fields):
      let sorted = fields.sorted { $0.key < $1.key }
      return "[\(sorted.map { "\($0.key) |-> \(render($0.value))" }.joined(separator: ", "))]"
    case .map(let entries):
      let sorted = entries.sorted { order($0.key, $1.key) < 0 }
      return "(\(sorted.map { "\(render($0.key)) :> \(render($0.value))" }.joined(separator: " @@ ")))"
    }
  }
}
