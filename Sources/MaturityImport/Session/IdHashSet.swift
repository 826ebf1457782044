import Foundation

/// FNV-1a, 64 bits: cheap hashes of ids to report repeated ones without keeping the ids.
func fnv1a64(_ s: String) -> UInt64 {
    fnv1a64(s, into: 0xcbf2_9ce4_8422_2325)
}

/// The FNV-1a hash of `first`, a unit separator (U+001F) and `second`, without joining them.
func fnv1a64(_ first: String, _ second: String) -> UInt64 {
    var first = first, second = second
    return first.withUTF8 { first in second.withUTF8 { second in fnv1a64(first, second) } }
}

/// The same hash over bytes.
@inline(__always)
func fnv1a64(_ first: UnsafeBufferPointer<UInt8>, _ second: UnsafeBufferPointer<UInt8>) -> UInt64 {
    var hash: UInt64 = 0xcbf2_9ce4_8422_2325
    for byte in first {
        hash ^= UInt64(byte)
        hash = hash &* 0x0000_0100_0000_01B3
    }
    hash ^= 0x1F
    hash = hash &* 0x0000_0100_0000_01B3
    for byte in second {
        hash ^= UInt64(byte)
        hash = hash &* 0x0000_0100_0000_01B3
    }
    return hash
}

private func fnv1a64(_ s: String, into start: UInt64) -> UInt64 {
    var hash = start
    var s = s
    s.withUTF8 { bytes in
        for byte in bytes {
            hash ^= UInt64(byte)
            hash = hash &* 0x0000_0100_0000_01B3
        }
    }
    return hash
}

/// The 64-bit hashes of the ids seen so far: 8 bytes each at a load of 40 to 80 %, in 256 open-addressing
/// tables chosen by the top byte of the hash. The tables start at staggered sizes, so they double at
/// different moments and memory grows in small steps (one big table would briefly hold its old and new
/// arrays: 48 MB at two million ids).
struct IdHashSet {
    fileprivate struct Table {
        /// Hashes, 0 for an empty slot (a hash of 0 is stored as 1: it only makes ids collide, and a
        /// collision is checked against the file).
        var slots: [UInt64]
        var count = 0
    }

    private var tables: [Table] = (0..<256).map { Table(slots: Array(repeating: 0, count: 64 + $0 / 4)) }

    /// Adds `hash`; false when it was there already.
    @inline(__always)
    mutating func insert(_ hash: UInt64) -> Bool {
        let value = hash == 0 ? 1 : hash
        let shard = Int(truncatingIfNeeded: value >> 56)
        return tables[shard].insert(value)
    }
}

extension IdHashSet.Table {
    @inline(__always)
    mutating func insert(_ value: UInt64) -> Bool {
        let capacity = slots.count
        // The low 56 bits spread over the table (the top byte chose the table).
        var slot = Int(truncatingIfNeeded: (value << 8).multipliedFullWidth(by: UInt64(capacity)).high)
        let inserted: Bool = slots.withUnsafeMutableBufferPointer { slots in
            while true {
                let stored = slots[slot]
                if stored == value { return false }
                if stored == 0 {
                    slots[slot] = value
                    return true
                }
                slot += 1
                if slot == capacity { slot = 0 }
            }
        }
        guard inserted else { return false }
        count += 1
        if count * 5 > capacity * 4 { grow() }
        return true
    }

    private mutating func grow() {
        let old = slots
        let capacity = old.count * 2
        slots = Array(repeating: 0, count: capacity)
        slots.withUnsafeMutableBufferPointer { slots in
            for value in old where value != 0 {
                var slot = Int(truncatingIfNeeded: (value << 8).multipliedFullWidth(by: UInt64(capacity)).high)
                while slots[slot] != 0 {
                    slot += 1
                    if slot == capacity { slot = 0 }
                }
                slots[slot] = value
            }
        }
    }
}
