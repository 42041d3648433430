import SpecDriver
import Testing

/// `check`'s default store bound: a third of the memory the process may use.
@Suite("The default memory bound")
struct MachineMemoryTests {
  static let gib: UInt64 = 1 << 30

  @Test("a third of the machine's memory, or of a lower control-group limit")
  func third() {
    #expect(MachineMemory.defaultLimit(physical: 24 * Self.gib, group: nil) == 8 << 30)
    #expect(MachineMemory.defaultLimit(physical: 24 * Self.gib, group: 6 * Self.gib) == 2 << 30)
    #expect(MachineMemory.defaultLimit(physical: 6 * Self.gib, group: 24 * Self.gib) == 2 << 30)
    #expect(MachineMemory.defaultLimit(physical: 1000, group: nil) == 333)
    // cgroup v1's "unlimited" is 2^63 rounded down to a page.
    #expect(
      MachineMemory.defaultLimit(physical: 24 * Self.gib, group: 9_223_372_036_854_771_712)
        == 8 << 30)
    #expect(MachineMemory.defaultLimit(physical: 0, group: nil) == nil)
  }

  /// `groupLimit` over a fake file system.
  func limit(_ files: [String: String]) -> UInt64? {
    MachineMemory.groupLimit { files[$0] }
  }

  @Test("cgroup v2: the lowest memory.max of the process's group and the groups above")
  func version2() {
    #expect(
      limit([
        "/proc/self/cgroup": "0::/user.slice/job\n",
        "/sys/fs/cgroup/user.slice/job/memory.max": "1073741824\n",
      ]) == Self.gib)
    // A container whose init puts processes in a child group: the limit is above it.
    #expect(
      limit([
        "/proc/self/cgroup": "0::/init\n",
        "/sys/fs/cgroup/init/memory.max": "max\n",
        "/sys/fs/cgroup/memory.max": "1073741824\n",
      ]) == Self.gib)
    #expect(
      limit([
        "/proc/self/cgroup": "0::/a/b\n",
        "/sys/fs/cgroup/a/b/memory.max": "3221225472\n",
        "/sys/fs/cgroup/a/memory.max": "2147483648\n",
      ]) == 2 * Self.gib)
    #expect(
      limit(["/proc/self/cgroup": "0::/\n", "/sys/fs/cgroup/memory.max": "2147483648"])
        == 2 * Self.gib)
    #expect(
      limit(["/proc/self/cgroup": "0::/job\n", "/sys/fs/cgroup/job/memory.max": "max\n"])
        == nil)
  }

  @Test("cgroup v1: the lowest limit of the memory controller's group and those above")
  func version1() {
    #expect(
      limit([
        "/proc/self/cgroup": "5:cpu,cpuacct:/\n4:memory:/docker/abc\n0::/\n",
        "/sys/fs/cgroup/memory/docker/abc/memory.limit_in_bytes": "536870912\n",
        "/sys/fs/cgroup/memory/memory.limit_in_bytes": "9223372036854771712\n",
      ]) == Self.gib / 2)
    #expect(
      limit([
        "/proc/self/cgroup": "4:memory:/user.slice/session-1.scope\n",
        "/sys/fs/cgroup/memory/user.slice/session-1.scope/memory.limit_in_bytes":
          "9223372036854771712\n",
        "/sys/fs/cgroup/memory/user.slice/memory.limit_in_bytes": "1073741824\n",
      ]) == Self.gib)
    #expect(
      limit([
        "/proc/self/cgroup": "4:memory:/docker/abc\n",
        "/sys/fs/cgroup/memory/memory.limit_in_bytes": "9223372036854771712\n",
      ]) == nil)
    #expect(limit([:]) == nil)
  }
}
