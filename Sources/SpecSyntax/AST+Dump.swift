/// A compact, fully parenthesised rendering of the AST, used by parser tests to pin
/// structure and precedence: `(= (. r a) 1)`.
extension Expr {
  package var dump: String {
    func list(_ items: [Expr]) -> String { items.map(\.dump).joined(separator: " ") }
    func bindings(_ bs: [Binding]) -> String {
      bs.map { "(\($0.names.map(\.text).joined(separator: " ")) \($0.domain.dump))" }
        .joined(separator: " ")
    }
    switch kind {
    case .name(let name): return name
    case .integer(let value): return String(value)
    case .string(let text): return "\"\(text)\""
    case .boolean(let value): return value ? "TRUE" : "FALSE"
    case .at: return "@"
    case .unary(let op, let e): return "(\(op.rawValue) \(e.dump))"
    case .binary(let op, let a, let b): return "(\(op.rawValue) \(a.dump) \(b.dump))"
    case .junction(let isAnd, let items): return "(\(isAnd ? "/\\*" : "\\/*") \(list(items)))"
    case .call(let name, let args): return "(call \(name.text) \(list(args)))"
    case .apply(let f, let args): return "(apply \(f.dump) \(list(args)))"
    case .field(let e, let name): return "(. \(e.dump) \(name.text))"
    case .prime(let e): return "(' \(e.dump))"
    case .setEnumeration(let items): return "{\(list(items))}"
    case .setFilter(let b, let p): return "(filter \(bindings([b])) \(p.dump))"
    case .setMap(let e, let bs): return "(map \(e.dump) \(bindings(bs)))"
    case .tuple(let items): return "<<\(list(items))>>"
    case .function(let bs, let e): return "(fn \(bindings(bs)) \(e.dump))"
    case .functionSet(let a, let b): return "(-> \(a.dump) \(b.dump))"
    case .record(let fields):
      return "(record \(fields.map { "(\($0.0.text) \($0.1.dump))" }.joined(separator: " ")))"
    case .recordSet(let fields):
      return "(recordset \(fields.map { "(\($0.0.text) \($0.1.dump))" }.joined(separator: " ")))"
    case .except(let base, let clauses):
      let rendered = clauses.map { clause -> String in
        let path = clause.path.map { step -> String in
          switch step {
          case .index(let es): return "[\(list(es))]"
          case .field(let name): return ".\(name.text)"
          }
        }.joined()
        return "(!\(path) \(clause.value.dump))"
      }
      return "(except \(base.dump) \(rendered.joined(separator: " ")))"
    case .ifThenElse(let c, let t, let e): return "(if \(c.dump) \(t.dump) \(e.dump))"
    case .caseOf(let arms, let other):
      let rendered = arms.map { "(\($0.0.dump) \($0.1.dump))" }.joined(separator: " ")
      return "(case \(rendered)\(other.map { " (OTHER \($0.dump))" } ?? ""))"
    case .letIn(let defs, let body):
      let rendered = defs.map { def in
        let params = def.parameters.isEmpty ? "" : "(\(def.parameters.map(\.text).joined(separator: " ")))"
        return "(\(def.name.text)\(params) \(def.body.dump))"
      }.joined(separator: " ")
      return "(let \(rendered) \(body.dump))"
    case .quantified(let q, let bs, let body): return "(\(q.rawValue) \(bindings(bs)) \(body.dump))"
    case .choose(let name, let domain, let body):
      return "(CHOOSE \(name.text) \(domain.dump) \(body.dump))"
    case .unchanged(let items): return "(UNCHANGED \(list(items)))"
    }
  }
}

extension TypeExpr {
  package var dump: String {
    switch kind {
    case .name(let name): return name
    case .range(let low, let high): return "\(low.dump)..\(high.dump)"
    case .literal(let text): return "\"\(text)\""
    case .set(let t): return "Set[\(t.dump)]"
    case .sequence(let t): return "Seq[\(t.dump)]"
    case .function(let a, let b): return "(\(a.dump) -> \(b.dump))"
    case .record(let fields):
      return "[\(fields.map { "\($0.0.text): \($0.1.dump)" }.joined(separator: ", "))]"
    case .tuple(let items): return "<<\(items.map(\.dump).joined(separator: ", "))>>"
    case .union(let items): return "(\(items.map(\.dump).joined(separator: " | ")))"
    }
  }
}
