import SpecRuntime
import SpecSemantics
import SpecSyntax

/// Evaluates every constant (defaults and `--const` values) in dependency order, checks
/// each against its declared type, and checks every range type's bounds.
///
/// With `allowSymbolic` (for `prove` and `bmc`), a constant without a value is not an
/// error: it stays symbolic, and so does every constant defined from it; checks that would
/// need their values are skipped (the solver gets the declared types instead).
struct ConstantEvaluation {
  let spec: TypedSpec
  let overrideFiles: [String: SourceFile]
  var allowSymbolic = false
  /// Which constants stay symbolic.
  var symbolic: [Bool]
  var diagnostics = DiagnosticBag()
  var overrideDiagnostics: [String: [Diagnostic]] = [:]
  var values: [Value?]
  var state: [Int: Bool] = [:]  // false: in progress, true: done
  let evaluator: Evaluator

  init(spec: TypedSpec, overrideFiles: [String: SourceFile]) {
    self.spec = spec
    self.overrideFiles = overrideFiles
    self.values = Array(repeating: nil, count: spec.constants.count)
    self.symbolic = Array(repeating: false, count: spec.constants.count)
    self.evaluator = Evaluator(spec: spec, constants: [])
  }

  mutating func run() -> [Value] {
    for index in spec.constants.indices { evaluate(index) }
    if diagnostics.hasErrors || !overrideDiagnostics.isEmpty { return [] }
    let constants = values.map { $0 ?? .bool(false) }
    evaluator.setConstants(constants)
    checkTypes(constants)
    return constants
  }

  mutating func report(_ index: Int, _ diagnostic: Diagnostic) {
    let name = spec.constants[index].name.text
    if overrideFiles[name] != nil {
      overrideDiagnostics[name, default: []].append(diagnostic)
    } else {
      diagnostics.append(diagnostic)
    }
  }

  mutating func evaluate(_ index: Int) {
    if state[index] != nil {
      if state[index] == false {
        diagnostics.error(
          .nonConstantExpression,
          "constant '\(spec.constants[index].name.text)' is defined in terms of itself",
          at: spec.constants[index].name.range)
        values[index] = .int(0)
        state[index] = true
      }
      return
    }
    let constant = spec.constants[index]
    guard let expr = constant.value else {
      if allowSymbolic {
        symbolic[index] = true
        state[index] = true
        values[index] = .int(0)
        return
      }
      diagnostics.error(
        .missingConstantValue,
        "constant '\(constant.name.text)' has no value: give one with --const \(constant.name.text)=VALUE",
        at: constant.name.range)
      state[index] = true
      values[index] = .int(0)
      return
    }
    state[index] = false
    let needed = dependencies(of: expr)
    for dependency in needed { evaluate(dependency) }
    if needed.contains(where: { symbolic[$0] }) {
      symbolic[index] = true
      values[index] = .int(0)
      state[index] = true
      return
    }
    evaluator.setConstants(values.map { $0 ?? .int(0) })
    do {
      let value = try evaluator.eval(expr)
      values[index] = value
    } catch let error as EvaluationError {
      report(index, error.diagnostic)
      values[index] = .int(0)
    } catch {
      report(index, Diagnostic(.internalError, "\(error)", at: expr.range))
      values[index] = .int(0)
    }
    state[index] = true
  }

  /// The constants an expression mentions, directly or through operators.
  func dependencies(of expr: Expr) -> [Int] {
    var found: [Int] = []
    var seenDefinitions: Set<Int> = []
    func visit(_ e: Expr) {
      switch spec.resolutions[e.id] {
      case .constant(let index): found.append(index)
      case .definition(let index) where !seenDefinitions.contains(index):
        seenDefinitions.insert(index)
        visit(spec.definitions[index].body)
      case .typeSet(let set):
        set.type.rangeBounds.forEach(visit)
      default: break
      }
      e.children.forEach(visit)
    }
    visit(expr)
    return found
  }

  /// Each constant within its declared type; each range type's bounds sensible.
  mutating func checkTypes(_ constants: [Value]) {
    for (index, constant) in spec.constants.enumerated() where !symbolic[index] {
      do {
        if try !evaluator.typeContains(constant.type, constants[index]) {
          let range = constant.value?.range ?? constant.name.range
          report(
            index,
            Diagnostic(
              .outsideType,
              "constant '\(constant.name.text)' = \(constants[index]) is outside its declared type",
              at: range))
        }
      } catch let error as EvaluationError {
        diagnostics.append(error.diagnostic)
      } catch {}
    }
    var types: [(DeclaredType, SourceRange)] = []
    types += spec.constants.map { ($0.type, $0.name.range) }
    types += spec.variables.map { ($0.type, $0.name.range) }
    for action in spec.actions { types += action.parameters.map { ($0.type, $0.name.range) } }
    for definition in spec.definitions {
      types += definition.parameters.map { ($0.type, $0.name.range) }
    }
    var checked: Set<Int> = []
    for (type, _) in types {
      let bounds = type.rangeBounds
      for pair in stride(from: 0, to: bounds.count, by: 2) {
        let low = bounds[pair]
        let high = bounds[pair + 1]
        guard !checked.contains(low.id), !dependsOnSymbolic(low), !dependsOnSymbolic(high) else {
          continue
        }
        checked.insert(low.id)
        checkRange(low, high)
      }
    }
    for action in spec.actions {
      for parameter in action.parameters
      where !parameter.type.rangeBounds.contains(where: dependsOnSymbolic) {
        do {
          // The evaluator caches a type's values by name: the name must be unique, or
          // two actions' parameters called alike would share the first one's values.
          _ = try evaluator.values(
            of: parameter.type, named: "parameter \(parameter.name.text) of \(action.name.text)",
            at: parameter.name.range)
        } catch let error as EvaluationError {
          let name = parameter.name.text
          switch error.code {
          case .tooLarge:
            diagnostics.error(
              .hugeRange,
              "action parameter '\(name)' ranges over its type, which is too large to enumerate: \(error.message)",
              at: parameter.name.range)
          case .infiniteSet:
            diagnostics.error(
              .infiniteSet,
              "action parameter '\(name)' ranges over an infinite type, which cannot be enumerated; use a range such as 0..10",
              at: parameter.name.range)
          default:
            // A bad range bound: `checkRange` has reported it already.
            if !diagnostics.items.contains(error.diagnostic) { diagnostics.append(error.diagnostic) }
          }
        } catch {}
      }
    }
  }

  func dependsOnSymbolic(_ expr: Expr) -> Bool {
    dependencies(of: expr).contains { symbolic[$0] }
  }

  mutating func checkRange(_ low: Expr, _ high: Expr) {
    let range = low.range.union(high.range)
    do {
      let a = try evaluator.bound(low)
      let b = try evaluator.bound(high)
      if a > b {
        diagnostics.warning(.emptyRange, "range \(a)..\(b) is empty: its lower bound is above its upper bound", at: range)
        return
      }
      let (span, overflowed) = b.subtractingReportingOverflow(a)
      if overflowed || span >= SpecLoader.hugeRangeThreshold {
        let count = overflowed ? "more than 2^63" : String(span + 1)
        diagnostics.warning(
          .hugeRange,
          "range \(a)..\(b) has \(count) values: a variable of this type is fine, but enumerating it (as a parameter or a set) is impractical",
          at: range)
      }
    } catch let error as EvaluationError {
      diagnostics.append(error.diagnostic)
    } catch {}
  }
}
