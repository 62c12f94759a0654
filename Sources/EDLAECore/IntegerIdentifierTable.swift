/// An open-addressing hash table from non-negative integer identifiers to first-seen indices,
/// used by the readers so that integer ids never become `String`s.
///
/// Keys are stored as `id + 1` (0 marks an empty slot) with linear probing; the table doubles
/// when it is half full. It holds about 24 to 48 bytes per distinct id, nothing per line.
struct IntegerIdentifierTable {
    private var keys: [UInt64]
    private var slots: [Int32]
    private var mask: Int
    /// The number of distinct ids (the next index to assign).
    private(set) var count = 0

    init() {
        keys = [UInt64](repeating: 0, count: 64)
        slots = [Int32](repeating: 0, count: 64)
        mask = 63
    }

    @inline(__always)
    private static func hash(_ key: UInt64) -> Int {
        // Fibonacci hashing: the high bits of key * 2^64 / phi.
        Int(truncatingIfNeeded: (key &* 0x9E37_79B9_7F4A_7C15) >> 20)
    }

    /// The index of `id`, assigning the next index when it is new.
    /// - Precondition: `0 <= id < Int.max` and fewer than `Int32.max` distinct ids.
    /// - Complexity: O(1) expected.
    @inline(__always)
    mutating func index(of id: Int) -> Int32 {
        let key = UInt64(id) &+ 1
        var slot = Self.hash(key) & mask
        while true {
            let stored = keys[slot]
            if stored == key { return slots[slot] }
            if stored == 0 { break }
            slot = (slot &+ 1) & mask
        }
        let index = Int32(truncatingIfNeeded: count)
        keys[slot] = key
        slots[slot] = index
        count += 1
        if 2 * count > mask { grow() }
        return index
    }

    private mutating func grow() {
        let oldKeys = keys, oldSlots = slots
        let capacity = 2 * (mask + 1)
        keys = [UInt64](repeating: 0, count: capacity)
        slots = [Int32](repeating: 0, count: capacity)
        mask = capacity - 1
        for position in oldKeys.indices where oldKeys[position] != 0 {
            var slot = Self.hash(oldKeys[position]) & mask
            while keys[slot] != 0 { slot = (slot &+ 1) & mask }
            keys[slot] = oldKeys[position]
            slots[slot] = oldSlots[position]
        }
    }

    /// The ids ordered by their index (first-seen order).
    /// - Complexity: O(table capacity).
    var idsByIndex: [Int] {
        var ids = [Int](repeating: 0, count: count)
        for position in keys.indices where keys[position] != 0 {
            ids[Int(slots[position])] = Int(keys[position] &- 1)
        }
        return ids
    }
}
