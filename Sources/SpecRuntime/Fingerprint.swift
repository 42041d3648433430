/// A fixed-seed 64-bit hash of values: the same on every run, machine and worker count.
/// Never Swift's `Hasher`, which is seeded per process.
package enum Fingerprint {
  package static let seed: UInt64 = 0x9E37_79B9_7F4A_7C15

  @inline(__always)
  package static func mix(_ h: UInt64, _ x: UInt64) -> UInt64 {
    var z = (h ^ x) &+ 0x9E37_79B9_7F4A_7C15
    z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
    z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
    return z ^ (z >> 31)
  }

  package static func hash(_ values: [Value]) -> UInt64 {
    var h = seed
    for value in values { h = hash(value, into: h) }
    return h
  }

  static func hash(_ value: Value, into h: UInt64) -> UInt64 {
    switch value {
    case .bool(let b): return mix(h, b ? 0x11 : 0x10)
    case .int(let i): return mix(mix(h, 0x20), UInt64(bitPattern: Int64(i)))
    case .string(let s):
      var g = mix(h, 0x30)
      for byte in s.utf8 { g = (g ^ UInt64(byte)) &* 0x100_0000_01B3 }
      return mix(g, UInt64(s.utf8.count))
    case .sequence(let items):
      var g = mix(h, 0x40 ^ UInt64(items.count) << 8)
      for item in items { g = hash(item, into: g) }
      return g
    case .record(let names, let values):
      var g = mix(h, 0x50 ^ UInt64(names.count) << 8)
      for (name, item) in zip(names, values) {
        g = hash(.string(name), into: g)
        g = hash(item, into: g)
      }
      return g
    case .set(let elements):
      var g = mix(h, 0x60 ^ UInt64(elements.count) << 8)
      for item in elements { g = hash(item, into: g) }
      return g
    case .function(let keys, let values):
      var g = mix(h, 0x70 ^ UInt64(keys.count) << 8)
      for (key, item) in zip(keys, values) {
        g = hash(key, into: g)
        g = hash(item, into: g)
      }
      return g
    }
  }
}
