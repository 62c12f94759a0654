@_spi(FullRankFit) import EDLAECore
import Testing

/// The one pass that turns `potri`'s lower triangle into full-rank weights
/// (`mirrorLowerTriangle(scalingColumnsBy:settingDiagonalTo:)`), and the fused inversions built on it.
///
/// The fused pass computes every element as the one product `a_ij * f_j` (or `a_ij * f_i` for the
/// mirrored entry) of the same two operands as `symmetrizeFromLowerTriangle()` followed by
/// `scaleColumns(by:)` and a diagonal assignment: the same computation per element, only in another
/// memory order, so the two results are compared exactly.
@Suite("Fused mirror and column scaling")
struct FusedWeightsPassTests {
    static let orders = [1, 2, 63, 65, 130, 257]

    @Test(arguments: Precision.allCases, orders)
    func fusedPassEqualsMirrorThenScale(precision: Precision, order n: Int) {
        checkFusedPass(precision.type, order: n)
    }

    func checkFusedPass<T: MatrixScalar>(_: T.Type, order n: Int) {
        // Only the lower triangle is read: the upper one holds values that must not leak in.
        var fused = Matrix<T>.random(n, n, seed: UInt64(n))
        var random = SplitMix64(seed: UInt64(1000 + n))
        let factors = (0..<n).map { _ in T(4 * random.nextUnitDouble() - 2) }
        let diagonal = (0..<n).map { _ in T(random.nextUnitDouble()) }
        var unfused = fused
        unfused.symmetrizeFromLowerTriangle()
        unfused.scaleColumns(by: factors)
        unfused.diagonal = diagonal
        let lower = fused
        fused.mirrorLowerTriangle(scalingColumnsBy: factors, settingDiagonalTo: diagonal)
        #expect(fused == unfused)
        // And elementwise against the definition, for the upper entries from the lower ones.
        for j in 0..<n {
            for i in 0..<n where i != j {
                let source = i > j ? lower[i, j] : lower[j, i]
                #expect(fused[i, j] == source * factors[j])
            }
        }
    }

    /// `invertPositiveDefinite(checkingFiniteness:thenScalingColumns:)` gives the weights of
    /// `invertPositiveDefinite()` followed by the same scaling (the same `potrf`/`potri` calls on the
    /// same matrix, then the same product per element: exact), and hands the scaling `diag(A^-1)`.
    @Test(arguments: Precision.allCases, [1, 2, 65, 130])
    func fusedInversionEqualsInversionThenScaling(precision: Precision, order n: Int) throws {
        try checkFusedInversion(precision.type, order: n)
    }

    func checkFusedInversion<T: MatrixScalar>(_: T.Type, order n: Int) throws {
        let a = Matrix<T>.randomPositiveDefinite(n, seed: UInt64(7 * n))
        var c = a
        try c.invertPositiveDefinite()
        var expected = c
        let factors = c.diagonal.map { -1 / $0 }
        expected.scaleColumns(by: factors)
        expected.diagonal = [T](repeating: 0, count: n)
        for checking in [true, false] {
            var fused = a
            var seenDiagonal: [T] = []
            try fused.invertPositiveDefinite(checkingFiniteness: checking) { d in
                seenDiagonal = d
                return (d.map { -1 / $0 }, [T](repeating: 0, count: d.count))
            }
            #expect(seenDiagonal == c.diagonal)
            #expect(fused == expected)
        }
    }

    /// A NaN in the lower triangle is still the typed error, with the matrix unchanged, when the
    /// scan is on; the scaling is not called.
    @Test(arguments: Precision.allCases)
    func nonFiniteEntryBeforeTheFusedInversion(precision: Precision) {
        checkNonFinite(precision.type)
    }

    func checkNonFinite<T: MatrixScalar>(_: T.Type) {
        var a = Matrix<T>.randomPositiveDefinite(9, seed: 3)
        a[6, 2] = .nan
        let before = a
        var called = false
        #expect(throws: LinearAlgebraError.nonFiniteEntry(row: 6, column: 2)) {
            try a.invertPositiveDefinite(checkingFiniteness: true) { d in
                called = true
                return (d, d)
            }
        }
        #expect(!called)
        for j in 0..<9 {
            for i in 0..<9 where (i, j) != (6, 2) { #expect(a[i, j] == before[i, j]) }
        }
        #expect(a[6, 2].isNaN)
    }

    /// The one-buffer fused path equals the public one-buffer inverse followed by the same scaling
    /// (same Gram sums, same LAPACK calls, same product per element: exact).
    @Test(arguments: Precision.allCases)
    func fusedRegularizedGramInverse(precision: Precision) throws {
        try checkFusedGramInverse(precision.type)
    }

    func checkFusedGramInverse<T: MatrixScalar>(_: T.Type) throws {
        let x = InteractionTestSupport.randomSparse(users: 150, items: 67, density: 0.15, seed: 11) { _ in 1 }
        let lambda = x.gramDiagonal.map { T(0.5 * $0 + 2) }
        var expected = try x.regularizedGramInverse(as: T.self, addingToDiagonal: lambda)
        let factors = zip(expected.diagonal, lambda).map { -$1 * $0 }
        let diagonal = zip(expected.diagonal, factors).map { $0 * $1 + 1 }
        expected.scaleColumns(by: factors)
        expected.diagonal = diagonal
        let fused = try x.regularizedGramInverse(as: T.self, addingToDiagonal: lambda) { c in
            let f = zip(c, lambda).map { -$1 * $0 }
            return (f, zip(c, f).map { $0 * $1 + 1 })
        }
        #expect(fused == expected)
    }

    /// The one-buffer paths check `G + dMat(d)` while it is written, not by a later scan, and
    /// report the first non-finite entry of its lower triangle (column by column) as the scan of
    /// ``Matrix/invertPositiveDefinite()`` does on the same matrix: a NaN value, and (single
    /// precision) a count that overflows `Float` when rounded.
    @Test(arguments: Precision.allCases)
    func nonFiniteGramIsReportedWhereTheScanWould(precision: Precision) throws {
        try checkNonFiniteGram(precision.type)
    }

    func checkNonFiniteGram<T: MatrixScalar>(_: T.Type) throws {
        // User 0 holds items 1, 3, 4 (item 3 with NaN); user 1 holds items 0, 3 with huge values.
        let huge = T.self == Float.self ? 1e20 : 1e200
        let x = InteractionMatrix(userCount: 2, itemCount: 5, rowStarts: [0, 3, 5], columnIndices: [1, 3, 4, 0, 3],
                                  values: [1, .nan, 1, huge, huge])
        let d = [T](repeating: 1, count: 5)
        var scanned = try x.gram(as: T.self, addingToDiagonal: d)
        var expected: LinearAlgebraError?
        do { try scanned.invertPositiveDefinite() } catch { expected = error }
        // Column 0: G_00 = huge^2 overflows first (to infinity; in Float, when rounded).
        #expect(expected == .nonFiniteEntry(row: 0, column: 0))
        #expect(throws: expected!) { _ = try x.regularizedGramInverse(as: T.self, addingToDiagonal: d) }
        #expect(throws: expected!) {
            _ = try x.regularizedGramInverse(as: T.self, addingToDiagonal: d) { c in (c, c) }
        }
        // Without the overflow, the NaN: G_31 (row 3, column 1) is the first.
        let y = InteractionMatrix(userCount: 1, itemCount: 5, rowStarts: [0, 3], columnIndices: [1, 3, 4], values: [1, .nan, 1])
        #expect(throws: LinearAlgebraError.nonFiniteEntry(row: 3, column: 1)) {
            _ = try y.regularizedGramInverse(as: T.self, addingToDiagonal: d) { c in (c, c) }
        }
        #expect(throws: LinearAlgebraError.nonFiniteEntry(row: 3, column: 1)) {
            var g = try y.gram(as: T.self, addingToDiagonal: d)
            try g.invertPositiveDefinite()
        }
    }
}
