#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// Carries a closure to a new thread.
private final class ThreadBody: @unchecked Sendable {
  var body: (() -> Void)?
  init() {}
}

/// Entry points for the executable: each command returns a report to print.
package enum Driver {
  /// Stack size for the thread that runs a command. Parsing, checking and evaluating
  /// recurse over the syntax tree, whose depth the parser bounds (`Parser.maxNesting`);
  /// this leaves a wide margin for that bound even in debug builds.
  package static let stackSize = 512 << 20

  /// Runs `body` on a thread with a large stack and waits for its result.
  package static func withLargeStack<T>(_ body: @escaping () -> T) -> T {
    var result: T?
    let box = ThreadBody()
    box.body = { result = body() }
    var attributes = pthread_attr_t()
    pthread_attr_init(&attributes)
    pthread_attr_setstacksize(&attributes, stackSize)
    #if canImport(Glibc)
      var thread = pthread_t()
    #else
      var thread: pthread_t?
    #endif
    let context = Unmanaged.passRetained(box).toOpaque()
    let status = pthread_create(
      &thread, &attributes,
      { raw in
        let box = Unmanaged<ThreadBody>.fromOpaque(raw!).takeRetainedValue()
        box.body?()
        return nil
      }, context)
    pthread_attr_destroy(&attributes)
    if status != 0 {
      Unmanaged<ThreadBody>.fromOpaque(context).release()
      return body()
    }
    #if canImport(Glibc)
      pthread_join(thread, nil)
    #else
      pthread_join(thread!, nil)
    #endif
    return result!
  }
}
