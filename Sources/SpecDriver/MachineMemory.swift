import Foundation

/// How much memory a search may count on: the machine's, or its control group's limit
/// where that is lower (a container, a CI job).
package enum MachineMemory {
  /// `check`'s store bound when `--memory` is not given: a third of what the process may
  /// use, so that a search stops with `incomplete` before the machine runs out. The rest
  /// is for what the store's bytes do not count: a growing table holds its old and its
  /// new buffer at once for a moment (a key table grows by a quarter, so 2.25 times its
  /// bytes: peaks of 1.4 to 1.9 times the bound were measured in a 400 MB control group),
  /// replaying the search for a trace needs a parent per store place (32-bit, about half
  /// the store's bytes; 64-bit, as much as the store, past 2^32 places), and the runtime
  /// needs some. Nil when nothing is known (no bound,
  /// as with `--memory` absent before).
  package static func defaultLimit() -> Int? {
    defaultLimit(physical: ProcessInfo.processInfo.physicalMemory, group: groupLimit())
  }

  package static func defaultLimit(physical: UInt64, group: UInt64?) -> Int? {
    let available = min(physical, group ?? .max)
    guard available > 0, available < .max else { return nil }
    return Int(clamping: available / 3)
  }

  /// The memory limit of this process's control group, in bytes: the lowest limit of
  /// the group named in `/proc/self/cgroup` and of each group above it up to the
  /// hierarchy's root (limits apply down the tree: a container's limit sits above the
  /// group its init puts processes in), read from cgroup v2's `memory.max` or v1's
  /// `memory.limit_in_bytes`; nil when none is set (`max`, or v1's 2^63) or none is found.
  package static func groupLimit(
    read: (String) -> String? = { try? String(contentsOfFile: $0, encoding: .utf8) }
  ) -> UInt64? {
    var files: [String] = []
    // Lines are `ID:CONTROLLERS:PATH`: `0::PATH` in v2, `N:memory:PATH` in v1.
    for line in (read("/proc/self/cgroup") ?? "").split(separator: "\n") {
      let fields = line.split(separator: ":", maxSplits: 2, omittingEmptySubsequences: false)
      guard fields.count == 3 else { continue }
      let (root, file): (String, String)
      if fields[0] == "0", fields[1].isEmpty {
        (root, file) = ("/sys/fs/cgroup", "memory.max")
      } else if fields[1].split(separator: ",").contains("memory") {
        (root, file) = ("/sys/fs/cgroup/memory", "memory.limit_in_bytes")
      } else {
        continue
      }
      var components = fields[2].split(separator: "/").map(String.init)
      while true {
        files.append(([root] + components + [file]).joined(separator: "/"))
        if components.isEmpty { break }
        components.removeLast()
      }
    }
    files += ["/sys/fs/cgroup/memory.max", "/sys/fs/cgroup/memory/memory.limit_in_bytes"]
    let limits = files.compactMap { path in
      read(path).flatMap { UInt64($0.trimmingCharacters(in: .whitespacesAndNewlines)) }
    }
    // v1 writes "no limit" as 2^63 rounded down to a page.
    guard let lowest = limits.min(), lowest < 1 << 62 else { return nil }
    return lowest
  }
}
