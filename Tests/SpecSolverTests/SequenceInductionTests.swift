import SpecDriver
import SpecRuntime
import SpecSolver
import SpecSyntax
import SpecTrace
import Testing

@Suite("prove over sequences: lengths bounded by the hypotheses")
struct SequenceInductionTests {
  /// A producer/consumer over a queue of capacity N; `producing` is the producer's guard.
  static func queue(producing: String = "Len(q) < N", constant: String = "const N: Int = 3")
    -> String
  {
    """
    spec Queue
    \(constant)
    var q: Seq[0..3]
    var sent: 0..3
    init {
      q = <<>>
      sent = 0
    }
    action Produce {
      \(producing)
      q' = Append(q, sent)
      sent' = (sent + 1) % 4
    }
    action Consume {
      q /= <<>>
      q' = Tail(q)
      UNCHANGED sent
    }
    invariant Bounded: Len(q) <= N
    """
  }

  @Test("proves Len(q) <= N inductive for a producer that waits while the queue is full")
  func boundedQueueProved() throws {
    let report = prove(try loadSpec(Self.queue()))
    #expect(report.result == .proved, "\(report.renderText())")
    #expect(report.exitCode == 0)
    #expect(report.entries.map(\.verdict) == [.proved])
  }

  @Test("refutes Len(q) <= N when the producer may fill a full queue: 3 items, Produce, 4")
  func leakyQueueRefuted() throws {
    let report = prove(try loadSpec(Self.queue(producing: "Len(q) <= N")))
    #expect(report.result == .notInductive)
    #expect(report.exitCode == 1)
    let trace = try #require(report.entries.first?.trace)
    #expect(trace.steps.count == 2)
    #expect(trace.steps[1].action == "Produce")
    guard case .sequence(let before)? = value(trace, step: 0, "q"),
      case .int(let sent)? = value(trace, step: 0, "sent")
    else {
      Issue.record("unexpected counterexample: \(trace.steps.map(\.values))")
      return
    }
    #expect(before.count == 3)
    #expect(value(trace, step: 1, "q") == .sequence(before + [.int(sent)]))
    #expect(value(trace, step: 1, "sent") == .int((sent + 1) % 4))
    #expect(report.notes.isEmpty, "the evaluator should confirm it: \(report.notes)")
  }

  @Test("bounds a queue by a symbolic N that assume bounds, and refuses it when nothing does")
  func symbolicCapacity() throws {
    let bounded = prove(
      try loadSpec(Self.queue(constant: "const N: Int\nassume N >= 1 /\\ N <= 5")))
    #expect(bounded.result == .proved, "\(bounded.renderText())")
    let spec = try loadSpec(Self.queue(constant: "const N: Int\nassume N >= 1"))
    let unbounded = prove(spec)
    #expect(unbounded.result == .error)
    #expect(unbounded.exitCode == 2)
    let diagnostic = try #require(unbounded.problems.first)
    #expect(diagnostic.code == .unsupportedSolverType)
    #expect(diagnostic.message.hasPrefix("prove cannot bound the length of q (a Seq[Int])"))
    let location = diagnostic.location(in: spec.spec!.file)
    #expect((location.line, location.column) == (4, 5))
  }

  @Test("does not take a bound from a conjunct that reads more of a sequence than its length")
  func onlyLengthConjunctsBound() throws {
    // q = <<>> \/ Len(q) <= N bounds q as well, but its encoding over a probe without
    // items would not be exact, so it is not used, and prove refuses rather than guesses.
    let spec = try loadSpec(
      Self.queue().replacingOccurrences(
        of: "invariant Bounded: Len(q) <= N", with: "invariant Bounded: q = <<>> \\/ Len(q) <= N"))
    let report = prove(spec)
    #expect(report.result == .error)
    #expect(report.problems.map(\.code) == [.unsupportedSolverType])
  }

  @Test("refuses a sequence of sequences with SPC603 at the variable")
  func nestedSequence() throws {
    let spec = try loadSpec(
      """
      spec Nested
      var q: Seq[Seq[0..1]]
      init { q = <<>> }
      action Push { Len(q) < 2
                    q' = Append(q, <<0>>) }
      invariant Short: Len(q) <= 2
      """)
    let report = prove(spec)
    #expect(report.result == .error)
    let diagnostic = try #require(report.problems.first)
    #expect(diagnostic.code == .unsupportedSolverType)
    #expect(diagnostic.message.hasPrefix("prove cannot bound a sequence inside a sequence"))
    let location = diagnostic.location(in: spec.spec!.file)
    #expect((location.line, location.column) == (2, 5))
  }

  @Test("proves Hanoi's TotalConstant, whose sum of lengths bounds every tower by D = 5")
  func hanoiTotalConstant() throws {
    let report = prove(try loadFile("specs/Hanoi.spec"), invariants: ["TotalConstant"])
    #expect(report.result == .proved, "\(report.renderText())")
  }

  @Test("refutes Hanoi's NotSolved with a step into the solved state")
  func hanoiNotSolved() throws {
    let report = prove(try loadFile("specs/Hanoi.spec"))
    #expect(report.result == .notInductive)
    #expect(report.entries.map(\.verdict) == [.proved, .notInductive])
    let trace = try #require(report.entries.last?.trace)
    #expect(trace.steps.count == 2)
    #expect(trace.steps[1].action == "Move")
    let solved = Value.makeFunction([
      (.int(1), .sequence([])), (.int(2), .sequence([])),
      (.int(3), .sequence((1...5).map(Value.int))),
    ])
    #expect(value(trace, step: 1, "towers") == solved)
    #expect(report.notes.isEmpty)
  }

  @Test("proves InnerFIFO's and AlternatingBit's type invariants under their queue constraints")
  func fifoAndAlternatingBit() throws {
    for file in ["specs/InnerFIFO.spec", "specs/AlternatingBit.spec"] {
      let report = prove(try loadFile(file))
      #expect(report.result == .proved, "\(file): \(report.renderText())")
      #expect(report.exitCode == 0)
    }
  }

  @Test("refuses ReadersWriters, whose hypotheses do not bound its queue, naming the variable")
  func readersWritersRefused() throws {
    let spec = try loadFile("specs/ReadersWriters.spec")
    let report = prove(spec)
    #expect(report.result == .error)
    #expect(report.exitCode == 2)
    let diagnostic = try #require(report.problems.first)
    #expect(diagnostic.code == .unsupportedSolverType)
    let location = diagnostic.location(in: spec.spec!.file)
    #expect((location.line, location.column) == (14, 5))
  }
}
