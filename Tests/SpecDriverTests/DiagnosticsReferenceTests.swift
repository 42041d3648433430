import SpecDriver
import SpecSyntax
import Testing

@Suite("docs/diagnostics.md")
struct DiagnosticsReferenceTests {
  @Test("is what `speccheck diagnostics` generates from DiagnosticCode")
  func upToDate() throws {
    let committed = String(decoding: try Package.bytes(of: "docs/diagnostics.md"), as: UTF8.self)
    #expect(
      committed == DiagnosticsReference.markdown(),
      "regenerate it: swift run speccheck diagnostics > docs/diagnostics.md")
  }

  @Test("lists every code once, in the enum's order")
  func everyCode() {
    let rows = DiagnosticsReference.markdown().split(separator: "\n").filter { $0.hasPrefix("| SPC") }
    #expect(rows.count == DiagnosticCode.allCases.count)
    #expect(rows.first?.hasPrefix("| SPC101 |") == true)
  }
}
