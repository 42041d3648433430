/// Renders terms and queries in SMT-LIB 2 notation: for debugging, tests, and for
/// feeding a query to another solver by hand.
package enum SMTLib {
  /// One term, subterms written out in full (no `let` sharing).
  package static func render(_ term: Term) -> String {
    var out = ""
    write(term, into: &out)
    return out
  }

  /// A whole query: declarations of the variables, then one `assert` per term.
  package static func script(variables: [Term], assertions: [Term]) -> String {
    var out = ""
    for variable in variables {
      guard case .variable(let name) = variable.op else { continue }
      out += "(declare-const \(symbol(name)) \(variable.sort == .bool ? "Bool" : "Int"))\n"
    }
    for assertion in assertions { out += "(assert \(render(assertion)))\n" }
    out += "(check-sat)\n"
    return out
  }

  static func symbol(_ name: String) -> String {
    let plain = name.allSatisfy { $0.isLetter || $0.isNumber || "_.!@$%^&*-+<>=/?~".contains($0) }
    return plain && !(name.first?.isNumber ?? true) ? name : "|\(name)|"
  }

  private static func write(_ term: Term, into out: inout String) {
    let name: String
    switch term.op {
    case .boolConstant(let b):
      out += b ? "true" : "false"
      return
    case .intConstant(let i):
      out += i < 0 ? "(- \(i.magnitude))" : String(i)
      return
    case .variable(let v):
      out += symbol(v)
      return
    case .not: name = "not"
    case .and: name = "and"
    case .or: name = "or"
    case .ite: name = "ite"
    case .eq: name = "="
    case .lt: name = "<"
    case .le: name = "<="
    case .add: name = "+"
    case .sub: name = "-"
    case .mul: name = "*"
    case .neg: name = "-"
    case .div: name = "div"
    case .mod: name = "mod"
    }
    out += "(" + name
    for arg in term.args {
      out += " "
      write(arg, into: &out)
    }
    out += ")"
  }
}
