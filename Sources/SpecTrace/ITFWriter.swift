import SpecRuntime
import SpecSemantics

/// Writes traces in the Informal Trace Format (ITF) of Apalache and Quint: integers as
/// `{"#bigint": "n"}`, sets `{"#set": [...]}`, functions `{"#map": [[k, v], ...]}`, tuples
/// `{"#tup": [...]}`, sequences as arrays, records as objects. Declared types decide
/// between a tuple and a sequence, and between a function and a sequence.
package enum ITFWriter {
  package static func encode(_ trace: Trace, spec: TypedSpec) -> JSON {
    let variableTypes = trace.variables.map { name in
      spec.variables.first { $0.name.text == name }?.type
    }
    let parameterTypes = trace.parameters.map { parameter in
      spec.constants.first { $0.name.text == parameter.name }?.type
    }
    var states: [JSON] = []
    for (index, step) in trace.steps.enumerated() {
      var meta: [(String, JSON)] = [("index", .int(index)), ("action", .string(step.action ?? "init"))]
      if !step.arguments.isEmpty {
        let action = spec.actions.first { $0.name.text == step.action }
        meta.append(
          (
            "args",
            .object(
              step.arguments.map { argument in
                let type = action?.parameters.first { $0.name.text == argument.name }?.type
                return (argument.name, value(argument.value, type: type))
              })
          ))
      }
      var pairs: [(String, JSON)] = [("#meta", .object(meta))]
      for (parameter, type) in zip(trace.parameters, parameterTypes) {
        pairs.append((parameter.name, value(parameter.value, type: type)))
      }
      for (name, (v, type)) in zip(trace.variables, zip(step.values, variableTypes)) {
        pairs.append((name, value(v, type: type)))
      }
      states.append(.object(pairs))
    }
    return .object([
      (
        "#meta",
        .object([
          ("format", .string("ITF")),
          ("format-description", .string("https://apalache-mc.org/docs/adr/015adr-trace.html")),
          ("source", .string(trace.source)),
          ("description", .string(trace.description)),
        ])
      ),
      ("params", .array(trace.parameters.map { .string($0.name) })),
      ("vars", .array(trace.variables.map { .string($0) })),
      ("states", .array(states)),
    ])
  }

  /// One value, guided by its declared type where there is one.
  package static func value(_ value: Value, type: DeclaredType?) -> JSON {
    switch (value, type) {
    case (.bool(let b), _): return .bool(b)
    case (.int(let i), _): return .object([("#bigint", .string(String(i)))])
    case (.string(let s), _): return .string(s)
    case (.set(let elements), _):
      var element: DeclaredType?
      if case .set(let e) = type { element = e }
      return .object([("#set", .array(elements.map { self.value($0, type: element) }))])
    case (.sequence(let items), .tuple(let members)?) where members.count == items.count:
      return .object([("#tup", .array(zip(items, members).map { self.value($0, type: $1) }))])
    case (.sequence(let items), .function(let domain, let range)?):
      return .object([
        (
          "#map",
          .array(
            items.enumerated().map {
              .array([self.value(.int($0.offset + 1), type: domain), self.value($0.element, type: range)])
            })
        )
      ])
    case (.sequence(let items), _):
      var element: DeclaredType?
      if case .sequence(let e) = type { element = e }
      return .array(items.map { self.value($0, type: element) })
    case (.function(let keys, let values), _):
      var domain: DeclaredType?
      var range: DeclaredType?
      if case .function(let d, let r) = type {
        domain = d
        range = r
      }
      return .object([
        ("#map", .array(zip(keys, values).map { .array([self.value($0, type: domain), self.value($1, type: range)]) }))
      ])
    case (.record(let names, let values), _):
      let fields = recordFields(names, type)
      return .object(
        zip(names, values).map { name, v in (name, self.value(v, type: fields[name])) })
    }
  }

  static func recordFields(_ names: [String], _ type: DeclaredType?) -> [String: DeclaredType] {
    var variants: [[Field]] = []
    switch type {
    case .record(let fields)?: variants = [fields]
    case .recordUnion(let all)?: variants = all
    default: break
    }
    guard let fields = variants.first(where: { $0.map(\.name) == names }) else { return [:] }
    var out: [String: DeclaredType] = [:]
    for field in fields { out[field.name] = field.type }
    return out
  }
}
