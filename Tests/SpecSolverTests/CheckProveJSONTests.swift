import Foundation
import SpecDriver
import SpecSyntax
import SpecTrace
import Testing

/// `check --prove --format json`: the `prove` field of check's object.
@Suite("check --prove in JSON: per invariant, inductive or not")
struct CheckProveJSONTests {
  /// Checks `text` (saved under a temporary path) and proves what the check left true;
  /// the object's timing and solver version are normalised.
  func checkThenProve(_ text: String, name: String, deadlock: Bool = true) throws -> (JSON, String)
  {
    let path = FileManager.default.temporaryDirectory
      .appendingPathComponent("\(name)-\(getpid()).spec").path
    try text.write(toFile: path, atomically: true, encoding: .utf8)
    defer { try? FileManager.default.removeItem(atPath: path) }
    var options = CheckOptions()
    options.search.checkDeadlock = deadlock
    options.search.workers = 1
    let run = Driver.withLargeStack { Driver.run(CheckJob(path: path, options: options)) }
    var proof = Driver.withLargeStack { Driver.proveAfterCheck(run.report, timeout: 60) }
    proof?.seconds = 0
    proof?.solver = "Z3"
    guard case .object(let pairs) = run.json(proof: proof) else { return (.null, path) }
    return (pairs.last { $0.0 == "prove" }?.1 ?? .null, path)
  }

  @Test("an invariant true of the reachable states but not inductive gets its counterexample")
  func notInductive() throws {
    let (json, path) = try checkThenProve(
      """
      spec Stepper
      var x: Int
      init { x = 0 }
      action Step {
        x < 4
        x' = x + 2
      }
      invariant NotThree: x /= 3
      invariant Bounded: x <= 4
      """, name: "stepper", deadlock: false)
    #expect(
      json.serialized(pretty: false)
        == ##"{"result":"not_inductive","invariants":[{"name":"NotThree","result":"not_inductive","trace":{"#meta":{"format":"ITF","format-description":"https://apalache-mc.org/docs/adr/015adr-trace.html","source":"\##(path)","description":"a counterexample to induction for NotThree: the first state satisfies the hypotheses but need not be reachable"},"params":[],"vars":["x"],"states":[{"#meta":{"index":0,"action":"init"},"x":{"#bigint":"1"}},{"#meta":{"index":1,"action":"Step"},"x":{"#bigint":"3"}}]}},{"name":"Bounded","result":"proved","trace":null}],"step_failures":[],"notes":[],"queries":7,"seconds":0.0,"solver":"Z3","diagnostics":[]}"##
    )
  }

  @Test("a construct the encoding cannot handle makes each invariant unsupported, with SPC601")
  func unsupported() throws {
    let (json, path) = try checkThenProve(
      """
      spec Pow
      var x: 0..3
      init { x = 0 }
      action Up {
        x < 3
        x' = x + 1
      }
      action Stay {
        x = 3
        x' = x
      }
      invariant Small: 2^x <= 8
      """, name: "pow")
    #expect(
      json.serialized(pretty: false)
        == ##"{"result":"error","invariants":[{"name":"Small","result":"unsupported","trace":null}],"step_failures":[],"notes":[],"queries":0,"seconds":0.0,"solver":"Z3","diagnostics":[{"code":"SPC601","severity":"error","message":"'^' with a symbolic exponent","file":"\##(path)","line":12,"column":18,"end_line":12,"end_column":21,"notes":[]}]}"##
    )
  }

  @Test("an invalid spec gets prove: null")
  func nothingToProve() throws {
    let (json, _) = try checkThenProve("spec Broken\nvar x: Int\ninit { x = }\n", name: "broken")
    #expect(json == .null)
  }
}
