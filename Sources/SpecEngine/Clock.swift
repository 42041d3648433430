/// Monotonic seconds since an arbitrary start, from the standard library's clock.
package struct Stopwatch: Sendable {
  private let start = ContinuousClock.now
  package init() {}
  package var seconds: Double {
    let elapsed = ContinuousClock.now - start
    return Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
  }
}
