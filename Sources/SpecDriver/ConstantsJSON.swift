import SpecRuntime
import SpecSemantics
import SpecTrace

/// The `constants` object of the JSON reports: `{"RMCount": 3}`, as CLI.md shows it.
/// Integers, booleans and strings are plain JSON, so a script reads `constants.RMCount` as
/// a number; sets, records, functions and the rest keep their ITF encoding, which says
/// what they are. A constant left symbolic (`prove`, `bmc`) is the string "symbolic".
package enum ConstantsJSON {
  package static func object(_ constants: [(String, Value?)], spec: TypedSpec?) -> JSON {
    .object(
      constants.map { name, value in
        guard let value else { return (name, .string("symbolic")) }
        return (name, self.value(value, type: spec?.constants.first { $0.name.text == name }?.type))
      })
  }

  static func value(_ value: Value, type: DeclaredType?) -> JSON {
    if case .int(let number) = value { return .int(number) }
    return ITFWriter.value(value, type: type)
  }
}
