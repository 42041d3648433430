import Foundation
import SpecDriver
import SpecTrace
import Testing

@Suite("speccheck explore from a pipe")
struct ExploreCommandLineTests {
  static let dieHard = PackagePaths.path("examples/DieHard.spec")

  @Test("the issue's script finds the solution, saves it as ITF and exits 0")
  func scriptedSession() throws {
    let directory = try temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: directory) }
    let output = try runSpeccheck(
      ["explore", Self.dieHard], input: "find big = 4\nsave t.itf.json\nquit\n", in: directory)
    #expect(output.status == 0)
    #expect(output.stderr == "")
    #expect(
      output.stdout == """
        exploring DieHard: 2 variables, 6 actions, 2 invariants; type 'help' for commands
        state 1 (initial):
          big   = 0
          small = 0
        enabled actions:
          1. FillSmall   small: 0 -> 3
          2. FillBig     big: 0 -> 5
          3. EmptySmall  (no change)
          4. EmptyBig    (no change)
          5. SmallToBig  (no change)
          6. BigToSmall  (no change)
        > find big = 4
        found big = 4 in 6 steps:
          2. FillBig     big: 0 -> 5
          3. BigToSmall  big: 5 -> 2, small: 0 -> 3
          4. EmptySmall  small: 3 -> 0
          5. BigToSmall  big: 2 -> 0, small: 0 -> 2
          6. FillBig     big: 0 -> 5
          7. BigToSmall  big: 5 -> 4, small: 2 -> 3
        state 7, reached by BigToSmall:
          big   = 4
          small = 3
        invariant NotSolved is violated in this state
        enabled actions:
          1. FillSmall   (no change)
          2. FillBig     big: 4 -> 5
          3. EmptySmall  small: 3 -> 0
          4. EmptyBig    big: 4 -> 0
          5. SmallToBig  big: 4 -> 5, small: 3 -> 2
          6. BigToSmall  (no change)
        > save t.itf.json
        saved 7 states to t.itf.json
        > quit

        """)

    // The saved file is valid ITF with the same states as check's counterexample.
    let spec = try #require(SpecLoader.load(path: Self.dieHard).spec)
    let saved = try ITFReader.read(
      Array(try Data(contentsOf: directory.appendingPathComponent("t.itf.json"))), spec: spec,
      source: "t.itf.json")
    #expect(saved.steps.count == 7)
    let check = try runSpeccheck(
      ["check", Self.dieHard, "--trace-out", "cex.itf.json"], in: directory)
    #expect(check.status == 1)
    #expect(check.stdout.contains("trace (7 states)"))
    let counterexample = try ITFReader.read(
      Array(try Data(contentsOf: directory.appendingPathComponent("cex.itf.json"))), spec: spec,
      source: "cex.itf.json")
    #expect(saved.steps == counterexample.steps)

    // And it loads back, with --trace or with load.
    let replay = try runSpeccheck(
      ["explore", Self.dieHard, "--trace", "t.itf.json"], input: "trace\n", in: directory)
    #expect(replay.status == 0)
    #expect(
      replay.stdout.contains("loaded 7 states from t.itf.json\nstate 7, reached by BigToSmall:\n"))
    #expect(replay.stdout.contains("> trace\ntrace (7 states):\n"))
    let load = try runSpeccheck(
      ["explore", Self.dieHard], input: "load cex.itf.json\n", in: directory)
    #expect(load.stdout.contains("> load cex.itf.json\nloaded 7 states from cex.itf.json\n"))
  }

  @Test("the executable's output is the in-process session's transcript, line for line")
  func sameAsInProcess() throws {
    let lines = [
      "RMPrepare(r = 1)", "2", "eval tmPrepared \\union {2}", "find tmState = \"committed\"",
      "back 3", "check", "random 4", "trace", "nonsense", "help",
    ]
    let output = try runSpeccheck(
      ["explore", PackagePaths.path("examples/TwoPhase.spec"), "--seed", "9"],
      input: lines.joined(separator: "\n") + "\n")
    var driver = try SessionDriver(file: "examples/TwoPhase.spec", seed: 9)
    for line in lines { _ = driver.reply(line) }
    #expect(output.status == 0)
    #expect(output.stdout == driver.transcript)
  }

  @Test("errors inside the session do not end it; the end of input ends it with status 0")
  func errorsKeepGoing() throws {
    let output = try runSpeccheck(
      ["explore", Self.dieHard],
      input: "eval nope\n9\nload missing.itf.json\ntake SmallToBig(3)\nFillBig\neval big")
    #expect(output.status == 0)
    #expect(output.stderr == "")
    #expect(output.stdout.contains("> eval nope\nerror[SPC202]: unknown name 'nope'\n"))
    #expect(
      output.stdout.contains("> 9\nerror: there are 6 enabled actions; choose one of 1 to 6\n"))
    #expect(
      output.stdout.contains(
        "> load missing.itf.json\nerror: cannot read 'missing.itf.json': No such file or directory\n"
      ))
    #expect(
      output.stdout.contains(
        "> take SmallToBig(3)\nerror: action SmallToBig takes 0 parameters, found 1 arguments\n"))
    #expect(output.stdout.hasSuffix("> eval big\n5\n"))
  }

  @Test("--const values reach the session")
  func constants() throws {
    let output = try runSpeccheck(
      ["explore", PackagePaths.path("examples/TwoPhase.spec"), "--const", "RMCount=2"],
      input: "eval RM\n")
    #expect(output.status == 0)
    #expect(
      output.stdout.hasPrefix(
        "exploring TwoPhase: 4 variables, 7 actions, 1 invariant; type 'help' for commands\nconstants: RMCount = 2\n"
      ))
    #expect(output.stdout.hasSuffix("> eval RM\n{1, 2}\n"))
  }

  @Test("an invalid spec or an unreadable --trace exits 2; a bad flag exits 64")
  func exitCodes() throws {
    let directory = try temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: directory) }
    let bad = directory.appendingPathComponent("Bad.spec")
    try Data("spec Bad\nvar x: 0..1\ninit { x = y }\n".utf8).write(to: bad)
    let invalid = try runSpeccheck(["explore", bad.path], input: "quit\n")
    #expect(invalid.status == 2)
    #expect(invalid.stdout == "")
    #expect(invalid.stderr.contains("error[SPC202]: unknown name 'y'"))
    #expect(invalid.stderr.hasSuffix("\(bad.path): invalid spec\n"))

    let missing = try runSpeccheck(["explore", directory.appendingPathComponent("None.spec").path])
    #expect(missing.status == 2)

    let noTrace = try runSpeccheck(
      ["explore", Self.dieHard, "--trace", "none.itf.json"], in: directory)
    #expect(noTrace.status == 2)
    #expect(noTrace.stdout == "")
    #expect(
      noTrace.stderr.contains("error: cannot read 'none.itf.json': No such file or directory\n"))

    let usage = try runSpeccheck(["explore", Self.dieHard, "--find-limit", "0"])
    #expect(usage.status == 64)
  }
}
