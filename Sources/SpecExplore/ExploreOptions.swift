import SpecEngine

/// Settings of one explore session.
package struct ExploreOptions: Sendable {
  /// Seeds `random`, so a session's random walks are reproducible.
  package var seed: UInt64 = 0
  /// `find` gives up after this many distinct states.
  package var findStateLimit = 1_000_000
  /// Threads for `find`'s breadth-first search.
  package var workers = 1
  /// Set from another thread (Ctrl-C) to stop a running `find` or `random`.
  package var stopFlag: StopFlag?

  package init() {}
}

/// SplitMix64: a small, fast generator whose sequence is fixed by its seed on every
/// platform and toolchain (the standard library promises neither for its own).
struct SplitMix64 {
  var state: UInt64

  init(seed: UInt64) { state = seed }

  mutating func next() -> UInt64 {
    state &+= 0x9E37_79B9_7F4A_7C15
    var z = state
    z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
    z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
    return z ^ (z >> 31)
  }

  /// A number in `0..<count`; `count` must be positive.
  mutating func below(_ count: Int) -> Int {
    Int(next() % UInt64(count))
  }
}
