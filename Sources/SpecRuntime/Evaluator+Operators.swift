import SpecSemantics
import SpecSyntax

extension Evaluator {
  func evalUnary(_ op: UnaryOperator, _ operand: Expr, _ expr: Expr) throws
    -> Value
  {
    switch op {
    case .not:
      return .bool(!(try isTrue(operand)))
    case .negate:
      let value = try integer(operand)
      guard value != Int.min else { throw overflow("-\(value)", at: expr.range) }
      return .int(-value)
    case .domain:
      let value = try eval(operand)
      guard let pairs = value.functionPairs else {
        throw EvaluationError(
          .evaluationFailed, "DOMAIN needs a function, found \(value)", at: operand.range)
      }
      return Value.makeSet(pairs.map(\.0))
    case .subset:
      let elements = try enumerate(operand)
      guard elements.count <= maxSubsetElements else {
        throw EvaluationError(
          .tooLarge,
          "SUBSET of a set with \(elements.count) elements has 2^\(elements.count) elements: too many to build",
          at: expr.range)
      }
      var subsets: [Value] = []
      for mask in 0..<(1 << elements.count) {
        var subset: [Value] = []
        for (bit, element) in elements.enumerated() where mask & (1 << bit) != 0 {
          subset.append(element)
        }
        subsets.append(.set(subset))
      }
      return Value.makeSet(subsets)
    case .union:
      var all: [Value] = []
      for element in try enumerate(operand) {
        guard let inner = element.elements else {
          throw EvaluationError(
            .evaluationFailed, "UNION needs a set of sets, found element \(element)",
            at: operand.range)
        }
        all += inner
      }
      return Value.makeSet(all)
    }
  }

  func overflow(_ what: String, at range: SourceRange) -> EvaluationError {
    EvaluationError(.overflow, "integer overflow: \(what) does not fit in 64 bits", at: range)
  }

  func evalBinary(_ op: BinaryOperator, _ lhs: Expr, _ rhs: Expr, _ expr: Expr)
    throws -> Value
  {
    switch op {
    case .and: return .bool(try isTrue(lhs) && isTrue(rhs))
    case .or: return .bool(try isTrue(lhs) || isTrue(rhs))
    case .implies: return .bool(try !isTrue(lhs) || isTrue(rhs))
    case .equiv: return .bool(try isTrue(lhs) == isTrue(rhs))
    case .eq: return .bool(try eval(lhs) == eval(rhs))
    case .neq: return .bool(try eval(lhs) != eval(rhs))
    case .in: return .bool(try contains(rhs, try eval(lhs)))
    case .notin: return .bool(!(try contains(rhs, try eval(lhs))))
    case .subseteq:
      let subset = try enumerate(lhs)
      for element in subset where !(try contains(rhs, element)) { return .bool(false) }
      return .bool(true)
    case .lt, .gt, .le, .ge, .range, .plus, .minus, .times, .div, .mod, .power:
      return try arithmetic(op, try integer(lhs), try integer(rhs), expr)
    case .union, .intersect, .setminus:
      let a = try setElements(lhs)
      let b = try setElements(rhs)
      switch op {
      case .union: return Value.makeSet(a + b)
      case .intersect: return .set(a.filter { Value.index(of: $0, in: b) != nil })
      default: return .set(a.filter { Value.index(of: $0, in: b) == nil })
      }
    case .concat:
      let a = try eval(lhs)
      let b = try eval(rhs)
      guard case .sequence(let x) = a, case .sequence(let y) = b else {
        throw EvaluationError(
          .evaluationFailed, "'\\o' needs two sequences, found \(a) and \(b)", at: expr.range)
      }
      return .sequence(x + y)
    case .fnMerge:
      let a = try eval(lhs)
      let b = try eval(rhs)
      guard let x = a.functionPairs, let y = b.functionPairs else {
        throw EvaluationError(
          .evaluationFailed, "'@@' needs two functions, found \(a) and \(b)", at: expr.range)
      }
      var pairs = x
      for pair in y where !x.contains(where: { $0.0 == pair.0 }) { pairs.append(pair) }
      return Value.makeFunction(pairs)
    case .singletonFn:
      return Value.makeFunction([(try eval(lhs), try eval(rhs))])
    }
  }

  func arithmetic(_ op: BinaryOperator, _ a: Int, _ b: Int, _ expr: Expr) throws
    -> Value
  {
    switch op {
    case .lt: return .bool(a < b)
    case .gt: return .bool(a > b)
    case .le: return .bool(a <= b)
    case .ge: return .bool(a >= b)
    case .range:
      guard a <= b else { return .set([]) }
      let (span, overflowed) = b.subtractingReportingOverflow(a)
      guard !overflowed, span < maxMaterializedElements else {
        throw EvaluationError(
          .tooLarge, "the range \(a)..\(b) is too large to build as a set", at: expr.range)
      }
      return .set((a...b).map(Value.int))
    case .plus:
      let (r, o) = a.addingReportingOverflow(b)
      if o { throw overflow("\(a) + \(b)", at: expr.range) }
      return .int(r)
    case .minus:
      let (r, o) = a.subtractingReportingOverflow(b)
      if o { throw overflow("\(a) - \(b)", at: expr.range) }
      return .int(r)
    case .times:
      let (r, o) = a.multipliedReportingOverflow(by: b)
      if o { throw overflow("\(a) * \(b)", at: expr.range) }
      return .int(r)
    case .div, .mod:
      guard b != 0 else {
        throw EvaluationError(
          .divisionByZero, "\(op == .div ? "division" : "modulus") by zero: \(a) \(op.rawValue) 0",
          at: expr.range)
      }
      if a == Int.min, b == -1 { throw overflow("\(a) \(op.rawValue) \(b)", at: expr.range) }
      var q = a / b
      var r = a % b
      if r != 0, (r < 0) != (b < 0) {
        q -= 1
        r += b
      }
      return .int(op == .div ? q : r)
    case .power:
      guard b >= 0 else {
        throw EvaluationError(
          .evaluationFailed, "negative exponent: \(a)^\(b)", at: expr.range)
      }
      switch a {
      case 0: return .int(b == 0 ? 1 : 0)
      case 1: return .int(1)
      case -1: return .int(b % 2 == 0 ? 1 : -1)
      default: break
      }
      var result = 1
      for _ in 0..<b {
        let (r, o) = result.multipliedReportingOverflow(by: a)
        if o { throw overflow("\(a)^\(b)", at: expr.range) }
        result = r
      }
      return .int(result)
    default:
      throw EvaluationError(.internalError, "not arithmetic: \(op.rawValue)", at: expr.range)
    }
  }
}
