import Foundation

/// Standard normal numbers from the seeded ``SplitMix64`` generator, for the random initialisation
/// of the iterative solvers, the masks of sampled training and the learning-dynamics simulator:
/// the same seed gives the same model.
extension SplitMix64 {
    /// A standard normal variate by Box-Muller (the cosine one of the pair), from two uniforms
    /// `u1 = 1 - nextUnitDouble()` in `(0, 1]` and `u2 = nextUnitDouble()`:
    /// `sqrt(-2 log u1) cos(2 pi u2)`.
    /// - Complexity: O(1).
    package mutating func nextGaussian() -> Double {
        let u1 = 1 - nextUnitDouble()
        let u2 = nextUnitDouble()
        return (-2 * log(u1)).squareRoot() * cos(2 * Double.pi * u2)
    }

    /// A `rows` x `columns` matrix of independent normal entries with standard deviation `scale`,
    /// filled in column-major order.
    /// - Complexity: O(rows columns).
    package mutating func gaussianMatrix(rows: Int, columns: Int, scale: Double) -> Matrix<Double> {
        var result = Matrix<Double>(rows: rows, columns: columns)
        result.withUnsafeMutableBufferPointer { buffer in
            for index in buffer.indices { buffer[index] = scale * nextGaussian() }
        }
        return result
    }
}
