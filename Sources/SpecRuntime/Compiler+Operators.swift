import SpecSyntax

/// Binary operators on packed slots, Booleans and integers.
extension ExpressionCompiler {
  func compileBinary(
    _ op: BinaryOperator, _ lhs: Expr, _ rhs: Expr, _ expr: Expr, _ context: Context
  )
    -> Code
  {
    switch op {
    case .and, .or, .implies, .equiv:
      let a = compile(lhs, context)
      // A left side that decides the answer: the interpreter never evaluates the right
      // one (`m.type = "1a" /\ m.val = v` for a message without `val`).
      if case .constant(.bool(let x)) = a {
        switch op {
        case .and where !x: return .constant(.bool(false))
        case .or where x, .implies where !x: return .constant(.bool(true))
        default: break
        }
      }
      let b = compile(rhs, context)
      if case .constant = a, case .constant = b { return fallback(expr, context) }
      switch op {
      case .and: return junction(true, codes: [a, b])
      case .or: return junction(false, codes: [a, b])
      case .implies:
        if let premise = clauses(a)?.negation, let conclusion = clauses(b),
          let clause = premise.or(conclusion)
        {
          return .clauses(clause)
        }
        let (x, y) = (bool(a), bool(b))
        return .bool { try !x($0) || y($0) }
      default:
        let (x, y) = (bool(a), bool(b))
        return .bool { try x($0) == y($0) }
      }
    case .eq, .neq:
      let a = compile(lhs, context)
      let b = compile(rhs, context)
      if case .constant = a, case .constant = b { return fallback(expr, context) }
      if let test = slotTest(a, b) { return .clauses(.unit(op == .eq ? test : test.inverse)) }
      if let test = guardedEquality(a, b) {
        if op == .eq { return .clauses(test) }
        if let negation = test.negation { return .clauses(negation) }
        let holds = test.closure
        return .bool { try !holds($0) }
      }
      let test = equality(a, b)
      return op == .eq ? .bool(test) : .bool { try !test($0) }
    case .in, .notin:
      guard let test = membership(lhs, rhs, context) else { return fallback(expr, context) }
      return op == .in ? .bool(test) : .bool { try !test($0) }
    case .lt, .gt, .le, .ge, .plus, .minus, .times, .div, .mod:
      let a = compile(lhs, context)
      let b = compile(rhs, context)
      if case .constant = a, case .constant = b { return fallback(expr, context) }
      guard let x = int(a), let y = int(b) else { return fallback(expr, context) }
      return arithmetic(op, x, y)
    case .union, .intersect, .setminus, .subseteq:
      return setOperation(op, lhs, rhs, expr, context) ?? fallback(expr, context)
    default:
      return fallback(expr, context)
    }
  }

  /// `a = b`: bits against bits where both sides pack alike, else integers, Booleans,
  /// and values as the last resort.
  func equality(_ a: Code, _ b: Code) -> BoolCode {
    if let test = slotTest(a, b) { return { try test.holds($0.current) } }
    if let (codec, read) = packed(a), case .constant(let v) = b { return equality(codec, read, v) }
    if let (codec, read) = packed(b), case .constant(let v) = a { return equality(codec, read, v) }
    if let (ca, x) = packed(a), let (cb, y) = packed(b), StateLayout.isSame(ca, cb) {
      return { try x($0) == y($0) }
    }
    if let x = intIfInteger(a), let y = intIfInteger(b) { return { try x($0) == y($0) } }
    if let x = boolIfBoolean(a), let y = boolIfBoolean(b) { return { try x($0) == y($0) } }
    let x = value(a)
    let y = value(b)
    return { try x($0) == y($0) }
  }

  /// A packed value against a constant. A slot holds only values its codec packs exactly,
  /// so a constant the codec cannot hold is never equal (the read still runs, for its
  /// domain checks).
  func equality(_ codec: StateLayout.Codec, _ read: @escaping BitsCode, _ constant: Value)
    -> BoolCode
  {
    guard let bits = layout.exactBits(of: constant, codec) else {
      return { frame in
        _ = try read(frame)
        return false
      }
    }
    return { try read($0) == bits }
  }

  /// `e \in S` for a constant element of a bitset slot, or an integer in a constant
  /// interval; nil for the interpreter.
  func membership(_ lhs: Expr, _ rhs: Expr, _ context: Context) -> BoolCode? {
    let element = compile(lhs, context)
    // Sets the interpreter decides membership in without building them (types, ranges,
    // SUBSET, function and record sets) are not built here either.
    switch rhs.kind {
    case .binary(.range, let low, let high):
      guard let x = int(element), let a = int(compile(low, context)),
        let b = int(compile(high, context))
      else { return nil }
      if case .constant = element { return nil }
      return { frame in
        let i = try x(frame)
        return try a(frame) <= i && i <= b(frame)
      }
    case .name:
      guard case .typeSet = resolution(rhs) else { break }
      return memoizedMembership(element, rhs, context)
    case .functionSet(let domain, let range):
      return entryWiseMembership(element, domain, range, context, smallEntriesOnly: true)
        ?? memoizedMembership(element, rhs, context)
        ?? entryWiseMembership(element, domain, range, context, smallEntriesOnly: false)
    case .unary(.subset, _), .recordSet, .apply:
      return memoizedMembership(element, rhs, context)
    default:
      break
    }
    let set = compile(rhs, context)
    switch (element, set) {
    case (.constant, .constant):
      return nil
    case (.constant(let v), .slot(let slot)):
      guard case .bitset(let universe) = slot.codec else { return nil }
      guard let index = Value.index(of: v, in: universe) else {
        let read = value(set)
        return { frame in
          _ = try read(frame)
          return false
        }
      }
      var bit = slot
      bit.offset += index
      bit.codec = .bool
      let read = bits(bit)
      return { try read($0) == 1 }
    case (.constant(let v), .packed(let codec, let read)):
      guard case .bitset(let universe) = codec else { return nil }
      guard let index = Value.index(of: v, in: universe) else {
        return { frame in
          _ = try read(frame)
          return false
        }
      }
      let mask: UInt64 = 1 << UInt64(index)
      return { try read($0) & mask != 0 }
    case (_, .constant(.set(let elements))):
      guard let x = intIfInteger(element), let interval = Self.interval(elements) else {
        return nil
      }
      return { interval.contains(try x($0)) }
    default:
      guard let guarded = guardedSet(set) else { return nil }
      return guardedMembership(lhs, element, guarded, context)
    }
  }

  /// The integers of a non-empty set of consecutive integers, or nil.
  static func interval(_ elements: [Value]) -> ClosedRange<Int>? {
    guard case .int(let low)? = elements.first, case .int(let high)? = elements.last,
      high.subtractingReportingOverflow(low) == (elements.count - 1, false)
    else { return nil }
    return low...high
  }

  func arithmetic(_ op: BinaryOperator, _ x: @escaping IntCode, _ y: @escaping IntCode) -> Code {
    switch op {
    case .lt: return .bool { try x($0) < y($0) }
    case .gt: return .bool { try x($0) > y($0) }
    case .le: return .bool { try x($0) <= y($0) }
    case .ge: return .bool { try x($0) >= y($0) }
    case .plus:
      return .int { frame in
        let (r, o) = try x(frame).addingReportingOverflow(try y(frame))
        if o { throw Frame.Fallback() }
        return r
      }
    case .minus:
      return .int { frame in
        let (r, o) = try x(frame).subtractingReportingOverflow(try y(frame))
        if o { throw Frame.Fallback() }
        return r
      }
    case .times:
      return .int { frame in
        let (r, o) = try x(frame).multipliedReportingOverflow(by: try y(frame))
        if o { throw Frame.Fallback() }
        return r
      }
    default:
      let isDivision = op == .div
      return .int { frame in
        let a = try x(frame)
        let b = try y(frame)
        // Division by zero and Int.min / -1 are the interpreter's errors to report.
        guard b != 0, !(a == Int.min && b == -1) else { throw Frame.Fallback() }
        var q = a / b
        var r = a % b
        if r != 0, (r < 0) != (b < 0) {
          q -= 1
          r += b
        }
        return isDivision ? q : r
      }
    }
  }

  /// Union, intersection, difference and inclusion of bitsets over the same universe
  /// (a constant operand packed into it), at most 64 elements.
  func setOperation(
    _ op: BinaryOperator, _ lhs: Expr, _ rhs: Expr, _ expr: Expr, _ context: Context
  )
    -> Code?
  {
    let a = compile(lhs, context)
    let b = compile(rhs, context)
    let pair: (StateLayout.Codec, BitsCode, BitsCode)
    switch (packed(a), packed(b)) {
    case (let (ca, x)?, let (cb, y)?):
      guard StateLayout.isSame(ca, cb) else { return nil }
      pair = (ca, x, y)
    case (let (codec, x)?, nil):
      guard case .constant(let v) = b, let bits = layout.exactBits(of: v, codec) else { return nil }
      pair = (codec, x, { _ in bits })
    case (nil, let (codec, y)?):
      guard case .constant(let v) = a, let bits = layout.exactBits(of: v, codec) else { return nil }
      pair = (codec, { _ in bits }, y)
    default:
      return nil
    }
    let (codec, x, y) = pair
    guard case .bitset = codec else { return nil }
    switch op {
    case .union: return .packed(codec) { try x($0) | y($0) }
    case .intersect: return .packed(codec) { try x($0) & y($0) }
    case .setminus: return .packed(codec) { try x($0) & ~y($0) }
    default: return .bool { try x($0) & ~y($0) == 0 }
    }
  }

  /// `e \in S` for a packed `e` (at most 64 bits) and a set `S` that reads no variable
  /// (a type, a function or record set, SUBSET of a constant): the interpreter decides
  /// each distinct `e` once, without building `S`, and the answer is remembered by `e`'s
  /// bits. TypeOK-style invariants then cost a table lookup per state.
  func memoizedMembership(_ element: Code, _ setExpr: Expr, _ context: Context) -> BoolCode? {
    guard let (codec, read) = packed(element), readsNoVariable(setExpr, context) else {
      return nil
    }
    let member = rememberedMembership(codec, setExpr, context)
    return { frame in try member(frame, try read(frame)) }
  }

  /// Whether bits packed by `codec` are a member of `setExpr`, a set that reads no
  /// variable: the interpreter decides each distinct bits once, and the answer is
  /// remembered.
  func rememberedMembership(_ codec: StateLayout.Codec, _ setExpr: Expr, _ context: Context)
    -> (Frame, UInt64) throws -> Bool
  {
    let memo = MembershipMemo(width: codec.width)
    let layout = self.layout
    let env = context.env
    let callDepth = callsInlined
    return { frame, bits in
      if let known = memo.answer(bits) { return known }
      let evaluator = frame.evaluator
      evaluator.env = env
      evaluator.primed = false
      evaluator.initMode = false
      evaluator.callDepth = callDepth
      defer { evaluator.callDepth = 0 }
      let answer = try evaluator.contains(setExpr, layout.decode(codec, bits: bits))
      memo.remember(bits, answer)
      return answer
    }
  }

  /// `f \in [A -> B]` for a function slot of the current state and sets `A` and `B` that
  /// read no variable, decided as the interpreter does without decoding `f`: its domain
  /// (the presence bits) must be `A`, then each entry, in key order, must be in `B`, which
  /// the interpreter decides once per distinct bits of an entry (one memo for all entries).
  /// It serves functions too wide for `memoizedMembership`'s one key, and those with many
  /// entries of few bits (`pc \in [Proc -> Label]`), whose combinations would overflow
  /// its memo; `smallEntriesOnly` asks for the latter alone.
  func entryWiseMembership(
    _ element: Code, _ domainExpr: Expr, _ rangeExpr: Expr, _ context: Context,
    smallEntriesOnly: Bool
  ) -> BoolCode? {
    guard case .slot(let slot) = element, !slot.primed,
      case .function(let keys, let range) = slot.codec, range.width <= 64,
      !smallEntriesOnly || range.width <= MembershipMemo.flatWidth
    else { return nil }
    if case .interned = range { return nil }
    guard readsNoVariable(domainExpr, context), readsNoVariable(rangeExpr, context),
      let domain = foldedElements(domainExpr, context)
    else { return nil }
    let stride = 1 + range.width
    // The domain can equal `A` only when every element of `A` is a key of the codec.
    let domainFits = domain.allSatisfy { Value.index(of: $0, in: keys) != nil }
    var presence: [(offset: Int, expected: UInt64)] = []
    var entries: [Int] = []
    for (index, key) in keys.enumerated() {
      let inDomain = Value.index(of: key, in: domain) != nil
      presence.append((slot.offset + index * stride, inDomain ? 1 : 0))
      if inDomain { entries.append(slot.offset + index * stride + 1) }
    }
    let outer = slot.presence
    let width = range.width
    let member = rememberedMembership(range, rangeExpr, context)
    return { frame in
      let words = frame.current
      for bit in outer where Frame.read(words, bit, 1) == 0 { throw Frame.Fallback() }
      guard domainFits else { return false }
      for (offset, expected) in presence where Frame.read(words, offset, 1) != expected {
        return false
      }
      // An entry of one possible value has no bits to read (its offset may be past the
      // state's last word).
      for offset in entries
      where !(try member(frame, width == 0 ? 0 : Frame.read(words, offset, width))) {
        return false
      }
      return true
    }
  }

  /// The elements of a set that reads no variable, listed at compile time, or nil.
  func foldedElements(_ expr: Expr, _ context: Context) -> [Value]? {
    folding(context) { try $0.enumerate(expr) }
  }

  /// Whether an expression certainly reads no state variable (and no prime, `@` or
  /// definition that could): its value is the same in every state.
  func readsNoVariable(_ expr: Expr, _ context: Context) -> Bool {
    switch expr.kind {
    case .prime, .at: return false
    case .name:
      switch resolution(expr) {
      case .constant, .typeSet, .builtin: return true
      case .definition(let index):
        return spec.definitions[index].level == .constant
          && spec.definitions[index].parameters.isEmpty
      case .local(let name):
        guard let bound = context.env.last(where: { $0.0 == name }) else { return false }
        if case .value = bound.1 { return true }
        return false
      case .variable, .predicate, nil: return false
      }
    case .call:
      switch resolution(expr) {
      case .definition(let index) where spec.definitions[index].level == .constant: break
      case .builtin: break
      default: return false
      }
    case .quantified, .choose, .setFilter, .setMap, .function, .letIn:
      // Binders: their bound names are not in `context`; leave them to the interpreter.
      return false
    default:
      break
    }
    return expr.children.allSatisfy { readsNoVariable($0, context) }
  }
}

/// One compiled membership test's answers, by the element's packed bits; per worker, as
/// the compiled code is.
final class MembershipMemo {
  static let limit = 1 << 16
  /// Values of at most this many bits are remembered in a flat table, a byte per bit
  /// pattern (0 not yet asked, 1 false, 2 true); wider ones in a dictionary of at most
  /// `limit` answers.
  static let flatWidth = 12
  private let flat: UnsafeMutablePointer<UInt8>?
  /// The bits a flat table is indexed by (every reader masks to the width already).
  private let mask: UInt64
  private var answers: [UInt64: Bool] = [:]

  init(width: Int) {
    if width <= Self.flatWidth {
      flat = .allocate(capacity: 1 << width)
      flat!.initialize(repeating: 0, count: 1 << width)
      mask = (1 << UInt64(width)) - 1
    } else {
      flat = nil
      mask = .max
    }
  }

  deinit { flat?.deallocate() }

  @inline(__always)
  func answer(_ bits: UInt64) -> Bool? {
    guard let flat else { return answers[bits] }
    let known = flat[Int(truncatingIfNeeded: bits & mask)]
    return known == 0 ? nil : known == 2
  }

  func remember(_ bits: UInt64, _ answer: Bool) {
    if let flat {
      flat[Int(truncatingIfNeeded: bits & mask)] = answer ? 2 : 1
    } else if answers.count < Self.limit {
      answers[bits] = answer
    }
  }
}
