import SpecSemantics
import SpecSyntax

typealias BoolCode = (Frame) throws -> Bool
typealias IntCode = (Frame) throws -> Int
typealias BitsCode = (Frame) throws -> UInt64
typealias ValueCode = (Frame) throws -> Value

/// A closure kept in an array. Arrays hold function values at their most general
/// abstraction, so calling one taken out of an array goes through a reabstraction thunk;
/// a struct field of a concrete function type does not.
struct BoolBox {
  let run: BoolCode
}

/// A packed place in a state: a variable, or a function entry or record field inside one.
struct Slot {
  var variable: Int
  /// Read from the next state (an action's `x'`) rather than the current one.
  var primed: Bool
  var offset: Int
  var codec: StateLayout.Codec
  /// Presence bits of the function entries on the way, which must be set: applying a
  /// function outside its domain is the interpreter's error to report.
  var presence: [Int]
}

/// A compiled expression, by the form of what it produces.
enum Code {
  case constant(Value)
  case bool(BoolCode)
  case int(IntCode)
  /// A value packed by the codec (at most 64 bits wide).
  case packed(StateLayout.Codec, BitsCode)
  case slot(Slot)
  /// Anything else, as a `Value` (often the interpreter's own answer).
  case value(ValueCode)
  /// A Boolean made of slot tests (see `Clauses`).
  case clauses(Clauses)
  /// A set of constant candidates, each present by bits of the current state.
  case guarded(GuardedSet)

  var isConstant: Bool {
    if case .constant = self { return true }
    return false
  }
}

/// Compiles expressions of a `TypedSpec` to closures over a `Frame`.
///
/// Names bound by quantifiers over constant sets are unrolled, and action parameters are
/// fixed per action instance, so most subexpressions either fold to constants or read one
/// packed slot. Scalar work (Booleans, integers with overflow checks, enumerations,
/// record fields, function entries, bitsets) runs on packed bits without allocating.
/// Everything else is handed to the worker's `Evaluator` for that subexpression, with the
/// environment the interpreter would have had; semantics stay the interpreter's.
///
/// One compiler per worker: the closures capture that worker's evaluator and layout.
final class ExpressionCompiler {
  /// Where compilation stands: the names bound (as the interpreter would bind them) and
  /// whether variables are read from the next state.
  struct Context {
    var env: [(String, Evaluator.Bound)] = []
    var primed = false
    var inAction = false
  }

  let spec: TypedSpec
  let layout: StateLayout
  /// Folds constant subexpressions at compile time (state empty: reads of variables fail).
  let folder: Evaluator
  /// Most bodies unrolled for one unit (an invariant, a constraint, an action instance),
  /// nested quantifiers included, before quantifiers are left to the interpreter.
  static let unrollBudget = 4096
  var budget = unrollBudget
  /// Most candidates of guarded sets (filters, images) compiled for one unit, those that
  /// fold included: nested filters over a message set multiply (80 candidates, four deep:
  /// 40 million folds); Paxos needs up to 5,100 a unit at MaxBallot=2, 10,800 at 3.
  static let candidateBudget = 32_768
  var candidates = candidateBudget
  /// Deepest operator inlining before calls are left to the interpreter.
  static let maxInlineDepth = 24
  var inlineDepth = 0
  /// Top-level operator calls inlined around the expression being compiled: the call
  /// depth the interpreter starts at where compiled code falls back to it (or the folder
  /// folds), so that the limit on nested calls is reached where the interpreter alone
  /// reaches it. (`LET` operators do not count: the interpreter does not count them.)
  var callsInlined = 0
  let resolutionTable: [Resolution?]

  init(spec: TypedSpec, constants: [Value], layout: StateLayout) {
    self.spec = spec
    self.layout = layout
    self.folder = Evaluator(spec: spec, constants: constants)
    self.resolutionTable = folder.resolutionTable
  }

  func resolution(_ expr: Expr) -> Resolution? { folder.resolution(expr) }

  /// Starts compiling a new unit, with a fresh unrolling budget.
  func beginUnit() {
    budget = Self.unrollBudget
    candidates = Self.candidateBudget
    inlineDepth = 0
    callsInlined = 0
  }

  // MARK: - Folding and fallback

  /// The value of an expression that reads no variable, or nil.
  func fold(_ expr: Expr, _ context: Context) -> Value? {
    folding(context) { try $0.eval(expr) }
  }

  /// What `body` finds with the folder set up for `context` (no state), or nil when it
  /// throws.
  func folding<T>(_ context: Context, _ body: (Evaluator) throws -> T) -> T? {
    folder.state = []
    folder.next = []
    folder.env = context.env
    folder.primed = context.primed
    folder.initMode = false
    folder.callDepth = callsInlined
    defer {
      folder.env = []
      folder.callDepth = 0
    }
    return try? body(folder)
  }

  /// The expression as the interpreter evaluates it, folded when it reads no variable.
  func fallback(_ expr: Expr, _ context: Context) -> Code {
    if let value = fold(expr, context) { return .constant(value) }
    let env = context.env
    let primed = context.primed
    let inAction = context.inAction
    let callDepth = callsInlined
    return .value { frame in
      frame.prepareEvaluator(env: env, primed: primed, inAction: inAction)
      frame.evaluator.callDepth = callDepth
      defer { frame.evaluator.callDepth = 0 }
      return try frame.evaluator.eval(expr)
    }
  }

  /// A compiled Boolean; a form that is not Boolean falls back.
  func compileBool(_ expr: Expr, _ context: Context) -> BoolCode {
    bool(compile(expr, context))
  }

  // MARK: - Expressions

  func compile(_ expr: Expr, _ context: Context) -> Code {
    switch expr.kind {
    case .boolean(let b): return .constant(.bool(b))
    case .integer(let i): return .constant(.int(i))
    case .string(let s): return .constant(.string(s))
    case .name: return compileName(expr, context)
    case .prime(let operand):
      var inner = context
      inner.primed = true
      return compile(operand, inner)
    case .unary(let op, let operand): return compileUnary(op, operand, expr, context)
    case .binary(let op, let lhs, let rhs): return compileBinary(op, lhs, rhs, expr, context)
    case .junction(let isConjunction, let items):
      // Items after one that folds to the deciding answer are never evaluated.
      var codes: [Code] = []
      for item in items {
        let code = compile(item, context)
        codes.append(code)
        if case .constant(.bool(let b)) = code, b != isConjunction { break }
      }
      if codes.count == 1, case .constant(.bool) = codes[0] { return codes[0] }
      return junction(isConjunction, codes: codes)
    case .apply(let function, let args): return compileApply(function, args, expr, context)
    case .field(let record, let name): return compileField(record, name, expr, context)
    case .ifThenElse(let condition, let then, let otherwise):
      return compileIf(condition, then, otherwise, expr, context)
    case .quantified(let quantifier, let bindings, let body):
      return compileQuantifier(quantifier, bindings, body, expr, context)
    case .call(let name, let args): return compileCall(name, args, expr, context)
    case .except(let base, let clauses): return compileExcept(base, clauses, expr, context)
    case .letIn(let definitions, let body):
      var inner = context
      for definition in definitions {
        inner.env.append(
          (definition.name.text, .definition(definition, scopeDepth: inner.env.count)))
      }
      return compile(body, inner)
    case .setFilter(let binding, let predicate):
      return compileSetFilter(binding, predicate, expr, context)
    case .setMap(let body, let bindings):
      return compileSetMap(body, bindings, expr, context)
    default:
      return fallback(expr, context)
    }
  }

  func compileName(_ expr: Expr, _ context: Context) -> Code {
    switch resolution(expr) {
    case .variable(let index):
      return .slot(
        Slot(
          variable: index, primed: context.primed, offset: layout.offsets[index],
          codec: layout.codecs[index], presence: []))
    case .local(let name):
      guard let bound = context.env.last(where: { $0.0 == name })?.1 else {
        return fallback(expr, context)
      }
      switch bound {
      case .value(let value): return .constant(value)
      case .definition(let definition, let depth):
        guard definition.parameters.isEmpty else { return fallback(expr, context) }
        var inner = context
        inner.env = Array(context.env.prefix(depth))
        return inlined(inner) { compile(definition.body, $0) } ?? fallback(expr, context)
      }
    case .definition(let index):
      return compileDefinition(index, args: [], expr, context)
    case .predicate(.invariant(let index)):
      return compile(spec.invariants[index].body, context)
    default:
      return fallback(expr, context)
    }
  }

  /// Compiles an operator's body with its parameters bound to constant arguments.
  func compileDefinition(_ index: Int, args: [Value], _ expr: Expr, _ context: Context) -> Code {
    let definition = spec.definitions[index]
    if definition.level == .constant { return fallback(expr, context) }
    var inner = context
    inner.env = zip(definition.parameters, args).map { ($0.name.text, .value($1)) }
    callsInlined += 1
    let body = inlined(inner) { compile(definition.body, $0) }
    callsInlined -= 1
    return body ?? fallback(expr, context)
  }

  func inlined(_ context: Context, _ body: (Context) -> Code) -> Code? {
    guard inlineDepth < Self.maxInlineDepth else { return nil }
    inlineDepth += 1
    defer { inlineDepth -= 1 }
    return body(context)
  }

  func compileCall(_ name: Name, _ args: [Expr], _ expr: Expr, _ context: Context) -> Code {
    if case .builtin(.cardinality) = resolution(expr), args.count == 1,
      let count = cardinality(compile(args[0], context))
    {
      return count
    }
    var values: [Value] = []
    for arg in args {
      guard case .constant(let value) = compile(arg, context) else {
        return fallback(expr, context)
      }
      values.append(value)
    }
    switch resolution(expr) {
    case .definition(let index):
      return compileDefinition(index, args: values, expr, context)
    case .local(let local):
      guard
        case .definition(let definition, let depth)? = context.env.last(where: { $0.0 == local })?.1
      else { return fallback(expr, context) }
      var inner = context
      inner.env = Array(context.env.prefix(depth))
      for (parameter, value) in zip(definition.parameters, values) {
        inner.env.append((parameter.text, .value(value)))
      }
      return inlined(inner) { compile(definition.body, $0) } ?? fallback(expr, context)
    default:
      return fallback(expr, context)
    }
  }

  func compileUnary(_ op: UnaryOperator, _ operand: Expr, _ expr: Expr, _ context: Context) -> Code
  {
    switch op {
    case .not:
      // ~(a /\ b) and ~(a \/ b) in one closure, or as clauses (invariants say "never
      // both" this way).
      if case .binary(let junction, let lhs, let rhs) = operand.kind,
        junction == .and || junction == .or
      {
        let a = compile(lhs, context)
        let b = compile(rhs, context)
        if !a.isConstant, !b.isConstant {
          if case .clauses(let c) = self.junction(junction == .and, codes: [a, b]),
            let negation = c.negation
          {
            return .clauses(negation)
          }
          let (x, y) = (bool(a), bool(b))
          return junction == .and
            ? .bool { try !(x($0) && y($0)) } : .bool { try !(x($0) || y($0)) }
        }
      }
      let inner = compile(operand, context)
      if case .constant = inner { return fallback(expr, context) }
      if case .clauses(let c) = inner, let negation = c.negation { return .clauses(negation) }
      let value = bool(inner)
      return .bool { try !value($0) }
    case .negate:
      let inner = compile(operand, context)
      if case .constant = inner { return fallback(expr, context) }
      guard let value = int(inner) else { return fallback(expr, context) }
      return .int { frame in
        let i = try value(frame)
        guard i != Int.min else { throw Frame.Fallback() }
        return -i
      }
    default:
      return fallback(expr, context)
    }
  }

  /// A conjunction or disjunction, short-circuiting left to right. Built as a balanced
  /// tree of closures of up to four operands: calling closures kept in an array goes
  /// through a reabstraction thunk and reference counting on every call.
  func junction(_ isConjunction: Bool, _ items: [BoolBox]) -> Code {
    func tree(_ items: ArraySlice<BoolBox>) -> BoolCode {
      let first = items.startIndex
      switch items.count {
      case 0: return { _ in isConjunction }
      case 1: return items[first].run
      case 2:
        let (a, b) = (items[first].run, items[first + 1].run)
        return isConjunction ? { try a($0) && b($0) } : { try a($0) || b($0) }
      case 3:
        let (a, b, c) = (items[first].run, items[first + 1].run, items[first + 2].run)
        return isConjunction
          ? { try a($0) && b($0) && c($0) } : { try a($0) || b($0) || c($0) }
      case 4:
        let (a, b) = (items[first].run, items[first + 1].run)
        let (c, d) = (items[first + 2].run, items[first + 3].run)
        return isConjunction
          ? { try a($0) && b($0) && c($0) && d($0) } : { try a($0) || b($0) || c($0) || d($0) }
      default:
        let quarter = (items.count + 3) / 4
        let parts = stride(from: first, to: items.endIndex, by: quarter).map {
          BoolBox(run: tree(items[$0..<min($0 + quarter, items.endIndex)]))
        }
        return tree(parts[...])
      }
    }
    return .bool(tree(items[...]))
  }

  func compileIf(
    _ condition: Expr, _ then: Expr, _ otherwise: Expr, _ expr: Expr, _ context: Context
  )
    -> Code
  {
    let c = compile(condition, context)
    if case .constant(.bool(let b)) = c { return compile(b ? then : otherwise, context) }
    let test = bool(c)
    let a = compile(then, context)
    let b = compile(otherwise, context)
    if let x = boolIfBoolean(a), let y = boolIfBoolean(b) {
      return .bool { try test($0) ? x($0) : y($0) }
    }
    if let x = intIfInteger(a), let y = intIfInteger(b) {
      return .int { try test($0) ? x($0) : y($0) }
    }
    let x = value(a)
    let y = value(b)
    return .value { try test($0) ? x($0) : y($0) }
  }

  func compileQuantifier(
    _ quantifier: Quantifier, _ bindings: [Binding], _ body: Expr, _ expr: Expr, _ context: Context
  ) -> Code {
    guard let bodies = unrollGuarded(bindings, context, { compile(body, $0) }) else {
      return fallback(expr, context)
    }
    return guardedQuantifier(quantifier == .forall, bodies)
  }

  // MARK: - Functions and records

  func compileApply(_ function: Expr, _ args: [Expr], _ expr: Expr, _ context: Context) -> Code {
    let f = compile(function, context)
    guard case .slot(let slot) = f else { return fallback(expr, context) }
    var keys: [Value] = []
    for arg in args {
      let code = compile(arg, context)
      guard case .constant(let key) = code else {
        guard args.count == 1, let read = dynamicEntry(of: slot, at: code) else {
          return fallback(expr, context)
        }
        return read
      }
      keys.append(key)
    }
    let key = keys.count == 1 ? keys[0] : .sequence(keys)
    return entry(of: slot, at: key).map(Code.slot) ?? fallback(expr, context)
  }

  /// The slot of `slot[key]` for a constant key, or nil.
  func entry(of slot: Slot, at key: Value) -> Slot? {
    switch slot.codec {
    case .function(let keys, let range):
      guard let index = Value.index(of: key, in: keys) else { return nil }
      let presence = slot.offset + index * (1 + range.width)
      var inner = slot
      inner.offset = presence + 1
      inner.codec = range
      inner.presence.append(presence)
      return inner
    case .record(let names, let fields):
      guard case .string(let name) = key else { return nil }
      return field(of: slot, names, fields, name)
    default:
      return nil
    }
  }

  func field(of slot: Slot, _ names: [String], _ fields: [StateLayout.Codec], _ name: String)
    -> Slot?
  {
    guard let index = names.firstIndex(of: name) else { return nil }
    var inner = slot
    inner.offset = slot.offset + fields[..<index].reduce(0) { $0 + $1.width }
    inner.codec = fields[index]
    return inner
  }

  func compileField(_ record: Expr, _ name: Name, _ expr: Expr, _ context: Context) -> Code {
    guard case .slot(let slot) = compile(record, context),
      case .record(let names, let fields) = slot.codec,
      let inner = field(of: slot, names, fields, name.text)
    else { return fallback(expr, context) }
    return .slot(inner)
  }
}
