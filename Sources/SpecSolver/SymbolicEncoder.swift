import SpecRuntime
import SpecSemantics
import SpecSyntax

/// Translates expressions of a `TypedSpec` into solver terms, mirroring the explicit
/// `Evaluator` construct by construct: where the evaluator computes a `Value` from the
/// current state, the encoder computes a `SymbolicValue` from a symbolic state.
///
/// Like the evaluator it holds its context in mutable fields (the current state, the next
/// state being bound, the bound names), so one encoder is used on one thread. Quantifiers
/// and set formers over finite sets are expanded; what cannot be encoded throws an
/// `EncodingError` (SPC6xx). Errors the evaluator would report (division by zero, a
/// function applied outside its domain...) become `failures`: conditions under which the
/// evaluation goes wrong, which queries check separately.
package final class SymbolicEncoder {
  /// A bound name: a value, or a `LET` operator inlined at each use in its scope.
  enum Bound {
    case value(SymbolicValue)
    case definition(LetDefinition, scopeDepth: Int)
  }

  /// Largest set the encoder lists element by element.
  package static let maxListedElements = 4096
  /// How deep a recursive operator is unrolled when its arguments are not constant.
  package static let recursionLimit = 24

  package let spec: TypedSpec
  package let terms: TermBuilder
  package let strings: StringTable
  /// Which constants have no concrete value.
  package let symbolicConstants: [Bool]
  let concreteConstants: [Value]
  /// One value per constant, made on first use: concrete ones lifted, symbolic ones
  /// fresh (or encoded from their definition).
  var constantValues: [SymbolicValue?]
  /// What the symbolic constants made so far must satisfy: their declared types.
  package internal(set) var constantConstraints: [Term] = []

  /// The current state, one value per variable.
  package var state: [SymbolicValue] = []
  /// The next state as bound so far (nil: not yet bound).
  package var next: [SymbolicValue?] = []
  var primed = false
  /// In `init`, unprimed variables are read from `next`, where init binds them.
  var initMode = false
  var env: [(String, Bound)] = []
  var atValues: [SymbolicValue] = []
  /// The condition under which the expression being encoded is evaluated at all.
  package var pathCondition: Term
  /// Failures found so far, each under the path condition of its expression.
  package var failures: [Failure] = []
  /// Prefix of fresh variable names, so every step of an unrolling has its own.
  package var namePrefix = ""
  /// Whether fresh values keep the parts that do not count (items past a sequence's
  /// length, values of absent function keys, record variants not chosen) inside their
  /// declared types too. Those parts never affect a query's answer; bounding them makes
  /// every integer of a query over finite types bounded, as a finite-domain solver needs.
  package var boundsIgnoredParts = false
  /// Whether fresh sequences without a capacity from their templates get a free length
  /// and no items instead of an `SPC603`: the probe state on which `prove` derives
  /// sequence bounds from the hypotheses (`SymbolicSystem+SequenceBounds`).
  package var lengthsOnly = false
  var callDepth = 0
  var definitionCache: [Int: SymbolicValue] = [:]
  /// Results of constant-level operators applied to concrete arguments.
  var callCache: [CallKey: SymbolicValue] = [:]
  var recursive: [Int: Bool] = [:]

  struct CallKey: Hashable {
    var definition: Int
    var arguments: [Value]
  }

  /// - Parameters:
  ///   - constants: the value of every constant; ignored where `symbolic` is true.
  ///   - symbolic: which constants stay symbolic (no value, or defined from one that has none).
  package init(
    spec: TypedSpec, constants: [Value], symbolic: [Bool], terms: TermBuilder = TermBuilder()
  ) {
    self.spec = spec
    self.terms = terms
    self.concreteConstants = constants
    self.symbolicConstants = symbolic
    self.strings = StringTable(
      spec: spec, constants: zip(constants, symbolic).filter { !$0.1 }.map(\.0))
    self.pathCondition = terms.trueTerm
    self.constantValues = Array(repeating: nil, count: spec.constants.count)
  }

  // MARK: - Context

  /// Runs `body` with the path condition strengthened by `condition`.
  func under<T>(_ condition: Term, _ body: () throws -> T) rethrows -> T {
    let saved = pathCondition
    pathCondition = terms.and(saved, condition)
    defer { pathCondition = saved }
    return try body()
  }

  func withBound<T>(_ name: String, _ value: SymbolicValue, _ body: () throws -> T) rethrows -> T {
    env.append((name, .value(value)))
    defer { env.removeLast() }
    return try body()
  }

  func lookup(_ name: String) -> Bound? {
    var index = env.count - 1
    while index >= 0 {
      if env[index].0 == name { return env[index].1 }
      index -= 1
    }
    return nil
  }

  /// Records that evaluation fails when `condition` holds (under the path condition).
  func fail(_ condition: Term, _ code: DiagnosticCode, _ message: String, at range: SourceRange) {
    let full = terms.and(pathCondition, condition)
    guard !full.isFalse else { return }
    failures.append(
      Failure(condition: full, kind: .evaluation, code: code, message: message, range: range))
  }

  /// Records that the encoding is not exact when `condition` holds (under the path
  /// condition): a query that can reach it answers unknown, giving `message` as the reason.
  func limit(
    _ message: String, when condition: Term? = nil, code: DiagnosticCode = .recursionTooDeep,
    at range: SourceRange
  ) {
    let full = condition.map { terms.and(pathCondition, $0) } ?? pathCondition
    guard !full.isFalse else { return }
    failures.append(
      Failure(condition: full, kind: .encodingLimit, code: code, message: message, range: range))
  }

  /// Runs `body`, returning the failures it recorded and leaving the list as it was.
  package func collectingFailures<T>(_ body: () throws -> T) rethrows -> (T, [Failure]) {
    let saved = failures
    failures = []
    defer { failures = saved }
    let result = try body()
    return (result, failures)
  }

  /// A fresh variable named after `hint` in the current step.
  func fresh(_ hint: String, _ sort: Sort) -> Term {
    terms.fresh(namePrefix + hint, sort)
  }

  func unsupported(_ message: String, at range: SourceRange) -> EncodingError {
    EncodingError(.unsupportedBySolver, message, at: range)
  }

  // MARK: - Entry points

  /// Encodes a Boolean expression.
  package func formula(_ expr: Expr) throws -> Term {
    try boolean(try encode(expr), at: expr.range)
  }

  func boolean(_ value: SymbolicValue, at range: SourceRange) throws -> Term {
    switch value {
    case .bool(let term): return term
    case .alternatives(let choices):
      var result = terms.falseTerm
      for choice in choices.reversed() {
        result = terms.ite(choice.condition, try boolean(choice.value, at: range), result)
      }
      return result
    default:
      throw EncodingError(
        .internalError, "expected a Boolean, found a \(value.kindName)", at: range)
    }
  }

  func integer(_ value: SymbolicValue, at range: SourceRange) throws -> Term {
    switch value {
    case .int(let term): return term
    case .alternatives(let choices):
      guard var result = try choices.last.map({ try integer($0.value, at: range) }) else {
        return terms.int(0)
      }
      for choice in choices.dropLast().reversed() {
        result = terms.ite(choice.condition, try integer(choice.value, at: range), result)
      }
      return result
    default:
      throw EncodingError(
        .internalError, "expected an integer, found a \(value.kindName)", at: range)
    }
  }

  func integer(_ expr: Expr) throws -> Term { try integer(try encode(expr), at: expr.range) }
}
