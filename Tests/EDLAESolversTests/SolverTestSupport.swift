import EDLAECore
import EDLAESolvers
import Foundation
import _EDLAETestSupport

/// Shared fixtures and reference computations of the closed-form solver tests.
///
/// Everything lives in this namespace so that other test files of the target can define their own
/// helpers without name clashes.
enum ClosedFormFixtures {
    /// A random binary `users x items` matrix with density about `density` in which every item has
    /// an interaction (``TestInteractions/random(users:items:density:seed:everyItemSeen:value:)``).
    static func interactions(users: Int, items: Int, density: Double = 0.4, seed: UInt64) -> InteractionMatrix {
        TestInteractions.random(users: users, items: items, density: density, seed: seed, everyItemSeen: true)
    }

    /// A dense matrix with independent standard-normal-ish entries (uniform on [-1, 1)), seeded.
    static func randomMatrix(rows: Int, columns: Int, seed: UInt64) -> Matrix<Double> {
        var random = SplitMix64(seed: seed)
        return Matrix(rows: rows, columns: columns) { _, _ in 2 * random.nextUnitDouble() - 1 }
    }

    /// `X = interactions` as a dense matrix (tiny fixtures only).
    static func dense(_ x: InteractionMatrix) throws -> Matrix<Double> { try x.denseRows(0..<x.userCount) }

    /// The dropout objective of Eq. 3 of Steck 2020, `||X - X B||^2 + ||Lambda^(1/2) B||^2`, from
    /// `G` alone: `trace(G) - 2 trace(G B) + trace(B^T (G + Lambda) B)`.
    /// It is also Eq. 11's objective (Eq. 3 at `B = U V^T` with `diag(B) = 0`).
    static func dropoutObjective(_ b: Matrix<Double>, gram: Matrix<Double>, lambda: [Double]) -> Double {
        gram.trace - 2 * (gram * b).trace + b.transposeTimes(regularizedGram(gram, lambda: lambda) * b).trace
    }

    /// Eq. 10 of Steck 2020 for a dense `B`, straight from its definition: Eq. 3 at
    /// `D = B - dMat(diag B)`.
    static func zeroDiagonalObjective(_ b: Matrix<Double>, gram: Matrix<Double>, lambda: [Double]) -> Double {
        var d = b
        d.diagonal = [Double](repeating: 0, count: b.rows)
        return dropoutObjective(d, gram: gram, lambda: lambda)
    }

    /// `K = G + dMat(lambda)`.
    static func regularizedGram(_ gram: Matrix<Double>, lambda: [Double]) -> Matrix<Double> {
        var regularized = gram
        regularized.addToDiagonal(lambda)
        return regularized
    }

    /// The gradient of Eq. 3 at `B`: `2 ((G + Lambda) B - G)`.
    static func dropoutResidual(_ b: Matrix<Double>, gram: Matrix<Double>, lambda: [Double]) -> Matrix<Double> {
        (regularizedGram(gram, lambda: lambda) * b - gram) * 2
    }

    /// `(G + dMat(lambda))^-1` computed by a Cholesky solve against the identity (independent of
    /// the in-place inversion the solvers use).
    static func regularizedInverse(gram: Matrix<Double>, lambda: [Double]) throws -> Matrix<Double> {
        try regularizedGram(gram, lambda: lambda).solvingPositiveDefinite(.identity(gram.rows))
    }

    /// The largest absolute entry of a matrix.
    static func maxAbs(_ a: Matrix<Double>) -> Double {
        a.withUnsafeBufferPointer { $0.reduce(0) { Swift.max($0, abs($1)) } }
    }

    /// The largest absolute off-diagonal difference of two square matrices.
    static func maxOffDiagonalDifference(_ a: Matrix<Double>, _ b: Matrix<Double>) -> Double {
        var difference = a - b
        difference.diagonal = [Double](repeating: 0, count: a.rows)
        return maxAbs(difference)
    }

    // MARK: Real data

    /// The Gram statistics of Groceries (``SharedData/groceries``), computed once.
    static let groceriesData: TrainingData? = SharedData.groceries.map { try! TrainingData($0) }
}
