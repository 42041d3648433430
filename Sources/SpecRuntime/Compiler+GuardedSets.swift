import SpecSemantics
import SpecSyntax

/// A set drawn from constant candidates, each present in the current state when any of its
/// bits is set: a bitset variable of any width (one bit per element of its type), and what
/// filters and images of one leave when the predicate or the image folds to a constant for
/// each candidate. Message sets (`msgs`, a set of records with a hundred possible values or
/// more) are this: `\E m \in msgs: m.type = "1a" /\ ...` unrolls over the candidates, most
/// of which fold away, each remaining body guarded by its bit.
///
/// Presence is a test of the current state's words that cannot fail, so code over a guarded
/// set may skip candidates as short circuits do without hiding an error the interpreter
/// would report: what the interpreter evaluates for a member, compiled code evaluates for
/// the same member, in the same (value) order.
struct GuardedSet {
  /// The candidates, in value order, distinct.
  var candidates: [Value] = []
  /// Per candidate: bit positions in the current state; present when any is set. No bit
  /// belongs to two candidates (an image takes its preimages' bits, each preimage one
  /// image).
  var bits: [[Int]] = []

  /// Each candidate's presence as a closure, in order.
  var presenceTests: [BoolBox] { candidates.indices.map { BoolBox(run: presence($0).closure) } }

  /// Whether candidate `k` is present: one clause, a test per word (`word & mask != 0`).
  func presence(_ k: Int) -> Clauses {
    let tests = Self.words(bits[k]).map {
      SlotTest(word: $0.word, mask: $0.mask, expected: 0, negated: true)
    }
    return tests.isEmpty ? .constant(false) : Clauses(tests: tests, ends: [tests.count])
  }

  /// Whether no candidate is present: a unit clause per word (`word & mask == 0`).
  var isEmpty: Clauses {
    let tests = Self.words(bits.flatMap { $0 }).map {
      SlotTest(word: $0.word, mask: $0.mask, expected: 0)
    }
    return tests.isEmpty ? Clauses() : Clauses(tests: tests, ends: Array(1...tests.count))
  }

  /// Bit positions gathered into one mask per word, by word.
  static func words(_ positions: [Int]) -> [(word: Int, mask: UInt64)] {
    var masks: [Int: UInt64] = [:]
    for bit in positions { masks[bit >> 6, default: 0] |= 1 << UInt64(bit & 63) }
    return masks.keys.sorted().map { ($0, masks[$0]!) }
  }
}

extension ExpressionCompiler {
  /// The form as a guarded set: a bitset slot of the current state with no function entry
  /// on the way (a presence bit could fail), or a guarded set already.
  func guardedSet(_ code: Code) -> GuardedSet? {
    switch code {
    case .guarded(let set): return set
    case .slot(let slot):
      guard !slot.primed, slot.presence.isEmpty, case .bitset(let universe) = slot.codec else {
        return nil
      }
      return GuardedSet(candidates: universe, bits: universe.indices.map { [slot.offset + $0] })
    default: return nil
    }
  }

  /// One compiled body per combination of bound values, in the interpreter's order, with
  /// the clauses under which the combination's values are all present (nil where every
  /// domain on the way is a constant set); nil when a domain is neither a constant nor a
  /// guarded set, or there are too many combinations.
  func unrollGuarded<T>(_ bindings: [Binding], _ context: Context, _ body: (Context) -> T)
    -> [(guard: Clauses?, body: T)]?
  {
    var names: [(String, Expr)] = []
    for binding in bindings {
      for name in binding.names { names.append((name.text, binding.domain)) }
    }
    var results: [(guard: Clauses?, body: T)] = []
    func bind(_ rest: ArraySlice<(String, Expr)>, _ context: Context, _ guarded: Clauses?)
      -> Bool
    {
      guard let (name, domain) = rest.first else {
        budget -= 1
        if budget < 0 { return false }
        results.append((guarded, body(context)))
        return true
      }
      if case .set(let elements)? = fold(domain, context) {
        for element in elements {
          var inner = context
          inner.env.append((name, .value(element)))
          if !bind(rest.dropFirst(), inner, guarded) { return false }
        }
        return true
      }
      guard let set = guardedSet(compile(domain, context)) else { return false }
      for (index, candidate) in set.candidates.enumerated() where !set.bits[index].isEmpty {
        var inner = context
        inner.env.append((name, .value(candidate)))
        let presence = set.presence(index)
        if !bind(rest.dropFirst(), inner, guarded.map { $0.and(presence) } ?? presence) {
          return false
        }
      }
      return true
    }
    return bind(names[...], context, nil) ? results : nil
  }

  /// `\A` and `\E` over constant and guarded sets: a conjunction of implications or a
  /// disjunction of conjunctions, dropping the combinations whose body folds to the
  /// quantifier's neutral answer (their presence cannot fail, so nothing is hidden).
  func guardedQuantifier(_ isForall: Bool, _ unrolled: [(guard: Clauses?, body: Code)]) -> Code {
    var items: [Code] = []
    for (guarded, body) in unrolled {
      guard let guarded else {
        items.append(body)
        continue
      }
      if case .constant(.bool(let b)) = body, b == isForall { continue }
      if isForall {
        if let premise = guarded.negation, let conclusion = clauses(body),
          let clause = premise.or(conclusion)
        {
          items.append(.clauses(clause))
          continue
        }
        let (test, holds) = (guarded.closure, bool(body))
        items.append(.bool { try !test($0) || holds($0) })
      } else {
        items.append(junction(true, codes: [.clauses(guarded), body]))
      }
    }
    if items.isEmpty { return .constant(.bool(isForall)) }
    return junction(isForall, codes: items)
  }

  // MARK: - Set formers

  /// `{x \in S: P}`: over a guarded set whose predicate folds for every candidate, the
  /// candidates kept; otherwise, for at most 64 elements of a constant set, a guarded set
  /// or a packed bitset, the predicate evaluated for every member in order, as the
  /// interpreter builds the set (a packed bitset over the domain's elements).
  func compileSetFilter(_ binding: Binding, _ predicate: Expr, _ expr: Expr, _ context: Context)
    -> Code
  {
    if let value = fold(expr, context) { return .constant(value) }
    guard binding.names.count == 1 else { return fallback(expr, context) }
    let name = binding.names[0].text
    let domain = compile(binding.domain, context)
    // Every candidate counts against the candidate budget; only predicates left as code
    // count against the unrolling budget too (one that folds is compiled to nothing).
    func predicateCode(_ candidate: Value) -> Code? {
      candidates -= 1
      guard candidates >= 0 else { return nil }
      var inner = context
      inner.env.append((name, .value(candidate)))
      let code = compile(predicate, inner)
      if case .constant = code { return code }
      budget -= 1
      return budget >= 0 ? code : nil
    }
    if let set = guardedSet(domain) {
      // The candidates whose test is not constant false.
      var (tests, live): ([Code], [Int]) = ([], [])
      for (index, candidate) in set.candidates.enumerated() {
        guard let test = predicateCode(candidate) else { return fallback(expr, context) }
        tests.append(test)
        if case .constant(.bool(false)) = test { continue }
        live.append(index)
      }
      if tests.allSatisfy({ if case .constant(.bool) = $0 { true } else { false } }) {
        return .guarded(
          GuardedSet(candidates: live.map { set.candidates[$0] }, bits: live.map { set.bits[$0] }))
      }
      // Otherwise their presence is read first (it cannot fail), then each test where
      // present, in order.
      guard live.count <= 64 else { return fallback(expr, context) }
      let presence = live.map { BoolBox(run: set.presence($0).closure) }
      return packedFilter(live.map { set.candidates[$0] }, live.map { tests[$0] }) { frame in
        var bits: UInt64 = 0
        for index in presence.indices where try presence[index].run(frame) {
          bits |= 1 << UInt64(index)
        }
        return bits
      }
    }
    var elements: [Value]
    var members: BitsCode
    switch domain {
    case .constant(.set(let constant)) where constant.count <= 64:
      elements = constant
      let all: UInt64 = constant.count == 64 ? ~0 : (1 << UInt64(constant.count)) - 1
      members = { _ in all }
    case .packed(.bitset(let universe), let read):
      elements = universe
      members = read
    default:
      return fallback(expr, context)
    }
    var tests: [Code] = []
    for element in elements {
      guard let test = predicateCode(element) else { return fallback(expr, context) }
      tests.append(test)
    }
    return packedFilter(elements, tests, members: members)
  }

  /// A filter evaluated as the interpreter builds it: for each of at most 64 `elements`
  /// that `members` has, in order, its test; the bits of those that hold.
  func packedFilter(_ elements: [Value], _ tests: [Code], members: @escaping BitsCode) -> Code {
    let holds = tests.map { BoolBox(run: bool($0)) }
    return .packed(.bitset(elements)) { frame in
      let present = try members(frame)
      var bits: UInt64 = 0
      for index in holds.indices where present & (1 << UInt64(index)) != 0 {
        if try holds[index].run(frame) { bits |= 1 << UInt64(index) }
      }
      return bits
    }
  }

  /// `{e : x \in S}` over a guarded set whose image folds for every candidate: the
  /// distinct images, each present when any of its preimages is.
  func compileSetMap(_ body: Expr, _ bindings: [Binding], _ expr: Expr, _ context: Context)
    -> Code
  {
    if let value = fold(expr, context) { return .constant(value) }
    guard bindings.count == 1, bindings[0].names.count == 1,
      let set = guardedSet(compile(bindings[0].domain, context))
    else { return fallback(expr, context) }
    let name = bindings[0].names[0].text
    var images: [Value: [Int]] = [:]
    for (index, candidate) in set.candidates.enumerated() {
      candidates -= 1
      var inner = context
      inner.env.append((name, .value(candidate)))
      guard candidates >= 0, case .constant(let image) = compile(body, inner) else {
        return fallback(expr, context)
      }
      images[image, default: []] += set.bits[index]
    }
    let sorted = images.keys.sorted()
    return .guarded(GuardedSet(candidates: sorted, bits: sorted.map { images[$0]! }))
  }

  // MARK: - Consumers

  /// `e \in S` for a guarded `S`: the candidate's presence for a constant `e`; otherwise
  /// `e` is evaluated first (its errors are the interpreter's to report), then compared
  /// with each present candidate. A tuple `e` is compared item by item.
  func guardedMembership(_ lhs: Expr, _ element: Code, _ set: GuardedSet, _ context: Context)
    -> BoolCode
  {
    if case .constant(let value) = element {
      guard let index = Value.index(of: value, in: set.candidates) else { return { _ in false } }
      return set.presence(index).closure
    }
    // A record built from the state (`[type |-> "2b", acc |-> a, bal |-> maxBal[a]]`) is
    // placed among the candidates once, not compared with each.
    if case .record = lhs.kind,
      let index = elementIndex(lhs, in: set.candidates, context, absent: -1)
    {
      let tests = set.presenceTests
      return { frame in
        let k = try index(frame)
        return k >= 0 ? try tests[k].run(frame) : false
      }
    }
    var items: [Code] = [element]
    if case .tuple(let members) = lhs.kind { items = members.map { compile($0, context) } }
    var disjuncts: [Code] = []
    for (index, candidate) in set.candidates.enumerated() {
      var equal: [Code] = []
      if !isTuple(lhs) {
        equal = [.bool(equality(element, .constant(candidate)))]
      } else {
        guard case .sequence(let values) = candidate, values.count == items.count else { continue }
        equal = zip(items, values).map { item, value in
          if let test = slotTest(item, .constant(value)) { return .clauses(.unit(test)) }
          return .bool(equality(item, .constant(value)))
        }
      }
      disjuncts.append(junction(true, codes: [.clauses(set.presence(index))] + equal))
    }
    let force = items.map { BoolBox(run: evaluated($0)) }
    let test = bool(junction(false, codes: disjuncts))
    return { frame in
      for item in force { _ = try item.run(frame) }
      return try test(frame)
    }
  }

  func isTuple(_ expr: Expr) -> Bool {
    if case .tuple = expr.kind { return true }
    return false
  }

  /// Evaluates a form for its failures only (a presence bit, overflow, the interpreter).
  func evaluated(_ code: Code) -> BoolCode {
    switch code {
    case .constant, .guarded: return { _ in true }
    case .bool(let f):
      return {
        _ = try f($0)
        return true
      }
    case .int(let f):
      return {
        _ = try f($0)
        return true
      }
    case .clauses(let c):
      let f = c.closure
      return {
        _ = try f($0)
        return true
      }
    default:
      if let (_, read) = packed(code) {
        return {
          _ = try read($0)
          return true
        }
      }
      let v = value(code)
      return {
        _ = try v($0)
        return true
      }
    }
  }

  /// `S = T` where one side is a guarded set and the other a constant set: each candidate
  /// present exactly when it is an element.
  func guardedEquality(_ a: Code, _ b: Code) -> Clauses? {
    let pair: (GuardedSet, [Value])
    switch (a, b) {
    case (.guarded(let set), .constant(.set(let elements))),
      (.constant(.set(let elements)), .guarded(let set)):
      pair = (set, elements)
    default:
      return nil
    }
    let (set, elements) = pair
    if elements.isEmpty { return set.isEmpty }
    guard elements.allSatisfy({ Value.index(of: $0, in: set.candidates) != nil }) else {
      return .constant(false)
    }
    var result = Clauses()
    for index in set.candidates.indices {
      let presence = set.presence(index)
      if Value.index(of: set.candidates[index], in: elements) != nil {
        result = result.and(presence)
      } else if let absence = presence.negation {
        result = result.and(absence)
      } else {
        return nil
      }
    }
    return result
  }

  /// `Cardinality(S)` for a guarded set or a packed bitset: a count of bits.
  func cardinality(_ code: Code) -> Code? {
    if let set = guardedSet(code) {
      // One bit per candidate (bits are never shared): a popcount.
      if set.bits.allSatisfy({ $0.count == 1 }) {
        let words = GuardedSet.words(set.bits.map { $0[0] })
        return .int { frame in
          var count = 0
          for (word, mask) in words { count += (frame.current[word] & mask).nonzeroBitCount }
          return count
        }
      }
      let tests = set.presenceTests
      return .int { frame in
        var count = 0
        for test in tests where try test.run(frame) { count += 1 }
        return count
      }
    }
    if case .packed(.bitset, let read) = code { return .int { try read($0).nonzeroBitCount } }
    return nil
  }

  // MARK: - Actions

  /// `x' = x \union {e, ...}` (either side) and `x' = x \ {e, ...}` for a bitset variable
  /// wider than 64 bits (a narrower one is one packed value, `setOperation`'s): the
  /// current bits with each element's bit set or cleared. An element added outside the
  /// variable's type falls back (the interpreter reports the value leaving its type); one
  /// removed that is not in it changes nothing.
  func unionAssignment(
    _ target: BindingTarget, _ rhs: Expr, _ whole: Expr, _ context: Context,
    then next: @escaping Continuation
  ) -> Continuation? {
    let variable = target.variable
    guard target.path.isEmpty, case .binary(let op, let left, let right) = rhs.kind,
      op == .union || op == .setminus,
      case .bitset(let universe) = layout.codecs[variable], universe.count > 64
    else { return nil }
    func isItself(_ expr: Expr) -> Bool {
      if case .name = expr.kind, case .variable(variable) = resolution(expr) { return true }
      return false
    }
    let changed: Expr
    if isItself(left) {
      changed = right
    } else if op == .union, isItself(right) {
      changed = left
    } else {
      return nil
    }
    guard case .setEnumeration(let items) = changed.kind else { return nil }
    let adds: UInt64 = op == .union ? 1 : 0
    var indices: [IntCode] = []
    for item in items {
      guard let index = elementIndex(item, in: universe, context, absent: adds == 1 ? nil : -1)
      else { return nil }
      indices.append(index)
    }
    let test = compileBool(whole, context)
    let offset = layout.offsets[variable]
    let width = universe.count
    return { frame in
      if frame.bound[variable] != 0 {
        if try test(frame) { try next(frame) }
        return
      }
      Frame.copy(frame.current, frame.next, offset, width)
      for index in indices {
        let bit = try index(frame)
        if bit >= 0 { Frame.write(frame.next, offset + bit, 1, adds) }
      }
      frame.bound[variable] = 1
      try next(frame)
      frame.bound[variable] = 0
    }
  }

  /// Where the value of `expr` lies in `universe` (sorted); when it is not there, `absent`,
  /// or a fallback without one. A record or tuple whose items are constants or packed
  /// values of at most 12 bits in all is looked up in a table built here; anything else
  /// is compared in value order.
  func elementIndex(_ expr: Expr, in universe: [Value], _ context: Context, absent: Int? = nil)
    -> IntCode?
  {
    let code = compile(expr, context)
    if case .constant(let value) = code {
      guard let index = Value.index(of: value, in: universe) ?? absent else {
        return { _ in throw Frame.Fallback() }
      }
      return { _ in index }
    }
    if let table = elementTable(expr, in: universe, context, absent: absent) { return table }
    let read = builtElement(expr, context) ?? value(code)
    return { frame in
      guard let index = Value.index(of: try read(frame), in: universe) ?? absent else {
        throw Frame.Fallback()
      }
      return index
    }
  }

  /// A record or tuple built from its compiled items (rather than by the interpreter).
  func builtElement(_ expr: Expr, _ context: Context) -> ValueCode? {
    switch expr.kind {
    case .record(let fields):
      let names = fields.map { $0.0.text }
      let items = fields.map { value(compile($0.1, context)) }
      return { frame in
        var pairs: [(String, Value)] = []
        for (name, item) in zip(names, items) { pairs.append((name, try item(frame))) }
        return Value.makeRecord(pairs)
      }
    case .tuple(let members):
      let items = members.map { value(compile($0, context)) }
      return { frame in .sequence(try items.map { try $0(frame) }) }
    default:
      return nil
    }
  }

  /// `elementIndex` by table for a record or tuple of constants and narrow packed items.
  func elementTable(_ expr: Expr, in universe: [Value], _ context: Context, absent: Int?)
    -> IntCode?
  {
    let parts: [(name: String?, expr: Expr)]
    switch expr.kind {
    case .record(let fields): parts = fields.map { ($0.0.text, $0.1) }
    case .tuple(let items): parts = items.map { (nil, $0) }
    default: return nil
    }
    var reads: [(codec: StateLayout.Codec, read: BitsCode, shift: Int)] = []
    var constants: [Value?] = []
    var total = 0
    for part in parts {
      let code = compile(part.expr, context)
      if case .constant(let value) = code {
        constants.append(value)
        continue
      }
      guard let (codec, read) = packed(code), total + codec.width <= 12 else { return nil }
      constants.append(nil)
      reads.append((codec, read, total))
      total += codec.width
    }
    let layout = self.layout
    var table = [Int32](repeating: -1, count: 1 << total)
    for combined in table.indices {
      var values: [Value] = []
      var next = 0
      var valid = true
      for constant in constants {
        if let constant {
          values.append(constant)
          continue
        }
        let (codec, _, shift) = reads[next]
        next += 1
        let bits = UInt64(combined >> shift) & ((1 << UInt64(codec.width)) - 1)
        let value = layout.decode(codec, bits: bits)
        if layout.exactBits(of: value, codec) != bits { valid = false }
        values.append(value)
      }
      guard valid else { continue }
      let element: Value =
        parts.first?.name == nil
        ? .sequence(values)
        : Value.makeRecord(zip(parts.map { $0.name! }, values).map { ($0, $1) })
      if let index = Value.index(of: element, in: universe) { table[combined] = Int32(index) }
    }
    let pieces = reads.map { (read: $0.read, shift: $0.shift) }
    return { frame in
      var combined = 0
      for piece in pieces { combined |= Int(try piece.read(frame)) << piece.shift }
      let index = table[combined]
      guard index >= 0 else {
        if let absent { return absent }
        throw Frame.Fallback()
      }
      return Int(index)
    }
  }
}
