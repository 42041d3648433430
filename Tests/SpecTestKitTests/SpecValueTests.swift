import SpecTestKit
import Testing

@Suite("SpecValue: the language's equality, whatever order or form an adapter uses")
struct SpecValueTests {
  @Test("sets ignore order and duplicates")
  func sets() {
    #expect(SpecValue.set([3, 1, 2, 1]) == .set([1, 2, 3]))
    #expect(SpecValue.set([1, 2]) != .set([1, 2, 3]))
    #expect(SpecValue.set([3, 1, 2, 1]).description == "{1, 2, 3}")
  }

  @Test("a tuple equals the sequence with the same items, and a 1..n function too")
  func sequences() {
    #expect(SpecValue.tuple([1, "a"]) == .seq([1, "a"]))
    #expect(SpecValue.map([2: "b", 1: "a"]) == .seq(["a", "b"]))
    #expect(SpecValue.map([:]) == .seq([]))
    #expect(SpecValue.map([0: "a"]) != .seq(["a"]))
    #expect(SpecValue.map([2: "b", 1: "a"]).description == "<<\"a\", \"b\">>")
  }

  @Test("records compare field by field; a record is not a function with string keys")
  func records() {
    #expect(SpecValue.record(["a": 1, "b": .set([])]) == .record(["b": .set([]), "a": 1]))
    #expect(SpecValue.record(["a": 1]) != .map(["a": 1]))
    #expect(SpecValue.record(["b": 2, "a": 1]).description == "[a |-> 1, b |-> 2]")
  }

  @Test("integers beyond 64 bits compare by value, in canonical digits")
  func bigIntegers() throws {
    let big = SpecValue.bigint("123456789012345678901234567890")
    #expect(big == .bigint("000123456789012345678901234567890"))
    #expect(big != .bigint("-123456789012345678901234567890"))
    #expect(SpecValue.bigint("-0") == 0)
    #expect(SpecValue.int(Int.max) < big)
    #expect(SpecValue.bigint("-123456789012345678901234567890") < .int(Int.min))
    #expect(SpecValue.set([big, 5, -7]).description == "{-7, 5, 123456789012345678901234567890}")
    #expect(SpecInteger("12a") == nil)
    #expect(SpecInteger("-") == nil)
    #expect(try #require(SpecInteger("-42")).intValue == -42)
  }

  @Test("equal values hash alike, so they work as set elements and keys")
  func hashing() {
    let a = SpecValue.set([.tuple([1, 2]), .map([1: "x"])])
    let b = SpecValue.set([.seq(["x"]), .seq([1, 2])])
    #expect(a == b)
    #expect(Set([a, b]).count == 1)
    let keyed: [SpecValue: Int] = [a: 1]
    #expect(keyed[b] == 1)
  }

  @Test("the value order is kind first: Boolean, integer, string, sequence, record, set, function")
  func order() {
    let sorted: [SpecValue] = [.map(["k": 1]), .set([]), .record([:]), .seq([1]), "s", 1, true]
      .sorted()
    #expect(sorted.map(\.description) == ["TRUE", "1", "\"s\"", "<<1>>", "[]", "{}", "(\"k\" :> 1)"])
  }
}
