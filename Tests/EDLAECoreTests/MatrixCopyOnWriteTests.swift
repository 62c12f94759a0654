import EDLAECore
import Testing

/// Copy-on-write: every mutating operation is run once on a uniquely referenced matrix (no copy,
/// same buffer) and once on a shared one (one copy, original intact); see `withHiddenCopies`.
@Suite struct MatrixCopyOnWriteTests {
    let rectangular = Matrix<Double>.random(7, 13, seed: 1)
    let square = Matrix<Double>.random(9, 9, seed: 2)
    let positiveDefinite = Matrix<Double>.randomPositiveDefinite(9, seed: 3)

    @Test func copiesShareOneBufferUntilMutated() {
        let a = rectangular
        var b = a
        #expect(a.bufferIdentity == b.bufferIdentity)
        b[0, 0] = 42
        #expect(a.bufferIdentity != b.bufferIdentity)
        #expect(a[0, 0] != 42)
        #expect(b[0, 0] == 42)
    }

    @Test func elementAndColumnMutations() {
        let result = withHiddenCopies(of: rectangular, "subscript set") { $0[3, 5] = -7 }
        #expect(result[3, 5] == -7)
        let column = (0..<7).map(Double.init)
        #expect(withHiddenCopies(of: rectangular, "setColumn") { $0.setColumn(12, to: column) }.column(12) == column)
        let diagonal = (0..<7).map { Double($0) + 0.5 }
        #expect(withHiddenCopies(of: rectangular, "diagonal set") { $0.diagonal = diagonal }.diagonal == diagonal)
        withHiddenCopies(of: rectangular, "withUnsafeMutableBufferPointer") { m in
            m.withUnsafeMutableBufferPointer { $0[$0.count - 1] = 3 }
        }
    }

    @Test func elementwiseMutations() {
        let other = Matrix<Double>.random(7, 13, seed: 4)
        let sum = withHiddenCopies(of: rectangular, "+=") { $0 += other }
        #expect(sum[2, 3] == rectangular[2, 3] + other[2, 3])
        let difference = withHiddenCopies(of: rectangular, "-=") { $0 -= other }
        #expect(difference[6, 12] == rectangular[6, 12] - other[6, 12])
        let scaled = withHiddenCopies(of: rectangular, "*= scalar") { $0 *= 2.5 }
        #expect(scaled[1, 1] == rectangular[1, 1] * 2.5)
        withHiddenCopies(of: rectangular, "updateElements") { $0.updateElements { $0 * $0 } }
        withHiddenCopies(of: rectangular, "updateElements(with:)") { $0.updateElements(with: other, max) }
    }

    @Test func scalingsAndDiagonal() {
        let rowFactors = (0..<7).map { Double($0) - 3 }
        let columnFactors = (0..<13).map { 1 / Double($0 + 1) }
        withHiddenCopies(of: rectangular, "scaleRows") { $0.scaleRows(by: rowFactors) }
        withHiddenCopies(of: rectangular, "scaleColumns") { $0.scaleColumns(by: columnFactors) }
        withHiddenCopies(of: rectangular, "addToDiagonal(vector)") { $0.addToDiagonal(rowFactors) }
        withHiddenCopies(of: rectangular, "addToDiagonal(scalar)") { $0.addToDiagonal(4) }
        withHiddenCopies(of: square, "symmetrizeFromLowerTriangle") { $0.symmetrizeFromLowerTriangle() }
    }

    @Test(arguments: Precision.allCases)
    func inPlaceProducts(precision: Precision) {
        checkInPlaceProducts(precision.type)
    }

    func checkInPlaceProducts<T: MatrixScalar>(_: T.Type) {
        let square = Matrix<T>.random(9, 9, seed: 2), positiveDefinite = Matrix<T>.randomPositiveDefinite(9, seed: 3)
        let a = Matrix<T>.random(9, 4, seed: 5), b = Matrix<T>.random(4, 9, seed: 6)
        withHiddenCopies(of: square, "addProduct") { $0.addProduct(a, b, scaledBy: 2, scalingSelfBy: 0.5) }
        withHiddenCopies(of: square, "addProduct beta 0") { $0.addProduct(b, a, transposingFirst: true,
                                                                          transposingSecond: true, scalingSelfBy: 0) }
        withHiddenCopies(of: positiveDefinite, "addSymmetricProduct") {
            $0.addSymmetricProduct(b, transposing: true, scaledBy: -0.1, scalingSelfBy: 1)
        }
        withHiddenCopies(of: square, "addProduct with k = 0") {
            $0.addProduct(Matrix(rows: 9, columns: 0), Matrix(rows: 0, columns: 9), scalingSelfBy: 3)
        }
        withHiddenCopies(of: square, "add(_:scaledBy:)") { $0.add(a.timesTranspose(a), scaledBy: -2) }
    }

    /// In place, and an inverse within the normwise bound of `potrf` + `potri` (as in
    /// `MatrixFactorizationTests.positiveDefiniteInverseInPlace`).
    @Test(arguments: Precision.allCases)
    func inPlaceInverse(precision: Precision) throws {
        try checkInPlaceInverse(precision.type)
    }

    func checkInPlaceInverse<T: MatrixScalar>(_: T.Type) throws {
        let positiveDefinite = Matrix<T>.randomPositiveDefinite(9, seed: 3)
        let inverse = try withHiddenCopies(of: positiveDefinite, "invertPositiveDefinite") {
            try $0.invertPositiveDefinite()
        }
        let l = try positiveDefinite.choleskyFactorization().lower
        let llt = naiveProduct(l.absolute, l.absolute, transposingSecond: true)
        let u = T.unitRoundoff
        let factorTerm: T = 2 * T(3 * 9 + 1) * u * llt.frobeniusNorm
        let residualTerm: T = 2 * T(9 + 1) * u * positiveDefinite.frobeniusNorm
        let bound = (factorTerm + residualTerm) * inverse.frobeniusNorm
        #expect((naiveProduct(positiveDefinite, inverse) - .identity(9)).frobeniusNorm <= bound)
    }

    /// `addProduct` whose operand is `self`: the product must use the old values, so one copy is
    /// unavoidable even for a uniquely referenced value.
    @Test func addProductWithItselfAsOperand() {
        let original = square
        var c = Matrix(rows: 9, columns: 9, columnMajor: original.columnMajorElements)
        let (_, copies) = MatrixCopyTracking.countingCopies { c.addProduct(c, c, scaledBy: 1, scalingSelfBy: 1) }
        #expect(copies == 1)
        let expected = naiveProduct(original, original) + original
        expectWithinBound(c, expected, bound: productErrorBound(
            innerDimension: 10, scale: naiveProduct(original.absolute, original.absolute) + original.absolute))

        var s = Matrix(rows: 9, columns: 9, columnMajor: original.columnMajorElements)
        s.addSymmetricProduct(s, transposing: true, scaledBy: 1, scalingSelfBy: 0)
        let gram = naiveProduct(original, original, transposingFirst: true)
        expectWithinBound(s, gram, bound: productErrorBound(
            innerDimension: 9, scale: naiveProduct(original.absolute, original.absolute, transposingFirst: true)))
    }

    /// The `consuming` methods work in the caller's buffer when it is handed over with `consume`,
    /// and copy it (leaving the caller's value intact) when it is not. Each consumed matrix is a
    /// local of the counted closure (a captured variable cannot be consumed).
    @Test(arguments: Precision.allCases)
    func consumingMethodsReuseAConsumedBuffer(precision: Precision) throws {
        try checkConsuming(precision.type)
    }

    func checkConsuming<T: MatrixScalar>(_: T.Type) throws {
        let positiveDefinite = Matrix<T>.randomPositiveDefinite(9, seed: 3)
        let elements = positiveDefinite.columnMajorElements
        let (consumed, copies) = try MatrixCopyTracking.countingCopies {
            let a = Matrix(rows: 9, columns: 9, columnMajor: elements)
            let identity = a.bufferIdentity
            let inverse = try (consume a).positiveDefiniteInverse()
            return (inverse, identity)
        }
        #expect(copies == 0)
        #expect(consumed.0.bufferIdentity == consumed.1)

        let a = positiveDefinite
        let (kept, keptCopies) = try MatrixCopyTracking.countingCopies { try a.positiveDefiniteInverse() }
        #expect(keptCopies == 1)
        #expect(a == positiveDefinite)
        #expect(kept == consumed.0)

        let (eigen, eigenCopies) = try MatrixCopyTracking.countingCopies {
            let b = Matrix(rows: 9, columns: 9, columnMajor: elements)
            return try (consume b).symmetricEigendecomposition()
        }
        #expect(eigenCopies == 0)
        #expect(eigen.values.count == 9)

        let (_, partialCopies) = try MatrixCopyTracking.countingCopies {
            let c = Matrix(rows: 9, columns: 9, columnMajor: elements)
            return try (consume c).largestEigenpairs(count: 3)
        }
        #expect(partialCopies == 0)

        let (factor, choleskyCopies) = try MatrixCopyTracking.countingCopies {
            let d = Matrix(rows: 9, columns: 9, columnMajor: elements)
            return try (consume d).choleskyFactorization()
        }
        #expect(choleskyCopies == 0)
        #expect(factor.order == 9)

        let (solution, solveCopies) = try MatrixCopyTracking.countingCopies {
            let e = Matrix(rows: 9, columns: 9, columnMajor: elements)
            return try (consume e).solvingPositiveDefinite([T](repeating: 1, count: 9))
        }
        #expect(solveCopies == 0)
        #expect(solution == factor.solve([T](repeating: 1, count: 9)))

        // Not consumed: the caller's matrix is left intact.
        let shared = positiveDefinite
        let (_, sharedCopies) = try MatrixCopyTracking.countingCopies { try shared.symmetricEigendecomposition() }
        #expect(sharedCopies == 1)
        #expect(shared == positiveDefinite)
        #expect(shared.bufferIdentity == positiveDefinite.bufferIdentity)
    }

    /// Operations that only read never copy, whoever else holds the buffer.
    @Test func readsDoNotCopy() {
        let a = rectangular, b = a
        let (_, copies) = MatrixCopyTracking.countingCopies {
            _ = a.frobeniusNorm + b.trace
            _ = a.transposed
            _ = a * Matrix<Double>.random(13, 2, seed: 9)
            _ = a.row(3) + a.column(4) + a.diagonal
            _ = a == b
        }
        #expect(copies == 0)
    }
}
