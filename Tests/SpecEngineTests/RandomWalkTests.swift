import SpecEngine
import Testing

@Suite("RandomWalk: seeded random walks, the same whatever the number of workers")
struct RandomWalkTests {
  func options(runs: Int, depth: Int, seed: UInt64, workers: Int) -> WalkOptions {
    var options = WalkOptions()
    options.runs = runs
    options.depth = depth
    options.seed = seed
    options.workers = workers
    return options
  }

  @Test("SeededRandom is SplitMix64: the published sequence for seed 0")
  func splitMix() {
    var random = SeededRandom(seed: 0)
    #expect(random.next() == 0xE220_A839_7B1D_CDAF)
    #expect(random.next() == 0x6E78_9E6A_A1B9_65F4)
  }

  @Test("a walk of a cycle visits exactly depth states per run, and finds nothing")
  func cycle() {
    let result = RandomWalk(
      system: GraphSystem.counter(modulo: 5),
      options: options(runs: 10, depth: 7, seed: 1, workers: 2)
    ).run()
    guard case .ok = result.verdict else {
      Issue.record("expected ok, got \(result.verdict)")
      return
    }
    #expect(result.runs == 10)
    #expect(result.states == 70)
    #expect(result.failingRun == nil)
  }

  @Test("a chain's end is a deadlock, unless deadlock is not checked")
  func deadlock() {
    var walk = options(runs: 3, depth: 10, seed: 1, workers: 1)
    let found = RandomWalk(system: GraphSystem.chain(4), options: walk).run()
    guard case .deadlock = found.verdict else {
      Issue.record("expected a deadlock, got \(found.verdict)")
      return
    }
    #expect(found.failingRun == 0)
    #expect(found.trace?.map(\.state) == [0, 1, 2, 3])
    walk.checkDeadlock = false
    let quiet = RandomWalk(system: GraphSystem.chain(4), options: walk).run()
    #expect(quiet.states == 12)
  }

  @Test(
    "the same seed gives the same failing run, trace and counts with 1, 2 and 4 workers",
    arguments: [1 as UInt64, 2, 3, 42])
  func determinism(seed: UInt64) {
    var system = GraphSystem.random(nodes: 200, maxDegree: 3, seed: seed)
    system.bad = [137, 151]
    let results = [1, 2, 4].map {
      RandomWalk(system: system, options: options(runs: 300, depth: 40, seed: seed, workers: $0))
        .run()
    }
    for result in results.dropFirst() {
      #expect(result.failingRun == results[0].failingRun)
      #expect(result.runs == results[0].runs)
      #expect(result.states == results[0].states)
      #expect(result.trace?.map(\.state) == results[0].trace?.map(\.state))
      #expect(result.trace?.map(\.label) == results[0].trace?.map(\.label))
    }
  }

  @Test("the time limit ends a walk in the middle: it is not counted, the result is incomplete")
  func timeLimitInsideAWalk() {
    // One endless walk round a cycle: only a check at every state can stop it.
    var walk = options(runs: 1, depth: Int.max, seed: 1, workers: 1)
    walk.timeout = 0.05
    let result = RandomWalk(system: GraphSystem.counter(modulo: 5), options: walk).run()
    guard case .incomplete = result.verdict else {
      Issue.record("expected incomplete, got \(result.verdict)")
      return
    }
    #expect(result.runs == 0)
    #expect(result.states == 0)
    #expect(result.seconds < 10)
  }

  @Test("a huge number of runs costs nothing up front: runs go in batches")
  func hugeRunCount() {
    // One outcome per requested run, allocated before the first walk, took minutes and
    // gigabytes for --runs 100000000; batches make it stop on time with a prefix counted.
    var walk = options(runs: Int.max / 2, depth: 5, seed: 1, workers: 2)
    walk.timeout = 0.2
    let result = RandomWalk(system: GraphSystem.counter(modulo: 5), options: walk).run()
    guard case .incomplete = result.verdict else {
      Issue.record("expected incomplete, got \(result.verdict)")
      return
    }
    #expect(result.runs > 0)
    #expect(result.states == result.runs * 5)
  }
}
