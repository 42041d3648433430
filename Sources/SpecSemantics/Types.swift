import SpecSyntax

/// A record field of a declared type.
package struct Field: Sendable {
  package var name: String
  package var type: DeclaredType
  package init(name: String, type: DeclaredType) {
    self.name = name
    self.type = type
  }
}

/// A type as declared in the spec, with aliases resolved. Range bounds stay expressions:
/// they are constant, but their values depend on `--const` and are computed by the runtime.
package indirect enum DeclaredType: Sendable {
  case bool
  case int
  case range(low: Expr, high: Expr)
  /// String literals, sorted and unique.
  case enumeration([String])
  case set(DeclaredType)
  case sequence(DeclaredType)
  case function(DeclaredType, DeclaredType)
  /// Fields sorted by name.
  case record([Field])
  /// A union of record types, each with fields sorted by name.
  case recordUnion([[Field]])
  case tuple([DeclaredType])

  /// The type expressions are checked against.
  package var ty: Ty {
    switch self {
    case .bool: .bool
    case .int, .range: .int
    case .enumeration(let values): .string(Set(values))
    case .set(let element): .set(element.ty)
    case .sequence(let element): .sequence(element.ty)
    case .function(let domain, let range): .function(domain.ty, range.ty)
    case .record(let fields): .records([RecordShape(fields)])
    case .recordUnion(let variants): .records(variants.map(RecordShape.init))
    case .tuple(let members): .tuple(members.map(\.ty))
    }
  }

  /// Whether the type has finitely many values (so it can be enumerated).
  package var isFinite: Bool {
    switch self {
    case .bool, .range, .enumeration: true
    case .int, .sequence: false
    case .set(let element): element.isFinite
    case .function(let domain, let range): domain.isFinite && range.isFinite
    case .record(let fields): fields.allSatisfy { $0.type.isFinite }
    case .recordUnion(let variants): variants.allSatisfy { $0.allSatisfy { $0.type.isFinite } }
    case .tuple(let members): members.allSatisfy(\.isFinite)
    }
  }

  /// Every range bound in the type, in order.
  package var rangeBounds: [Expr] {
    switch self {
    case .bool, .int, .enumeration: []
    case .range(let low, let high): [low, high]
    case .set(let element), .sequence(let element): element.rangeBounds
    case .function(let domain, let range): domain.rangeBounds + range.rangeBounds
    case .record(let fields): fields.flatMap { $0.type.rangeBounds }
    case .recordUnion(let variants): variants.flatMap { $0.flatMap { $0.type.rangeBounds } }
    case .tuple(let members): members.flatMap(\.rangeBounds)
    }
  }
}

/// A record's field names and field types, sorted by name.
package struct RecordShape: Hashable, Sendable {
  package var fields: [String: Ty]
  package init(fields: [String: Ty]) { self.fields = fields }
  init(_ declared: [Field]) {
    var fields: [String: Ty] = [:]
    for field in declared { fields[field.name] = field.type.ty }
    self.fields = fields
  }
  var names: [String] { fields.keys.sorted() }
}

/// The type of an expression. Ranges are `int` here: range values mix freely with
/// integers and are checked only where they are stored.
package indirect enum Ty: Hashable, Sendable, CustomStringConvertible {
  /// Unknown: the type of `{}`'s elements, or of an expression that already had an error.
  case any
  case bool
  case int
  /// A string drawn from these literals.
  case string(Set<String>)
  case set(Ty)
  case sequence(Ty)
  case tuple([Ty])
  case function(Ty, Ty)
  /// A record of one of these shapes.
  case records([RecordShape])

  package var description: String {
    switch self {
    case .any: return "any"
    case .bool: return "Bool"
    case .int: return "Int"
    case .string(let values):
      return values.sorted().map { "\"\($0)\"" }.joined(separator: " | ")
    case .set(let element): return "Set[\(element)]"
    case .sequence(let element): return "Seq[\(element)]"
    case .tuple(let members): return "<<\(members.map(\.description).joined(separator: ", "))>>"
    case .function(let domain, let range):
      let left = if case .function = domain { "(\(domain))" } else { domain.description }
      return "\(left) -> \(range)"
    case .records(let shapes):
      return shapes.map { shape in
        "[\(shape.names.map { "\($0): \(shape.fields[$0]!)" }.joined(separator: ", "))]"
      }.joined(separator: " | ")
    }
  }

  /// The least type holding both, or nil when they cannot mix (`Int` and `Bool`).
  package func join(_ other: Ty) -> Ty? {
    switch (self, other) {
    case (.any, _): return other
    case (_, .any): return self
    case (.bool, .bool): return .bool
    case (.int, .int): return .int
    case (.string(let a), .string(let b)): return .string(a.union(b))
    case (.set(let a), .set(let b)): return a.join(b).map(Ty.set)
    case (.sequence(let a), .sequence(let b)): return a.join(b).map(Ty.sequence)
    case (.tuple(let a), .tuple(let b)) where a.count == b.count:
      var members: [Ty] = []
      for (x, y) in zip(a, b) {
        guard let joined = x.join(y) else { return nil }
        members.append(joined)
      }
      return .tuple(members)
    case (.tuple, .tuple), (.tuple, .sequence), (.sequence, .tuple):
      guard let element = self.sequenceElement, let otherElement = other.sequenceElement,
        let joined = element.join(otherElement)
      else { return nil }
      return .sequence(joined)
    case (.function(let d1, let r1), .function(let d2, let r2)):
      guard let domain = d1.join(d2), let range = r1.join(r2) else { return nil }
      return .function(domain, range)
    case (.records(let a), .records(let b)):
      var shapes = a
      for shape in b {
        if let index = shapes.firstIndex(where: { $0.names == shape.names }) {
          var merged = shapes[index]
          for (name, type) in shape.fields {
            guard let joined = merged.fields[name]!.join(type) else { return nil }
            merged.fields[name] = joined
          }
          shapes[index] = merged
        } else {
          shapes.append(shape)
        }
      }
      return .records(shapes)
    default:
      return nil
    }
  }

  /// The element type when this is usable as a sequence (a sequence or a tuple).
  package var sequenceElement: Ty? {
    switch self {
    case .any: return .any
    case .sequence(let element): return element
    case .tuple(let members):
      var element = Ty.any
      for member in members {
        guard let joined = element.join(member) else { return nil }
        element = joined
      }
      return element
    default: return nil
    }
  }

  /// False when no value can have both types: disjoint string literals, records whose
  /// shapes share no field set. Comparing such values is a mistake in the spec.
  package func overlaps(_ other: Ty) -> Bool {
    switch (self, other) {
    case (.any, _), (_, .any): return true
    case (.string(let a), .string(let b)): return !a.isDisjoint(with: b)
    case (.set(let a), .set(let b)): return a.overlaps(b)
    case (.sequence(let a), .sequence(let b)): return a.overlaps(b)
    case (.tuple(let a), .tuple(let b)):
      return a.count == b.count && zip(a, b).allSatisfy { $0.overlaps($1) }
    case (.tuple, .sequence), (.sequence, .tuple):
      guard let a = sequenceElement, let b = other.sequenceElement else { return false }
      return a.overlaps(b)
    case (.function(let d1, let r1), .function(let d2, let r2)):
      return d1.overlaps(d2) && r1.overlaps(r2)
    case (.records(let a), .records(let b)):
      return a.contains { x in
        b.contains { y in
          x.names == y.names && x.fields.allSatisfy { name, type in type.overlaps(y.fields[name]!) }
        }
      }
    default:
      return join(other) != nil
    }
  }
}
