import EDLAECore
import EDLAEMetrics
import EDLAESolvers
import Testing

/// The canonical factors of a low-rank model, on which the embedding analysis runs by default.
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
        let first = try BalancedFactors(encoder: u, decoder: v)
        let second = try BalancedFactors(encoder: u * a, decoder: v * inverseTranspose)
        let (u1, v1, u2, v2) = (first.encoder, first.decoder, second.encoder, second.decoder)
        // The product is kept (relative 1e-10: a handful of k x k eigendecompositions and products).
        let product = u.timesTranspose(v)
        #expect(u1.timesTranspose(v1).maxAbsoluteDifference(to: product) < 1e-10 * product.frobeniusNorm)
        #expect(u2.timesTranspose(v2).maxAbsoluteDifference(to: product) < 1e-10 * product.frobeniusNorm)
        // Balanced: equal diagonal Gram matrices.
        let gu = u1.transposeTimes(u1), gv = v1.transposeTimes(v1)
        #expect(gu.maxAbsoluteDifference(to: gv) < 1e-10 * gu.frobeniusNorm)
        #expect(gu.maxAbsoluteDifference(to: Matrix(diagonal: gu.diagonal)) < 1e-10 * gu.frobeniusNorm)
        // The diagonal is the singular values of U V^T, here computed independently as the square
        // roots of the k largest eigenvalues of the 30 x 30 matrix (U V^T)^T (U V^T).
        let spectrum = try product.transposeTimesSelf().symmetricEigendecomposition().values.sorted().suffix(5)
        let reference = spectrum.map { $0.squareRoot() }
        #expect(first.singularValues.count == 5)
        for (value, expected) in zip(first.singularValues.sorted(), reference) {
            #expect(abs(value - expected) < 1e-9 * reference.last!)
        }
        for (j, value) in first.singularValues.enumerated() { #expect(abs(gu[j, j] - value) < 1e-10 * reference.last!) }
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
        let balanced = try BalancedFactors(encoder: u, decoder: v)
        let (u1, v1) = (balanced.encoder, balanced.decoder)
        #expect(u1.columns == 3 && v1.columns == 3 && balanced.singularValues.count == 3)
        let product = u.timesTranspose(v)
        #expect(u1.timesTranspose(v1).maxAbsoluteDifference(to: product) < 1e-10 * product.frobeniusNorm)
    }

    @Test func zeroModelHasNoDirections() throws {
        let balanced = try BalancedFactors(encoder: Matrix(rows: 6, columns: 2), decoder: Matrix(rows: 6, columns: 2))
        #expect(balanced.encoder.columns == 0 && balanced.decoder.columns == 0 && balanced.singularValues.isEmpty)
    }

    /// The analysis runs on the balanced factors by default: its medians are those of the explicitly
    /// balanced pair, and they do not change when the model is re-parametrised as U A, V A^-T.
    @Test func embeddingAnalysisDefaultsToBalancedFactors() throws {
        var generator = SplitMix64(seed: 13)
        let m = 12, k = 3
        let u = Self.random(m, k, &generator), v = Self.random(m, k, &generator)
        let similarity = Self.random(m, m, &generator)
        let a = Self.random(k, k, &generator) + Matrix<Double>.identity(k) * 2
        let inverseTranspose = try a.transposed.solving(Matrix<Double>.identity(k))
        let byDefault = try EmbeddingSimilarityAnalysis(similarity: similarity, encoder: u, decoder: v, neighbors: 4)
        let balanced = try BalancedFactors(encoder: u, decoder: v)
        let explicit = try EmbeddingSimilarityAnalysis(similarity: similarity, encoder: balanced.encoder, decoder: balanced.decoder,
                                                       neighbors: 4, factors: .asFitted)
        let reparametrised = try EmbeddingSimilarityAnalysis(similarity: similarity, encoder: u * a, decoder: v * inverseTranspose, neighbors: 4)
        let raw = try EmbeddingSimilarityAnalysis(similarity: similarity, encoder: u * a, decoder: v * inverseTranspose,
                                                  neighbors: 4, factors: .asFitted)
        #expect(byDefault.factors == .balanced && raw.factors == .asFitted)
        // 1e-9: cosines of rows computed from two balancings that agree to about 1e-12.
        for i in 0..<m {
            #expect(abs(byDefault.encoderMedians[i] - explicit.encoderMedians[i]) < 1e-12)
            #expect(abs(byDefault.encoderMedians[i] - reparametrised.encoderMedians[i]) < 1e-9)
            #expect(abs(byDefault.decoderMedians[i] - reparametrised.decoderMedians[i]) < 1e-9)
        }
        let rawChange = zip(raw.encoderMedians, byDefault.encoderMedians).map { abs($0 - $1) }.max()!
        #expect(rawChange > 0.01)
    }
}
