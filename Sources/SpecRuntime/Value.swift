/// A value of the spec language.
///
/// Sets, functions and records are kept in canonical form (sorted by the value order,
/// no duplicates), so `==` is the language's equality and `<` is the fixed order that
/// `CHOOSE` and every listing use. A function whose domain is `1..n` is a sequence, as in
/// TLA+, so `[i \in 1..2 |-> 0] = <<0, 0>>`.
package enum Value: Hashable, Sendable, Comparable, CustomStringConvertible {
  case bool(Bool)
  case int(Int)
  case string(String)
  /// Sequences and tuples (functions with domain `1..n`, including the empty function).
  case sequence([Value])
  /// Field names sorted, one value per name.
  case record(names: [String], values: [Value])
  /// Elements sorted and unique.
  case set([Value])
  /// Keys sorted and unique; never a domain of the form `1..n` (that is a sequence).
  case function(keys: [Value], values: [Value])

  private var rank: Int {
    switch self {
    case .bool: 0
    case .int: 1
    case .string: 2
    case .sequence: 3
    case .record: 4
    case .set: 5
    case .function: 6
    }
  }

  /// The total value order: kind first, then contents (lexicographic for compounds).
  package static func < (a: Value, b: Value) -> Bool { compare(a, b) < 0 }

  package static func compare(_ a: Value, _ b: Value) -> Int {
    switch (a, b) {
    case (.bool(let x), .bool(let y)): return x == y ? 0 : (!x ? -1 : 1)
    case (.int(let x), .int(let y)): return x < y ? -1 : (x == y ? 0 : 1)
    case (.string(let x), .string(let y)): return x < y ? -1 : (x == y ? 0 : 1)
    case (.sequence(let x), .sequence(let y)), (.set(let x), .set(let y)):
      return compareLists(x, y)
    case (.record(let n1, let v1), .record(let n2, let v2)):
      let names = compareNames(n1, n2)
      return names != 0 ? names : compareLists(v1, v2)
    case (.function(let k1, let v1), .function(let k2, let v2)):
      let keys = compareLists(k1, k2)
      return keys != 0 ? keys : compareLists(v1, v2)
    default:
      return a.rank < b.rank ? -1 : 1
    }
  }

  /// Field names in the order of their lists as `.string` values, without building them
  /// (a record comparison allocated two arrays before).
  private static func compareNames(_ x: [String], _ y: [String]) -> Int {
    for (p, q) in zip(x, y) where p != q { return p < q ? -1 : 1 }
    return x.count < y.count ? -1 : (x.count == y.count ? 0 : 1)
  }

  private static func compareLists(_ x: [Value], _ y: [Value]) -> Int {
    for (p, q) in zip(x, y) {
      let c = compare(p, q)
      if c != 0 { return c }
    }
    return x.count < y.count ? -1 : (x.count == y.count ? 0 : 1)
  }

  // MARK: - Canonical constructors

  /// A set from any elements: sorted, duplicates removed.
  package static func makeSet(_ elements: [Value]) -> Value {
    guard elements.count > 1 else { return .set(elements) }
    var sorted = elements.sorted()
    var unique = 0
    for index in 1..<sorted.count where sorted[index] != sorted[unique] {
      unique += 1
      sorted[unique] = sorted[index]
    }
    sorted.removeLast(sorted.count - unique - 1)
    return .set(sorted)
  }

  /// A function from key/value pairs with unique keys; a sequence when the keys are `1..n`.
  package static func makeFunction(_ pairs: [(Value, Value)]) -> Value {
    let sorted = pairs.sorted { $0.0 < $1.0 }
    var isSequence = true
    for (index, pair) in sorted.enumerated() where pair.0 != .int(index + 1) {
      isSequence = false
      break
    }
    if isSequence { return .sequence(sorted.map(\.1)) }
    return .function(keys: sorted.map(\.0), values: sorted.map(\.1))
  }

  package static func makeRecord(_ fields: [(String, Value)]) -> Value {
    let sorted = fields.sorted { $0.0 < $1.0 }
    return .record(names: sorted.map(\.0), values: sorted.map(\.1))
  }

  // MARK: - Access

  /// Set elements, or nil for a non-set.
  package var elements: [Value]? {
    if case .set(let elements) = self { return elements }
    return nil
  }

  /// The pairs of a function-like value (function, sequence, record), in key order.
  package var functionPairs: [(Value, Value)]? {
    switch self {
    case .function(let keys, let values): return Array(zip(keys, values))
    case .sequence(let items): return items.enumerated().map { (.int($0.offset + 1), $0.element) }
    case .record(let names, let values): return Array(zip(names.map(Value.string), values))
    default: return nil
    }
  }

  /// Binary search in a sorted, unique list.
  package static func index(of value: Value, in sorted: [Value]) -> Int? {
    var low = 0
    var high = sorted.count - 1
    while low <= high {
      let mid = (low + high) / 2
      let c = compare(sorted[mid], value)
      if c == 0 { return mid }
      if c < 0 { low = mid + 1 } else { high = mid - 1 }
    }
    return nil
  }

  // MARK: - Rendering

  /// TLA+ notation: `{1, 2}`, `<<1, "a">>`, `[a |-> 1]`, `(1 :> 2 @@ 3 :> 4)`.
  package var description: String {
    switch self {
    case .bool(let b): return b ? "TRUE" : "FALSE"
    case .int(let i): return String(i)
    case .string(let s): return "\"\(s)\""
    case .sequence(let items): return "<<\(items.map(\.description).joined(separator: ", "))>>"
    case .record(let names, let values):
      return "[\(zip(names, values).map { "\($0) |-> \($1)" }.joined(separator: ", "))]"
    case .set(let elements): return "{\(elements.map(\.description).joined(separator: ", "))}"
    case .function(let keys, let values):
      return "(\(zip(keys, values).map { "\($0) :> \($1)" }.joined(separator: " @@ ")))"
    }
  }
}

extension Value {
  /// A copy that shares no storage with this value, for another thread to read without
  /// contending on reference counts.
  package func deepCopy() -> Value {
    switch self {
    case .bool, .int: return self
    case .string(let s): return .string(String(decoding: Array(s.utf8), as: UTF8.self))
    case .sequence(let items): return .sequence(items.map { $0.deepCopy() })
    case .record(let names, let values):
      return .record(
        names: names.map { String(decoding: Array($0.utf8), as: UTF8.self) },
        values: values.map { $0.deepCopy() })
    case .set(let elements): return .set(elements.map { $0.deepCopy() })
    case .function(let keys, let values):
      return .function(keys: keys.map { $0.deepCopy() }, values: values.map { $0.deepCopy() })
    }
  }
}
