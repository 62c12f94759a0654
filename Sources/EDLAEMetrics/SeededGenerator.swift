/// The SplitMix64 generator (Steele, Lea and Flood 2014): a 64-bit counter mixed by a fixed
/// bijection. Used by the evaluation protocol so that a split depends only on its seed and
/// reproduces on every platform and Swift version (the standard library's shuffling algorithm is
/// not specified, so the protocol shuffles with its own Fisher-Yates loop below).
struct SeededGenerator: RandomNumberGenerator, Sendable {
    private var state: UInt64

    init(seed: UInt64) { state = seed }

    /// A generator whose stream depends on both `seed` and `stream` (e.g. a user index), so that
    /// per-user choices do not depend on the order in which users are visited.
    init(seed: UInt64, stream: UInt64) {
        var mixer = SeededGenerator(seed: seed ^ (stream &* 0xD1B5_4A32_D192_ED03))
        state = mixer.next()
    }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// A value in `0..<bound` by Lemire's multiply-shift with rejection (exactly uniform).
    mutating func next(below bound: Int) -> Int {
        precondition(bound > 0, "next(below:) needs a positive bound, got \(bound)")
        let b = UInt64(bound)
        var product = next().multipliedFullWidth(by: b)
        if product.low < b {
            let threshold = (0 &- b) % b
            while product.low < threshold { product = next().multipliedFullWidth(by: b) }
        }
        return Int(product.high)
    }

    /// Fisher-Yates shuffle of `elements` in place (the same permutation for the same seed everywhere).
    mutating func shuffle<T>(_ elements: inout [T]) {
        guard elements.count > 1 else { return }
        for i in stride(from: elements.count - 1, to: 0, by: -1) {
            let j = next(below: i + 1)
            if i != j { elements.swapAt(i, j) }
        }
    }

    /// `count` distinct indices of `0..<n` chosen uniformly (a partial Fisher-Yates), ascending.
    mutating func sample(_ count: Int, from n: Int) -> [Int] {
        precondition(count >= 0 && count <= n, "Cannot sample \(count) of \(n)")
        var pool = Array(0..<n)
        for i in 0..<count {
            let j = i + next(below: n - i)
            pool.swapAt(i, j)
        }
        return pool[0..<count].sorted()
    }
}
