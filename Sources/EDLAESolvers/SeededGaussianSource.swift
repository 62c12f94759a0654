import Foundation

/// Standard normal numbers from a seeded SplitMix64 stream (Box-Muller), for the random
/// initialisation of the iterative solvers: the same seed gives the same model.
struct SeededGaussianSource {
    private var state: UInt64
    private var spare: Double?

    init(seed: UInt64) { state = seed }

    /// The next 64 random bits (SplitMix64).
    private mutating func nextBits() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// A uniform number in (0, 1].
    private mutating func nextUniform() -> Double {
        Double((nextBits() >> 11) + 1) * 0x1p-53
    }

    /// A standard normal number.
    mutating func nextGaussian() -> Double {
        if let value = spare { spare = nil; return value }
        let radius = (-2 * log(nextUniform())).squareRoot()
        let angle = 2 * Double.pi * nextUniform()
        spare = radius * sin(angle)
        return radius * cos(angle)
    }

    /// An m x k matrix of independent normal entries times `scale`.
    mutating func matrix(rows: Int, columns: Int, scale: Double) -> Matrix<Double> {
        var result = Matrix<Double>(rows: rows, columns: columns)
        result.withUnsafeMutableBufferPointer { buffer in
            for index in buffer.indices { buffer[index] = scale * nextGaussian() }
        }
        return result
    }
}
