/// A seeded 64-bit pseudo-random generator (Steele, Lea & Flood's SplitMix64), deterministic
/// across runs, platforms and Swift versions.
///
/// The state advances by the golden-ratio increment `0x9E3779B97F4A7C15`; each output is the new
/// state passed through the `mix64` finaliser (xor-shift 30, multiply `0xBF58476D1CE4E5B9`,
/// xor-shift 27, multiply `0x94D049BB133111EB`, xor-shift 31). Only wrapping integer arithmetic is
/// involved, so a seed gives the same sequence everywhere.
///
/// The helpers ``nextUnitDouble()`` and ``nextInt(below:)`` are defined here rather than taken from
/// the standard library's `Double.random(in:using:)` / `Int.random(in:using:)`, whose algorithms are
/// not specified and could change between Swift releases; library code that must reproduce its
/// output for a seed uses these helpers.
///
/// ```swift
/// var generator = SplitMix64(seed: 42)
/// let u = generator.nextUnitDouble()     // in [0, 1)
/// let k = generator.nextInt(below: 10)   // in 0..<10
/// ```
public struct SplitMix64: RandomNumberGenerator, Sendable, Hashable {
    /// The current state; the next output is `mix64(state &+ 0x9E3779B97F4A7C15)`. Saving it and
    /// assigning it back later resumes the sequence from that point.
    public var state: UInt64

    /// A generator whose first output is `mix64(seed &+ 0x9E3779B97F4A7C15)`.
    /// - Complexity: O(1).
    @inlinable
    public init(seed: UInt64) {
        state = seed
    }

    /// The next 64 uniformly distributed bits.
    /// - Complexity: O(1).
    @inlinable
    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        return Self.mix(state)
    }

    /// A uniformly distributed `Double` in `[0, 1)`: the top 53 bits of ``next()`` times `2^-53`
    /// (every multiple of `2^-53` in the interval is equally likely).
    /// - Complexity: O(1).
    @inlinable
    public mutating func nextUnitDouble() -> Double {
        Double(next() >> 11) * 0x1.0p-53
    }

    /// A uniformly distributed integer in `0 ..< bound`, without modulo bias (Lemire's
    /// multiply-and-reject method on 64-bit outputs).
    /// - Precondition: `bound > 0`.
    /// - Complexity: O(1) expected.
    @inlinable
    public mutating func nextInt(below bound: Int) -> Int {
        precondition(bound > 0, "nextInt(below:) needs a positive bound, got \(bound)")
        let range = UInt64(bound)
        var product = next().multipliedFullWidth(by: range)
        if product.low < range {
            // Reject the 2^64 mod range lowest fractions so every result is equally likely.
            let threshold = (0 &- range) % range
            while product.low < threshold {
                product = next().multipliedFullWidth(by: range)
            }
        }
        return Int(product.high)
    }

    /// Shuffles `elements` in place by Fisher-Yates driven by ``nextInt(below:)``, so a seed gives
    /// the same permutation on every platform and Swift version (the standard library's
    /// `shuffle(using:)` algorithm is unspecified).
    /// - Complexity: O(n) for n elements.
    @inlinable
    public mutating func shuffle<Element>(_ elements: inout [Element]) {
        guard elements.count > 1 else { return }
        for i in stride(from: elements.count - 1, to: 0, by: -1) {
            let j = nextInt(below: i + 1)
            if i != j { elements.swapAt(i, j) }
        }
    }

    /// A generator for an independent stream `stream` derived from this generator's state
    /// without advancing it (`SplitMix64(seed: mix64(state ^ mix64(stream)))`).
    ///
    /// Useful to give each of many units (users, batches, threads) its own reproducible sequence,
    /// independent of the order in which they are processed.
    /// - Complexity: O(1).
    @inlinable
    public func stream(_ stream: UInt64) -> SplitMix64 {
        SplitMix64(seed: Self.mix(state ^ Self.mix(stream &+ 0x9E37_79B9_7F4A_7C15)))
    }

    /// The SplitMix64 output finaliser (Stafford's "Mix13" variant).
    @inlinable
    static func mix(_ value: UInt64) -> UInt64 {
        var z = value
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
