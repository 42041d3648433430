import Testing
import Foundation
@testable import SpecSyntax

func measure(_ name: String, _ text: String, type isType: Bool = false) {
  let done = DispatchSemaphore(value: 0)
  let thread = Thread {
    var x = 0
    let top = withUnsafeMutablePointer(to: &x) { UInt(bitPattern: $0) }
    stackProbeMin = .max
    let r = isType ? type(text) : expr(text)
    let used = top - stackProbeMin
    FileHandle.standardError.write("MEASURE \(name): \(used) bytes; \(r.prefix(120))\n".data(using: .utf8)!)
    done.signal()
  }
  thread.stackSize = 256 << 20
  thread.start()
  done.wait()
}

@Test func scratch() {
  let n = 10_000
  measure("parens", String(repeating: "(", count: n) + "1" + String(repeating: ")", count: n))
  measure("nots", String(repeating: "~", count: n) + "a")
  measure("minus", String(repeating: "-", count: n) + "a")
  measure("records", String(repeating: "[a |-> ", count: n) + "1" + String(repeating: "]", count: n))
  measure("sets", String(repeating: "{", count: n) + String(repeating: "}", count: n))
  measure("tuples", String(repeating: "<<", count: n) + String(repeating: ">>", count: n))
  measure("ifs", String(repeating: "IF a THEN b ELSE ", count: n) + "c")
  measure("ifcond", String(repeating: "IF ", count: n) + "c")
  measure("quant", String(repeating: "\\A x \\in S: ", count: n) + "c")
  measure("domain", String(repeating: "DOMAIN ", count: n) + "c")
  measure("primes", "x" + String(repeating: "'", count: n))
  measure("plus", "x" + String(repeating: " + x", count: n))
  measure("implies", "x" + String(repeating: " => x", count: n))
  measure("power", "x" + String(repeating: "^x", count: n))
  measure("lets", String(repeating: "LET a == 1 IN ", count: n) + "c")
  measure("letdefs", String(repeating: "LET a == ", count: n) + "c")
  measure("calls", String(repeating: "F(", count: n) + String(repeating: ")", count: n))
  measure("apply", "f" + String(repeating: "[x]", count: n))
  measure("applyin", String(repeating: "f[", count: n) + String(repeating: "]", count: n))
  measure("junctionnest", String(repeating: "/\\ ", count: n) + "a")
  measure("case", String(repeating: "CASE a -> ", count: n) + "c")
  measure("choose", String(repeating: "CHOOSE x \\in S: ", count: n) + "c")
  measure("except", String(repeating: "[f EXCEPT ![", count: n) + "1" + String(repeating: "] = 1]", count: n))
  measure("fnset", String(repeating: "[S -> ", count: n) + "1" + String(repeating: "]", count: n))
  measure("unchanged", String(repeating: "UNCHANGED ", count: n) + "x")
  measure("tparens", String(repeating: "(", count: n) + "Int" + String(repeating: ")", count: n), type: true)
  measure("tsets", String(repeating: "Set[", count: n) + "Int" + String(repeating: "]", count: n), type: true)
  measure("tarrow", String(repeating: "Int -> ", count: n) + "Int", type: true)
  measure("trecord", String(repeating: "[a: ", count: n) + "Int" + String(repeating: "]", count: n), type: true)
  measure("ttuple", String(repeating: "<<", count: n) + "Int" + String(repeating: ">>", count: n), type: true)
  measure("tunion", "\"a\"" + String(repeating: " | \"a\"", count: n), type: true)
  measure("trange", String(repeating: "(", count: n) + "1" + String(repeating: ")", count: n) + "..2", type: true)
  measure("trange2", "1.." + String(repeating: "(", count: n) + "1" + String(repeating: ")", count: n), type: true)
}
