import Testing

/// The benchmark models of `Benchmarks/run.sh` at small sizes, against the states that
/// SPIN 6.5.2 stores for the same models written in Promela by `Benchmarks/*_pml.py`
/// (`spin -a`, `gcc -O2 -DSAFETY -DNOREDUCE`, `./pan -w25 -m100000000`: "states, stored").
/// The benchmark compares times only when these counts agree; this keeps the models'
/// speccheck side from drifting between benchmark runs.
@Suite("Benchmark models: distinct states agree with SPIN")
struct BenchmarkModelTests {
  @Test(
    "Peterson's filter lock", arguments: [(2, 43), (3, 894)])
  func filterLock(processes: Int, spinStates: Int) {
    let checked = Checked(specText("Benchmarks/FilterLock.spec"), constants: [("N", "\(processes)")])
    #expect(checked.loadDiagnostics == [])
    #expect(checked.result == .ok)
    #expect(checked.distinct == spinStates)
  }

  @Test("Chandy-Misra dining philosophers", arguments: [(5, 67), (6, 131), (8, 515)])
  func philosophers(count: Int, spinStates: Int) {
    let checked = Checked(
      specText("specs/DiningPhilosophers.spec"), constants: [("NP", "\(count)")])
    #expect(checked.result == .ok)
    #expect(checked.distinct == spinStates)
  }

  @Test("TwoPhase", arguments: [(3, 288), (4, 1_568)])
  func twoPhase(managers: Int, spinStates: Int) {
    let checked = Checked(exampleText("TwoPhase"), constants: [("RMCount", "\(managers)")])
    #expect(checked.result == .ok)
    #expect(checked.distinct == spinStates)
  }
}
