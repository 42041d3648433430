import SpecEngine
import SpecRuntime
import SpecSemantics
import SpecSyntax
import SpecTrace

/// What `speccheck testgen` is asked to do.
package struct TestgenOptions: Sendable {
  package var tracePath: String
  package var specPath: String
  package var overrides: [ConstantOverride] = []
  package var language: GeneratedTest.Language
  /// nil: regression when the trace's last state violates an invariant, else conformance.
  package var mode: GeneratedTest.Mode?
  /// nil: `<Spec>Adapter`, with no module to import.
  package var adapter: GeneratedTest.Adapter?
  /// The output file's base name without extension: the generated identifiers' source.
  package var testName: String

  package init(
    tracePath: String, specPath: String, language: GeneratedTest.Language, testName: String
  ) {
    self.tracePath = tracePath
    self.specPath = specPath
    self.language = language
    self.testName = testName
  }
}

/// The generated file, or why there is none.
package struct TestgenReport: Sendable {
  /// The test file's text when generation succeeded.
  package var file: String?
  /// The mode used, the number of states and the violated invariant, for the summary.
  package var mode: GeneratedTest.Mode?
  package var stateCount = 0
  package var violation: String?
  /// Diagnostics, rendered (spec diagnostics with their source lines).
  package var errors = ""

  package var exitCode: Int32 { file == nil ? 2 : 0 }

  /// `regression test of 7 states (the last violates invariant NotSolved)`.
  package var summary: String {
    guard let mode else { return "" }
    let last = violation.map { " (the last violates \($0))" } ?? ""
    return "\(mode.rawValue) test of \(stateCount) state\(stateCount == 1 ? "" : "s")\(last)"
  }
}

extension Driver {
  /// Reads an ITF trace, replays it through the spec (it must be a behaviour of the spec
  /// with the given constants), decides the mode, and writes the test file's text.
  /// Deterministic: the same trace and options give the same bytes.
  package static func testgen(_ options: TestgenOptions) -> TestgenReport {
    var report = TestgenReport()
    let loaded = SpecLoader.load(path: options.specPath, overrides: options.overrides)
    guard loaded.isValid, let spec = loaded.spec, let constants = loaded.constants else {
      report.errors = loaded.renderDiagnostics() + "\(options.specPath): invalid spec\n"
      return report
    }
    let traceFile = SourceFile(path: options.tracePath, bytes: [])
    func fail(_ code: DiagnosticCode, _ message: String) -> TestgenReport {
      report.errors = Diagnostic(code, message, at: .none).render(in: traceFile)
      return report
    }
    let bytes: [UInt8]
    switch SpecLoader.readFile(options.tracePath) {
    case .success(let read): bytes = read
    case .failure(let error):
      return fail(.cannotReadFile, "cannot read '\(options.tracePath)': \(error.message)")
    }
    let json: JSON
    do {
      json = try JSONParser.parse(bytes)
    } catch {
      return fail(.malformedTrace, "not valid JSON: \(error.message) (at byte \(error.offset))")
    }
    let trace: Trace
    let states: (variables: [String], initial: [TestValue], steps: [GeneratedTest.Step])
    do {
      trace = try ITFReader.decode(json, spec: spec, source: options.tracePath)
      states = try GeneratedTest.states(ofITF: json)
    } catch let error as ITFReader.TraceError {
      return fail(.malformedTrace, "not a trace of \(spec.name): \(error.message)")
    } catch let error as TestGenerationError {
      return fail(.malformedTrace, "not a trace of \(spec.name): \(error.message)")
    } catch {
      return fail(.internalError, "\(error)")
    }
    let violated: Int?
    do {
      violated = try TraceValidation.replay(trace, spec: spec, constants: constants)
    } catch let problem as TraceValidation.Problem {
      return fail(.traceNotAllowed, problem.message)
    } catch let failure as ActionFailure {
      report.errors = failure.error.diagnostic.render(in: spec.file)
        + "  note: while replaying '\(options.tracePath)'\n"
      return report
    } catch let error as EvaluationError {
      report.errors = error.diagnostic.render(in: spec.file)
      return report
    } catch {
      return fail(.internalError, "\(error)")
    }
    let violation = violated.map { "invariant \(spec.invariants[$0].name.text)" }
    let mode = options.mode ?? (violation == nil ? .conformance : .regression)
    let test = GeneratedTest(
      mode: mode,
      adapter: options.adapter ?? GeneratedTest.Adapter(module: nil, type: "\(spec.name)Adapter"),
      name: options.testName, traceFile: baseName(options.tracePath), specName: spec.name,
      specFile: baseName(options.specPath), violation: violation, variables: states.variables,
      initial: states.initial, steps: states.steps)
    report.file = TestWriter.write(test, language: options.language)
    report.mode = mode
    report.stateCount = trace.steps.count
    report.violation = violation
    return report
  }

  static func baseName(_ path: String) -> String {
    path.split(separator: "/").last.map(String.init) ?? path
  }
}
