import EDLAECore
import Testing

/// Shape, element access, transposition, scalings, norms and equality.
@Suite struct MatrixElementwiseTests {
    @Test(arguments: [(7, 13), (37, 5), (65, 33), (1, 1), (0, 5), (5, 0), (0, 0)])
    func transposedSwapsIndices(rows: Int, columns: Int) {
        let a = Matrix<Double>.random(rows, columns, seed: UInt64(rows * 1000 + columns))
        let t = a.transposed
        #expect(t.rows == columns && t.columns == rows)
        for i in 0..<rows { for j in 0..<columns { #expect(t[j, i] == a[i, j]) } }
        #expect(t.transposed == a)
    }

    /// Sizes around the 128 x 128 tile of the blocked loop: every strictly upper entry is replaced by
    /// its lower mirror, the diagonal and lower triangle are untouched.
    @Test(arguments: [1, 2, 63, 127, 128, 129, 257])
    func symmetrizeFromLowerTriangle(order n: Int) {
        let a = Matrix<Double>.random(n, n, seed: UInt64(n))
        var s = a
        s.symmetrizeFromLowerTriangle()
        var mismatches = 0
        for j in 0..<n {
            for i in 0..<n {
                let expected = i >= j ? a[i, j] : a[j, i]
                if s[i, j] != expected { mismatches += 1 }
            }
        }
        #expect(mismatches == 0)
    }

    @Test func rowAndColumnScalingsMatchDiagonalProducts() {
        let a = Matrix<Double>.random(7, 13, seed: 5)
        let rowFactors = (0..<7).map { Double($0) - 2.5 }, columnFactors = (0..<13).map { 1 / Double($0 + 1) }
        var rowsScaled = a
        rowsScaled.scaleRows(by: rowFactors)
        var columnsScaled = a
        columnsScaled.scaleColumns(by: columnFactors)
        for i in 0..<7 {
            for j in 0..<13 {
                #expect(rowsScaled[i, j] == rowFactors[i] * a[i, j])
                #expect(columnsScaled[i, j] == a[i, j] * columnFactors[j])
            }
        }
        // Each entry of D A (or A D) has one product, so BLAS gives the same result exactly.
        #expect(Matrix(diagonal: rowFactors) * a == rowsScaled)
        #expect(a * Matrix(diagonal: columnFactors) == columnsScaled)
        var empty = Matrix<Double>(rows: 0, columns: 3)
        empty.scaleRows(by: [])
        empty.scaleColumns(by: [1, 2, 3])
        #expect(empty.count == 0)
    }

    @Test func diagonalGetSetAndAdd() {
        var a = Matrix<Double>.random(4, 6, seed: 6)
        #expect(a.diagonal == (0..<4).map { a[$0, $0] })
        let before = a
        a.diagonal = [1, 2, 3, 4]
        #expect(a.diagonal == [1, 2, 3, 4])
        for i in 0..<4 { for j in 0..<6 where i != j { #expect(a[i, j] == before[i, j]) } }
        a.addToDiagonal([1, 1, 1, 1])
        a.addToDiagonal(0.5)
        #expect(a.diagonal == [2.5, 3.5, 4.5, 5.5])
        #expect(Matrix<Double>.identity(3) == Matrix(diagonal: [1, 1, 1]))
        #expect(Matrix<Double>(rows: 0, columns: 3).diagonal.isEmpty)
    }

    @Test func traceSumsTheDiagonal() {
        #expect(Matrix<Double>([[1, 2], [3, 4]]).trace == 5)
        #expect(Matrix<Double>([[1, 2, 3], [4, 5, 6]]).trace == 6)
        #expect(Matrix<Double>(rows: 0, columns: 0).trace == 0)
        #expect(Matrix<Double>.identity(17).trace == 17)
    }

    @Test(arguments: Precision.allCases)
    func frobeniusNorm(precision: Precision) {
        checkFrobeniusNorm(precision.type)
    }

    func checkFrobeniusNorm<T: MatrixScalar>(_: T.Type) {
        #expect(Matrix<T>([[3, 0], [0, -4]]).frobeniusNorm == 5)
        #expect(Matrix<T>(rows: 3, columns: 0).frobeniusNorm == 0)
        #expect(Matrix<T>(rows: 3, columns: 3).frobeniusNorm == 0)
        // sqrt(sum of squares) of random data, within a few roundings of the direct formula.
        let a = Matrix<T>.random(37, 5, seed: 7)
        let direct = a.columnMajorElements.reduce(T(0)) { $0 + $1 * $1 }.squareRoot()
        #expect(abs(a.frobeniusNorm - direct) <= 8 * 185 * T.unitRoundoff * direct)
        // Squares of huge entries overflow and of tiny ones underflow; the scaled sum handles both
        // (16 equal entries: the scaled sum is 16, its root 4, all exact up to a few roundings).
        let big = T.greatestFiniteMagnitude / 8, small = T.leastNormalMagnitude * 8
        let huge = Matrix<T>(rows: 4, columns: 4, repeating: big)
        #expect(abs(huge.frobeniusNorm - 4 * big) <= 8 * T.unitRoundoff * 4 * big)
        let tiny = Matrix<T>(rows: 4, columns: 4, repeating: -small)
        #expect(abs(tiny.frobeniusNorm - 4 * small) <= 8 * T.unitRoundoff * 4 * small)
        // Non-finite entries: any NaN gives NaN, otherwise an infinity gives infinity.
        #expect(Matrix<T>([[1, .infinity], [-.infinity, 2]]).frobeniusNorm == .infinity)
        #expect(Matrix<T>([[1, .infinity], [.nan, 2]]).frobeniusNorm.isNaN)
    }

    @Test func maxAbsoluteDifferenceDoesNotHideNaN() {
        let a = Matrix<Double>([[1, 2], [3, 4]])
        #expect(a.maxAbsoluteDifference(to: Matrix([[1, 2.5], [3, 3]])) == 1)
        #expect(a.maxAbsoluteDifference(to: Matrix([[1, .nan], [3, 4]])).isNaN)
        #expect(!a.isApproximatelyEqual(to: Matrix([[1, .nan], [3, 4]]), relativeTolerance: 1))
        #expect(a.isApproximatelyEqual(to: a * (1 + 1e-15), relativeTolerance: 1e-14))
        #expect(!a.isApproximatelyEqual(to: a.transposed, relativeTolerance: 1e-3))
    }

    @Test func equalityComparesShapeAndElements() {
        let a = Matrix<Double>(rows: 2, columns: 3, columnMajor: [1, 2, 3, 4, 5, 6])
        #expect(a == Matrix([[1, 3, 5], [2, 4, 6]]))
        #expect(a != Matrix(rows: 3, columns: 2, columnMajor: [1, 2, 3, 4, 5, 6]))
        var b = a
        b[1, 2] = 6.000000001
        #expect(a != b)
        #expect(Matrix<Double>(rows: 0, columns: 3) != Matrix<Double>(rows: 3, columns: 0))
        #expect(Matrix<Double>(rows: 0, columns: 0) == Matrix<Double>([]))
    }

    @Test func elementwiseArithmetic() {
        let a = Matrix<Double>([[1, 2], [3, 4]]), b = Matrix<Double>([[2, 4], [8, 16]])
        #expect(a + b == Matrix([[3, 6], [11, 20]]))
        #expect(b - a == Matrix([[1, 2], [5, 12]]))
        #expect(-a == Matrix([[-1, -2], [-3, -4]]))
        #expect(2 * a == a * 2)
        #expect(b / 2 == Matrix([[1, 2], [4, 8]]))
        #expect(a.elementwiseProduct(b) == Matrix([[2, 8], [24, 64]]))
        #expect(b.elementwiseQuotient(a) == Matrix([[2, 2], [8.0 / 3, 4]]))
        #expect(a.mapElements { $0 * $0 } == Matrix([[1, 4], [9, 16]]))
    }

    @Test func constructionAndAccess() throws {
        let a = Matrix<Double>(rows: 3, columns: 2) { i, j in Double(10 * i + j) }
        #expect(a.rowArrays == [[0, 1], [10, 11], [20, 21]])
        #expect(a.column(1) == [1, 11, 21])
        #expect(a.row(2) == [20, 21])
        #expect(a.columns(1..<2) == Matrix([[1], [11], [21]]))
        #expect(a.columns(0..<0).columns == 0)
        var e = Matrix<Double>(rows: 0, columns: 2)
        e.setColumn(1, to: [])
        #expect(e.column(1).isEmpty)
        #expect(try Matrix<Double>(zeroedRows: 2, columns: 3) == Matrix(rows: 2, columns: 3))
    }

    /// An impossible allocation is a typed error, not a crash, and its size is reported without
    /// overflowing (as more than the budget can ever allow); under a budget that would allow it, a
    /// dimension beyond LAPACK's 32-bit integers is refused before allocating.
    @Test func impossibleAllocationThrows() {
        for (rows, columns) in [(Int.max / 2, 3), (1 << 31, 1 << 31)] {
            let error = #expect(throws: LinearAlgebraError.self) {
                _ = try Matrix<Double>(zeroedRows: rows, columns: columns)
            }
            guard case .exceedsMemoryBudget(let needed, _, _)? = error else {
                Issue.record("expected exceedsMemoryBudget, got \(String(describing: error))"); continue
            }
            #expect(needed == Int.max)
            #expect(error?.description.contains("more than 8 EiB") == true)
        }
        MemoryBudget.$current.withValue(MemoryBudget(limit: Int.max - 1)) {
            #expect(throws: LinearAlgebraError.dimensionTooLarge(1 << 31)) {
                _ = try Matrix<Float>(zeroedRows: 3, columns: 1 << 31)
            }
        }
    }
}
