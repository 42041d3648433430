/// Makes terms: hash-conses them and folds constants on the way, so an encoding over
/// concrete values collapses to constants and the solver sees only what is symbolic.
///
/// Not thread-safe: one builder per query set, used on one thread.
package final class TermBuilder {
  private struct Key: Hashable {
    var op: TermOp
    var args: [Int]
  }

  private var table: [Key: Term] = [:]
  private var nextID = 0
  private var variableCounts: [String: Int] = [:]
  /// Every variable made, in creation order.
  package private(set) var variables: [Term] = []
  /// Known bounds of integer terms, by id: declared for variables, derived for the rest.
  private var intervals: [Int: ClosedRange<Int>] = [:]
  private var noInterval: Set<Int> = []

  package init() {}

  private func make(_ op: TermOp, _ args: [Term], _ sort: Sort) -> Term {
    let key = Key(op: op, args: args.map(\.id))
    if let existing = table[key] { return existing }
    let term = Term(id: nextID, op: op, args: args, sort: sort)
    nextID += 1
    table[key] = term
    return term
  }

  // MARK: - Leaves

  package let trueTerm: Term = Term(id: -1, op: .boolConstant(true), args: [], sort: .bool)
  package let falseTerm: Term = Term(id: -2, op: .boolConstant(false), args: [], sort: .bool)

  package func bool(_ value: Bool) -> Term { value ? trueTerm : falseTerm }

  package func int(_ value: Int) -> Term { make(.intConstant(value), [], .int) }

  /// A fresh variable; `hint` becomes its name, with a suffix when already taken.
  package func fresh(_ hint: String, _ sort: Sort) -> Term {
    let count = variableCounts[hint, default: 0]
    variableCounts[hint] = count + 1
    let name = count == 0 ? hint : "\(hint)#\(count)"
    let term = make(.variable(name), [], sort)
    variables.append(term)
    return term
  }

  // MARK: - Intervals

  /// Declares that a variable lies in `range`. Only sound when every query that uses the
  /// variable also asserts that bound (the encoder asserts a value's declared type
  /// wherever it makes the value), since comparisons fold on it.
  package func bound(_ variable: Term, _ range: ClosedRange<Int>) {
    intervals[variable.id] = range
  }

  /// Bounds of an integer term, when its variables' bounds are known.
  package func interval(_ term: Term) -> ClosedRange<Int>? {
    if let c = term.intConstant { return c...c }
    if let known = intervals[term.id] { return known }
    if noInterval.contains(term.id) { return nil }
    let found = deriveInterval(term)
    if let found { intervals[term.id] = found } else { noInterval.insert(term.id) }
    return found
  }

  private func deriveInterval(_ term: Term) -> ClosedRange<Int>? {
    func make(_ low: Int, _ high: Int) -> ClosedRange<Int>? { low <= high ? low...high : nil }
    switch term.op {
    case .add:
      var low = 0
      var high = 0
      for arg in term.args {
        guard let r = interval(arg) else { return nil }
        let (l, o1) = low.addingReportingOverflow(r.lowerBound)
        let (h, o2) = high.addingReportingOverflow(r.upperBound)
        if o1 || o2 { return nil }
        low = l
        high = h
      }
      return make(low, high)
    case .sub:
      guard let a = interval(term.args[0]), let b = interval(term.args[1]) else { return nil }
      let (l, o1) = a.lowerBound.subtractingReportingOverflow(b.upperBound)
      let (h, o2) = a.upperBound.subtractingReportingOverflow(b.lowerBound)
      return o1 || o2 ? nil : make(l, h)
    case .neg:
      guard let a = interval(term.args[0]), a.lowerBound != Int.min else { return nil }
      return make(-a.upperBound, -a.lowerBound)
    case .mul:
      guard let a = interval(term.args[0]), let b = interval(term.args[1]) else { return nil }
      var corners: [Int] = []
      for x in [a.lowerBound, a.upperBound] {
        for y in [b.lowerBound, b.upperBound] {
          let (p, o) = x.multipliedReportingOverflow(by: y)
          if o { return nil }
          corners.append(p)
        }
      }
      return make(corners.min()!, corners.max()!)
    case .ite:
      guard let a = interval(term.args[1]), let b = interval(term.args[2]) else { return nil }
      return make(min(a.lowerBound, b.lowerBound), max(a.upperBound, b.upperBound))
    case .mod:
      guard let d = term.args[1].intConstant, d > 0 else { return nil }
      return 0...(d - 1)
    default:
      return nil
    }
  }

  // MARK: - Booleans

  package func not(_ a: Term) -> Term {
    if let b = a.boolConstant { return bool(!b) }
    if case .not = a.op { return a.args[0] }
    return make(.not, [a], .bool)
  }

  package func and(_ terms: [Term]) -> Term { junction(terms, isAnd: true) }
  package func and(_ terms: Term...) -> Term { junction(terms, isAnd: true) }
  package func or(_ terms: [Term]) -> Term { junction(terms, isAnd: false) }
  package func or(_ terms: Term...) -> Term { junction(terms, isAnd: false) }

  /// Flattens nested junctions, drops units, stops at a zero, removes duplicates and
  /// notices `a` beside `~a`.
  private func junction(_ terms: [Term], isAnd: Bool) -> Term {
    let unit = bool(isAnd)
    let zero = bool(!isAnd)
    var flat: [Term] = []
    var seen: Set<Int> = []
    var negated: Set<Int> = []
    func add(_ term: Term) -> Bool {
      if term === unit { return true }
      if term === zero { return false }
      if (isAnd && term.op == .and) || (!isAnd && term.op == .or) {
        for inner in term.args where !add(inner) { return false }
        return true
      }
      if case .not = term.op {
        if seen.contains(term.args[0].id) { return false }
      } else if negated.contains(term.id) {
        return false
      }
      if seen.insert(term.id).inserted {
        flat.append(term)
        if case .not = term.op { negated.insert(term.args[0].id) }
      }
      return true
    }
    for term in terms where !add(term) { return zero }
    switch flat.count {
    case 0: return unit
    case 1: return flat[0]
    default: return make(isAnd ? .and : .or, flat, .bool)
    }
  }

  package func implies(_ a: Term, _ b: Term) -> Term { or(not(a), b) }

  package func iff(_ a: Term, _ b: Term) -> Term { eq(a, b) }

  package func ite(_ c: Term, _ a: Term, _ b: Term) -> Term {
    if let value = c.boolConstant { return value ? a : b }
    if a === b { return a }
    if case .not = c.op { return ite(c.args[0], b, a) }
    if a.sort == .bool {
      if a.isTrue { return or(c, b) }
      if a.isFalse { return and(not(c), b) }
      if b.isTrue { return or(not(c), a) }
      if b.isFalse { return and(c, a) }
    }
    // ite(c, ite(c, x, y), z) = ite(c, x, z)
    if a.op == .ite, a.args[0] === c { return ite(c, a.args[1], b) }
    if b.op == .ite, b.args[0] === c { return ite(c, a, b.args[2]) }
    return make(.ite, [c, a, b], a.sort)
  }

  // MARK: - Equality and order

  package func eq(_ a: Term, _ b: Term) -> Term {
    if a === b { return trueTerm }
    if let x = a.intConstant, let y = b.intConstant { return bool(x == y) }
    if a.sort == .int, let x = interval(a), let y = interval(b), !x.overlaps(y) {
      return falseTerm
    }
    if let x = a.boolConstant, let y = b.boolConstant { return bool(x == y) }
    if a.sort == .bool {
      if let x = a.boolConstant { return x ? b : not(b) }
      if let y = b.boolConstant { return y ? a : not(a) }
    }
    // Push a comparison with a constant into an if-then-else with constant leaves:
    // function application over symbolic keys builds such chains.
    if b.intConstant != nil, let pushed = pushEquality(a, b, depth: 0) { return pushed }
    if a.intConstant != nil, let pushed = pushEquality(b, a, depth: 0) { return pushed }
    let (x, y) = a.id < b.id ? (a, b) : (b, a)
    return make(.eq, [x, y], .bool)
  }

  private func pushEquality(_ chain: Term, _ constant: Term, depth: Int) -> Term? {
    guard chain.op == .ite, depth < 64 else { return nil }
    let then = chain.args[1]
    let otherwise = chain.args[2]
    let leafThen = then.intConstant != nil
    let leafElse = otherwise.intConstant != nil
    guard leafThen || leafElse else { return nil }
    let left =
      leafThen
      ? eq(then, constant) : (pushEquality(then, constant, depth: depth + 1) ?? eq(then, constant))
    let right =
      leafElse
      ? eq(otherwise, constant)
      : (pushEquality(otherwise, constant, depth: depth + 1) ?? eq(otherwise, constant))
    return ite(chain.args[0], left, right)
  }

  package func lt(_ a: Term, _ b: Term) -> Term {
    if a === b { return falseTerm }
    if let x = a.intConstant, let y = b.intConstant { return bool(x < y) }
    if let x = interval(a), let y = interval(b) {
      if x.upperBound < y.lowerBound { return trueTerm }
      if x.lowerBound >= y.upperBound { return falseTerm }
    }
    return make(.lt, [a, b], .bool)
  }

  package func le(_ a: Term, _ b: Term) -> Term {
    if a === b { return trueTerm }
    if let x = a.intConstant, let y = b.intConstant { return bool(x <= y) }
    if let x = interval(a), let y = interval(b) {
      if x.upperBound <= y.lowerBound { return trueTerm }
      if x.lowerBound > y.upperBound { return falseTerm }
    }
    return make(.le, [a, b], .bool)
  }

  // MARK: - Arithmetic

  package func add(_ terms: [Term]) -> Term {
    var constant = 0
    var rest: [Term] = []
    for term in terms {
      if let value = term.intConstant {
        let (sum, overflowed) = constant.addingReportingOverflow(value)
        if overflowed { rest.append(term) } else { constant = sum }
      } else if term.op == .add {
        rest += term.args
      } else {
        rest.append(term)
      }
    }
    if rest.isEmpty { return int(constant) }
    if constant != 0 { rest.append(int(constant)) }
    if rest.count == 1 { return rest[0] }
    return make(.add, rest, .int)
  }

  package func add(_ a: Term, _ b: Term) -> Term { add([a, b]) }

  package func sub(_ a: Term, _ b: Term) -> Term {
    if a === b { return int(0) }
    if let y = b.intConstant {
      if y == 0 { return a }
      if let x = a.intConstant {
        let (r, o) = x.subtractingReportingOverflow(y)
        if !o { return int(r) }
      } else if y != Int.min {
        return add(a, int(-y))
      }
    }
    return make(.sub, [a, b], .int)
  }

  package func mul(_ a: Term, _ b: Term) -> Term {
    if let x = a.intConstant, let y = b.intConstant {
      let (r, o) = x.multipliedReportingOverflow(by: y)
      if !o { return int(r) }
    }
    if a.intConstant == 0 || b.intConstant == 0 { return int(0) }
    if a.intConstant == 1 { return b }
    if b.intConstant == 1 { return a }
    return make(.mul, [a, b], .int)
  }

  package func neg(_ a: Term) -> Term {
    if let x = a.intConstant, x != Int.min { return int(-x) }
    if case .neg = a.op { return a.args[0] }
    return make(.neg, [a], .int)
  }

  /// Euclidean division; folded only for a positive constant divisor.
  package func div(_ a: Term, _ b: Term) -> Term {
    if let x = a.intConstant, let y = b.intConstant, y > 0 {
      return int(floorDivision(x, y).quotient)
    }
    if b.intConstant == 1 { return a }
    return make(.div, [a, b], .int)
  }

  /// Euclidean modulus; folded only for a positive constant divisor.
  package func mod(_ a: Term, _ b: Term) -> Term {
    if let x = a.intConstant, let y = b.intConstant, y > 0 {
      return int(floorDivision(x, y).remainder)
    }
    if b.intConstant == 1 { return int(0) }
    return make(.mod, [a, b], .int)
  }

  private func floorDivision(_ a: Int, _ b: Int) -> (quotient: Int, remainder: Int) {
    var q = a / b
    var r = a % b
    if r != 0, (r < 0) != (b < 0) {
      q -= 1
      r += b
    }
    return (q, r)
  }
}
