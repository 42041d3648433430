/// A value as a generated test writes it: the kinds of ITF, with integers as decimal
/// digits so values beyond 64 bits (which other tools' traces may hold) survive.
///
/// Built from the ITF JSON itself, not from `Value`: ITF's tags already say which kind a
/// value is (`#tup` a tuple, an array a sequence, `#map` a function), and the test must
/// show the implementation the same kinds the trace has.
package indirect enum TestValue: Equatable, Sendable {
  case bool(Bool)
  /// Decimal digits, `-?[0-9]+`.
  case int(String)
  case string(String)
  case set([TestValue])
  case sequence([TestValue])
  case tuple([TestValue])
  /// Fields in the order of the trace.
  case record([(String, TestValue)])
  case function([(TestValue, TestValue)])

  package static func == (a: TestValue, b: TestValue) -> Bool {
    switch (a, b) {
    case (.bool(let x), .bool(let y)): return x == y
    case (.int(let x), .int(let y)), (.string(let x), .string(let y)): return x == y
    case (.set(let x), .set(let y)), (.sequence(let x), .sequence(let y)),
      (.tuple(let x), .tuple(let y)):
      return x == y
    case (.record(let x), .record(let y)):
      return x.count == y.count && zip(x, y).allSatisfy { $0.0 == $1.0 && $0.1 == $1.1 }
    case (.function(let x), .function(let y)):
      return x.count == y.count && zip(x, y).allSatisfy { $0.0 == $1.0 && $0.1 == $1.1 }
    default: return false
    }
  }

  /// Reads one ITF value; `path` names it in errors (`states[2].balance`).
  package static func itf(_ json: JSON, path: String) throws(TestGenerationError) -> TestValue {
    switch json {
    case .bool(let b): return .bool(b)
    case .int(let i): return .int(String(i))
    case .string(let s): return .string(s)
    case .array(let items):
      return .sequence(try list(items, path: path))
    case .object(let pairs):
      if pairs.count == 1, pairs[0].0.hasPrefix("#") {
        return try tagged(pairs[0].0, pairs[0].1, path: path)
      }
      var fields: [(String, TestValue)] = []
      for (name, value) in pairs {
        if name.hasPrefix("#") {
          throw TestGenerationError("\(path): unexpected key '\(name)' in a record")
        }
        fields.append((name, try itf(value, path: "\(path).\(name)")))
      }
      return .record(fields)
    case .null, .double:
      throw TestGenerationError(
        "\(path): \(json.serialized()) is not an ITF value (integers are {\"#bigint\": \"...\"})")
    }
  }

  static func tagged(_ tag: String, _ body: JSON, path: String) throws(TestGenerationError)
    -> TestValue
  {
    switch (tag, body) {
    case ("#bigint", .string(let digits)):
      guard isInteger(digits) else {
        throw TestGenerationError("\(path): \"\(digits)\" is not an integer")
      }
      return .int(digits)
    case ("#set", .array(let items)): return .set(try list(items, path: "\(path).#set"))
    case ("#tup", .array(let items)): return .tuple(try list(items, path: "\(path).#tup"))
    case ("#map", .array(let items)):
      var pairs: [(TestValue, TestValue)] = []
      for (index, item) in items.enumerated() {
        guard case .array(let pair) = item, pair.count == 2 else {
          throw TestGenerationError("\(path).#map[\(index)]: expected a [key, value] pair")
        }
        pairs.append(
          (
            try itf(pair[0], path: "\(path).#map[\(index)][0]"),
            try itf(pair[1], path: "\(path).#map[\(index)][1]")
          ))
      }
      return .function(pairs)
    default:
      throw TestGenerationError(
        "\(path): \(JSON.object([(tag, body)]).serialized()) is not a value a test can hold".truncated(200))
    }
  }

  static func list(_ items: [JSON], path: String) throws(TestGenerationError) -> [TestValue] {
    var out: [TestValue] = []
    for (index, item) in items.enumerated() {
      out.append(try itf(item, path: "\(path)[\(index)]"))
    }
    return out
  }

  /// `-?[0-9]+`.
  static func isInteger(_ text: String) -> Bool {
    let digits = text.hasPrefix("-") ? text.utf8.dropFirst() : text.utf8[...]
    return !digits.isEmpty && digits.allSatisfy { $0 >= 0x30 && $0 <= 0x39 }
  }

  /// TLA+ notation, for comments and labels: `{1, 2}`, `<<1, "a">>`, `[a |-> 1]`,
  /// `("a" :> 1 @@ "b" :> 2)`.
  package var tla: String {
    switch self {
    case .bool(let b): return b ? "TRUE" : "FALSE"
    case .int(let digits): return digits
    case .string(let s): return "\"\(s)\""
    case .set(let items): return "{\(items.map(\.tla).joined(separator: ", "))}"
    case .sequence(let items), .tuple(let items):
      return "<<\(items.map(\.tla).joined(separator: ", "))>>"
    case .record(let fields):
      return "[\(fields.map { "\($0.0) |-> \($0.1.tla)" }.joined(separator: ", "))]"
    case .function(let pairs):
      return "(\(pairs.map { "\($0.0.tla) :> \($0.1.tla)" }.joined(separator: " @@ ")))"
    }
  }
}

/// Why a test cannot be generated from a trace.
package struct TestGenerationError: Error, Equatable, Sendable {
  package var message: String
  package init(_ message: String) { self.message = message }
}
