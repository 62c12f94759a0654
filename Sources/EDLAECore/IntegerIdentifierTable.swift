/// A table from non-negative integer identifiers to first-seen indices, used by the readers so
/// that integer ids never become `String`s.
///
/// Small ids are looked up directly: `direct[id]` holds `index + 1` (0: not seen) for ids below
/// `direct.count`, which grows by doubling while it stays below `max(65,536, 8 x distinct ids)`
/// entries (4 bytes each), so dense ids (0 ..< n, or nearly) cost one array access. Larger ids go
/// to an open-addressing hash table (keys stored as `id + 1`, 0 marking an empty slot, linear
/// probing, doubled when half full; 24 to 48 bytes per id). Nothing is stored per line.
struct IntegerIdentifierTable {
    private var direct: [Int32] = []
    private var keys: [UInt64]
    private var slots: [Int32]
    private var mask: Int
    /// The number of ids in the hash table.
    private var hashedCount = 0
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
        if id < direct.count {
            let stored = direct[id]
            if stored != 0 { return stored &- 1 }
            let index = Int32(truncatingIfNeeded: count)
            direct[id] = index &+ 1
            count += 1
            return index
        }
        if id < Swift.max(1 << 16, 8 * count) {
            growDirect(toCover: id)
            return index(of: id)
        }
        return hashedIndex(of: id)
    }

    /// Enlarges `direct` to cover `id`, moving the hashed ids it now covers into it.
    private mutating func growDirect(toCover id: Int) {
        var size = Swift.max(1024, direct.count)
        while size <= id { size *= 2 }
        direct.append(contentsOf: repeatElement(0, count: size - direct.count))
        guard hashedCount > 0 else { return }
        let oldKeys = keys, oldSlots = slots
        keys = [UInt64](repeating: 0, count: oldKeys.count)
        slots = [Int32](repeating: 0, count: oldKeys.count)
        hashedCount = 0
        for position in oldKeys.indices where oldKeys[position] != 0 {
            let movedID = Int(oldKeys[position] &- 1)
            if movedID < size {
                direct[movedID] = oldSlots[position] &+ 1
            } else {
                insertHashed(key: oldKeys[position], index: oldSlots[position])
            }
        }
    }

    private mutating func insertHashed(key: UInt64, index: Int32) {
        var slot = Self.hash(key) & mask
        while keys[slot] != 0 { slot = (slot &+ 1) & mask }
        keys[slot] = key
        slots[slot] = index
        hashedCount += 1
    }

    private mutating func hashedIndex(of id: Int) -> Int32 {
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
        hashedCount += 1
        if 2 * hashedCount > mask { grow() }
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
    /// - Complexity: O(direct table + hash table capacity).
    var idsByIndex: [Int] {
        var ids = [Int](repeating: 0, count: count)
        for id in direct.indices where direct[id] != 0 { ids[Int(direct[id] &- 1)] = id }
        for position in keys.indices where keys[position] != 0 {
            ids[Int(slots[position])] = Int(keys[position] &- 1)
        }
        return ids
    }
}
