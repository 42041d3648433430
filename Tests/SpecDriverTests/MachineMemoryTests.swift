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

  @Test("cgroup v2: memory.max of the process's group, 'max' for none")
  func version2() {
    #expect(
      limit([
        "/proc/self/cgroup": "0::/user.slice/job\n",
        "/sys/fs/cgroup/user.slice/job/memory.max": "1073741824\n",
      ]) == Self.gib)
    #expect(
      limit([
        "/proc/self/cgroup": "0::/user.slice/job\n",
        "/sys/fs/cgroup/user.slice/job/memory.max": "max\n",
        "/sys/fs/cgroup/memory.max": "1073741824\n",
      ]) == nil)
    #expect(
      limit(["/proc/self/cgroup": "0::/\n", "/sys/fs/cgroup/memory.max": "2147483648"])
        == 2 * Self.gib)
  }

  @Test("cgroup v1: the memory controller's group, then the hierarchy's root")
  func version1() {
    #expect(
      limit([
        "/proc/self/cgroup": "5:cpu,cpuacct:/\n4:memory:/docker/abc\n0::/\n",
        "/sys/fs/cgroup/memory/docker/abc/memory.limit_in_bytes": "536870912\n",
      ]) == Self.gib / 2)
    #expect(
      limit([
        "/proc/self/cgroup": "4:memory:/docker/abc\n",
        "/sys/fs/cgroup/memory/memory.limit_in_bytes": "9223372036854771712\n",
      ]) == 9_223_372_036_854_771_712)
    #expect(limit([:]) == nil)
  }
}
