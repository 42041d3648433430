import SpecRuntime
import SpecSemantics
import SpecSyntax

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// Loads spec files: read, parse, analyse, evaluate constants. Returns diagnostics as
/// data; never prints and never exits.
package enum SpecLoader {
  /// Range types with more values than this get an `SPC304` warning.
  package static let hugeRangeThreshold = 1 << 32

  /// Reads a file's bytes, or nil with errno's message.
  package static func readFile(_ path: String) -> Result<[UInt8], ReadError> {
    guard let handle = fopen(path, "rb") else {
      return .failure(ReadError(message: String(cString: strerror(errno))))
    }
    defer { fclose(handle) }
    var bytes: [UInt8] = []
    var buffer = [UInt8](repeating: 0, count: 65536)
    while true {
      let count = fread(&buffer, 1, buffer.count, handle)
      if count > 0 { bytes.append(contentsOf: buffer[0..<count]) }
      if count < buffer.count {
        if ferror(handle) != 0 {
          return .failure(ReadError(message: String(cString: strerror(errno))))
        }
        break
      }
    }
    return .success(bytes)
  }

  package struct ReadError: Error {
    package var message: String
  }

  /// Loads the spec at `path`. With `symbolicConstants` (for `prove` and `bmc`), constants
  /// without a value stay symbolic instead of being an error (SPC207).
  package static func load(
    path: String, overrides: [ConstantOverride] = [], symbolicConstants: Bool = false
  ) -> LoadedSpec {
    switch readFile(path) {
    case .failure(let error):
      let file = SourceFile(path: path, bytes: [])
      let diagnostic = Diagnostic(
        .cannotReadFile, "cannot read '\(path)': \(error.message)", at: .none)
      return LoadedSpec(
        path: path, sources: [SourceDiagnostics(file: file, diagnostics: [diagnostic])],
        spec: nil, constants: nil)
    case .success(let bytes):
      return load(
        SourceFile(path: path, bytes: bytes), overrides: overrides,
        symbolicConstants: symbolicConstants)
    }
  }

  /// Loads a spec from its text (tests and `explore` use this directly).
  package static func load(
    _ file: SourceFile, overrides: [ConstantOverride] = [], symbolicConstants: Bool = false
  ) -> LoadedSpec {
    let (module, parseDiagnostics) = Parser.parse(file)
    var loaded = LoadedSpec(
      path: file.path, sources: [SourceDiagnostics(file: file, diagnostics: parseDiagnostics)],
      spec: nil, constants: nil)
    if parseDiagnostics.contains(where: { $0.severity == .error }) {
      return loaded.sortedByPosition()
    }

    var overrideExprs: [String: Expr] = [:]
    var overrideFiles: [String: SourceFile] = [:]
    var nextID = module.nodeCount
    var lastByName: [String: ConstantOverride] = [:]
    for override in overrides { lastByName[override.name] = override }
    let effective = overrides.enumerated().filter { lastByName[$0.element.name] == $0.element }
      .map(\.element)
    for override in effective {
      let overrideFile = SourceFile(
        path: "--const \(override.name)", text: override.valueText)
      overrideFiles[override.name] = overrideFile
      guard module.declarations.contains(where: { declaration in
        if case .constant = declaration.kind { return declaration.name.text == override.name }
        return false
      }) else {
        let diagnostic = Diagnostic(
          .unknownConstant, "--const names '\(override.name)', which the spec does not declare as a constant",
          at: .none)
        loaded.sources.append(SourceDiagnostics(file: overrideFile, diagnostics: [diagnostic]))
        continue
      }
      let (expr, diagnostics) = Parser.parseExpression(overrideFile, firstID: nextID)
      nextID += 1_000_000
      if let expr, diagnostics.isEmpty {
        overrideExprs[override.name] = expr
      } else {
        loaded.sources.append(SourceDiagnostics(file: overrideFile, diagnostics: diagnostics))
      }
    }

    let (spec, diagnostics, overrideDiagnostics) = Analyzer.analyze(
      module, file: file, overrides: overrideExprs)
    loaded.sources[0].diagnostics += diagnostics
    for (name, found) in overrideDiagnostics.sorted(by: { $0.key < $1.key }) where !found.isEmpty {
      loaded.sources.append(SourceDiagnostics(file: overrideFiles[name]!, diagnostics: found))
    }
    if loaded.hasErrors { return loaded.sortedByPosition() }

    var evaluation = ConstantEvaluation(spec: spec, overrideFiles: overrideFiles)
    evaluation.allowSymbolic = symbolicConstants
    let constants = evaluation.run()
    loaded.sources[0].diagnostics += evaluation.diagnostics.items
    for (name, found) in evaluation.overrideDiagnostics.sorted(by: { $0.key < $1.key }) {
      loaded.sources.append(SourceDiagnostics(file: overrideFiles[name]!, diagnostics: found))
    }
    if loaded.hasErrors { return loaded.sortedByPosition() }
    loaded.spec = spec
    loaded.constants = constants
    loaded.symbolicConstants = evaluation.symbolic
    return loaded.sortedByPosition()
  }
}
