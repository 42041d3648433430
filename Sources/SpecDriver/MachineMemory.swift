import Foundation

/// How much memory a search may count on: the machine's, or its control group's limit
/// where that is lower (a container, a CI job).
package enum MachineMemory {
  /// `check`'s store bound when `--memory` is not given: a third of what the process may
  /// use, so that a search stops with `incomplete` before the machine runs out. The rest
  /// is for what the store's bytes do not count: a growing table holds its old and its
  /// new buffer at once for a moment (a key table grows by a quarter, so 2.25 times its
  /// bytes: peaks of 1.4 to 1.9 times the bound were measured in a 400 MB control group),
  /// replaying the search for a trace needs a 32-bit parent per store place (about half
  /// the store's bytes), and the runtime needs some. Nil when nothing is known (no bound,
  /// as with `--memory` absent before).
  package static func defaultLimit() -> Int? {
    defaultLimit(physical: ProcessInfo.processInfo.physicalMemory, group: groupLimit())
  }

  package static func defaultLimit(physical: UInt64, group: UInt64?) -> Int? {
    let available = min(physical, group ?? .max)
    guard available > 0, available < .max else { return nil }
    return Int(clamping: available / 3)
  }

  /// The memory limit of this process's control group, in bytes, from the group named in
  /// `/proc/self/cgroup` (cgroup v2's `memory.max`, v1's `memory.limit_in_bytes`), else
  /// at the hierarchy's root; nil when unlimited (`max`) or not found.
  package static func groupLimit(
    read: (String) -> String? = { try? String(contentsOfFile: $0, encoding: .utf8) }
  ) -> UInt64? {
    var paths: [String] = []
    // Lines are `ID:CONTROLLERS:PATH`: `0::PATH` in v2, `N:memory:PATH` in v1.
    for line in (read("/proc/self/cgroup") ?? "").split(separator: "\n") {
      let fields = line.split(separator: ":", maxSplits: 2, omittingEmptySubsequences: false)
      guard fields.count == 3 else { continue }
      let group = fields[2] == "/" ? "" : String(fields[2])
      if fields[0] == "0", fields[1].isEmpty {
        paths.append("/sys/fs/cgroup\(group)/memory.max")
      } else if fields[1].split(separator: ",").contains("memory") {
        paths.append("/sys/fs/cgroup/memory\(group)/memory.limit_in_bytes")
      }
    }
    paths += ["/sys/fs/cgroup/memory.max", "/sys/fs/cgroup/memory/memory.limit_in_bytes"]
    for path in paths {
      guard let text = read(path)?.trimmingCharacters(in: .whitespacesAndNewlines) else {
        continue
      }
      return UInt64(text)  // "max": nil; v1's "unlimited" is a huge number, min() ignores it
    }
    return nil
  }
}
