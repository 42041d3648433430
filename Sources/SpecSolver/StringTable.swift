import SpecRuntime
import SpecSemantics

/// Gives every string the spec can produce an integer code, in the value order of
/// strings, so comparing codes is comparing strings and the solver needs no string sort.
///
/// Strings come only from literals: those of the spec's expressions and enumeration
/// types, record field names (`DOMAIN r` yields them), and the strings inside constant
/// values.
package struct StringTable: Sendable {
  package private(set) var strings: [String] = []
  private var codes: [String: Int] = [:]

  package init(spec: TypedSpec, constants: [Value]) {
    var found: Set<String> = []
    func visit(_ type: Ty) {
      switch type {
      case .any, .bool, .int: break
      case .string(let values): found.formUnion(values)
      case .set(let element), .sequence(let element): visit(element)
      case .tuple(let members): members.forEach(visit)
      case .function(let domain, let range):
        visit(domain)
        visit(range)
      case .records(let shapes):
        for shape in shapes {
          found.formUnion(shape.fields.keys)
          shape.fields.values.forEach(visit)
        }
      }
    }
    func visit(_ value: Value) {
      switch value {
      case .bool, .int: break
      case .string(let s): found.insert(s)
      case .sequence(let items), .set(let items): items.forEach(visit)
      case .record(let names, let values):
        found.formUnion(names)
        values.forEach(visit)
      case .function(let keys, let values):
        keys.forEach(visit)
        values.forEach(visit)
      }
    }
    spec.types.values.forEach(visit)
    var declared: [DeclaredType] = spec.constants.map(\.type) + spec.variables.map(\.type)
    declared += spec.aliases.values
    for action in spec.actions { declared += action.parameters.map(\.type) }
    for definition in spec.definitions { declared += definition.parameters.map(\.type) }
    for type in declared { visit(type.ty) }
    constants.forEach(visit)
    strings = found.sorted()
    for (index, string) in strings.enumerated() { codes[string] = index }
  }

  /// The code of a string, nil when the spec cannot produce it.
  package func code(_ string: String) -> Int? { codes[string] }

  /// The string with this code, nil for a code the table does not have.
  package func string(_ code: Int) -> String? {
    code >= 0 && code < strings.count ? strings[code] : nil
  }
}
