import SpecTrace

/// A `speccheck.json`: which specs to check, with which constants and flags, and what
/// each run is expected to find. The format is documented in docs/ci.md.
///
/// ```json
/// {
///   "paths": ["specs"],
///   "specs": [
///     {"file": "specs/TwoPhase.spec", "sweep": {"RMCount": [3, 4, 5]}},
///     {"file": "specs/DieHard.spec", "expect": "violation of NotSolved"},
///     {"file": "specs/TCommit.spec", "no_deadlock": true}
///   ]
/// }
/// ```
package struct CheckConfig: Sendable {
  /// One object of `specs`: one run, or one run per combination of swept values.
  package struct Entry: Sendable {
    /// The spec file, relative to the current directory (the config's own directory is
    /// already joined in).
    package var file: String
    package var constants: [ConstantOverride] = []
    /// Constants to sweep, in the order written: one run per combination of values.
    package var sweep: [(name: String, values: [String])] = []
    package var noDeadlock: Bool?
    package var maxStates: Int?
    package var maxDepth: Int?
    package var timeout: Double?
    package var memory: MemoryBound?
    package var expected: ExpectedOutcome = .ok

    /// The constant overrides of each run: the fixed ones, then one value of each swept
    /// constant, the first swept constant varying slowest.
    package var overrideSets: [[ConstantOverride]] {
      var sets: [[ConstantOverride]] = [constants]
      for (name, values) in sweep {
        sets = sets.flatMap { set in
          values.map { set + [ConstantOverride(name: name, valueText: $0)] }
        }
      }
      return sets
    }

    /// `options` with this entry's flags applied over them.
    package func options(over base: CheckOptions) -> CheckOptions {
      var options = base
      if let noDeadlock { options.search.checkDeadlock = !noDeadlock }
      if let maxStates { options.search.maxStates = maxStates }
      if let maxDepth { options.search.maxDepth = maxDepth }
      if let timeout { options.search.timeout = timeout }
      if let memory {
        options.search.memoryLimit = memory.bytes
        options.memoryLimitIsDefault = false
      }
      return options
    }
  }

  /// The config file's path, for messages.
  package var path: String
  /// Files and directories that a bare `speccheck check` checks, besides the entries.
  package var paths: [String] = []
  package var entries: [Entry] = []

  package init(path: String, paths: [String] = [], entries: [Entry] = []) {
    self.path = path
    self.paths = paths
    self.entries = entries
  }
}

/// A problem with a config file: where (a JSON path, or a line and column for a syntax
/// error) and what.
package struct ConfigError: Error, Sendable, Equatable, CustomStringConvertible {
  package var path: String
  package var location: String
  package var message: String

  /// `speccheck.json: specs[2].expect: ...`
  package var description: String {
    location.isEmpty ? "\(path): \(message)" : "\(path): \(location): \(message)"
  }
}

extension CheckConfig {
  static let topLevelKeys: Set = ["paths", "specs", "comment"]
  static let entryKeys: Set = [
    "file", "constants", "sweep", "expect", "no_deadlock", "max_states", "max_depth",
    "timeout", "memory", "comment",
  ]

  /// Reads and parses the config file at `path`.
  package static func load(path: String) throws(ConfigError) -> CheckConfig {
    switch SpecLoader.readFile(path) {
    case .failure(let error):
      throw ConfigError(path: path, location: "", message: "cannot read: \(error.message)")
    case .success(let bytes):
      return try parse(bytes, path: path)
    }
  }

  /// Parses a config; relative paths in it are taken from the config file's directory.
  package static func parse(_ bytes: [UInt8], path: String) throws(ConfigError) -> CheckConfig {
    let json: JSON
    do {
      json = try JSONParser.parse(bytes)
    } catch {
      let location = SourceFileLocation.lineAndColumn(of: error.offset, in: bytes)
      throw ConfigError(path: path, location: location, message: error.message)
    }
    var reader = ConfigReader(configPath: path)
    return try reader.config(json)
  }
}

/// Turns the parsed JSON into a config, naming the JSON path of the first problem.
private struct ConfigReader {
  var configPath: String

  func fail(_ location: String, _ message: String) -> ConfigError {
    ConfigError(path: configPath, location: location, message: message)
  }

  /// The directory that relative paths in the config start from.
  var base: String {
    guard let slash = configPath.lastIndex(of: "/") else { return "" }
    return String(configPath[...slash])
  }

  func resolve(_ file: String) -> String {
    file.hasPrefix("/") ? file : Paths.normalized(base + file)
  }

  mutating func config(_ json: JSON) throws(ConfigError) -> CheckConfig {
    guard case .object(let pairs) = json else {
      throw fail("", "expected a JSON object with \"specs\" and \"paths\"")
    }
    var config = CheckConfig(path: configPath)
    for (key, value) in pairs {
      switch key {
      case "paths":
        config.paths = try strings(value, at: "paths").map(resolve)
      case "specs":
        guard case .array(let items) = value else { throw fail("specs", "expected an array") }
        for (index, item) in items.enumerated() {
          config.entries.append(try entry(item, at: "specs[\(index)]"))
        }
      case "comment": break
      default:
        throw fail(key, "unknown key; expected one of \(CheckConfig.topLevelKeys.sorted())")
      }
    }
    return config
  }

  func entry(_ json: JSON, at location: String) throws(ConfigError) -> CheckConfig.Entry {
    guard case .object(let pairs) = json else { throw fail(location, "expected an object") }
    guard case .string(let file)? = json["file"] else {
      throw fail(location, "each entry needs \"file\": the spec's path")
    }
    var entry = CheckConfig.Entry(file: resolve(file))
    for (key, value) in pairs {
      let here = "\(location).\(key)"
      switch key {
      case "file", "comment": break
      case "constants":
        guard case .object(let constants) = value else { throw fail(here, "expected an object") }
        for (name, value) in constants {
          let text = try constantText(value, at: "\(here).\(name)")
          entry.constants.append(ConstantOverride(name: name, valueText: text))
        }
      case "sweep":
        guard case .object(let swept) = value else {
          throw fail(here, "expected an object: constant name to a list of values")
        }
        for (name, values) in swept {
          guard case .array(let items) = values, !items.isEmpty else {
            throw fail("\(here).\(name)", "expected a non-empty array of values")
          }
          var texts: [String] = []
          for (index, item) in items.enumerated() {
            texts.append(try constantText(item, at: "\(here).\(name)[\(index)]"))
          }
          entry.sweep.append((name, texts))
        }
      case "expect":
        guard case .string(let text) = value, let expected = ExpectedOutcome(text: text) else {
          throw fail(
            here,
            "expected \"ok\", \"violation of NAME\", \"violation\", \"deadlock\", "
              + "\"assumption failure\" or \"incomplete\"")
        }
        entry.expected = expected
      case "no_deadlock":
        guard case .bool(let flag) = value else { throw fail(here, "expected true or false") }
        entry.noDeadlock = flag
      case "max_states": entry.maxStates = try positive(value, at: here)
      case "max_depth": entry.maxDepth = try positive(value, at: here)
      case "memory":
        switch value {
        case .int(let bytes) where bytes > 0: entry.memory = .bytes(bytes)
        case .string("none"): entry.memory = .unbounded
        default: throw fail(here, "expected a positive number of bytes, or \"none\"")
        }
      case "timeout":
        switch value {
        case .int(let seconds) where seconds > 0: entry.timeout = Double(seconds)
        case .double(let seconds) where seconds > 0: entry.timeout = seconds
        default: throw fail(here, "expected a positive number of seconds")
        }
      default:
        throw fail(here, "unknown key; expected one of \(CheckConfig.entryKeys.sorted())")
      }
    }
    let swept = Set(entry.sweep.map(\.name))
    if let twice = entry.constants.first(where: { swept.contains($0.name) }) {
      throw fail(location, "\(twice.name) is both in \"constants\" and in \"sweep\"")
    }
    if entry.expected == .deadlock, entry.noDeadlock == true {
      throw fail(location, "\"expect\": \"deadlock\" needs deadlock checking on")
    }
    return entry
  }

  /// A constant's value as `--const` takes it: a number or a boolean as itself, a string
  /// as an expression of the language (`"{1, 2}"`, `"\"a\""`).
  func constantText(_ json: JSON, at location: String) throws(ConfigError) -> String {
    switch json {
    case .int(let n): return String(n)
    case .bool(let b): return b ? "TRUE" : "FALSE"
    case .string(let text): return text
    default:
      throw fail(
        location, "expected an integer, a boolean, or a string holding an expression")
    }
  }

  func strings(_ json: JSON, at location: String) throws(ConfigError) -> [String] {
    guard case .array(let items) = json else {
      throw fail(location, "expected an array of strings")
    }
    var result: [String] = []
    for item in items {
      guard case .string(let text) = item else {
        throw fail(location, "expected an array of strings")
      }
      result.append(text)
    }
    return result
  }

  func positive(_ json: JSON, at location: String) throws(ConfigError) -> Int {
    guard case .int(let n) = json, n > 0 else {
      throw fail(location, "expected a positive integer")
    }
    return n
  }
}

/// Line and column of a byte offset, for syntax errors in a config file.
enum SourceFileLocation {
  static func lineAndColumn(of offset: Int, in bytes: [UInt8]) -> String {
    var line = 1
    var column = 1
    for byte in bytes.prefix(offset) {
      if byte == UInt8(ascii: "\n") {
        line += 1
        column = 1
      } else if byte & 0xC0 != 0x80 {
        column += 1
      }
    }
    return "\(line):\(column)"
  }
}
