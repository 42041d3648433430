/// Converting between the forms of compiled code: packed bits, Booleans, integers, values.
extension ExpressionCompiler {
  /// Reads a slot of at most 64 bits, checking the presence bits on the way.
  func bits(_ slot: Slot) -> BitsCode {
    let offset = slot.offset
    let width = slot.codec.width
    let presence = slot.presence
    let variable = slot.variable
    if slot.primed {
      return { frame in
        guard frame.bound[variable] != 0 else { throw Frame.Fallback() }
        for bit in presence where Frame.read(frame.next, bit, 1) == 0 { throw Frame.Fallback() }
        return Frame.read(frame.next, offset, width)
      }
    }
    switch presence.count {
    case 0:
      return { Frame.read($0.current, offset, width) }
    case 1:
      let bit = presence[0]
      return { frame in
        guard Frame.read(frame.current, bit, 1) == 1 else { throw Frame.Fallback() }
        return Frame.read(frame.current, offset, width)
      }
    default:
      return { frame in
        for bit in presence where Frame.read(frame.current, bit, 1) == 0 { throw Frame.Fallback() }
        return Frame.read(frame.current, offset, width)
      }
    }
  }

  /// The form as packed bits with their codec, when it is one.
  func packed(_ code: Code) -> (StateLayout.Codec, BitsCode)? {
    switch code {
    case .packed(let codec, let bits): return (codec, bits)
    case .slot(let slot) where slot.codec.width <= 64:
      if case .interned = slot.codec { return nil }
      return (slot.codec, bits(slot))
    default: return nil
    }
  }

  func boolIfBoolean(_ code: Code) -> BoolCode? {
    switch code {
    case .constant(.bool(let b)): return { _ in b }
    case .bool(let f): return f
    case .clauses(let c): return c.closure
    default:
      if let (codec, read) = packed(code), case .bool = codec { return { try read($0) == 1 } }
      return nil
    }
  }

  func intIfInteger(_ code: Code) -> IntCode? {
    switch code {
    case .constant(.int(let i)): return { _ in i }
    case .int(let f): return f
    default:
      guard let (codec, read) = packed(code) else { return nil }
      switch codec {
      case .range(let low, _, _): return { low &+ Int(try read($0)) }
      case .int: return { Int(Int64(bitPattern: try read($0))) }
      default: return nil
      }
    }
  }

  /// A Boolean; a value of another kind makes the unit fall back (the interpreter reports it).
  func bool(_ code: Code) -> BoolCode {
    if let f = boolIfBoolean(code) { return f }
    let v = value(code)
    return { frame in
      guard case .bool(let b) = try v(frame) else { throw Frame.Fallback() }
      return b
    }
  }

  /// An integer, or nil for a form that is certainly not one.
  func int(_ code: Code) -> IntCode? {
    if let f = intIfInteger(code) { return f }
    switch code {
    case .value(let v):
      return { frame in
        guard case .int(let i) = try v(frame) else { throw Frame.Fallback() }
        return i
      }
    default: return nil
    }
  }

  /// Any form as a `Value` (decoding packed bits: the slow path).
  func value(_ code: Code) -> ValueCode {
    let layout = self.layout
    switch code {
    case .constant(let v): return { _ in v }
    case .bool(let f): return { .bool(try f($0)) }
    case .int(let f): return { .int(try f($0)) }
    case .value(let f): return f
    case .clauses(let c):
      let f = c.closure
      return { .bool(try f($0)) }
    case .packed(let codec, let read): return { layout.decode(codec, bits: try read($0)) }
    case .guarded(let set):
      let (tests, candidates) = (set.presenceTests, set.candidates)
      return { frame in
        var elements: [Value] = []
        for index in tests.indices where try tests[index].run(frame) {
          elements.append(candidates[index])
        }
        return .set(elements)
      }
    case .slot(let slot):
      if let (codec, read) = packed(code) { return { layout.decode(codec, bits: try read($0)) } }
      return { frame in
        let words = UnsafePointer(slot.primed ? frame.next : frame.current)
        if slot.primed, frame.bound[slot.variable] == 0 { throw Frame.Fallback() }
        for bit in slot.presence where Frame.read(words, bit, 1) == 0 { throw Frame.Fallback() }
        var reader = BitReader(
          words: Array(UnsafeBufferPointer(start: words, count: frame.wordCount)) + [0])
        reader.position = slot.offset
        return layout.decode(slot.codec, &reader)
      }
    }
  }
}
