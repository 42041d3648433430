/// Monotonic seconds since an arbitrary start, from the standard library's clock.
public struct Stopwatch: Sendable {
  private let start = ContinuousClock.now
  public init() {}
  public var seconds: Double {
    let elapsed = ContinuousClock.now - start
    return Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
  }
}
