/// A strict JSON parser (RFC 8259) that reports the byte offset of the first problem.
/// Nesting is limited so hostile input cannot exhaust the stack.
package struct JSONParser {
  package struct Failure: Error, Equatable {
    package var message: String
    package var offset: Int
  }

  package static let maxDepth = 512
  let bytes: [UInt8]
  var index = 0
  var depth = 0

  package static func parse(_ bytes: [UInt8]) throws(Failure) -> JSON {
    var parser = JSONParser(bytes: bytes)
    parser.skipWhitespace()
    let value = try parser.parseValue()
    parser.skipWhitespace()
    guard parser.index == bytes.count else { throw parser.failure("unexpected data after the JSON value") }
    return value
  }

  package static func parse(_ text: String) throws(Failure) -> JSON {
    try parse(Array(text.utf8))
  }

  func failure(_ message: String) -> Failure { Failure(message: message, offset: index) }

  mutating func skipWhitespace() {
    while index < bytes.count, [0x20, 0x0A, 0x0D, 0x09].contains(bytes[index]) { index += 1 }
  }

  mutating func literal(_ word: String, _ value: JSON) throws(Failure) -> JSON {
    let expected = Array(word.utf8)
    guard index + expected.count <= bytes.count,
      Array(bytes[index..<index + expected.count]) == expected
    else { throw failure("invalid literal") }
    index += expected.count
    return value
  }

  mutating func parseValue() throws(Failure) -> JSON {
    guard index < bytes.count else { throw failure("unexpected end of input") }
    switch bytes[index] {
    case UInt8(ascii: "n"): return try literal("null", .null)
    case UInt8(ascii: "t"): return try literal("true", .bool(true))
    case UInt8(ascii: "f"): return try literal("false", .bool(false))
    case UInt8(ascii: "\""): return .string(try parseString())
    case UInt8(ascii: "["):
      depth += 1
      defer { depth -= 1 }
      guard depth <= Self.maxDepth else { throw failure("JSON nested too deeply") }
      index += 1
      var items: [JSON] = []
      skipWhitespace()
      if index < bytes.count, bytes[index] == UInt8(ascii: "]") {
        index += 1
        return .array(items)
      }
      while true {
        skipWhitespace()
        items.append(try parseValue())
        skipWhitespace()
        guard index < bytes.count else { throw failure("unterminated array") }
        if bytes[index] == UInt8(ascii: ",") { index += 1; continue }
        if bytes[index] == UInt8(ascii: "]") { index += 1; return .array(items) }
        throw failure("expected ',' or ']' in an array")
      }
    case UInt8(ascii: "{"):
      depth += 1
      defer { depth -= 1 }
      guard depth <= Self.maxDepth else { throw failure("JSON nested too deeply") }
      index += 1
      var pairs: [(String, JSON)] = []
      skipWhitespace()
      if index < bytes.count, bytes[index] == UInt8(ascii: "}") {
        index += 1
        return .object(pairs)
      }
      while true {
        skipWhitespace()
        guard index < bytes.count, bytes[index] == UInt8(ascii: "\"") else {
          throw failure("expected a string key in an object")
        }
        let key = try parseString()
        skipWhitespace()
        guard index < bytes.count, bytes[index] == UInt8(ascii: ":") else {
          throw failure("expected ':' after an object key")
        }
        index += 1
        skipWhitespace()
        pairs.append((key, try parseValue()))
        skipWhitespace()
        guard index < bytes.count else { throw failure("unterminated object") }
        if bytes[index] == UInt8(ascii: ",") { index += 1; continue }
        if bytes[index] == UInt8(ascii: "}") { index += 1; return .object(pairs) }
        throw failure("expected ',' or '}' in an object")
      }
    default:
      return try parseNumber()
    }
  }

  mutating func parseNumber() throws(Failure) -> JSON {
    let start = index
    if index < bytes.count, bytes[index] == UInt8(ascii: "-") { index += 1 }
    var isInteger = true
    while index < bytes.count {
      let byte = bytes[index]
      if byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9") {
        index += 1
      } else if byte == UInt8(ascii: ".") || byte == UInt8(ascii: "e") || byte == UInt8(ascii: "E")
        || byte == UInt8(ascii: "+") || byte == UInt8(ascii: "-")
      {
        isInteger = false
        index += 1
      } else {
        break
      }
    }
    let text = String(decoding: bytes[start..<index], as: UTF8.self)
    guard !text.isEmpty, text != "-" else { throw failure("unexpected character") }
    if isInteger, let value = Int(text) { return .int(value) }
    guard let value = Double(text) else { throw failure("invalid number '\(text)'") }
    return .double(value)
  }

  mutating func parseString() throws(Failure) -> String {
    index += 1
    var out: [UInt8] = []
    while index < bytes.count {
      let byte = bytes[index]
      index += 1
      switch byte {
      case UInt8(ascii: "\""):
        guard let s = String(validating: out, as: UTF8.self) else {
          throw failure("string is not valid UTF-8")
        }
        return s
      case UInt8(ascii: "\\"):
        guard index < bytes.count else { throw failure("unterminated string") }
        let escaped = bytes[index]
        index += 1
        switch escaped {
        case UInt8(ascii: "\""): out.append(0x22)
        case UInt8(ascii: "\\"): out.append(0x5C)
        case UInt8(ascii: "/"): out.append(0x2F)
        case UInt8(ascii: "b"): out.append(0x08)
        case UInt8(ascii: "f"): out.append(0x0C)
        case UInt8(ascii: "n"): out.append(0x0A)
        case UInt8(ascii: "r"): out.append(0x0D)
        case UInt8(ascii: "t"): out.append(0x09)
        case UInt8(ascii: "u"):
          guard index + 4 <= bytes.count,
            let code = UInt32(String(decoding: bytes[index..<index + 4], as: UTF8.self), radix: 16)
          else { throw failure("invalid \\u escape") }
          index += 4
          let scalar = Unicode.Scalar(code) ?? "\u{FFFD}"
          out.append(contentsOf: Array(String(scalar).utf8))
        default:
          throw failure("invalid escape in a string")
        }
      default:
        if byte < 0x20 { throw failure("control character in a string") }
        out.append(byte)
      }
    }
    throw failure("unterminated string")
  }
}
