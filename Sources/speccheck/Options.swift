import ArgumentParser
import SpecDriver

/// Output format for people or programs.
enum OutputFormat: String, ExpressibleByArgument, CaseIterable {
  case text, json
}

/// Output format of `check`: `github` is the text report in collapsible log groups plus
/// GitHub Actions workflow commands that annotate the lines at fault.
enum CheckFormat: String, ExpressibleByArgument, CaseIterable {
  case text, json, github
}

/// `--const NAME=VALUE`, shared by every command that loads a spec.
struct ConstantOptions: ParsableArguments {
  @Option(
    name: .customLong("const"),
    help: ArgumentHelp(
      "Override a constant: NAME=VALUE, VALUE an expression.", valueName: "NAME=VALUE"))
  var constants: [String] = []

  func validate() throws {
    for argument in constants where ConstantOverride(argument: argument) == nil {
      throw ValidationError("--const expects NAME=VALUE, found '\(argument)'")
    }
  }

  var overrides: [ConstantOverride] { constants.compactMap(ConstantOverride.init(argument:)) }
}
