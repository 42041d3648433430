import SpecEngine

/// What compiled code reads and writes while one worker evaluates one state: the current
/// state's packed words, the next state being built by an action, and which variables the
/// action has bound so far.
///
/// One frame per worker, reused for every state: compiled code never allocates for scalar
/// work. When compiled code meets a case it does not handle at run time it throws
/// `Frame.Fallback`, and the caller evaluates the whole unit (an invariant, an action
/// instance) again with the tree-walking `Evaluator`, whose answer or error stands.
final class Frame {
  /// Thrown by compiled code to hand a unit back to the interpreter.
  struct Fallback: Error {}

  let layout: StateLayout
  let evaluator: Evaluator
  let wordCount: Int
  /// The current state's words, copied in for each state (a pointer, not an array: no
  /// reference counting or exclusivity checks in compiled code).
  let current: UnsafeMutablePointer<UInt64>
  /// The next state's words; only the bits of bound variables mean anything.
  let next: UnsafeMutablePointer<UInt64>
  /// Per variable: 0 unbound, 1 bound by `x' = e` or `x' \in S`, 2 bound by `x'[k] = e`.
  let bound: UnsafeMutablePointer<UInt8>
  let variableCount: Int
  /// Where successors go, labelled with `label.pointee`: the worker lends the search's
  /// transitions array for the duration of one state's expansion. Behind pointers, like
  /// the words: a class's stored `var`s cost a dynamic exclusivity check per access.
  let emitted: UnsafeMutablePointer<[Transition<SpecState>]>
  let label: UnsafeMutablePointer<Int>
  /// Where the emitter assembles a successor's words.
  let scratch: UnsafeMutablePointer<UInt64>
  /// The current state as values, decoded at most once per state, for fallbacks.
  private var decodedCurrent: [Value]?
  /// Subexpressions compiled code has handed to the interpreter (`prepareEvaluator`), for
  /// tests that a form runs compiled through and through.
  private(set) var interpretedSubexpressions = 0

  init(layout: StateLayout, evaluator: Evaluator, variableCount: Int) {
    self.layout = layout
    self.evaluator = evaluator
    self.wordCount = layout.wordCount
    self.variableCount = variableCount
    next = .allocate(capacity: layout.wordCount)
    next.initialize(repeating: 0, count: layout.wordCount)
    bound = .allocate(capacity: max(1, variableCount))
    bound.initialize(repeating: 0, count: max(1, variableCount))
    current = .allocate(capacity: layout.wordCount)
    current.initialize(repeating: 0, count: layout.wordCount)
    scratch = .allocate(capacity: max(1, layout.wordCount))
    scratch.initialize(repeating: 0, count: max(1, layout.wordCount))
    emitted = .allocate(capacity: 1)
    emitted.initialize(to: [])
    label = .allocate(capacity: 1)
    label.initialize(to: 0)
  }

  deinit {
    current.deallocate()
    next.deallocate()
    bound.deallocate()
    scratch.deallocate()
    emitted.deinitialize(count: 1)
    emitted.deallocate()
    label.deallocate()
  }

  /// Loads a state into the frame (its words have the layout's word count).
  @inline(__always)
  func load(_ state: SpecState) {
    if decodedCurrent != nil { decodedCurrent = nil }
    state.copyWords(to: current)
  }

  /// Clears the bindings before an action instance runs.
  @inline(__always)
  func resetBindings() {
    bound.update(repeating: 0, count: variableCount)
  }

  // MARK: - Bits

  @inline(__always)
  static func read(_ words: UnsafePointer<UInt64>, _ offset: Int, _ width: Int) -> UInt64 {
    let word = offset >> 6
    let shift = offset & 63
    var value = words[word] >> UInt64(shift)
    if shift + width > 64 { value |= words[word + 1] << UInt64(64 - shift) }
    return width == 64 ? value : value & ((1 << UInt64(width)) - 1)
  }

  @inline(__always)
  static func write(
    _ words: UnsafeMutablePointer<UInt64>, _ offset: Int, _ width: Int, _ value: UInt64
  ) {
    let word = offset >> 6
    let shift = offset & 63
    let mask: UInt64 = width == 64 ? ~0 : (1 << UInt64(width)) - 1
    words[word] = (words[word] & ~(mask << UInt64(shift))) | ((value & mask) << UInt64(shift))
    if shift + width > 64 {
      let high = UInt64(64 - shift)
      words[word + 1] = (words[word + 1] & ~(mask >> high)) | ((value & mask) >> high)
    }
  }

  /// Copies `width` bits at `offset` from `source` to `target`.
  @inline(__always)
  static func copy(
    _ source: UnsafePointer<UInt64>, _ target: UnsafeMutablePointer<UInt64>, _ offset: Int,
    _ width: Int
  ) {
    var done = 0
    while done < width {
      let chunk = min(64, width - done)
      write(target, offset + done, chunk, read(source, offset + done, chunk))
      done += chunk
    }
  }

  /// Whether `width` bits at `offset` are equal in `a` and `b`.
  static func equal(
    _ a: UnsafePointer<UInt64>, _ b: UnsafePointer<UInt64>, _ offset: Int, _ width: Int
  ) -> Bool {
    var done = 0
    while done < width {
      let chunk = min(64, width - done)
      if read(a, offset + done, chunk) != read(b, offset + done, chunk) { return false }
      done += chunk
    }
    return true
  }

  // MARK: - Interpreter fallbacks

  /// Sets the evaluator up as the interpreter would be at this point of a unit.
  func prepareEvaluator(env: [(String, Evaluator.Bound)], primed: Bool, inAction: Bool) {
    interpretedSubexpressions &+= 1
    if decodedCurrent == nil {
      decodedCurrent = layout.decode(Array(UnsafeBufferPointer(start: current, count: wordCount)))
    }
    evaluator.state = decodedCurrent ?? []
    evaluator.env = env
    evaluator.primed = primed
    evaluator.initMode = false
    evaluator.next = inAction ? partialNext() : []
  }

  /// The next state bound so far, as the interpreter's `Partial.next` would hold it.
  func partialNext() -> [Value?] {
    let words = Array(UnsafeBufferPointer(start: UnsafePointer(next), count: wordCount))
    return (0..<variableCount).map { bound[$0] == 0 ? nil : layout.decodeVariable($0, from: words) }
  }
}
