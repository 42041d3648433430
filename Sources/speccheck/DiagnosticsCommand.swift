import ArgumentParser
import SpecDriver

struct DiagnosticsCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "diagnostics",
    abstract: "Print the table of diagnostic codes (the source of docs/diagnostics.md).")

  func run() throws {
    Terminal.write(DiagnosticsReference.markdown())
  }
}
