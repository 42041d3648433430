import SpecDriver
import SpecRuntime
import SpecSemantics
import SpecSolver
import SpecSyntax
import SpecTrace
import SpecZ3
import Testing

/// The repository root, found from this file's path.
let repositoryRoot: String = {
  var path = #filePath
  for _ in 0..<3 {
    if let slash = path.lastIndex(of: "/") { path = String(path[..<slash]) }
  }
  return path
}()

enum SpecTestError: Error { case invalid }

/// A spec loaded from text as `prove` and `bmc` load it (constants without a value stay
/// symbolic), failing the test on any error.
func loadSpec(_ text: String, path: String = "test.spec") throws -> LoadedSpec {
  let loaded = SpecLoader.load(SourceFile(path: path, text: text), symbolicConstants: true)
  guard loaded.isValid else {
    Issue.record("invalid spec:\n\(loaded.renderDiagnostics())")
    throw SpecTestError.invalid
  }
  return loaded
}

/// A spec file of the repository, loaded as `prove` and `bmc` load it.
func loadFile(_ relativePath: String, overrides: [ConstantOverride] = []) throws -> LoadedSpec {
  let loaded = SpecLoader.load(
    path: "\(repositoryRoot)/\(relativePath)", overrides: overrides, symbolicConstants: true)
  guard loaded.isValid else {
    Issue.record("invalid spec:\n\(loaded.renderDiagnostics())")
    throw SpecTestError.invalid
  }
  return loaded
}

func bmc(_ loaded: LoadedSpec, depth: Int, timeout: Double? = 120, deadlock: Bool = true)
  -> BMCReport
{
  var options = SolverOptions()
  options.depth = depth
  options.checkDeadlock = deadlock
  options.timeout = timeout
  return Driver.withLargeStack { Driver.bmc(loaded, options: options) }
}

func prove(_ loaded: LoadedSpec, invariants: [String] = [], timeout: Double? = 120) -> ProveReport {
  var options = SolverOptions()
  options.invariants = invariants
  options.timeout = timeout
  return Driver.withLargeStack { Driver.prove(loaded, options: options) }
}

/// The value of a variable in a trace step.
func value(_ trace: Trace, step: Int, _ name: String) -> Value? {
  guard let index = trace.variables.firstIndex(of: name), step < trace.steps.count else {
    return nil
  }
  return trace.steps[step].values[index]
}
