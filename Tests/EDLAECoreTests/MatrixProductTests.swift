import EDLAECore
import Testing

/// BLAS wrappers (`gemm`, `gemv`, `syrk`, `dot`, `axpy`) against the textbook triple loop on seeded
/// random data, in single and double precision. Shapes are neither square nor multiples of any
/// block size, plus empty edge cases. Tolerances are the classical forward error bound
/// `gamma_k |A||B|` of a length-k dot product in the precision under test (see
/// `productErrorBound`), elementwise: tight and justified, never tuned.
@Suite struct MatrixProductTests {
    /// (m, k, n): op(A) is m x k, op(B) is k x n.
    static let shapes: [(Int, Int, Int)] = [
        (7, 13, 5), (37, 5, 11), (65, 65, 65), (1, 29, 1), (13, 1, 7),
        (0, 5, 3), (4, 0, 3), (3, 4, 0), (0, 0, 0),
    ]

    @Test(arguments: Precision.allCases, [(false, false), (true, false), (false, true), (true, true)])
    func generalProductAllTranspositions(precision: Precision, transpositions: (Bool, Bool)) {
        checkGeneralProduct(precision.type, transposingFirst: transpositions.0, transposingSecond: transpositions.1)
    }

    func checkGeneralProduct<T: MatrixScalar>(_: T.Type, transposingFirst: Bool, transposingSecond: Bool) {
        for (index, (m, k, n)) in Self.shapes.enumerated() {
            let seed = UInt64(index * 4) + (transposingFirst ? 1 : 0) + (transposingSecond ? 2 : 0)
            let a = transposingFirst ? Matrix<T>.random(k, m, seed: seed) : .random(m, k, seed: seed)
            let b = transposingSecond ? Matrix<T>.random(n, k, seed: seed + 100) : .random(k, n, seed: seed + 100)
            let product = a.multiplied(by: b, transposingSelf: transposingFirst, transposingOther: transposingSecond)
            let reference = naiveProduct(a, b, transposingFirst: transposingFirst, transposingSecond: transposingSecond)
            let scale = naiveProduct(a.absolute, b.absolute, transposingFirst: transposingFirst,
                                     transposingSecond: transposingSecond)
            expectWithinBound(product, reference, bound: productErrorBound(innerDimension: k, scale: scale),
                              "\(m)x\(k)x\(n) \(transposingFirst) \(transposingSecond)")
        }
    }

    @Test(arguments: Precision.allCases)
    func operatorsAndShortcutsAgreeWithMultiplied(precision: Precision) {
        checkShortcuts(precision.type)
    }

    func checkShortcuts<T: MatrixScalar>(_: T.Type) {
        let a = Matrix<T>.random(7, 13, seed: 11), b = Matrix<T>.random(13, 5, seed: 12)
        let c = Matrix<T>.random(7, 5, seed: 13)
        #expect(a * b == a.multiplied(by: b))
        #expect(a.transposeTimes(c) == a.multiplied(by: c, transposingSelf: true))
        #expect(b.timesTranspose(c) == b.multiplied(by: c, transposingOther: true))
    }

    @Test(arguments: Precision.allCases, [(1.0, 0.0), (2.5, 1.0), (-0.5, -3.0), (0.0, 2.0), (1.0, 0.25)])
    func inPlaceProductWithAlphaAndBeta(precision: Precision, coefficients: (Double, Double)) {
        checkAlphaBeta(precision.type, alpha: coefficients.0, beta: coefficients.1)
    }

    func checkAlphaBeta<T: MatrixScalar>(_: T.Type, alpha a64: Double, beta b64: Double) {
        let alpha = T(a64), beta = T(b64)   // exactly representable in both precisions
        for (index, (m, k, n)) in Self.shapes.enumerated() {
            let a = Matrix<T>.random(k, m, seed: UInt64(index) + 20)
            let b = Matrix<T>.random(k, n, seed: UInt64(index) + 40)
            let c0 = Matrix<T>.random(m, n, seed: UInt64(index) + 60)
            var c = c0
            c.addProduct(a, b, transposingFirst: true, scaledBy: alpha, scalingSelfBy: beta)
            let reference = alpha * naiveProduct(a, b, transposingFirst: true) + beta * c0
            let scale = abs(alpha) * naiveProduct(a.absolute, b.absolute, transposingFirst: true) + abs(beta) * c0.absolute
            expectWithinBound(c, reference, bound: productErrorBound(innerDimension: k + 1, scale: scale),
                              "\(m)x\(k)x\(n) alpha \(alpha) beta \(beta)")
        }
    }

    /// BLAS semantics: with `beta == 0` the old contents are not read, so NaN does not survive,
    /// also when the product term is empty (k = 0) or vanishes (alpha = 0).
    @Test(arguments: Precision.allCases)
    func betaZeroOverwritesNaN(precision: Precision) {
        checkBetaZero(precision.type)
    }

    func checkBetaZero<T: MatrixScalar>(_: T.Type) {
        for (k, alpha) in [(3, T(1)), (0, 1), (3, 0)] {
            var c = Matrix<T>(rows: 4, columns: 5, repeating: .nan)
            let a = Matrix<T>.random(4, k, seed: 70), b = Matrix<T>.random(k, 5, seed: 71)
            c.addProduct(a, b, scaledBy: alpha, scalingSelfBy: 0)
            #expect(c.columnMajorElements.allSatisfy { $0.isFinite }, "k \(k) alpha \(alpha)")
            if k == 0 || alpha == 0 { #expect(c == Matrix(rows: 4, columns: 5)) }
        }
        var s = Matrix<T>(rows: 5, columns: 5, repeating: .nan)
        s.addSymmetricProduct(Matrix.random(3, 5, seed: 72), transposing: true, scaledBy: 1, scalingSelfBy: 0)
        #expect(s.columnMajorElements.allSatisfy { $0.isFinite })
        var empty = Matrix<T>(rows: 5, columns: 5, repeating: .nan)
        empty.addSymmetricProduct(Matrix(rows: 0, columns: 5), transposing: true, scaledBy: 1, scalingSelfBy: 0)
        #expect(empty == Matrix(rows: 5, columns: 5))
        #expect(Matrix<T>(rows: 0, columns: 4).transposeTimesSelf() == Matrix(rows: 4, columns: 4))
    }

    @Test(arguments: Precision.allCases)
    func matrixVectorProductBothWays(precision: Precision) {
        checkMatrixVector(precision.type)
    }

    func checkMatrixVector<T: MatrixScalar>(_: T.Type) {
        for (index, (rows, columns)) in [(7, 13), (37, 5), (65, 65), (1, 9), (0, 4), (4, 0)].enumerated() {
            let a = Matrix<T>.random(rows, columns, seed: UInt64(index) + 80)
            let x = Matrix<T>.random(columns, 1, seed: UInt64(index) + 90)
            let y = Matrix<T>.random(rows, 1, seed: UInt64(index) + 95)
            let ax = a.multiplied(by: x.columnMajorElements)
            let aty = a.multiplied(by: y.columnMajorElements, transposingSelf: true)
            #expect(a * x.columnMajorElements == ax)
            expectWithinBound(Matrix(rows: rows, columns: 1, columnMajor: ax), naiveProduct(a, x),
                              bound: productErrorBound(innerDimension: columns, scale: naiveProduct(a.absolute, x.absolute)),
                              "A x \(rows)x\(columns)")
            expectWithinBound(Matrix(rows: columns, columns: 1, columnMajor: aty), naiveProduct(a, y, transposingFirst: true),
                              bound: productErrorBound(innerDimension: rows,
                                                       scale: naiveProduct(a.absolute, y.absolute, transposingFirst: true)),
                              "A^T y \(rows)x\(columns)")
        }
    }

    /// `syrk` writes one triangle; both must hold the product, and the result is exactly symmetric.
    @Test(arguments: Precision.allCases, [(7, 13), (37, 5), (65, 65), (70, 3), (0, 4), (4, 0)])
    func symmetricProductsBothWays(precision: Precision, shape: (Int, Int)) {
        checkSymmetricProducts(precision.type, rows: shape.0, columns: shape.1)
    }

    func checkSymmetricProducts<T: MatrixScalar>(_: T.Type, rows: Int, columns: Int) {
        let a = Matrix<T>.random(rows, columns, seed: UInt64(rows * 100 + columns))
        let ata = a.transposeTimesSelf(), aat = a.timesTransposeOfSelf()
        #expect(ata.rows == columns && ata.columns == columns)
        #expect(aat.rows == rows && aat.columns == rows)
        #expect(ata == ata.transposed)
        #expect(aat == aat.transposed)
        expectWithinBound(ata, naiveProduct(a, a, transposingFirst: true), bound: productErrorBound(
            innerDimension: rows, scale: naiveProduct(a.absolute, a.absolute, transposingFirst: true)), "A^T A")
        expectWithinBound(aat, naiveProduct(a, a, transposingSecond: true), bound: productErrorBound(
            innerDimension: columns, scale: naiveProduct(a.absolute, a.absolute, transposingSecond: true)), "A A^T")
    }

    @Test(arguments: Precision.allCases)
    func symmetricUpdateWithAlphaAndBeta(precision: Precision) {
        checkSymmetricUpdate(precision.type)
    }

    func checkSymmetricUpdate<T: MatrixScalar>(_: T.Type) {
        let a = Matrix<T>.random(11, 37, seed: 120)
        let c0 = Matrix<T>.randomSymmetric(37, seed: 121)
        var c = c0
        c.addSymmetricProduct(a, transposing: true, scaledBy: -2, scalingSelfBy: 0.5)
        let reference = -2 * naiveProduct(a, a, transposingFirst: true) + 0.5 * c0
        let scale = 2 * naiveProduct(a.absolute, a.absolute, transposingFirst: true) + 0.5 * c0.absolute
        expectWithinBound(c, reference, bound: productErrorBound(innerDimension: 12, scale: scale))
        #expect(c == c.transposed)
    }

    @Test(arguments: Precision.allCases)
    func dotProduct(precision: Precision) {
        checkDot(precision.type)
    }

    func checkDot<T: MatrixScalar>(_: T.Type) {
        let x = Matrix<T>.random(1, 37, seed: 130).columnMajorElements
        let y = Matrix<T>.random(1, 37, seed: 131).columnMajorElements
        let reference = zip(x, y).reduce(T(0)) { $0 + $1.0 * $1.1 }
        let scale = zip(x, y).reduce(T(0)) { $0 + abs($1.0 * $1.1) }
        #expect(abs(Matrix.dot(x, y) - reference) <= 2 * gammaBound(37, T.self) * scale)
        #expect(Matrix<T>.dot([], []) == 0)
        #expect(Matrix<T>.dot([1, 2, 3], [4, 5, 6]) == 32)
    }

    /// `y += alpha x` on matrices and arrays: one multiply and one add per element (or one fused
    /// multiply-add), so BLAS and the reference loop are each within `2 u (|y| + |alpha x|)` of
    /// the exact value (Higham's standard model), and within `4 u (|y| + |alpha x|)` of each other.
    @Test(arguments: Precision.allCases)
    func axpyOnMatricesAndArrays(precision: Precision) {
        checkAxpy(precision.type)
    }

    func checkAxpy<T: MatrixScalar>(_: T.Type) {
        let x = Matrix<T>.random(9, 7, seed: 150), y0 = Matrix<T>.random(9, 7, seed: 151)
        let alpha: T = -0.75
        var y = y0
        y.add(x, scaledBy: alpha)
        let reference = Matrix(rows: 9, columns: 7) { i, j in y0[i, j] + alpha * x[i, j] }
        let bound = (y0.absolute + abs(alpha) * x.absolute).mapElements { 4 * T.unitRoundoff * $0 }
        expectWithinBound(y, reference, bound: bound, "matrix axpy")
        var array = y0.columnMajorElements
        array.add(x.columnMajorElements, scaledBy: alpha)
        #expect(array == y.columnMajorElements, "same BLAS call on the same buffers")
        var small: [T] = [1, 2, 3]
        small.add([4, 5, 6], scaledBy: 2)
        #expect(small == [9, 12, 15])
        var empty = Matrix<T>(rows: 0, columns: 3)
        empty.add(Matrix(rows: 0, columns: 3), scaledBy: 2)
        #expect(empty.count == 0)
        withHiddenCopies(of: y0, "add(_:scaledBy:)") { $0.add(x, scaledBy: alpha) }
    }

    /// `frobeniusInner` is `tr(A^T B)` and `rowwiseDots` is `diag(A B^T)`, both from the reference
    /// loop, within the dot-product bound `gamma_k sum |a b|` (factor 2 for the reference's own rounding).
    @Test(arguments: Precision.allCases)
    func frobeniusInnerAndRowwiseDots(precision: Precision) {
        checkInnerProducts(precision.type)
    }

    func checkInnerProducts<T: MatrixScalar>(_: T.Type) {
        let a = Matrix<T>.random(9, 4, seed: 140), b = Matrix<T>.random(9, 4, seed: 141)
        let trace = naiveProduct(a, b, transposingFirst: true).trace
        let traceScale = naiveProduct(a.absolute, b.absolute, transposingFirst: true).trace
        #expect(abs(a.frobeniusInner(b) - trace) <= 2 * gammaBound(36, T.self) * traceScale)
        let diagonal = naiveProduct(a, b, transposingSecond: true).diagonal
        let diagonalScale = naiveProduct(a.absolute, b.absolute, transposingSecond: true).diagonal
        for (i, value) in a.rowwiseDots(b).enumerated() {
            #expect(abs(value - diagonal[i]) <= 2 * gammaBound(4, T.self) * diagonalScale[i])
        }
        let small = Matrix<T>([[1, 2], [3, 4]])
        #expect(small.frobeniusInner(Matrix([[5, 6], [7, 8]])) == 70)
        #expect(small.rowwiseDots(Matrix([[5, 6], [7, 8]])) == [17, 53])
        #expect(Matrix<T>(rows: 0, columns: 3).frobeniusInner(Matrix(rows: 0, columns: 3)) == 0)
    }

    /// A hand-checked product, independent of the reference loop (small integers: exact in both
    /// precisions).
    @Test(arguments: Precision.allCases)
    func knownSmallProduct(precision: Precision) {
        checkKnownProduct(precision.type)
    }

    func checkKnownProduct<T: MatrixScalar>(_: T.Type) {
        let a = Matrix<T>([[1, 2, 3], [4, 5, 6]])
        let b = Matrix<T>([[1, 0], [0, 1], [1, 1]])
        #expect(a * b == Matrix([[4, 5], [10, 11]]))
        #expect(a.transposeTimesSelf() == Matrix([[17, 22, 27], [22, 29, 36], [27, 36, 45]]))
        #expect(a * [1, 1, 1] == [6, 15])
        #expect(a.multiplied(by: [1, -1], transposingSelf: true) == [-3, -3, -3])
    }
}

/// The one conversion to LAPACK's 32-bit integers, and the chunking of whole-buffer level-1
/// operations past `Int32.max` elements, exercised with short chunks (a buffer of 2^31 elements
/// would need 8 GiB).
@Suite struct LAPACKIntegerTests {
    @Test func dimensionsBeyondInt32AreTypedErrors() throws {
        #expect(try blasInt(Int(Int32.max)) == Int32.max)
        #expect(throws: LinearAlgebraError.dimensionTooLarge(1 << 31)) { try blasInt(1 << 31) }
        #expect(throws: LinearAlgebraError.dimensionTooLarge(-1 << 40)) { try blasInt(-1 << 40) }
    }

    @Test(arguments: Precision.allCases, [1, 7, 36, 37])
    func chunkedLevelOneOperationsAgreeWithOneCall(precision: Precision, chunkLength: Int) {
        checkChunks(precision.type, chunkLength)
    }

    /// Dot products: each chunk and the sum of the chunks are dot products of at most 37 terms,
    /// so both results are within `gamma_37 sum |x y|` of the exact value. Axpy is elementwise:
    /// each element is within `2 u (|y| + |alpha x|)` either way.
    func checkChunks<T: MatrixScalar>(_: T.Type, _ chunkLength: Int) {
        let x = Matrix<T>.random(37, 1, seed: 160).columnMajorElements
        let y = Matrix<T>.random(37, 1, seed: 161).columnMajorElements
        let scale = zip(x, y).reduce(T(0)) { $0 + abs($1.0 * $1.1) }
        let whole = x.withUnsafeBufferPointer { px in y.withUnsafeBufferPointer { py in Matrix<T>._dot(px, py) } }
        let chunked = x.withUnsafeBufferPointer { px in
            y.withUnsafeBufferPointer { py in Matrix<T>._dot(px, py, chunkLength: chunkLength) }
        }
        #expect(abs(whole - chunked) <= 2 * gammaBound(37, T.self) * scale, "\(T.self) dot, chunks of \(chunkLength)")

        let alpha: T = 1.5
        var one = y, many = y
        x.withUnsafeBufferPointer { px in
            one.withUnsafeMutableBufferPointer { Matrix<T>._axpy(alpha, px, $0) }
            many.withUnsafeMutableBufferPointer { Matrix<T>._axpy(alpha, px, $0, chunkLength: chunkLength) }
        }
        for i in 0..<37 {
            #expect(abs(one[i] - many[i]) <= 4 * T.unitRoundoff * (abs(y[i]) + abs(alpha * x[i])),
                    "\(T.self) axpy element \(i), chunks of \(chunkLength)")
        }
    }
}
