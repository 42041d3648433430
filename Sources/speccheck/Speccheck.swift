import ArgumentParser

@main
struct Speccheck: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "speccheck",
    abstract: "A model checker for small state-machine specs.",
    version: "0.1.0",
    subcommands: [
      Check.self, Lint.self, Prove.self, Bmc.self, Explore.self, Simulate.self,
      Testgen.self,
      DiagnosticsCommand.self,
    ])
}
