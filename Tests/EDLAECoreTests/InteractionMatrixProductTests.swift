import EDLAECore
import Testing
import _EDLAETestSupport

/// `InteractionMatrix.product(rows:times:)` (sparse rows times a dense matrix) against the textbook
/// loop on the densified rows. Both accumulate in `Double` (the dense factor's entries convert
/// exactly), so the bound is Double's `gamma_m |X||B|` whatever the factor's precision.
@Suite struct InteractionMatrixProductTests {
    static let x = TestInteractions.random(users: 70, items: 45, density: 0.15, seed: 3) { rng in
        1 + 4 * rng.nextUnitDouble()
    }

    @Test(arguments: Precision.allCases, [0..<70, 5..<41, 12..<13, 20..<20])
    func matchesTheDenseProduct(precision: Precision, rows: Range<Int>) throws {
        switch precision {
        case .single: try check(Float.self, rows: rows)
        case .double: try check(Double.self, rows: rows)
        }
    }

    func check<T: MatrixScalar>(_: T.Type, rows: Range<Int>) throws {
        let b = Matrix<T>.random(45, 23, seed: 9)
        let product = try Self.x.product(rows: rows, times: b)
        let dense = try Self.x.denseRows(rows)
        let wide = Matrix<Double>(rows: 45, columns: 23) { i, j in Double(b[i, j]) }
        let reference = naiveProduct(dense, wide)
        let scale = naiveProduct(dense.absolute, wide.absolute)
        #expect(product.rows == rows.count && product.columns == 23)
        expectWithinBound(product, reference, bound: productErrorBound(innerDimension: 45, scale: scale), "\(T.self)")
    }

    @Test func emptyFactorAndBudget() throws {
        let empty = try Self.x.product(rows: 0..<70, times: Matrix<Double>(rows: 45, columns: 0))
        #expect(empty.rows == 70 && empty.columns == 0)
        let refused = #expect(throws: LinearAlgebraError.self) {
            try MemoryBudget.$current.withValue(MemoryBudget(limit: 1000)) {
                _ = try Self.x.product(rows: 0..<70, times: Matrix<Double>(rows: 45, columns: 23))
            }
        }
        #expect(refused.map { "\($0)" }?.contains("product of 70 sparse rows") == true)
    }

    @Test func sparseRowsPreferTheSparseProduct() {
        #expect(Self.x.prefersSparseProduct(rows: 0..<70) == false)  // 15% of 45 items: about 7 per user > 45 / 32
        let sparse = TestInteractions.random(users: 40, items: 640, density: 0.01, seed: 4)
        #expect(sparse.prefersSparseProduct(rows: 0..<40))  // about 6 per user <= 640 / 32
    }
}
