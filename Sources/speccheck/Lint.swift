import ArgumentParser
import SpecDriver

struct Lint: ParsableCommand {
  static let configuration = CommandConfiguration(
    abstract: "Parse and type-check specs without exploring them.",
    discussion: "Exit status: 0 when every spec is valid, 2 when any is invalid, 64 for bad usage.")

  @Argument(help: "Spec files, or directories to search for *.spec files.")
  var paths: [String]

  @Option(help: "Output format: text or json.")
  var format: OutputFormat = .text

  @OptionGroup var constantOptions: ConstantOptions

  func validate() throws {
    if paths.isEmpty { throw ValidationError("give at least one spec file") }
  }

  func run() throws {
    let files = SpecFiles.expand(paths)
    let overrides = constantOptions.overrides
    let report = Driver.withLargeStack { Driver.lint(paths: files, overrides: overrides) }
    Terminal.write(format == .json ? report.renderJSON() : report.renderText())
    if report.exitCode != 0 { throw ExitCode(report.exitCode) }
  }
}
