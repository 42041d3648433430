import Foundation
import Testing

@testable import SpecDriver
@testable import SpecSyntax

/// SplitMix64: a tiny, fully specified PRNG, so a seed gives the same corruptions on
/// every platform and toolchain (Swift's own generators and `Hasher` are not stable).
struct SplitMix64 {
  var state: UInt64

  init(seed: UInt64) { state = seed }

  mutating func next() -> UInt64 {
    state &+= 0x9E37_79B9_7F4A_7C15
    var z = state
    z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
    z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
    return z ^ (z >> 31)
  }

  /// A number in `0..<bound`; `bound` must be positive.
  mutating func below(_ bound: Int) -> Int { Int(next() % UInt64(bound)) }

  mutating func pick<T>(_ items: [T]) -> T { items[below(items.count)] }
}

/// FNV-1a of a string's UTF-8: a stable per-file seed.
func stableHash(_ text: String) -> UInt64 {
  var hash: UInt64 = 0xCBF2_9CE4_8422_2325
  for byte in text.utf8 {
    hash ^= UInt64(byte)
    hash = hash &* 0x100_0000_01B3
  }
  return hash
}

/// Random corruptions of a spec's bytes: byte and line edits, stray Unicode, invalid
/// UTF-8, NUL, truncation, and token-level swaps and insertions drawn from the language.
struct Mutator {
  var random: SplitMix64

  static let tokens: [String] = [
    "'", "(", ")", "[", "]", "{", "}", "<<", ">>", "<< >>", "\\A", "\\E", "\\in", "\\notin",
    "CHOOSE", "LET", "IN", "IF", "THEN", "ELSE", "CASE", "OTHER", "[]", "->", "|->",
    "EXCEPT", "!", "@", "UNCHANGED", "DOMAIN", "SUBSET", "UNION", "/\\", "\\/", "~", "=",
    "/=", "..", ":", ",", ".", "\"", "\"a\"", "(*", "*)", "/*", "*/", "//", "\\*", "Int",
    "Bool", "Seq", "Set", "Set[Int]", "Seq[Bool]", "TRUE", "FALSE", "0", "1", "-1",
    "9223372036854775807", "99999999999999999999", "-", "+", "*", "^", "\\div", "%",
    "x", "y", "init", "action", "var", "const", "type", "def", "spec", "invariant",
    "constraint", "assume", "\n", "\t", "  ", ":>", "@@", "\\o", "\\union", "\\cap",
    "\\subseteq", "Len", "Head", "Tail", "Append", "SubSeq", "Cardinality", "==", "|", "#",
    "[a: Int]", "[a |-> 1]", "1..3", "Nat", "\\X", "ENABLED", "[]P", "<>", "\\\\", "`",
  ]

  static let unicode: [String] = [
    "∧", "∨", "¬", "⇒", "⇔", "∀", "∃", "∈", "∉", "∪", "∩", "⊆", "≠", "≤", "≥", "↦", "⟨", "⟩",
    "′", "é", "\u{FEFF}", "\u{0301}", "😀", "\u{2028}", "\u{00A0}", "\u{200B}", "Ω",
  ]

  static let invalidUTF8: [[UInt8]] = [
    [0xFF], [0xFE], [0xC0, 0x80], [0x80], [0xBF], [0xE2, 0x88], [0xF4, 0x90, 0x80, 0x80],
    [0xED, 0xA0, 0x80], [0xC3], [0xF0, 0x9F, 0x98],
  ]

  init(seed: UInt64) { random = SplitMix64(seed: seed) }

  mutating func position(in bytes: [UInt8]) -> Int { random.below(bytes.count + 1) }

  /// Applies one to three corruptions.
  mutating func mutate(_ original: [UInt8]) -> [UInt8] {
    var bytes = original
    for _ in 0..<(1 + random.below(3)) { bytes = mutateOnce(bytes) }
    return bytes
  }

  mutating func mutateOnce(_ original: [UInt8]) -> [UInt8] {
    var bytes = original
    switch random.below(18) {
    case 0 where !bytes.isEmpty:
      bytes.remove(at: random.below(bytes.count))
    case 1:
      bytes.insert(UInt8(32 + random.below(95)), at: position(in: bytes))
    case 2 where !bytes.isEmpty:
      bytes[random.below(bytes.count)] = UInt8(32 + random.below(95))
    case 3 where !bytes.isEmpty:
      let index = random.below(bytes.count)
      bytes.insert(bytes[index], at: index)
    case 4, 5, 6:
      bytes = mutateLines(bytes)
    case 7:
      bytes.insert(contentsOf: Array(random.pick(Self.unicode).utf8), at: position(in: bytes))
    case 8:
      bytes.insert(contentsOf: random.pick(Self.invalidUTF8), at: position(in: bytes))
    case 9 where random.below(3) == 0:
      bytes.insert(0, at: position(in: bytes))
    case 10 where random.below(2) == 0:
      bytes.removeSubrange(position(in: bytes)...)
    case 11:
      bytes = swapTokens(bytes)
    case 12, 13:
      bytes.insert(contentsOf: Array(random.pick(Self.tokens).utf8), at: position(in: bytes))
    case 14:
      bytes = deleteToken(bytes)
    case 15 where !bytes.isEmpty:
      // Copy a chunk elsewhere: repeats brackets and keywords, deepens nesting.
      let start = random.below(bytes.count)
      let end = min(bytes.count, start + 1 + random.below(40))
      let chunk = Array(bytes[start..<end])
      bytes.insert(contentsOf: chunk, at: position(in: bytes))
    case 16, 17:
      bytes = replaceWord(bytes)
    default:
      bytes.insert(contentsOf: Array(random.pick(Self.tokens).utf8), at: position(in: bytes))
    }
    return bytes
  }

  /// Replaces a word with another word of the same file: the result usually still parses,
  /// so this reaches name resolution, typing and constant evaluation (cycles through type
  /// aliases, operators used before their declaration, wrong arities).
  mutating func replaceWord(_ bytes: [UInt8]) -> [UInt8] {
    let words = Self.tokenRanges(bytes).filter { range in
      let first = bytes[range.lowerBound]
      return (first >= 65 && first <= 90) || (first >= 97 && first <= 122) || first == 95
    }
    guard words.count >= 2 else { return bytes }
    let target = words[random.below(words.count)]
    let source = words[random.below(words.count)]
    var copy = bytes
    copy.replaceSubrange(target, with: bytes[source])
    return copy
  }

  mutating func mutateLines(_ bytes: [UInt8]) -> [UInt8] {
    var lines = bytes.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false)
      .map(Array.init)
    guard !lines.isEmpty else { return bytes }
    let index = random.below(lines.count)
    switch random.below(3) {
    case 0: lines.remove(at: index)
    case 1: lines.insert(lines[index], at: random.below(lines.count + 1))
    default: lines.swapAt(index, random.below(lines.count))
    }
    return Array(lines.joined(separator: [UInt8(ascii: "\n")]))
  }

  /// Byte ranges of words, backslash operators and single punctuation, skipping spaces.
  static func tokenRanges(_ bytes: [UInt8]) -> [Range<Int>] {
    func isWord(_ b: UInt8) -> Bool {
      (b >= 48 && b <= 57) || (b >= 65 && b <= 90) || (b >= 97 && b <= 122) || b == 95
        || b >= 0x80
    }
    var ranges: [Range<Int>] = []
    var index = 0
    while index < bytes.count {
      let byte = bytes[index]
      if byte == 32 || byte == 10 || byte == 9 || byte == 13 {
        index += 1
        continue
      }
      var end = index + 1
      if isWord(byte) || byte == UInt8(ascii: "\\") {
        while end < bytes.count, isWord(bytes[end]) { end += 1 }
      }
      ranges.append(index..<end)
      index = end
    }
    return ranges
  }

  mutating func swapTokens(_ bytes: [UInt8]) -> [UInt8] {
    let ranges = Self.tokenRanges(bytes)
    guard ranges.count >= 2 else { return bytes }
    var a = ranges[random.below(ranges.count)]
    var b = ranges[random.below(ranges.count)]
    if a.lowerBound > b.lowerBound { swap(&a, &b) }
    guard a.upperBound <= b.lowerBound else { return bytes }
    return Array(bytes[..<a.lowerBound]) + bytes[b] + bytes[a.upperBound..<b.lowerBound]
      + bytes[a] + bytes[b.upperBound...]
  }

  mutating func deleteToken(_ bytes: [UInt8]) -> [UInt8] {
    let ranges = Self.tokenRanges(bytes)
    guard !ranges.isEmpty else { return bytes }
    var copy = bytes
    copy.removeSubrange(ranges[random.below(ranges.count)])
    return copy
  }
}

/// Loads one corrupted input on a large stack, as `speccheck lint` does, and says what
/// went wrong, if anything: nil when the run ended valid (exit 0) or with errors (exit 2)
/// and its diagnostics and reports are well formed.
func mutationProblem(_ loaded: LoadedSpec, label: String) -> String? {
  let report = LintReport(specs: [loaded])
  switch report.exitCode {
  case 0 where !loaded.isValid:
    return "\(label): exit 0 but the spec was not fully loaded"
  case 2 where !loaded.diagnostics.contains(where: { $0.severity == .error }):
    return "\(label): exit 2 without an error diagnostic"
  case 0, 2:
    break
  default:
    return "\(label): exit \(report.exitCode)"
  }
  if let failure = loaded.diagnostics.first(where: { $0.code == .internalError }) {
    return "\(label): internal error: \(failure.message)"
  }
  for source in loaded.sources {
    for diagnostic in source.diagnostics
    where diagnostic.range.start < 0 || diagnostic.range.end > source.file.bytes.count {
      return "\(label): \(diagnostic.code.rawValue) range \(diagnostic.range) is outside the file"
    }
  }
  let text = report.renderText()
  guard text.hasSuffix(report.exitCode == 0 ? "ok: 1 spec\n" : "invalid: 1 of 1 spec\n") else {
    return "\(label): unexpected summary line in \(text.suffix(80))"
  }
  let json = Data(report.renderJSON().utf8)
  guard (try? JSONSerialization.jsonObject(with: json)) is [Any] else {
    return "\(label): --format json output is not a JSON array"
  }
  return nil
}

@Suite("Mutation fuzzing of the front end")
struct MutationFuzzTests {
  /// Enough corruptions per file that the whole corpus gets at least 3,000;
  /// `SPECCHECK_FUZZ_CASES=N` asks for N per file instead (for longer local runs).
  static let casesPerSpec =
    environment("SPECCHECK_FUZZ_CASES").flatMap { Int($0) }
    ?? max(120, (3_200 + Package.specFiles().count - 1) / max(1, Package.specFiles().count))

  /// Mixed into every file's seed; `SPECCHECK_FUZZ_SEED=N` explores other corruptions.
  static let seed = environment("SPECCHECK_FUZZ_SEED").flatMap { UInt64($0) } ?? 0x5EED_2024

  static func environment(_ name: String) -> String? {
    ProcessInfo.processInfo.environment[name]
  }

  /// Set `SPECCHECK_FUZZ_DUMP=DIR` to keep each spec's current input in `DIR`, to find
  /// the input of a crash (the test process dies with it).
  static let dumpDirectory = environment("SPECCHECK_FUZZ_DUMP")

  @Test("the corpus yields at least 3,000 corruptions")
  func corpusIsLargeEnough() {
    let files = Package.specFiles()
    #expect(files.count >= 3)
    #expect(files.count * Self.casesPerSpec >= 3_000)
  }

  @Test(
    "every corruption of a spec loads to valid or invalid (exit 0 or 2) without crashing",
    arguments: Package.specFiles())
  func corruptionsNeverCrash(path: String) throws {
    let original = try Package.bytes(of: path)
    var mutator = Mutator(seed: stableHash(path) ^ Self.seed)
    var problems: [String] = []
    var invalid = 0
    for index in 0..<Self.casesPerSpec {
      let mutated = mutator.mutate(original)
      if let directory = Self.dumpDirectory {
        // Written before loading: after a crash, this file holds the input that caused it.
        let name = path.replacingOccurrences(of: "/", with: "-")
        _ = FileManager.default.createFile(
          atPath: "\(directory)/\(name).current", contents: Data(mutated))
      }
      let loaded = Driver.withLargeStack {
        SpecLoader.load(SourceFile(path: "fuzz.spec", bytes: mutated))
      }
      if let problem = mutationProblem(loaded, label: "\(path) #\(index)") {
        problems.append(problem)
      }
      if loaded.hasErrors { invalid += 1 }
    }
    #expect(problems == [])
    // Most corruptions must be caught; if none were, the mutator is not doing its job.
    #expect(invalid > Self.casesPerSpec / 4)
  }
}
