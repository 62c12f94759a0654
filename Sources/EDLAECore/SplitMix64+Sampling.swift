/// The random choices of the evaluation protocol, on the seeded ``SplitMix64`` generator so that a
/// split depends only on its seed and reproduces on every platform and Swift version.
extension SplitMix64 {
    /// The generator of held-out user `user` under the protocol's `seed`: seeded with the first
    /// output of `SplitMix64(seed: seed ^ (user * 0xD1B54A32D192ED03))`, so that a user's targets do
    /// not depend on which other users are held out or in which order they are visited.
    /// - Complexity: O(1).
    package static func heldOutUser(_ user: Int, seed: UInt64) -> SplitMix64 {
        var mixer = SplitMix64(seed: seed ^ (UInt64(user) &* 0xD1B5_4A32_D192_ED03))
        return SplitMix64(seed: mixer.next())
    }

    /// `count` distinct indices of `0..<n` chosen uniformly (a partial Fisher-Yates on
    /// ``nextInt(below:)``), ascending.
    /// - Precondition: `0 <= count <= n`.
    /// - Complexity: O(n + count log count).
    package mutating func sample(_ count: Int, from n: Int) -> [Int] {
        precondition(count >= 0 && count <= n, "Cannot sample \(count) of \(n)")
        var pool = Array(0..<n)
        for i in 0..<count {
            let j = i + nextInt(below: n - i)
            pool.swapAt(i, j)
        }
        return pool[0..<count].sorted()
    }
}
