import EDLAECore
import Testing

/// The Gram matrix `G = X^T X` in single and double precision: accumulated in `Double`, rounded
/// once (so `Float` holds counts exactly up to 2^24 and never stalls above), plus a diagonal,
/// written into a caller's buffer, and inverted in that one buffer.
@Suite("Gram matrix in both precisions")
struct GramPrecisionTests {
    static func sample(seed: UInt64 = 3) -> InteractionMatrix {
        InteractionTestSupport.randomSparse(users: 90, items: 41, density: 0.2, seed: seed) {
            ($0.nextUnitDouble() * 4).rounded(.up) / 2   // values in {0.5, 1, 1.5, 2}
        }
    }

    /// Every entry is the `Double` sum of ``gram()`` rounded once to `T` (the same sums in the
    /// same order, so bitwise); the values are multiples of 1/4 far below 2^24, exact in both
    /// precisions, so the result also equals the dense `X^T X` by BLAS bit for bit.
    @Test(arguments: Precision.allCases)
    func gramInEachPrecisionIsTheRoundedDoubleGram(precision: Precision) throws {
        try checkRoundedGram(precision.type)
    }

    func checkRoundedGram<T: MatrixScalar>(_: T.Type) throws {
        let x = Self.sample()
        let g = try x.gram(as: T.self)
        let reference = try x.gram()
        #expect(g == Matrix(rows: 41, columns: 41) { i, j in T(reference[i, j]) })
        let dense = x.denseRows(0..<x.userCount, as: T.self)
        let denseDouble = try x.denseRows(0..<x.userCount)
        #expect(dense == Matrix(rows: x.userCount, columns: x.itemCount) { i, j in T(denseDouble[i, j]) })
        #expect(x.denseRows(3..<7, as: T.self) == dense.transposed.columns(3..<7).transposed)
        #expect(g == dense.transposeTimesSelf())
        #expect(g == g.transposed)
        #expect(x.gramDiagonal == reference.diagonal)   // diag(G) from the sparse entries, same sums

        // Real values: one rounding of the Double sum, so within u_T |G| (plus the Double error).
        let real = InteractionTestSupport.randomSparse(users: 200, items: 30, density: 0.2, seed: 8) { $0.nextUnitDouble() }
        let realGram = try real.gram(as: T.self), realReference = try real.gram()
        for j in 0..<30 {
            for i in 0..<30 {
                let error = abs(Double(realGram[i, j]) - realReference[i, j])
                #expect(error <= Double(T.unitRoundoff) * abs(realReference[i, j]), "\(T.self) (\(i), \(j))")
            }
        }
    }

    /// `G + dMat(d)`: the diagonal term is added to the `Double` sum before the one rounding.
    @Test(arguments: Precision.allCases)
    func diagonalIsAddedBeforeRounding(precision: Precision) throws {
        try checkDiagonal(precision.type)
    }

    func checkDiagonal<T: MatrixScalar>(_: T.Type) throws {
        let x = Self.sample()
        let d = (0..<41).map { T(0.1) * T($0 + 1) }
        let g = try x.gram(as: T.self, addingToDiagonal: d)
        let reference = try x.gram()
        #expect(g == Matrix(rows: 41, columns: 41) { i, j in
            T(i == j ? reference[i, j] + Double(d[i]) : reference[i, j])
        })
        // No interactions at all: G = 0, plus the diagonal.
        let empty = InteractionMatrix(users: 3, items: 4, triplets: [])
        #expect(try empty.gram(as: T.self, addingToDiagonal: [1, 2, 3, 4]) == Matrix(diagonal: [1, 2, 3, 4]))
        #expect(try empty.gram(as: T.self) == Matrix(rows: 4, columns: 4))
    }

    /// `formGram(into:)` overwrites every entry of a uniquely referenced buffer in place (no copy,
    /// same buffer) and copies a shared one first.
    @Test(arguments: Precision.allCases)
    func formGramWritesIntoTheCallersBuffer(precision: Precision) throws {
        try checkFormGram(precision.type)
    }

    func checkFormGram<T: MatrixScalar>(_: T.Type) throws {
        let x = Self.sample()
        let expected = try x.gram(as: T.self, addingToDiagonal: [T](repeating: 2, count: 41))
        let garbage = Matrix<T>(rows: 41, columns: 41, repeating: -7)
        let result = withHiddenCopies(of: garbage, "formGram(into:)") {
            x.formGram(into: &$0, addingToDiagonal: [T](repeating: 2, count: 41))
        }
        #expect(result == expected)
    }

    /// Co-occurrence counts: `Float` holds them exactly up to 2^24; above, the `Double` sum is
    /// rounded once to the nearest `Float` (a naive `Float` accumulation would stall at 2^24:
    /// 2^24 + 1 rounds back to 2^24). A value of 4096 contributes 4096^2 = 2^24 to `G`.
    @Test func singlePrecisionCountsAreExactUpTo2To24AndRoundedOnceAbove() throws {
        #expect(Float.largestExactInteger == 16_777_216)
        #expect(Double.largestExactInteger == 9_007_199_254_740_992)
        let x = InteractionMatrix(users: 5, items: 3, triplets: [
            (0, 0, 4096), (0, 1, 4096),           // G[0,0] = G[1,1] = G[1,0] = 2^24
            (1, 0, 1), (2, 0, 1), (3, 0, 1),      // G[0,0] = 2^24 + 3
            (4, 1, 1), (4, 2, 1),                 // G[1,1] = 2^24 + 1, G[2,1] = 1
        ])
        let g = try x.gram(as: Float.self)
        #expect(g[1, 0] == 16_777_216)               // 2^24: exact
        #expect(g[0, 0] == Float(16_777_219.0))      // nearest Float of 2^24 + 3: 2^24 + 4
        #expect(g[0, 0] == 16_777_220)
        #expect(g[1, 1] == 16_777_216)               // 2^24 + 1: ties to even
        #expect(g[2, 1] == 1 && g[2, 2] == 1)
        let exact = try x.gram()
        #expect(exact[0, 0] == 16_777_219 && exact[1, 1] == 16_777_217)
        for j in 0..<3 {
            for i in 0..<3 {
                #expect(abs(Double(g[i, j]) - exact[i, j]) <= Double(Float.unitRoundoff) * exact[i, j])
            }
        }
    }

    /// `(G + dMat(d))^-1` in one buffer equals building `G + dMat(d)` and inverting it in place
    /// (the same LAPACK calls on the same lower triangle: bitwise), and is an inverse within the
    /// normwise bound of `potrf` + `potri` (Higham Thm 10.3 and 14.x, as in the factorisation tests).
    @Test(arguments: Precision.allCases)
    func regularizedInverseInOneBuffer(precision: Precision) throws {
        try checkRegularizedInverse(precision.type)
    }

    func checkRegularizedInverse<T: MatrixScalar>(_: T.Type) throws {
        let x = Self.sample(seed: 5)
        let d = [T](repeating: 3, count: 41)
        let c = try x.regularizedGramInverse(as: T.self, addingToDiagonal: d)
        var a = try x.gram(as: T.self, addingToDiagonal: d)
        let k = a
        try a.invertPositiveDefinite()
        #expect(c == a)
        #expect(c == c.transposed)
        let l = try k.choleskyFactorization().lower
        let llt = naiveProduct(l.absolute, l.absolute, transposingSecond: true)
        let n = 41, u = T.unitRoundoff
        let bound = (2 * T(3 * n + 1) * u * llt.frobeniusNorm + 2 * T(n + 1) * u * k.frobeniusNorm) * c.frobeniusNorm
        #expect((naiveProduct(k, c) - .identity(n)).frobeniusNorm <= bound)

        // An item nobody holds and no diagonal term: not positive definite, naming the item.
        let gap = InteractionMatrix(users: 2, items: 3, triplets: [(0, 0, 1), (1, 2, 1)])
        #expect(throws: LinearAlgebraError.notPositiveDefinite(column: 1)) {
            _ = try gap.regularizedGramInverse(as: T.self, addingToDiagonal: [1, 0, 1])
        }
    }
}
