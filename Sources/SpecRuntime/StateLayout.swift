import SpecSemantics
import SpecSyntax
import Synchronization

/// Packs states into 64-bit words using the declared types: `Bool` one bit, ranges and
/// enumerations the fewest bits that hold them, records and tuples their fields in a row,
/// functions over finite domains one presence bit and one slot per domain element, sets
/// over small finite types a bitset. Values of unbounded types (`Seq`, sets of `Int`, ...)
/// are kept in an intern table whose index is stored.
///
/// Encoding is exact: two states are equal if and only if their packed words are.
package final class StateLayout: Sendable {
  indirect enum Codec: Sendable {
    case bool
    case int
    /// `count` values from `low`.
    case range(low: Int, width: Int, count: Int)
    case enumeration([String], width: Int)
    /// A bitset over the sorted values of a finite element type.
    case bitset([Value])
    /// One presence bit and a slot per key of a finite domain.
    case function(keys: [Value], range: Codec)
    case record(names: [String], fields: [Codec])
    case union(variants: [(names: [String], fields: [Codec])], tagWidth: Int, width: Int)
    case tuple([Codec])
    case interned

    var width: Int {
      switch self {
      case .bool: 1
      case .int: 64
      case .range(_, let width, _), .enumeration(_, let width): width
      case .bitset(let values): values.count
      case .function(let keys, let range): keys.count * (1 + range.width)
      case .record(_, let fields): fields.reduce(0) { $0 + $1.width }
      case .union(_, _, let width): width
      case .tuple(let members): members.reduce(0) { $0 + $1.width }
      case .interned: 32
      }
    }
  }

  let codecs: [Codec]
  let offsets: [Int]
  /// Words per packed state.
  package let wordCount: Int
  /// Shared by every worker's layout, so an interned value has one id in a search.
  let interned: InternedValues
  /// Whether some variable is (at least in part) interned: see `fingerprint`.
  let hasInternedVariables: Bool

  /// Values of unbounded types, each stored once and referred to by index.
  package final class InternedValues: Sendable {
    let table = Mutex<InternTable>(InternTable())
    package init() {}
  }

  struct InternTable: Sendable {
    var ids: [Value: UInt32] = [:]
    var values: [Value] = []
  }

  /// Widest bitset or function domain packed in place; larger ones are interned.
  static let maxInlineElements = 256

  /// Builds the layout; workers pass the first layout's `interned` so ids agree.
  package init(spec: TypedSpec, evaluator: Evaluator, interned: InternedValues = InternedValues()) {
    self.interned = interned
    var codecs: [Codec] = []
    var offsets: [Int] = []
    var offset = 0
    for variable in spec.variables {
      let codec = Self.codec(variable.type, evaluator)
      codecs.append(codec)
      offsets.append(offset)
      offset += codec.width
    }
    self.codecs = codecs
    self.offsets = offsets
    self.hasInternedVariables = codecs.contains(where: Self.hasInterned)
    self.wordCount = max(1, (offset + 63) / 64)
  }

  static func bitWidth(_ count: Int) -> Int {
    count <= 1 ? 0 : Int.bitWidth - (count - 1).leadingZeroBitCount
  }

  static func codec(_ type: DeclaredType, _ evaluator: Evaluator) -> Codec {
    switch type {
    case .bool: return .bool
    case .int: return .int
    case .sequence: return .interned
    case .range(let low, let high):
      guard let a = try? evaluator.bound(low), let b = try? evaluator.bound(high), a <= b else {
        return .int
      }
      let (span, overflow) = b.subtractingReportingOverflow(a)
      if overflow || span >= 1 << 62 { return .int }
      return .range(low: a, width: bitWidth(span + 1), count: span + 1)
    case .enumeration(let literals):
      return .enumeration(literals, width: bitWidth(literals.count))
    case .set(let element):
      guard element.isFinite,
        let values = try? evaluator.enumerateType(element, name: "", at: .none),
        values.count <= maxInlineElements
      else { return .interned }
      return .bitset(values)
    case .function(let domain, let range):
      guard domain.isFinite,
        let keys = try? evaluator.enumerateType(domain, name: "", at: .none),
        keys.count <= maxInlineElements
      else { return .interned }
      let rangeCodec = codec(range, evaluator)
      if keys.count * (1 + rangeCodec.width) > 4096 { return .interned }
      return .function(keys: keys, range: rangeCodec)
    case .record(let fields):
      return .record(names: fields.map(\.name), fields: fields.map { codec($0.type, evaluator) })
    case .recordUnion(let variants):
      let encoded = variants.map { fields in
        (names: fields.map(\.name), fields: fields.map { codec($0.type, evaluator) })
      }
      let tagWidth = bitWidth(variants.count)
      let width = tagWidth + (encoded.map { $0.fields.reduce(0) { $0 + $1.width } }.max() ?? 0)
      return .union(variants: encoded, tagWidth: tagWidth, width: width)
    case .tuple(let members):
      return .tuple(members.map { codec($0, evaluator) })
    }
  }

  // MARK: - Encoding

  /// Packs a state; values outside their codec (a type error already reported by the
  /// runtime's type check) fall back to interning so encoding never fails.
  package func encode(_ values: [Value]) -> [UInt64] {
    var writer = BitWriter(words: [UInt64](repeating: 0, count: wordCount))
    for (index, value) in values.enumerated() {
      writer.position = offsets[index]
      encode(value, codecs[index], &writer)
    }
    return writer.words
  }

  package func decode(_ words: [UInt64]) -> [Value] {
    var reader = BitReader(words: words)
    return codecs.indices.map { index in
      reader.position = offsets[index]
      return decode(codecs[index], &reader)
    }
  }

  func intern(_ value: Value) -> UInt64 {
    interned.table.withLock { table in
      if let id = table.ids[value] { return UInt64(id) }
      let id = UInt32(table.values.count)
      table.ids[value] = id
      table.values.append(value)
      return UInt64(id)
    }
  }

  func encode(_ value: Value, _ codec: Codec, _ writer: inout BitWriter) {
    switch (codec, value) {
    case (.bool, .bool(let b)): writer.write(b ? 1 : 0, width: 1)
    case (.int, .int(let i)): writer.write(UInt64(bitPattern: Int64(i)), width: 64)
    case (.range(let low, let width, _), .int(let i)) where i >= low:
      writer.write(UInt64(i - low), width: width)
    case (.enumeration(let literals, let width), .string(let s)):
      writer.write(UInt64(literals.firstIndex(of: s) ?? 0), width: width)
    case (.bitset(let universe), .set(let elements)):
      let start = writer.position
      for element in elements {
        if let index = Value.index(of: element, in: universe) {
          writer.position = start + index
          writer.write(1, width: 1)
        }
      }
      writer.position = start + universe.count
    case (.function(let keys, let range), _):
      guard let pairs = value.functionPairs else { break }
      let start = writer.position
      let slot = 1 + range.width
      for (key, item) in pairs {
        guard let index = Value.index(of: key, in: keys) else { continue }
        writer.position = start + index * slot
        writer.write(1, width: 1)
        encode(item, range, &writer)
      }
      writer.position = start + keys.count * slot
    case (.record(_, let fields), .record(_, let values)):
      for (field, item) in zip(fields, values) { encode(item, field, &writer) }
    case (.union(let variants, let tagWidth, let width), .record(let names, let values)):
      let start = writer.position
      let tag = variants.firstIndex { $0.names == names } ?? 0
      writer.write(UInt64(tag), width: tagWidth)
      for (field, item) in zip(variants[tag].fields, values) { encode(item, field, &writer) }
      writer.position = start + width
    case (.tuple(let members), .sequence(let items)):
      for (member, item) in zip(members, items) { encode(item, member, &writer) }
    case (.interned, _):
      writer.write(intern(value), width: 32)
    default:
      break
    }
  }

  func decode(_ codec: Codec, _ reader: inout BitReader) -> Value {
    switch codec {
    case .bool: return .bool(reader.read(width: 1) == 1)
    case .int: return .int(Int(Int64(bitPattern: reader.read(width: 64))))
    case .range(let low, let width, _): return .int(low + Int(reader.read(width: width)))
    case .enumeration(let literals, let width):
      return .string(literals[min(Int(reader.read(width: width)), literals.count - 1)])
    case .bitset(let universe):
      var elements: [Value] = []
      for element in universe where reader.read(width: 1) == 1 { elements.append(element) }
      return .set(elements)
    case .function(let keys, let range):
      var pairs: [(Value, Value)] = []
      for key in keys {
        if reader.read(width: 1) == 1 {
          pairs.append((key, decode(range, &reader)))
        } else {
          reader.position += range.width
        }
      }
      return Value.makeFunction(pairs)
    case .record(let names, let fields):
      return .record(names: names, values: fields.map { decode($0, &reader) })
    case .union(let variants, let tagWidth, let width):
      let start = reader.position
      let tag = min(Int(reader.read(width: tagWidth)), variants.count - 1)
      let variant = variants[tag]
      let value = Value.record(names: variant.names, values: variant.fields.map { decode($0, &reader) })
      reader.position = start + width
      return value
    case .tuple(let members):
      return .sequence(members.map { decode($0, &reader) })
    case .interned:
      let id = Int(reader.read(width: 32))
      return interned.table.withLock { $0.values[id] }
    }
  }

  /// Bytes held by the intern table (an estimate: its values' heap storage is not
  /// counted).
  package var internedBytes: Int {
    interned.table.withLock { $0.values.count * (MemoryLayout<Value>.stride * 2 + 4) }
  }
}

struct BitWriter {
  var words: [UInt64]
  var position = 0

  @inline(__always)
  mutating func write(_ value: UInt64, width: Int) {
    guard width > 0 else { return }
    let word = position >> 6
    let shift = position & 63
    words[word] |= value << UInt64(shift)
    if shift + width > 64 { words[word + 1] |= value >> UInt64(64 - shift) }
    position += width
  }
}

struct BitReader {
  let words: [UInt64]
  var position = 0

  @inline(__always)
  mutating func read(width: Int) -> UInt64 {
    guard width > 0 else { return 0 }
    let word = position >> 6
    let shift = position & 63
    var value = words[word] >> UInt64(shift)
    if shift + width > 64 { value |= words[word + 1] << UInt64(64 - shift) }
    position += width
    return width == 64 ? value : value & ((1 << UInt64(width)) - 1)
  }
}
