import EDLAEMetrics
@testable import EDLAETool
import Testing

/// The canonical factors that `edlae embeddings` compares.
@Suite struct BalancedFactorsTests {
    static func random(_ rows: Int, _ columns: Int, _ generator: inout SplitMix64) -> Matrix<Double> {
        Matrix(rows: rows, columns: columns) { _, _ in Double(generator.next() >> 11) * 0x1p-53 - 0.5 }
    }

    /// Cosine similarity of rows `i` and `j`.
    static func cosine(_ x: Matrix<Double>, _ i: Int, _ j: Int) -> Double {
        let a = x.row(i), b = x.row(j)
        let dot = zip(a, b).reduce(0) { $0 + $1.0 * $1.1 }
        return dot / (a.reduce(0) { $0 + $1 * $1 }.squareRoot() * b.reduce(0) { $0 + $1 * $1 }.squareRoot())
    }

    @Test func balancedFactorsAreCanonical() throws {
        var generator = SplitMix64(seed: 11)
        let u = Self.random(30, 5, &generator), v = Self.random(30, 5, &generator)
        // Another factorisation of the same U V^T: U A and V A^-T.
        let a = Self.random(5, 5, &generator) + Matrix<Double>.identity(5) * 2
        let inverseTranspose = try a.transposed.solving(Matrix<Double>.identity(5))
        let (u1, v1) = try BalancedFactors.balance(encoder: u, decoder: v)
        let (u2, v2) = try BalancedFactors.balance(encoder: u * a, decoder: v * inverseTranspose)
        // The product is kept (relative 1e-10: a handful of k x k eigendecompositions and products).
        let product = u.timesTranspose(v)
        #expect(u1.timesTranspose(v1).maxAbsoluteDifference(to: product) < 1e-10 * product.frobeniusNorm)
        #expect(u2.timesTranspose(v2).maxAbsoluteDifference(to: product) < 1e-10 * product.frobeniusNorm)
        // Balanced: equal diagonal Gram matrices.
        let gu = u1.transposeTimes(u1), gv = v1.transposeTimes(v1)
        #expect(gu.maxAbsoluteDifference(to: gv) < 1e-10 * gu.frobeniusNorm)
        #expect(gu.maxAbsoluteDifference(to: Matrix(diagonal: gu.diagonal)) < 1e-10 * gu.frobeniusNorm)
        // Row cosines no longer depend on the factorisation we started from, while the raw ones do.
        var rawDifference = 0.0
        for i in 0..<30 { for j in 0..<i {
            #expect(abs(Self.cosine(u1, i, j) - Self.cosine(u2, i, j)) < 1e-9)
            #expect(abs(Self.cosine(v1, i, j) - Self.cosine(v2, i, j)) < 1e-9)
            rawDifference = max(rawDifference, abs(Self.cosine(u, i, j) - Self.cosine(u * a, i, j)))
        } }
        #expect(rawDifference > 0.05)
    }

    @Test func dropsDirectionsThatDoNotContribute() throws {
        var generator = SplitMix64(seed: 12)
        var u = Self.random(20, 4, &generator)
        let v = Self.random(20, 4, &generator)
        for i in 0..<20 { u[i, 3] = 0 }  // rank 3
        let (u1, v1) = try BalancedFactors.balance(encoder: u, decoder: v)
        #expect(u1.columns == 3 && v1.columns == 3)
        let product = u.timesTranspose(v)
        #expect(u1.timesTranspose(v1).maxAbsoluteDifference(to: product) < 1e-10 * product.frobeniusNorm)
    }
}
