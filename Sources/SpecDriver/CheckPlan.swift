#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// Decides which runs `check` makes from the spec files, the config and the flags.
package enum CheckPlan {
  /// The files a `check` with no spec arguments checks: the config's `paths`, expanded
  /// by `expand` (directories to the `*.spec` files under them), then the files its
  /// entries name that are not among those, in config order.
  package static func files(of config: CheckConfig, expand: ([String]) -> [String]) -> [String] {
    var files = expand(config.paths).map(Paths.normalized)
    var seen = Set(files.map(Paths.key))
    for entry in config.entries where seen.insert(Paths.key(entry.file)).inserted {
      files.append(entry.file)
    }
    return files
  }

  /// One job per run, file by file: the runs of every config entry that names the file
  /// (a sweep gives one per combination of values), or a single run with the command
  /// line's flags when no entry names it. The command line's flags are the defaults
  /// that an entry's flags override; its `--const` values override the entry's.
  /// A file listed twice is checked once, and so is a run planned twice.
  package static func jobs(
    files: [String], config: CheckConfig?, options: CheckOptions,
    overrides: [ConstantOverride]
  ) -> [CheckJob] {
    var jobs: [CheckJob] = []
    var seen = Set<String>()
    for file in files {
      let key = Paths.key(file)
      guard seen.insert(key).inserted else { continue }
      let entries = config?.entries.filter { Paths.key($0.file) == key } ?? []
      if entries.isEmpty {
        jobs.append(CheckJob(path: file, overrides: overrides, options: options))
        continue
      }
      var planned = Set<String>()
      for entry in entries {
        for set in entry.overrideSets {
          let job = CheckJob(
            path: file, overrides: merge(set, overrides), options: entry.options(over: options),
            expected: entry.expected)
          // `--const` can make two runs of a sweep the same run: check it once.
          let search = job.options.search
          let key =
            "\(job.title) \(job.expected) \(String(describing: search.maxStates))"
            + " \(String(describing: search.maxDepth)) \(String(describing: search.timeout))"
            + " \(String(describing: search.memoryLimit))"
          if planned.insert(key).inserted { jobs.append(job) }
        }
      }
    }
    return jobs
  }

  /// `base` with each of `later` replacing the override of the same name, or appended.
  static func merge(_ base: [ConstantOverride], _ later: [ConstantOverride]) -> [ConstantOverride] {
    var result = base
    for override in later {
      if let index = result.firstIndex(where: { $0.name == override.name }) {
        result[index] = override
      } else {
        result.append(override)
      }
    }
    return result
  }
}

/// Lexical path arithmetic, enough to tell that `./specs/A.spec` and `specs/A.spec` are
/// the same file (symbolic links are not followed).
enum Paths {
  /// Removes `.` components, empty components and `dir/..` pairs.
  static func normalized(_ path: String) -> String {
    let absolute = path.hasPrefix("/")
    var parts: [Substring] = []
    for part in path.split(separator: "/", omittingEmptySubsequences: true) {
      if part == "." { continue }
      if part == "..", let last = parts.last, last != ".." {
        parts.removeLast()
      } else if part == "..", absolute {
        continue
      } else {
        parts.append(part)
      }
    }
    let joined = parts.joined(separator: "/")
    if absolute { return "/" + joined }
    return joined.isEmpty ? "." : joined
  }

  /// The absolute, normalised path: the key under which files are compared.
  static func key(_ path: String) -> String {
    if path.hasPrefix("/") { return normalized(path) }
    return normalized(currentDirectory + "/" + path)
  }

  static var currentDirectory: String {
    var buffer = [CChar](repeating: 0, count: 4096)
    guard getcwd(&buffer, buffer.count) != nil else { return "." }
    let length = buffer.firstIndex(of: 0) ?? buffer.count
    return String(decoding: buffer[..<length].map { UInt8(bitPattern: $0) }, as: UTF8.self)
  }
}
