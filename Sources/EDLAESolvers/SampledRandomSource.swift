import Foundation

/// The seeded SplitMix64 generator behind sampled training and the learning-dynamics simulator,
/// so that every run is reproducible from its seed.
///
/// SplitMix64 (Steele, Lea and Flood 2014): a 64-bit state advanced by a Weyl increment and
/// scrambled by two xor-shift-multiply rounds. Not cryptographic.
struct SampledRandomSource: RandomNumberGenerator, Sendable {
    private var state: UInt64

    /// A generator whose sequence is fixed by `seed`.
    init(seed: UInt64) { state = seed }

    /// The next 64 random bits.
    /// - Complexity: O(1).
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// A uniform double in `[0, 1)` from the top 53 bits.
    mutating func nextUniform() -> Double {
        Double(next() >> 11) * 0x1.0p-53
    }

    /// A standard normal variate (Box-Muller, one of the pair).
    mutating func nextGaussian() -> Double {
        let u1 = 1 - nextUniform()  // in (0, 1]
        let u2 = nextUniform()
        return (-2 * log(u1)).squareRoot() * cos(2 * Double.pi * u2)
    }
}
