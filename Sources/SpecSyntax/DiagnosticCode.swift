/// Every diagnostic speccheck can emit, with its stable code.
///
/// Codes never change meaning once published: scripts and CI match on them.
/// `docs/diagnostics.md` is generated from this list (`speccheck diagnostics`).
package enum DiagnosticCode: String, CaseIterable, Sendable {
  // SPC1xx: syntax
  case unterminatedString = "SPC101"
  case unterminatedComment = "SPC102"
  case unexpectedCharacter = "SPC103"
  case invalidUTF8 = "SPC104"
  case unexpectedToken = "SPC105"
  case missingSpecLine = "SPC106"
  case nestingTooDeep = "SPC107"
  case integerTooLarge = "SPC108"
  case binaryFile = "SPC109"
  case misalignedJunction = "SPC110"
  case expectedDeclaration = "SPC111"

  // SPC2xx: names
  case duplicateName = "SPC201"
  case unknownName = "SPC202"
  case unknownType = "SPC203"
  case unknownConstant = "SPC204"
  case wrongArgumentCount = "SPC205"
  case notCallable = "SPC206"
  case missingConstantValue = "SPC207"

  // SPC3xx: types and levels
  case typeMismatch = "SPC301"
  case primeOutsideAction = "SPC302"
  case nonConstantExpression = "SPC303"
  case hugeRange = "SPC304"
  case emptyRange = "SPC305"
  case unknownField = "SPC306"
  case invalidUnionType = "SPC307"
  case infiniteSet = "SPC308"
  case recursionNeedsResultType = "SPC309"
  case invalidPrime = "SPC310"
  case unboundInInit = "SPC311"
  case invalidAssignment = "SPC312"
  case typeRecursion = "SPC313"

  // SPC4xx: evaluation
  case divisionByZero = "SPC401"
  case overflow = "SPC402"
  case outsideDomain = "SPC403"
  case emptySequence = "SPC404"
  case chooseNoWitness = "SPC405"
  case outsideType = "SPC406"
  case unboundVariable = "SPC407"
  case evaluationFailed = "SPC408"
  case tooLarge = "SPC409"

  // SPC5xx: checking
  case assumptionFailed = "SPC501"

  // SPC6xx: solver (prove, bmc)
  case unsupportedBySolver = "SPC601"
  case unenumerableSet = "SPC602"
  case unsupportedSolverType = "SPC603"
  case recursionTooDeep = "SPC604"
  case solverFailure = "SPC605"

  // SPC7xx: traces
  case malformedTrace = "SPC701"
  case traceNotAllowed = "SPC702"

  // SPC9xx: internal and I/O
  case cannotReadFile = "SPC901"
  case replayMismatch = "SPC902"
  case internalError = "SPC999"

  /// A one-line description for the generated reference table.
  package var summary: String {
    switch self {
    case .unterminatedString: "a string literal is not closed before the end of the line"
    case .unterminatedComment: "a block comment is not closed before the end of the file"
    case .unexpectedCharacter: "a character that cannot start any token"
    case .invalidUTF8: "the file is not valid UTF-8"
    case .unexpectedToken: "the parser expected something else here"
    case .missingSpecLine: "the file does not start with `spec Name`"
    case .nestingTooDeep: "expressions or types nested deeper than the parser allows"
    case .integerTooLarge: "an integer literal does not fit in 64 bits"
    case .binaryFile: "the file contains NUL bytes: it is not a text file"
    case .misalignedJunction: "a `/\\` or `\\/` bullet is not aligned with its list"
    case .expectedDeclaration: "a declaration keyword was expected"
    case .duplicateName: "a name is declared twice"
    case .unknownName: "a name that is not declared"
    case .unknownType: "a type name that is not declared"
    case .unknownConstant: "`--const` names a constant the spec does not declare"
    case .wrongArgumentCount: "an operator or action is given the wrong number of arguments"
    case .notCallable: "a name that is not an operator is called with arguments"
    case .missingConstantValue: "a constant without a default is not given with `--const`"
    case .typeMismatch: "an expression has a different type than its context requires"
    case .primeOutsideAction: "a primed variable outside an action"
    case .nonConstantExpression: "an expression that must be constant mentions a variable"
    case .hugeRange: "a range type has so many values that enumerating it is impractical"
    case .emptyRange: "a range type whose lower bound is above its upper bound"
    case .unknownField: "a record field that the record type does not have"
    case .invalidUnionType: "a `|` union that mixes string literals and records"
    case .infiniteSet: "an infinite set (`Int`, `Seq[T]`) used where it must be enumerated"
    case .recursionNeedsResultType: "a recursive operator without a declared result type"
    case .invalidPrime: "a prime on something other than a state variable"
    case .unboundInInit: "a variable that `init` never binds"
    case .invalidAssignment: "an assignment form that the language does not allow here"
    case .typeRecursion: "a type alias defined in terms of itself"
    case .divisionByZero: "division or modulus by zero"
    case .overflow: "an integer result does not fit in 64 bits"
    case .outsideDomain: "a function applied outside its domain"
    case .emptySequence: "`Head` or `Tail` of an empty sequence, or a bad `SubSeq`"
    case .chooseNoWitness: "`CHOOSE` found no value that satisfies its predicate"
    case .outsideType: "a value outside its declared type"
    case .unboundVariable: "a variable that is read before it is bound"
    case .evaluationFailed: "an operator applied to values it is not defined on"
    case .tooLarge: "a set or function too large to build"
    case .assumptionFailed: "an `assume` is false for the given constants"
    case .unsupportedBySolver: "a construct that `prove` and `bmc` cannot encode for the solver"
    case .unenumerableSet:
      "a set that `prove` and `bmc` must list but cannot: infinite, of symbolic size, or too large"
    case .unsupportedSolverType:
      "a type the solver cannot represent here (sets of unbounded elements, sequences in `prove` that the hypotheses do not bound, domains with symbolic bounds)"
    case .recursionTooDeep: "a recursive operator that does not reach its base case when unrolled for the solver"
    case .solverFailure: "the solver failed: an API error, or a model value that does not fit in 64 bits"
    case .malformedTrace: "a trace file that is not valid ITF for this spec"
    case .traceNotAllowed:
      "a trace the spec does not allow: a state that is not initial, a step no action takes, or other constants"
    case .cannotReadFile: "a file that cannot be read"
    case .replayMismatch:
      "a solver counterexample that the explicit evaluator does not reproduce: a bug in speccheck"
    case .internalError: "a bug in speccheck"
    }
  }
}
