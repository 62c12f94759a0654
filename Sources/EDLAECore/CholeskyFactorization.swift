import Foundation

// The LAPACKE `_work` entry points are called throughout: they go straight to LAPACK, without
// LAPACKE's NaN scan (which would report a NaN as a rejected argument). Inputs are scanned here
// instead, and a NaN or infinity becomes ``LinearAlgebraError/nonFiniteEntry(row:column:)``.

/// The Cholesky factorisation `A = L L^T` of a symmetric positive definite matrix (LAPACK
/// `spotrf`/`dpotrf`).
///
/// Obtain one with ``Matrix/choleskyFactorization()``; solve `A X = B` with ``solve(_:)-(Matrix<Scalar>)``
/// or ``solve(overwriting:)``, `X A^-1` with ``solveOnTheRight(_:)``.
public struct CholeskyFactorization<Scalar: MatrixScalar>: Sendable {
    /// The lower-triangular factor `L`; its strictly upper triangle is zero.
    public let lower: Matrix<Scalar>

    /// The order of the factorised matrix.
    /// - Complexity: O(1).
    public var order: Int { lower.rows }

    /// Solves `A X = B` for `X` with the stored factor (LAPACK `spotrs`/`dpotrs`).
    ///
    /// A NaN or infinity in `rhs` propagates into the matching columns of the result.
    /// - Precondition: `rhs.rows == order`.
    /// - Complexity: O(n^2 * rhs.columns).
    public func solve(_ rhs: Matrix<Scalar>) -> Matrix<Scalar> {
        var x = rhs
        solve(overwriting: &x)
        return x
    }

    /// Solves `A X = B` in place: `rhs` holds `B` on entry and `X` on return (LAPACK `spotrs`/`dpotrs`),
    /// with no second buffer when `rhs` is uniquely referenced.
    /// - Precondition: `rhs.rows == order`.
    /// - Complexity: O(n^2 * rhs.columns).
    public func solve(overwriting rhs: inout Matrix<Scalar>) {
        precondition(rhs.rows == order, "Cholesky solve of order \(order) with a \(rhs.rows)x\(rhs.columns) right-hand side")
        if order == 0 || rhs.columns == 0 { return }
        let n = Matrix<Scalar>._existingDimension(order), columns = Matrix<Scalar>._existingDimension(rhs.columns)
        let info = lower.withUnsafeBufferPointer { l in
            rhs.withUnsafeMutableBufferPointer { b in
                Scalar.potrs(n: n, nrhs: columns, l: l.baseAddress!, ldl: n, b: b.baseAddress!, ldb: n)
            }
        }
        precondition(info == 0, "potrs rejected its arguments (info \(info))")
    }

    /// `X A^-1` for a matrix `X` with `order` columns: two triangular solves on the right,
    /// `X L^-T` then `(X L^-T) L^-1` (BLAS `strsm`/`dtrsm`), in one copy of `X` and without transposing it.
    /// - Precondition: `lhs.columns == order`.
    /// - Complexity: O(rows * n^2).
    public func solveOnTheRight(_ lhs: Matrix<Scalar>) -> Matrix<Scalar> {
        precondition(lhs.columns == order,
                     "Right solve of a \(lhs.rows)x\(lhs.columns) matrix by a Cholesky factor of order \(order)")
        var x = lhs
        let m = lhs.rows, n = order
        if m == 0 || n == 0 { return x }
        let m32 = Matrix<Scalar>._existingDimension(m), n32 = Matrix<Scalar>._existingDimension(n)
        lower.withUnsafeBufferPointer { l in
            x.withUnsafeMutableBufferPointer { b in
                Scalar.trsmOnTheRight(transposing: true, m: m32, n: n32, alpha: 1, l: l.baseAddress!, ldl: n32,
                                      b: b.baseAddress!, ldb: m32)
                Scalar.trsmOnTheRight(transposing: false, m: m32, n: n32, alpha: 1, l: l.baseAddress!, ldl: n32,
                                      b: b.baseAddress!, ldb: m32)
            }
        }
        return x
    }

    /// Solves `A x = b` for one right-hand side vector.
    /// - Precondition: `rhs.count == order`.
    /// - Complexity: O(n^2).
    public func solve(_ rhs: [Scalar]) -> [Scalar] {
        solve(Matrix(rows: rhs.count, columns: 1, columnMajor: rhs)).columnMajorElements
    }

    /// `log det A = 2 * sum(log L_ii)`, summed in `Double` and rounded once to `Scalar`.
    /// - Complexity: O(n).
    public var logDeterminant: Scalar { Scalar(2 * lower.diagonal.reduce(0.0) { $0 + log(Double($1)) }) }
}

extension Matrix {
    /// Factorises a symmetric positive definite matrix as `L L^T` (LAPACK `spotrf`/`dpotrf`, lower
    /// triangle read).
    ///
    /// Consumes `self`: `(consume a).choleskyFactorization()` factorises in `a`'s buffer; a value
    /// still used afterwards is copied first, as usual.
    /// - Throws: ``LinearAlgebraError/notPositiveDefinite(column:)`` naming the first failing column;
    ///   ``LinearAlgebraError/nonFiniteEntry(row:column:)`` for a NaN or infinity in the lower triangle.
    /// - Precondition: the matrix is square.
    /// - Complexity: O(n^3 / 3).
    public consuming func choleskyFactorization() throws(LinearAlgebraError) -> CholeskyFactorization<Scalar> {
        try _factorCholeskyInPlace()
        // Zero the strictly upper triangle, which dpotrf leaves untouched.
        let n = rows
        withUnsafeMutableBufferPointer { a in
            for j in 0..<n { for i in 0..<j { a[i + j * n] = 0 } }
        }
        return CholeskyFactorization(lower: self)
    }

    /// Overwrites the lower triangle with the Cholesky factor `L` (`potrf`); the strictly upper
    /// triangle is left as it was.
    /// Without `checkingFiniteness` the caller guarantees a finite lower triangle (e.g. a Gram
    /// matrix checked while it was formed).
    @usableFromInline
    mutating func _factorCholeskyInPlace(checkingFiniteness: Bool = true) throws(LinearAlgebraError) {
        precondition(isSquare, "Cholesky factorisation needs a square matrix, got \(rows)x\(columns)")
        let n = try blasInt(rows)
        if n == 0 { return }
        if checkingFiniteness { try _requireFinite(lowerTriangleOnly: true) }
        let info = withUnsafeMutableBufferPointer { a in Scalar.potrf(n: n, a: a.baseAddress!, lda: n) }
        if info > 0 { throw .notPositiveDefinite(column: Int(info) - 1) }
        precondition(info == 0, "potrf rejected its arguments (info \(info))")
    }

    /// Replaces a symmetric positive definite matrix by its inverse, in place, with no second
    /// n x n buffer (LAPACK `spotrf`/`dpotrf` then `spotri`/`dpotri`; `potri` writes the lower triangle only,
    /// which is then mirrored onto the upper one). Only the lower triangle of `self` is read.
    ///
    /// On a ``LinearAlgebraError/notPositiveDefinite(column:)`` the contents are unspecified
    /// (partly factorised); on ``LinearAlgebraError/nonFiniteEntry(row:column:)`` they are unchanged.
    /// - Throws: ``LinearAlgebraError/notPositiveDefinite(column:)``,
    ///   ``LinearAlgebraError/nonFiniteEntry(row:column:)``.
    /// - Complexity: O(n^3), about n^3 flops in total.
    @_specialize(where Scalar == Float)
    @_specialize(where Scalar == Double)
    public mutating func invertPositiveDefinite() throws(LinearAlgebraError) {
        try _invertLowerTriangleInPlace(checkingFiniteness: true)
        symmetrizeFromLowerTriangle()
    }

    /// Replaces a symmetric positive definite matrix `A` (its lower triangle) by the weights
    /// `C dMat(f)` with diagonal `d`, where `C = A^-1` and `(f, d) = weights(diag C)`: `potrf` and
    /// `potri` in place, then one pass that mirrors `potri`'s lower triangle and scales the
    /// columns (``mirrorLowerTriangle(scalingColumnsBy:settingDiagonalTo:)``). This is the whole
    /// `G + Lambda -> B` step of a full-rank fit in one buffer, at `potrf` + `potri` plus one O(n^2) pass.
    ///
    /// Not public API: the full-rank solvers and the benchmarks call it.
    /// - Parameters:
    ///   - checkingFiniteness: `false` only when the caller has established that the lower triangle
    ///     is finite (a Gram matrix checked while it was formed); otherwise a NaN or infinity is
    ///     reported as ``LinearAlgebraError/nonFiniteEntry(row:column:)`` before anything is changed.
    ///   - weights: the column factors `f` and the new diagonal `d` from `diag C` (`n` values each).
    /// - Throws: as ``invertPositiveDefinite()``; `weights` is not called then.
    /// - Complexity: O(n^3) (about n^3 flops) plus one O(n^2) pass.
    @_specialize(where Scalar == Float)
    @_specialize(where Scalar == Double)
    @_spi(FullRankFit)
    public mutating func invertPositiveDefinite(
        checkingFiniteness: Bool,
        thenScalingColumns weights: (_ inverseDiagonal: [Scalar]) -> (factors: [Scalar], diagonal: [Scalar])
    ) throws(LinearAlgebraError) {
        try _invertLowerTriangleInPlace(checkingFiniteness: checkingFiniteness)
        let (factors, diagonal) = weights(self.diagonal)
        mirrorLowerTriangle(scalingColumnsBy: factors, settingDiagonalTo: diagonal)
    }

    /// `potrf` then `potri`: the lower triangle becomes that of the inverse, the strictly upper
    /// triangle is left as it was.
    @_specialize(where Scalar == Float)
    @_specialize(where Scalar == Double)
    mutating func _invertLowerTriangleInPlace(checkingFiniteness: Bool) throws(LinearAlgebraError) {
        try _factorCholeskyInPlace(checkingFiniteness: checkingFiniteness)
        let n = try blasInt(rows)
        if n == 0 { return }
        let info: Int32
        if Scalar.self == Float.self, OpenBLASKernel.singlePrecisionLowerInverseIsUnsafe {
            // `L^T` into the upper triangle, `spotri` there, the result back into the lower one.
            symmetrizeFromLowerTriangle()
            info = withUnsafeMutableBufferPointer { a in Scalar.potriUpper(n: n, a: a.baseAddress!, lda: n) }
            if info == 0 { _copyUpperTriangleToLower() }
        } else {
            info = withUnsafeMutableBufferPointer { a in Scalar.potri(n: n, a: a.baseAddress!, lda: n) }
        }
        // potri fails only on an exactly zero diagonal of L, which a successful potrf rules out.
        if info > 0 { throw .notPositiveDefinite(column: Int(info) - 1) }
        precondition(info == 0, "potri rejected its arguments (info \(info))")
    }

    /// `a_ij <- a_ji` for `i > j`: the strictly upper triangle copied onto the lower one.
    mutating func _copyUpperTriangleToLower() {
        let n = rows
        withUnsafeMutableBufferPointer { a in
            for j in 0..<n {
                for i in (j + 1)..<n { a[i + j * n] = a[j + i * n] }
            }
        }
    }

    /// The inverse of a symmetric positive definite matrix (`potrf` + `potri`).
    ///
    /// The method consumes `self`: call it as `(consume a).positiveDefiniteInverse()` (or on a
    /// value not used afterwards) and the inversion reuses `a`'s buffer instead of copying it.
    /// - Throws: see ``invertPositiveDefinite()``.
    /// - Complexity: O(n^3).
    public consuming func positiveDefiniteInverse() throws(LinearAlgebraError) -> Matrix {
        try invertPositiveDefinite()
        return self
    }

    /// Solves `self * X = rhs` for a symmetric positive definite `self` (`potrf` + `potrs`, the
    /// two halves of LAPACK's `posv`).
    ///
    /// Consumes `self`: `(consume a).solvingPositiveDefinite(b)` factorises in `a`'s buffer.
    /// - Throws: ``LinearAlgebraError/notPositiveDefinite(column:)``;
    ///   ``LinearAlgebraError/nonFiniteEntry(row:column:)`` for a NaN or infinity in the lower
    ///   triangle of `self` or anywhere in `rhs`; ``LinearAlgebraError/dimensionTooLarge(_:)``.
    /// - Precondition: `self` is square and `rhs.rows == rows`.
    /// - Complexity: O(n^3 / 3 + n^2 * rhs.columns).
    public consuming func solvingPositiveDefinite(_ rhs: Matrix) throws(LinearAlgebraError) -> Matrix {
        precondition(rhs.rows == rows, "Solve with a \(rows)x\(columns) matrix and a \(rhs.rows)x\(rhs.columns) right-hand side")
        try rhs._requireFinite(lowerTriangleOnly: false)
        return try (consume self).choleskyFactorization().solve(rhs)
    }

    /// Solves `self * x = rhs` for one right-hand side vector and a symmetric positive definite
    /// `self` (`potrf` + `potrs`); consumes `self` like ``solvingPositiveDefinite(_:)-(Matrix<Scalar>)``.
    /// - Throws: as ``solvingPositiveDefinite(_:)-(Matrix<Scalar>)``.
    /// - Precondition: `self` is square and `rhs.count == rows`.
    /// - Complexity: O(n^3 / 3 + n^2).
    public consuming func solvingPositiveDefinite(_ rhs: [Scalar]) throws(LinearAlgebraError) -> [Scalar] {
        precondition(rhs.count == rows, "Solve with a \(rows)x\(columns) matrix and a right-hand side of \(rhs.count)")
        var b = Matrix(rows: rhs.count, columns: 1, columnMajor: rhs)
        try b._requireFinite(lowerTriangleOnly: false)
        try (consume self).choleskyFactorization().solve(overwriting: &b)
        return b.columnMajorElements
    }

    /// Solves `self * X = rhs` for a general square `self` by LU with partial pivoting (LAPACK
    /// `sgesv`/`dgesv`).
    /// - Throws: ``LinearAlgebraError/singular(column:)`` when a pivot is exactly zero;
    ///   ``LinearAlgebraError/nonFiniteEntry(row:column:)`` for a NaN or infinity in `self`
    ///   (reported first) or in `rhs`.
    /// - Precondition: `self` is square and `rhs.rows == rows`.
    /// - Complexity: O(n^3 * 2/3 + n^2 * rhs.columns).
    public func solving(_ rhs: Matrix) throws(LinearAlgebraError) -> Matrix {
        precondition(isSquare, "General solve needs a square matrix, got \(rows)x\(columns)")
        precondition(rhs.rows == rows, "Solve with a \(rows)x\(columns) matrix and a \(rhs.rows)x\(rhs.columns) right-hand side")
        let n = try blasInt(rows)
        var x = rhs
        if n == 0 || rhs.columns == 0 { return x }
        try _requireFinite(lowerTriangleOnly: false)
        try rhs._requireFinite(lowerTriangleOnly: false)
        var lu = self
        var pivots = [Int32](repeating: 0, count: rows)
        let nrhs = try blasInt(rhs.columns)
        let info = lu.withUnsafeMutableBufferPointer { a in
            x.withUnsafeMutableBufferPointer { b in
                pivots.withUnsafeMutableBufferPointer { p in
                    Scalar.gesv(n: n, nrhs: nrhs, a: a.baseAddress!, lda: n, pivots: p.baseAddress!,
                                b: b.baseAddress!, ldb: n)
                }
            }
        }
        if info > 0 { throw .singular(column: Int(info) - 1) }
        precondition(info == 0, "gesv rejected its arguments (info \(info))")
        return x
    }
}
