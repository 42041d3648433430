import SpecRuntime
import Testing

/// The fixed value order (CHOOSE, set and function canonical forms) on records: by the
/// list of field names, as strings, then by the values.
@Suite("Value order of records")
struct ValueOrderTests {
  static func record(_ fields: [(String, Int)]) -> Value {
    Value.makeRecord(fields.map { ($0.0, Value.int($0.1)) })
  }

  @Test(
    "records compare by their names first, then by their values",
    arguments: [
      ([("a", 1)], [("a", 2)], -1),  // same names: the values decide
      ([("a", 5)], [("b", 0)], -1),  // "a" < "b", whatever the values
      ([("a", 1)], [("a", 1), ("b", 0)], -1),  // a prefix of the names comes first
      ([("a", 9), ("b", 0)], [("a", 1), ("c", 0)], -1),  // "b" < "c" before any value
      ([("b", 0), ("a", 2)], [("a", 2), ("b", 0)], 0),  // fields are sorted by name
      ([("type", 2), ("bal", 0)], [("type", 1), ("bal", 1)], -1),  // bal, then type
    ])
  func order(_ lhs: [(String, Int)], _ rhs: [(String, Int)], expected: Int) {
    let (a, b) = (Self.record(lhs), Self.record(rhs))
    #expect(Value.compare(a, b) == expected)
    #expect(Value.compare(b, a) == -expected)
    #expect((a < b) == (expected < 0))
  }

  @Test("a set of records is sorted and deduplicated in that order")
  func setOfRecords() {
    let set = Value.makeSet([
      Self.record([("b", 0)]), Self.record([("a", 2)]), Self.record([("a", 1), ("b", 0)]),
      Self.record([("a", 2)]),
    ])
    #expect(
      set
        == .set([
          Self.record([("a", 2)]), Self.record([("a", 1), ("b", 0)]), Self.record([("b", 0)]),
        ]))
  }
}
