import Foundation
import _CLinearAlgebra

// The LAPACKE `_work` entry points are called throughout: they go straight to LAPACK, without
// LAPACKE's NaN scan (which would report a NaN as a rejected argument). Inputs are scanned here
// instead, and a NaN or infinity becomes ``LinearAlgebraError/nonFiniteEntry(row:column:)``.

/// The Cholesky factorisation `A = L L^T` of a symmetric positive definite matrix (LAPACK `dpotrf`).
///
/// Obtain one with ``Matrix/choleskyFactorization()``; solve with ``solve(_:)-(Matrix<Double>)``.
public struct CholeskyFactorization: Sendable {
    /// The lower-triangular factor `L`; its strictly upper triangle is zero.
    public let lower: Matrix<Double>

    /// The order of the factorised matrix.
    /// - Complexity: O(1).
    public var order: Int { lower.rows }

    /// Solves `A X = B` for `X` with the stored factor (LAPACK `dpotrs`).
    ///
    /// A NaN or infinity in `rhs` propagates into the matching columns of the result.
    /// - Precondition: `rhs.rows == order`.
    /// - Complexity: O(n^2 * rhs.columns).
    public func solve(_ rhs: Matrix<Double>) -> Matrix<Double> {
        var x = rhs
        solve(overwriting: &x)
        return x
    }

    /// Solves `A X = B` in place: `rhs` holds `B` on entry and `X` on return (LAPACK `dpotrs`),
    /// with no second buffer when `rhs` is uniquely referenced.
    /// - Precondition: `rhs.rows == order`.
    /// - Complexity: O(n^2 * rhs.columns).
    public func solve(overwriting rhs: inout Matrix<Double>) {
        precondition(rhs.rows == order, "Cholesky solve of order \(order) with a \(rhs.rows)x\(rhs.columns) right-hand side")
        if order == 0 || rhs.columns == 0 { return }
        let n = _blasInt(order), columns = _blasInt(rhs.columns)
        let info = lower.withUnsafeBufferPointer { l in
            rhs.withUnsafeMutableBufferPointer { b in
                LAPACKE_dpotrs_work(LAPACK_COL_MAJOR, Int8(UInt8(ascii: "L")), n, columns,
                                    l.baseAddress, n, b.baseAddress, n)
            }
        }
        precondition(info == 0, "dpotrs rejected its arguments (info \(info))")
    }

    /// `X A^-1` for a matrix `X` with `order` columns: two triangular solves on the right,
    /// `X L^-T` then `(X L^-T) L^-1` (BLAS `dtrsm`), in one copy of `X` and without transposing it.
    /// - Precondition: `lhs.columns == order`.
    /// - Complexity: O(rows * n^2).
    public func solveOnTheRight(_ lhs: Matrix<Double>) -> Matrix<Double> {
        precondition(lhs.columns == order,
                     "Right solve of a \(lhs.rows)x\(lhs.columns) matrix by a Cholesky factor of order \(order)")
        var x = lhs
        let m = lhs.rows, n = order
        if m == 0 || n == 0 { return x }
        lower.withUnsafeBufferPointer { l in
            x.withUnsafeMutableBufferPointer { b in
                cblas_dtrsm(CblasColMajor, CblasRight, CblasLower, CblasTrans, CblasNonUnit,
                            _blasInt(m), _blasInt(n), 1, l.baseAddress, _blasInt(n), b.baseAddress, _blasInt(m))
                cblas_dtrsm(CblasColMajor, CblasRight, CblasLower, CblasNoTrans, CblasNonUnit,
                            _blasInt(m), _blasInt(n), 1, l.baseAddress, _blasInt(n), b.baseAddress, _blasInt(m))
            }
        }
        return x
    }

    /// Solves `A x = b` for one right-hand side vector.
    /// - Precondition: `rhs.count == order`.
    /// - Complexity: O(n^2).
    public func solve(_ rhs: [Double]) -> [Double] {
        solve(Matrix(rows: rhs.count, columns: 1, columnMajor: rhs)).columnMajorElements
    }

    /// `log det A = 2 * sum(log L_ii)`.
    /// - Complexity: O(n).
    public var logDeterminant: Double { 2 * lower.diagonal.reduce(0) { $0 + log($1) } }
}

extension Matrix where Scalar == Double {
    /// Factorises a symmetric positive definite matrix as `L L^T` (LAPACK `dpotrf`, lower triangle read).
    ///
    /// Consumes `self`: `(consume a).choleskyFactorization()` factorises in `a`'s buffer; a value
    /// still used afterwards is copied first, as usual.
    /// - Throws: ``LinearAlgebraError/notPositiveDefinite(column:)`` naming the first failing column;
    ///   ``LinearAlgebraError/nonFiniteEntry(row:column:)`` for a NaN or infinity in the lower triangle.
    /// - Precondition: the matrix is square.
    /// - Complexity: O(n^3 / 3).
    public consuming func choleskyFactorization() throws(LinearAlgebraError) -> CholeskyFactorization {
        try _factorCholeskyInPlace()
        // Zero the strictly upper triangle, which dpotrf leaves untouched.
        let n = rows
        withUnsafeMutableBufferPointer { a in
            for j in 0..<n { for i in 0..<j { a[i + j * n] = 0 } }
        }
        return CholeskyFactorization(lower: self)
    }

    /// Overwrites the lower triangle with the Cholesky factor `L` (`dpotrf`); the strictly upper
    /// triangle is left as it was.
    @usableFromInline
    mutating func _factorCholeskyInPlace() throws(LinearAlgebraError) {
        precondition(isSquare, "Cholesky factorisation needs a square matrix, got \(rows)x\(columns)")
        let n = try _lapackInt(rows)
        if n == 0 { return }
        try _requireFinite(lowerTriangleOnly: true)
        let info = withUnsafeMutableBufferPointer { a in
            LAPACKE_dpotrf_work(LAPACK_COL_MAJOR, Int8(UInt8(ascii: "L")), n, a.baseAddress, n)
        }
        if info > 0 { throw .notPositiveDefinite(column: Int(info) - 1) }
        precondition(info == 0, "dpotrf rejected its arguments (info \(info))")
    }

    /// Replaces a symmetric positive definite matrix by its inverse, in place, with no second
    /// n x n buffer (LAPACK `dpotrf` then `dpotri`; `dpotri` writes the lower triangle only,
    /// which is then mirrored onto the upper one). Only the lower triangle of `self` is read.
    ///
    /// On a ``LinearAlgebraError/notPositiveDefinite(column:)`` the contents are unspecified
    /// (partly factorised); on ``LinearAlgebraError/nonFiniteEntry(row:column:)`` they are unchanged.
    /// - Throws: ``LinearAlgebraError/notPositiveDefinite(column:)``,
    ///   ``LinearAlgebraError/nonFiniteEntry(row:column:)``.
    /// - Complexity: O(n^3), about n^3 flops in total.
    public mutating func invertPositiveDefinite() throws(LinearAlgebraError) {
        try _factorCholeskyInPlace()
        let n = try _lapackInt(rows)
        if n == 0 { return }
        let info = withUnsafeMutableBufferPointer { a in
            LAPACKE_dpotri_work(LAPACK_COL_MAJOR, Int8(UInt8(ascii: "L")), n, a.baseAddress, n)
        }
        // dpotri fails only on an exactly zero diagonal of L, which a successful dpotrf rules out.
        if info > 0 { throw .notPositiveDefinite(column: Int(info) - 1) }
        precondition(info == 0, "dpotri rejected its arguments (info \(info))")
        symmetrizeFromLowerTriangle()
    }

    /// The inverse of a symmetric positive definite matrix (`dpotrf` + `dpotri`).
    ///
    /// The method consumes `self`: call it as `(consume a).positiveDefiniteInverse()` (or on a
    /// value not used afterwards) and the inversion reuses `a`'s buffer instead of copying it.
    /// - Throws: see ``invertPositiveDefinite()``.
    /// - Complexity: O(n^3).
    public consuming func positiveDefiniteInverse() throws(LinearAlgebraError) -> Matrix {
        try invertPositiveDefinite()
        return self
    }

    /// Solves `self * X = rhs` for a symmetric positive definite `self` (`dpotrf` + `dpotrs`).
    /// - Throws: ``LinearAlgebraError/notPositiveDefinite(column:)``;
    ///   ``LinearAlgebraError/nonFiniteEntry(row:column:)`` for a NaN or infinity in the lower
    ///   triangle of `self` or anywhere in `rhs`.
    /// - Precondition: `rhs.rows == rows`.
    /// - Complexity: O(n^3 / 3 + n^2 * rhs.columns).
    public func solvingPositiveDefinite(_ rhs: Matrix) throws(LinearAlgebraError) -> Matrix {
        precondition(rhs.rows == rows, "Solve with a \(rows)x\(columns) matrix and a \(rhs.rows)x\(rhs.columns) right-hand side")
        try rhs._requireFinite(lowerTriangleOnly: false)
        return try choleskyFactorization().solve(rhs)
    }

    /// Solves `self * X = rhs` for a general square `self` by LU with partial pivoting (LAPACK `dgesv`).
    /// - Throws: ``LinearAlgebraError/singular(column:)`` when a pivot is exactly zero;
    ///   ``LinearAlgebraError/nonFiniteEntry(row:column:)`` for a NaN or infinity in `self`
    ///   (reported first) or in `rhs`.
    /// - Precondition: `self` is square and `rhs.rows == rows`.
    /// - Complexity: O(n^3 * 2/3 + n^2 * rhs.columns).
    public func solving(_ rhs: Matrix) throws(LinearAlgebraError) -> Matrix {
        precondition(isSquare, "General solve needs a square matrix, got \(rows)x\(columns)")
        precondition(rhs.rows == rows, "Solve with a \(rows)x\(columns) matrix and a \(rhs.rows)x\(rhs.columns) right-hand side")
        let n = try _lapackInt(rows)
        var x = rhs
        if n == 0 || rhs.columns == 0 { return x }
        try _requireFinite(lowerTriangleOnly: false)
        try rhs._requireFinite(lowerTriangleOnly: false)
        var lu = self
        var pivots = [Int32](repeating: 0, count: rows)
        let nrhs = try _lapackInt(rhs.columns)
        let info = lu.withUnsafeMutableBufferPointer { a in
            x.withUnsafeMutableBufferPointer { b in
                LAPACKE_dgesv_work(LAPACK_COL_MAJOR, n, nrhs, a.baseAddress, n, &pivots, b.baseAddress, n)
            }
        }
        if info > 0 { throw .singular(column: Int(info) - 1) }
        precondition(info == 0, "dgesv rejected its arguments (info \(info))")
        return x
    }
}
