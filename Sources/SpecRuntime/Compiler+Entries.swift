import SpecSemantics
import SpecSyntax

/// Entries of packed functions and records chosen at run time (`f[e]` and `f'[e] = v`
/// where `e` is an integer known only when the code runs, as in `victim[at[self]]`, for
/// functions over consecutive integers, whose entry offsets are arithmetic), and
/// `[f EXCEPT ![k] = v]` on a variable packed in one word.
extension ExpressionCompiler {
  /// Where the entries of a function slot over consecutive integers lie: entry `k` has its
  /// presence bit at `base + (k - low) * stride` and its value just after.
  struct IntegerEntries {
    var base: Int
    var stride: Int
    var low: Int
    var count: Int
    var range: StateLayout.Codec

    /// The offset of entry `key`'s presence bit, or nil outside the domain.
    @inline(__always)
    func presence(_ key: Int) -> Int? {
      let index = key &- low
      guard index >= 0, index < count else { return nil }
      return base + index * stride
    }
  }

  func integerEntries(of slot: Slot) -> IntegerEntries? {
    guard case .function(let keys, let range) = slot.codec, range.width <= 64,
      case .int(let low)? = keys.first
    else { return nil }
    if case .interned = range { return nil }
    for (index, key) in keys.enumerated() where key != .int(low + index) { return nil }
    return IntegerEntries(
      base: slot.offset, stride: 1 + range.width, low: low, count: keys.count, range: range)
  }

  /// `f[e]` for a function of the current state over consecutive integers and an integer
  /// `e` known only at run time: the entry is found by arithmetic. Outside the domain, or
  /// at an absent entry, the unit falls back and the interpreter reports it.
  func dynamicEntry(of slot: Slot, at key: Code) -> Code? {
    guard !slot.primed, let entries = integerEntries(of: slot), let index = intIfInteger(key)
    else { return nil }
    let outer = slot.presence
    let width = entries.range.width
    return .packed(
      entries.range,
      { frame in
        for bit in outer where Frame.read(frame.current, bit, 1) == 0 { throw Frame.Fallback() }
        guard let presence = entries.presence(try index(frame)),
          Frame.read(frame.current, presence, 1) == 1
        else { throw Frame.Fallback() }
        return Frame.read(frame.current, presence + 1, width)
      })
  }

  /// `x'[k] = e` with an integer `k` known only at run time: like a constant key's entry
  /// update (`assignment`), with the entry's offset computed when it runs. Nil for a
  /// constant key; Unsupported for a target this does not handle.
  func dynamicEntryAssignment(
    _ target: BindingTarget, _ rhs: Expr, _ wholeExpr: Expr, _ context: Context,
    then next: @escaping Continuation
  ) throws(Unsupported) -> Continuation? {
    guard target.path.count == 1, case .apply(_, let args) = target.path[0].kind,
      args.count == 1
    else { return nil }
    let keyCode = compile(args[0], context)
    if keyCode.isConstant { return nil }
    let variable = target.variable
    let whole = Slot(
      variable: variable, primed: true, offset: layout.offsets[variable],
      codec: layout.codecs[variable], presence: [])
    guard let entries = integerEntries(of: whole), let key = intIfInteger(keyCode),
      case .function(_, let rangeType) = spec.variables[variable].type
    else { throw Unsupported() }
    let test = compileBool(wholeExpr, context)
    let write = checkedBits(compile(rhs, context), type: rangeType, codec: entries.range)
    let width = entries.range.width
    let (variableOffset, variableWidth) = (whole.offset, whole.codec.width)
    return { frame in
      let wasBound = frame.bound[variable]
      if wasBound == 1 {
        if try test(frame) { try next(frame) }
        return
      }
      guard let presence = entries.presence(try key(frame)) else { throw Frame.Fallback() }
      if wasBound == 0 { Frame.copy(frame.current, frame.next, variableOffset, variableWidth) }
      if Frame.read(frame.next, presence, 1) == 0 { throw Frame.Fallback() }
      let saved = Frame.read(frame.next, presence + 1, width)
      Frame.write(frame.next, presence + 1, width, try write(frame))
      frame.bound[variable] = 2
      try next(frame)
      Frame.write(frame.next, presence + 1, width, saved)
      frame.bound[variable] = wasBound
    }
  }

  /// One clause of `[x EXCEPT ...]` on a variable: where the entry lies (offsets from the
  /// variable's first bit), and its new bits, checked against the entry's declared type.
  struct EntryUpdate {
    var presence: [Int]
    var offset: Int
    var width: Int
    var bits: BitsCode
  }

  /// The clauses of `[x EXCEPT ...]` for a variable `x` (its slot), when every path is
  /// constant and no value uses `@`; nil otherwise.
  func entryUpdates(of slot: Slot, _ clauses: [ExceptClause], _ context: Context)
    -> [EntryUpdate]?
  {
    var updates: [EntryUpdate] = []
    for clause in clauses {
      guard !Self.usesAt(clause.value) else { return nil }
      var inner = slot
      var type = spec.variables[slot.variable].type
      for step in clause.path {
        let key: Value
        switch step {
        case .field(let name): key = .string(name.text)
        case .index(let indices):
          var keys: [Value] = []
          for index in indices {
            guard case .constant(let key) = compile(index, context) else { return nil }
            keys.append(key)
          }
          key = keys.count == 1 ? keys[0] : .sequence(keys)
        }
        guard let next = entry(of: inner, at: key) else { return nil }
        switch (type, step) {
        case (.function(_, let range), .index): type = range
        case (.record(let fields), .field(let name)):
          guard let field = fields.first(where: { $0.name == name.text }) else { return nil }
          type = field.type
        default: return nil
        }
        inner = next
      }
      guard inner.codec.width <= 64 else { return nil }
      if case .interned = inner.codec { return nil }
      updates.append(
        EntryUpdate(
          presence: inner.presence.map { $0 - slot.offset }, offset: inner.offset - slot.offset,
          width: inner.codec.width,
          bits: checkedBits(compile(clause.value, context), type: type, codec: inner.codec)))
    }
    return updates
  }

  /// `[x EXCEPT ![k].f = v, ...]` for a variable `x` of at most 64 bits, constant paths,
  /// and values that do not use `@`: the variable's bits with each entry rewritten. An
  /// absent entry, or a value outside the entry's declared type, falls back.
  func compileExcept(_ base: Expr, _ clauses: [ExceptClause], _ expr: Expr, _ context: Context)
    -> Code
  {
    guard case .slot(let slot) = compile(base, context), !slot.primed, slot.presence.isEmpty,
      slot.offset == layout.offsets[slot.variable], slot.codec.width <= 64,
      let updates = entryUpdates(of: slot, clauses, context)
    else { return fallback(expr, context) }
    if case .interned = slot.codec { return fallback(expr, context) }
    let offset = slot.offset
    let width = slot.codec.width
    return .packed(
      slot.codec,
      { frame in
        var word = Frame.read(frame.current, offset, width)
        for update in updates {
          for bit in update.presence where word >> UInt64(bit) & 1 == 0 {
            throw Frame.Fallback()
          }
          let mask: UInt64 = update.width == 64 ? ~0 : (1 << UInt64(update.width)) - 1
          let bits = try update.bits(frame) & mask
          word = word & ~(mask << UInt64(update.offset)) | bits << UInt64(update.offset)
        }
        return word
      })
  }

  /// `x' = [x EXCEPT ![k].f = v, ...]` and `x' = x`, for a variable of any width: the
  /// current bits copied to the next state and the entries rewritten there, as
  /// `x'[k].f = v` would; the entries written are type-checked, the rest is `x`'s own
  /// value. Nil when the right side is neither (or a path or value this cannot handle).
  func exceptAssignment(
    _ target: BindingTarget, _ rhs: Expr, _ whole: Expr, _ context: Context,
    then next: @escaping Continuation
  ) -> Continuation? {
    guard let clauses = updatesOfItself(target, rhs) else { return nil }
    let variable = target.variable
    let slot = Slot(
      variable: variable, primed: false, offset: layout.offsets[variable],
      codec: layout.codecs[variable], presence: [])
    if case .interned = slot.codec { return nil }
    guard let updates = entryUpdates(of: slot, clauses, context) else { return nil }
    let test = compileBool(whole, context)
    let (offset, width) = (slot.offset, slot.codec.width)
    return { frame in
      if frame.bound[variable] != 0 {
        if try test(frame) { try next(frame) }
        return
      }
      Frame.copy(frame.current, frame.next, offset, width)
      for update in updates {
        for bit in update.presence where Frame.read(frame.next, offset + bit, 1) == 0 {
          throw Frame.Fallback()
        }
        Frame.write(frame.next, offset + update.offset, update.width, try update.bits(frame))
      }
      frame.bound[variable] = 1
      try next(frame)
      frame.bound[variable] = 0
    }
  }

  /// Whether an expression refers to `@`, the old value inside an EXCEPT.
  static func usesAt(_ expr: Expr) -> Bool {
    if case .at = expr.kind { return true }
    return expr.children.contains(where: usesAt)
  }
}
