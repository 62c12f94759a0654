import EDLAECore
import Foundation
import Testing

/// LAPACK wrappers: Cholesky (`potrf`/`potrs`), SPD inverse (`potri`), LU solve (`gesv`) and
/// the symmetric eigen-solver (`syevr`), on seeded random data, with their typed errors, in
/// single and double precision.
///
/// Tolerances, in the unit roundoff `u` (and `ulp = 2u`) of the precision under test: Cholesky
/// and solves use Higham's backward error bounds (Accuracy and Stability of Numerical Algorithms,
/// Thm 10.3 and 10.4: `|A - L L^T| <= gamma_{n+1} |L||L^T|`, solve
/// `|Delta A| <= gamma_{3n+1} |L||L^T|`); the eigen-solver uses LAPACK's own test threshold
/// (the ratios `||A V - V Lambda|| / (n ||A|| ulp)` and `||V^T V - I|| / (n ulp)` below 50, as
/// in LAPACK's `schkst`/`dchkst` with their default `THRESH = 50`).
@Suite struct MatrixFactorizationTests {
    static let orders = [1, 7, 37, 65]

    // MARK: Cholesky

    @Test(arguments: Precision.allCases, orders)
    func choleskyReproducesTheMatrix(precision: Precision, order n: Int) throws {
        try checkCholesky(precision.type, n)
    }

    func checkCholesky<T: MatrixScalar>(_: T.Type, _ n: Int) throws {
        let a = Matrix<T>.randomPositiveDefinite(n, seed: UInt64(n))
        let factor = try a.choleskyFactorization()
        let l = factor.lower
        #expect(factor.order == n)
        for j in 0..<n { for i in 0..<j { #expect(l[i, j] == 0) } }
        #expect(l.diagonal.allSatisfy { $0 > 0 })
        expectWithinBound(naiveProduct(l, l, transposingSecond: true), a,
                          bound: productErrorBound(innerDimension: n + 1,
                                                   scale: naiveProduct(l.absolute, l.absolute, transposingSecond: true)),
                          "L L^T = A, n \(n)")
    }

    @Test(arguments: Precision.allCases, orders)
    func choleskySolveHasSmallResidual(precision: Precision, order n: Int) throws {
        try checkCholeskySolve(precision.type, n)
    }

    func checkCholeskySolve<T: MatrixScalar>(_: T.Type, _ n: Int) throws {
        let a = Matrix<T>.randomPositiveDefinite(n, seed: UInt64(n) + 1)
        let b = Matrix<T>.random(n, 3, seed: UInt64(n) + 2)
        let factor = try a.choleskyFactorization()
        let x = factor.solve(b)
        let l = factor.lower
        // b - A x = Delta A x with |Delta A| <= gamma_{3n+1} |L||L^T|, plus the rounding of the
        // residual's own evaluation (gamma_{n+1} (|A||x| + |b|)).
        let residual = b - naiveProduct(a, x)
        let llt = naiveProduct(l.absolute, l.absolute, transposingSecond: true)
        let bound = productErrorBound(innerDimension: 3 * n + 1, scale: naiveProduct(llt, x.absolute))
            + productErrorBound(innerDimension: n + 1, scale: naiveProduct(a.absolute, x.absolute) + b.absolute)
        expectWithinBound(residual, Matrix(rows: n, columns: 3), bound: bound, "solve residual, n \(n)")

        // Same path (same potrs call on the same shape): bitwise equal. A one-column solve runs
        // another trsm shape, whose rounding depends on the OpenBLAS kernel. Both solutions have
        // residuals within `bound`, so their difference solves A d = r1 - r2 and
        // |d| <= |A^-1| (|r1| + |r2|) <= 2 |A^-1| bound.
        #expect(try a.solvingPositiveDefinite(b) == x)
        var inPlace = b
        factor.solve(overwriting: &inPlace)
        #expect(inPlace == x)
        let single = factor.solve(b.columns(1..<2))
        #expect(try a.solvingPositiveDefinite(b.column(1)) == single.columnMajorElements, "vector overload, same path")
        let inverse = try a.solvingPositiveDefinite(Matrix.identity(n))
        let forwardBound = naiveProduct(inverse.absolute, bound.columns(1..<2))
        expectWithinBound(single, x.columns(1..<2), bound: 2 * forwardBound, "one-column solve, n \(n)")
    }

    /// `X A^-1` by two right triangular solves: the residual `(X A^-1) A - X` is within the
    /// backward-error scale of the solve, `n * ulp * |X A^-1| |A|` summed over a row (generous factor 8
    /// for the two triangular sweeps plus the check product).
    @Test(arguments: Precision.allCases, orders)
    func rightSolveByCholesky(precision: Precision, n: Int) throws {
        try checkRightSolve(precision.type, n)
    }

    func checkRightSolve<T: MatrixScalar>(_: T.Type, _ n: Int) throws {
        let a = Matrix<T>.randomPositiveDefinite(n, seed: 900 + UInt64(n))
        let x = Matrix<T>.random(13, n, seed: 901 + UInt64(n))
        let y = try a.choleskyFactorization().solveOnTheRight(x)
        let residual = naiveProduct(y, a) - x
        let scale = naiveProduct(y.absolute, a.absolute)
        let bound = scale.mapElements { 8 * T(n + 1) * T.ulpOfOne * $0 + T.leastNormalMagnitude }
        #expect(residual.rows == 13 && residual.columns == n)
        expectWithinBound(residual, Matrix(rows: 13, columns: n), bound: bound, "X A^-1, n \(n)")
    }

    /// `log det` of a diagonal matrix: each `L_ii = sqrt(a_ii)` is correctly rounded (relative
    /// error `u`), so `2 sum log L_ii` is within `2 n u` of `log det A` (plus `u |log det|` for the
    /// final rounding); against the eigenvalues, each within `50 n ulp ||A||_2 <= 50 n ulp 5` of
    /// the truth (LAPACK's threshold, `lambda_i` in [1, 5]), relative error at most that.
    @Test(arguments: Precision.allCases)
    func logDeterminant(precision: Precision) throws {
        try checkLogDeterminant(precision.type)
    }

    func checkLogDeterminant<T: MatrixScalar>(_: T.Type) throws {
        let ulp = Double(T.ulpOfOne)
        let diagonal = try Matrix<T>(diagonal: [2, 3, 0.5, 7]).choleskyFactorization()
        #expect(abs(Double(diagonal.logDeterminant) - Foundation.log(21.0)) <= 4 * ulp * Foundation.log(21.0))
        let a = Matrix<T>.randomPositiveDefinite(37, seed: 9)
        let fromEigen = try a.symmetricEigendecomposition().values.reduce(0.0) { $0 + Foundation.log(Double($1)) }
        #expect(abs(Double(try a.choleskyFactorization().logDeterminant) - fromEigen) <= 37 * 50 * 37 * ulp * 5)
    }

    /// Making `A[c, c]` negative leaves the leading minors of order <= c positive definite and
    /// breaks the one of order c + 1: the error names column c.
    @Test(arguments: Precision.allCases, [0, 3, 6])
    func choleskyFailureNamesTheColumn(precision: Precision, column c: Int) {
        checkCholeskyFailure(precision.type, c)
    }

    func checkCholeskyFailure<T: MatrixScalar>(_: T.Type, _ c: Int) {
        var a = Matrix<T>.randomPositiveDefinite(7, seed: 21)
        a[c, c] = -1
        #expect(throws: LinearAlgebraError.notPositiveDefinite(column: c)) { _ = try a.choleskyFactorization() }
        var b = a
        #expect(throws: LinearAlgebraError.notPositiveDefinite(column: c)) { try b.invertPositiveDefinite() }
        #expect(throws: LinearAlgebraError.notPositiveDefinite(column: c)) {
            _ = try a.solvingPositiveDefinite(Matrix(rows: 7, columns: 1))
        }
        #expect(throws: LinearAlgebraError.notPositiveDefinite(column: c)) {
            _ = try a.solvingPositiveDefinite([T](repeating: 1, count: 7))
        }
    }

    /// An item without interactions gives a zero row and column in a Gram matrix.
    @Test(arguments: Precision.allCases)
    func zeroColumnIsNotPositiveDefinite(precision: Precision) {
        checkZeroColumn(precision.type)
    }

    func checkZeroColumn<T: MatrixScalar>(_: T.Type) {
        var a = Matrix<T>.randomPositiveDefinite(9, seed: 22)
        for i in 0..<9 { a[i, 4] = 0; a[4, i] = 0 }
        #expect(throws: LinearAlgebraError.notPositiveDefinite(column: 4)) { _ = try a.choleskyFactorization() }
        let description = LinearAlgebraError.notPositiveDefinite(column: 4).description
        #expect(description.contains("column 4"))
    }

    /// NaN or infinity in the triangle LAPACK reads is a typed error (LAPACKE's own NaN check would
    /// otherwise report a rejected argument); the matrix is left unchanged.
    @Test(arguments: Precision.allCases)
    func nonFiniteInputIsATypedError(precision: Precision) {
        checkNonFinite(precision.type)
    }

    func checkNonFinite<T: MatrixScalar>(_: T.Type) {
        var a = Matrix<T>.randomPositiveDefinite(6, seed: 23)
        a[4, 2] = .nan
        let before = a
        #expect(throws: LinearAlgebraError.nonFiniteEntry(row: 4, column: 2)) { _ = try a.choleskyFactorization() }
        #expect(throws: LinearAlgebraError.nonFiniteEntry(row: 4, column: 2)) { try a.invertPositiveDefinite() }
        #expect(a.columnMajorElements.elementsEqual(before.columnMajorElements) { $0 == $1 || ($0.isNaN && $1.isNaN) })
        #expect(throws: LinearAlgebraError.nonFiniteEntry(row: 4, column: 2)) {
            _ = try a.largestEigenpairs(count: 2)
        }
        var b = Matrix<T>.randomPositiveDefinite(6, seed: 23)
        b[5, 5] = .infinity
        #expect(throws: LinearAlgebraError.nonFiniteEntry(row: 5, column: 5)) { _ = try b.symmetricEigendecomposition() }
        #expect(throws: LinearAlgebraError.nonFiniteEntry(row: 5, column: 5)) {
            _ = try b.solving(Matrix(rows: 6, columns: 1))
        }
        let good = Matrix<T>.randomPositiveDefinite(6, seed: 23)
        var rhs = Matrix<T>(rows: 6, columns: 2)
        rhs[3, 1] = -.infinity
        #expect(throws: LinearAlgebraError.nonFiniteEntry(row: 3, column: 1)) { _ = try good.solving(rhs) }
        #expect(throws: LinearAlgebraError.nonFiniteEntry(row: 3, column: 1)) { _ = try good.solvingPositiveDefinite(rhs) }
    }

    /// Only the lower triangle is read: garbage above the diagonal changes nothing.
    @Test(arguments: Precision.allCases)
    func onlyTheLowerTriangleIsRead(precision: Precision) throws {
        try checkLowerTriangleOnly(precision.type)
    }

    func checkLowerTriangleOnly<T: MatrixScalar>(_: T.Type) throws {
        let a = Matrix<T>.randomPositiveDefinite(8, seed: 24)
        var garbled = a
        for j in 1..<8 { for i in 0..<j { garbled[i, j] = j % 2 == 0 ? .nan : .greatestFiniteMagnitude } }
        #expect(try garbled.choleskyFactorization().lower == a.choleskyFactorization().lower)
        #expect(try garbled.positiveDefiniteInverse() == a.positiveDefiniteInverse())
        let fromGarbled = try garbled.symmetricEigendecomposition(), fromA = try a.symmetricEigendecomposition()
        #expect(fromGarbled.values == fromA.values)
        #expect(fromGarbled.vectors == fromA.vectors)
    }

    // MARK: Inverse

    @Test(arguments: Precision.allCases, orders)
    func positiveDefiniteInverseInPlace(precision: Precision, order n: Int) throws {
        try checkInverse(precision.type, n)
    }

    /// Odd orders from 137 on, in single precision: OpenBLAS 0.3.21's `Prescott` kernel (the default
    /// on CPUs it does not recognise) crashes in the lower-triangle `spotri` at these orders with one
    /// thread, so the library inverts through the upper triangle there (`OpenBLASKernel`). Under
    /// that kernel this test ran into the crash before; under any kernel the inverse must hold the
    /// bound of `positiveDefiniteInverseInPlace`.
    @Test(arguments: [137, 169, 211])
    func singlePrecisionInverseAtOddOrders(order n: Int) throws {
        try checkInverse(Float.self, n)
    }

    func checkInverse<T: MatrixScalar>(_: T.Type, _ n: Int) throws {
        let a = Matrix<T>.randomPositiveDefinite(n, seed: UInt64(n) + 30)
        var x = a
        try x.invertPositiveDefinite()
        // Both triangles are set: potri writes only the lower one, the upper is mirrored.
        #expect(x == x.transposed)
        let l = try a.choleskyFactorization().lower
        let llt = naiveProduct(l.absolute, l.absolute, transposingSecond: true)
        // Normwise: ||A X - I|| <= 2 gamma_{3n+1} || |L||L^T| || ||X|| + gamma_{n+1} ||A|| ||X|| (residual rounding).
        let u = T.unitRoundoff
        let bound = (2 * T(3 * n + 1) * u * llt.frobeniusNorm + 2 * T(n + 1) * u * a.frobeniusNorm)
            * x.frobeniusNorm
        #expect((naiveProduct(a, x) - .identity(n)).frobeniusNorm <= bound, "\(T.self) n \(n)")
        #expect(try a.positiveDefiniteInverse() == x)
    }

    // MARK: General solve

    @Test(arguments: Precision.allCases, [1, 7, 37, 65])
    func generalSolveHasSmallResidual(precision: Precision, order n: Int) throws {
        try checkGeneralSolve(precision.type, n)
    }

    func checkGeneralSolve<T: MatrixScalar>(_: T.Type, _ n: Int) throws {
        let a = Matrix<T>.random(n, n, seed: UInt64(n) + 40)
        let b = Matrix<T>.random(n, 3, seed: UInt64(n) + 41)
        let x = try a.solving(b)
        // Normwise backward error of LU with partial pivoting: <= gamma_{3n} rho with growth factor
        // rho, which on random matrices stays far below n (Higham ch. 9); so 3 n * n * u.
        let residual = (b - naiveProduct(a, x)).frobeniusNorm
        let eta = residual / (a.frobeniusNorm * x.frobeniusNorm + b.frobeniusNorm)
        #expect(eta <= 3 * T(n * n) * T.unitRoundoff, "\(T.self) n \(n) backward error \(eta)")
        // A 2 x 2 system with the exact solution (0.8, 1.4): within a few ulps (componentwise
        // forward error <= cond * gamma_6, cond(A) < 3), not bit for bit: the kernel decides the rounding.
        let small = try Matrix<T>([[2, 1], [1, 3]]).solving(Matrix([[3], [5]]))
        let exact = Matrix<T>([[0.8], [1.4]])
        expectWithinBound(small, exact, bound: exact * (18 * T.unitRoundoff), "2 x 2 solve")
    }

    @Test(arguments: Precision.allCases)
    func singularSystemNamesTheColumn(precision: Precision) {
        checkSingular(precision.type)
    }

    func checkSingular<T: MatrixScalar>(_: T.Type) {
        var a = Matrix<T>.random(6, 6, seed: 50)
        for i in 0..<6 { a[i, 3] = 0 }
        #expect(throws: LinearAlgebraError.singular(column: 3)) { _ = try a.solving(Matrix(rows: 6, columns: 1)) }
        // Exactly rank one: the second pivot is exactly zero after elimination.
        #expect(throws: LinearAlgebraError.singular(column: 1)) {
            _ = try Matrix<T>([[1, 2], [2, 4]]).solving(Matrix([[1], [1]]))
        }
    }

    @Test(arguments: Precision.allCases)
    func emptySystems(precision: Precision) throws {
        try checkEmpty(precision.type)
    }

    func checkEmpty<T: MatrixScalar>(_: T.Type) throws {
        let empty = Matrix<T>(rows: 0, columns: 0)
        #expect(try empty.solving(Matrix(rows: 0, columns: 2)).columns == 2)
        #expect(try empty.choleskyFactorization().order == 0)
        #expect(try empty.positiveDefiniteInverse() == empty)
        #expect(try empty.symmetricEigendecomposition().values.isEmpty)
        #expect(try Matrix<T>.identity(3).largestEigenpairs(count: 0).vectors.columns == 0)
    }

    // MARK: Eigen-decomposition

    @Test(arguments: Precision.allCases, orders)
    func fullEigendecomposition(precision: Precision, order n: Int) throws {
        try checkFullEigendecomposition(precision.type, n)
    }

    func checkFullEigendecomposition<T: MatrixScalar>(_: T.Type, _ n: Int) throws {
        let ulp = T.ulpOfOne
        let a = Matrix<T>.randomSymmetric(n, seed: UInt64(n) + 60)
        let eigen = try a.symmetricEigendecomposition()
        let (values, v) = (eigen.values, eigen.vectors)
        #expect(values.count == n && v.rows == n && v.columns == n)
        #expect(zip(values, values.dropFirst()).allSatisfy { $0 >= $1 }, "descending")
        var scaled = v
        scaled.scaleColumns(by: values)
        let residualRatio = (naiveProduct(a, v) - scaled).frobeniusNorm / (T(n) * a.frobeniusNorm * ulp)
        let orthogonalityRatio = (naiveProduct(v, v, transposingFirst: true) - .identity(n)).frobeniusNorm
            / (T(n) * ulp)
        #expect(residualRatio < 50, "\(T.self) n \(n)")
        #expect(orthogonalityRatio < 50, "\(T.self) n \(n)")
        let trace = values.reduce(0, +)
        #expect(abs(trace - a.trace) <= 50 * T(n) * ulp * a.frobeniusNorm * T(n))
    }

    @Test(arguments: Precision.allCases)
    func knownEigenvalues(precision: Precision) throws {
        try checkKnownEigenvalues(precision.type)
    }

    func checkKnownEigenvalues<T: MatrixScalar>(_: T.Type) throws {
        let ulp = T.ulpOfOne
        let e = try Matrix<T>([[2, 1], [1, 2]]).symmetricEigendecomposition()
        #expect(abs(e.values[0] - 3) <= 4 * ulp * 3 && abs(e.values[1] - 1) <= 4 * ulp * 3)
        let s = T(0.5).squareRoot()
        #expect(abs(abs(e.vectors[0, 0]) - s) <= 8 * ulp && abs(e.vectors[0, 0] - e.vectors[1, 0]) <= 8 * ulp)
        #expect(try Matrix<T>(diagonal: [3, 1, 2]).symmetricEigendecomposition().values == [3, 2, 1])
    }

    /// The k largest eigenpairs equal the top k of the full decomposition: values within LAPACK's
    /// threshold, vectors up to sign within the Davis-Kahan bound (residual / eigengap, for each
    /// of the two computations).
    @Test(arguments: Precision.allCases, [(65, 5), (37, 1), (37, 36), (7, 7)])
    func partialEigenpairsMatchTheFullDecomposition(precision: Precision, shape: (Int, Int)) throws {
        try checkPartialEigenpairs(precision.type, n: shape.0, k: shape.1)
    }

    func checkPartialEigenpairs<T: MatrixScalar>(_: T.Type, n: Int, k: Int) throws {
        let a = Matrix<T>.randomSymmetric(n, seed: UInt64(n * 10 + k))
        let full = try a.symmetricEigendecomposition()
        let partial = try a.largestEigenpairs(count: k)
        #expect(partial.values.count == k && partial.vectors.rows == n && partial.vectors.columns == k)
        let residual = 50 * T(n) * T.ulpOfOne * a.frobeniusNorm
        for i in 0..<k {
            #expect(abs(partial.values[i] - full.values[i]) <= residual, "\(T.self) value \(i)")
            let previous = i > 0 ? full.values[i - 1] - full.values[i] : T.infinity
            let next = i + 1 < n ? full.values[i] - full.values[i + 1] : T.infinity
            let gap = Swift.min(previous, next)
            let p = partial.vectors.column(i), f = full.vectors.column(i)
            let sign: T = Matrix.dot(p, f) < 0 ? -1 : 1
            let difference = zip(p, f).reduce(T(0)) { $0 + ($1.0 - sign * $1.1) * ($1.0 - sign * $1.1) }.squareRoot()
            #expect(difference <= 2 * residual / gap, "\(T.self) vector \(i), gap \(gap)")
        }
    }
}
