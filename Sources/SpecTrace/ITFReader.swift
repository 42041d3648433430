import SpecRuntime
import SpecSemantics

/// Reads ITF traces back into values of a spec, checking shapes against declared types.
/// Hostile input gets a `TraceError` naming the JSON path, never a crash.
package enum ITFReader {
  package struct TraceError: Error, Equatable, Sendable {
    package var message: String
    /// Byte offset in the file, for JSON syntax errors.
    package var offset: Int?
  }

  package static func read(_ bytes: [UInt8], spec: TypedSpec, source: String) throws(TraceError) -> Trace {
    let json: JSON
    do {
      json = try JSONParser.parse(bytes)
    } catch {
      throw TraceError(message: "not valid JSON: \(error.message)", offset: error.offset)
    }
    return try decode(json, spec: spec, source: source)
  }

  package static func decode(_ json: JSON, spec: TypedSpec, source: String) throws(TraceError) -> Trace {
    guard case .object = json else { throw TraceError(message: "an ITF trace must be a JSON object") }
    guard case .array(let varsJSON)? = json["vars"] else {
      throw TraceError(message: "missing \"vars\": an array of variable names")
    }
    var vars: [String] = []
    for item in varsJSON {
      guard case .string(let name) = item else {
        throw TraceError(message: "\"vars\" must hold strings")
      }
      vars.append(name)
    }
    let expected = spec.variables.map(\.name.text)
    guard Set(vars) == Set(expected), vars.count == expected.count else {
      throw TraceError(
        message: "\"vars\" is \(vars) but spec '\(spec.name)' has variables \(expected)")
    }
    guard case .array(let statesJSON)? = json["states"], !statesJSON.isEmpty else {
      throw TraceError(message: "missing \"states\": a non-empty array of states")
    }
    var parameters: [Trace.Argument] = []
    if case .array(let params)? = json["params"], case .object = statesJSON[0] {
      for param in params {
        guard case .string(let name) = param,
          let constant = spec.constants.first(where: { $0.name.text == name }),
          let valueJSON = statesJSON[0][name]
        else { continue }
        parameters.append(
          Trace.Argument(
            name: name, value: try value(valueJSON, type: constant.type, path: "states[0].\(name)")))
      }
    }
    var steps: [Trace.Step] = []
    for (index, stateJSON) in statesJSON.enumerated() {
      guard case .object = stateJSON else {
        throw TraceError(message: "states[\(index)] must be an object")
      }
      var values: [Value] = []
      for variable in spec.variables {
        let path = "states[\(index)].\(variable.name.text)"
        guard let valueJSON = stateJSON[variable.name.text] else {
          throw TraceError(message: "\(path) is missing")
        }
        values.append(try value(valueJSON, type: variable.type, path: path))
      }
      var action: String? = index == 0 ? nil : "?"
      var arguments: [Trace.Argument] = []
      if case .string(let name)? = stateJSON["#meta"]?["action"] {
        action = name == "init" && index == 0 ? nil : name
        if let declared = spec.actions.first(where: { $0.name.text == name }),
          case .object(let args)? = stateJSON["#meta"]?["args"]
        {
          for parameter in declared.parameters {
            guard let argJSON = args.first(where: { $0.0 == parameter.name.text })?.1 else {
              throw TraceError(message: "states[\(index)].#meta.args lacks '\(parameter.name.text)'")
            }
            arguments.append(
              Trace.Argument(
                name: parameter.name.text,
                value: try value(
                  argJSON, type: parameter.type, path: "states[\(index)].#meta.args.\(parameter.name.text)")))
          }
        }
      }
      steps.append(Trace.Step(action: action, arguments: arguments, values: values))
    }
    var description = ""
    if case .string(let text)? = json["#meta"]?["description"] { description = text }
    return Trace(
      specName: spec.name, source: source, description: description, parameters: parameters,
      variables: spec.variables.map(\.name.text), steps: steps)
  }

  /// Decodes one value of a declared type.
  package static func value(_ json: JSON, type: DeclaredType, path: String) throws(TraceError) -> Value {
    func fail(_ what: String) -> TraceError {
      TraceError(message: "\(path): expected \(what), found \(json.serialized())".truncated(200))
    }
    func tagged(_ tag: String) -> [JSON]? {
      guard case .object(let pairs) = json, pairs.count == 1, pairs[0].0 == tag,
        case .array(let items) = pairs[0].1
      else { return nil }
      return items
    }
    switch type {
    case .bool:
      guard case .bool(let b) = json else { throw fail("a Boolean") }
      return .bool(b)
    case .int, .range:
      if case .int(let i) = json { return .int(i) }
      guard case .object(let pairs) = json, pairs.count == 1, pairs[0].0 == "#bigint",
        case .string(let digits) = pairs[0].1, let i = Int(digits)
      else { throw fail("an integer ({\"#bigint\": \"...\"} within 64 bits)") }
      return .int(i)
    case .enumeration(let literals):
      guard case .string(let s) = json, literals.contains(s) else {
        throw fail("one of \(literals.map { "\"\($0)\"" }.joined(separator: ", "))")
      }
      return .string(s)
    case .set(let element):
      guard let items = tagged("#set") else { throw fail("a set ({\"#set\": [...]})") }
      var values: [Value] = []
      for (index, item) in items.enumerated() {
        values.append(try value(item, type: element, path: "\(path).#set[\(index)]"))
      }
      return Value.makeSet(values)
    case .sequence(let element):
      guard case .array(let items) = json else { throw fail("a sequence (a JSON array)") }
      var values: [Value] = []
      for (index, item) in items.enumerated() {
        values.append(try value(item, type: element, path: "\(path)[\(index)]"))
      }
      return .sequence(values)
    case .tuple(let members):
      guard let items = tagged("#tup"), items.count == members.count else {
        throw fail("a tuple of \(members.count) ({\"#tup\": [...]})")
      }
      var values: [Value] = []
      for (index, (item, member)) in zip(items, members).enumerated() {
        values.append(try value(item, type: member, path: "\(path).#tup[\(index)]"))
      }
      return .sequence(values)
    case .function(let domain, let range):
      guard let items = tagged("#map") else { throw fail("a function ({\"#map\": [[k, v], ...]})") }
      var pairs: [(Value, Value)] = []
      for (index, item) in items.enumerated() {
        guard case .array(let pair) = item, pair.count == 2 else {
          throw TraceError(message: "\(path).#map[\(index)]: expected a [key, value] pair")
        }
        let key = try value(pair[0], type: domain, path: "\(path).#map[\(index)][0]")
        if pairs.contains(where: { $0.0 == key }) {
          throw TraceError(message: "\(path).#map[\(index)]: duplicate key \(key)")
        }
        pairs.append((key, try value(pair[1], type: range, path: "\(path).#map[\(index)][1]")))
      }
      return Value.makeFunction(pairs)
    case .record(let fields):
      return try record(json, variants: [fields], path: path)
    case .recordUnion(let variants):
      return try record(json, variants: variants, path: path)
    }
  }

  /// A record of one of `variants`. Variants of a union may share field names and differ
  /// only in their fields' values (`[type: "Commit"] | [type: "Abort"]`), so each variant
  /// with the record's field names is tried in turn; the first one's error is reported.
  static func record(_ json: JSON, variants: [[Field]], path: String) throws(TraceError) -> Value {
    guard case .object(let pairs) = json else {
      throw TraceError(message: "\(path): expected a record (a JSON object)")
    }
    let names = pairs.map(\.0).sorted()
    let candidates = variants.filter { $0.map(\.name) == names }
    guard !candidates.isEmpty else {
      throw TraceError(message: "\(path): record fields \(names) match no record type of the variable")
    }
    var firstError: TraceError?
    for fields in candidates {
      do {
        var values: [(String, Value)] = []
        for field in fields {
          let fieldJSON = pairs.first { $0.0 == field.name }!.1
          values.append((field.name, try value(fieldJSON, type: field.type, path: "\(path).\(field.name)")))
        }
        return Value.makeRecord(values)
      } catch {
        firstError = firstError ?? error
      }
    }
    throw firstError ?? TraceError(message: "\(path): no record type of the variable fits")
  }
}

extension String {
  func truncated(_ limit: Int) -> String {
    count <= limit ? self : String(prefix(limit)) + "..."
  }
}
