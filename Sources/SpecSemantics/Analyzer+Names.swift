import SpecSyntax

extension Analyzer {
  /// "did you mean 'x'?" when a candidate is within a small edit distance.
  func suggestion(for name: String, among candidates: [String]) -> [Diagnostic.Note] {
    let limit = name.count >= 6 ? 2 : (name.count >= 3 ? 1 : 0)
    guard limit > 0 else { return [] }
    let best = candidates.filter { $0 != name }
      .map { ($0, Self.editDistance(name, $0)) }
      .filter { $0.1 <= limit }
      .min { ($0.1, $0.0) < ($1.1, $1.0) }
    guard let (candidate, _) = best else { return [] }
    return [.init("did you mean '\(candidate)'?")]
  }

  /// Edit distance over Unicode scalars, counting a swap of two adjacent scalars as one
  /// edit (optimal string alignment), so the common typo `cuont` is one edit from `count`.
  static func editDistance(_ a: String, _ b: String) -> Int {
    let x = Array(a.unicodeScalars)
    let y = Array(b.unicodeScalars)
    if x.isEmpty { return y.count }
    if y.isEmpty { return x.count }
    var beforePrevious: [Int] = []
    var previous = Array(0...y.count)
    for i in 1...x.count {
      var row = [i] + Array(repeating: 0, count: y.count)
      for j in 1...y.count {
        let cost = x[i - 1] == y[j - 1] ? 0 : 1
        row[j] = min(previous[j] + 1, row[j - 1] + 1, previous[j - 1] + cost)
        if i > 1, j > 1, x[i - 1] == y[j - 2], x[i - 2] == y[j - 1] {
          row[j] = min(row[j], beforePrevious[j - 2] + 1)
        }
      }
      beforePrevious = previous
      previous = row
    }
    return previous[y.count]
  }

  /// Every name visible here, for suggestions.
  var visibleNames: [String] {
    Array(globals.keys) + scopes.flatMap(\.keys) + Builtin.allCases.map(\.rawValue) + [
      "Bool", "Int",
    ]
  }

  func lookupLocal(_ name: String) -> Local? {
    for scope in scopes.reversed() {
      if let local = scope[name] { return local }
    }
    return nil
  }

  mutating func withScope<T>(_ scope: [String: Local], _ body: (inout Analyzer) -> T) -> T {
    scopes.append(scope)
    defer { scopes.removeLast() }
    return body(&self)
  }

  // MARK: - Requirements

  mutating func requireBool(_ type: Ty, at range: SourceRange, _ what: String) {
    if type.join(.bool) == nil {
      diagnostics.error(
        .typeMismatch, "type mismatch: \(what) must be Bool, found \(type)", at: range)
    }
  }

  mutating func requireInt(_ type: Ty, at range: SourceRange, _ what: String) {
    if type.join(.int) == nil {
      diagnostics.error(
        .typeMismatch, "type mismatch: \(what) must be Int, found \(type)", at: range)
    }
  }

  /// A value of type `found` is stored where `expected` is declared.
  mutating func requireCompatible(
    _ found: Ty, _ expected: Ty, at range: SourceRange, _ what: String
  ) {
    if found.join(expected) == nil || !found.overlaps(expected) {
      diagnostics.error(
        .typeMismatch, "type mismatch: \(what) has type \(expected), found \(found)", at: range)
    }
  }

  /// The element type of a set-valued operand, reporting a mismatch otherwise.
  mutating func setElement(_ type: Ty, at range: SourceRange, _ what: String) -> Ty {
    switch type {
    case .set(let element): return element
    case .any: return .any
    default:
      diagnostics.error(
        .typeMismatch, "type mismatch: \(what) must be a set, found \(type)", at: range)
      return .any
    }
  }
}
