import Foundation
import _CLinearAlgebra

/// The Cholesky factorisation `A = L L^T` of a symmetric positive definite matrix (LAPACK `dpotrf`).
///
/// Obtain one with ``Matrix/choleskyFactorization()``; solve with ``solve(_:)-(Matrix<Double>)``.
public struct CholeskyFactorization: Sendable {
    /// The lower-triangular factor `L`; its strictly upper triangle is zero.
    public let lower: Matrix<Double>

    /// The order of the factorised matrix.
    public var order: Int { lower.rows }

    /// Solves `A X = B` for `X` with the stored factor (LAPACK `dpotrs`).
    /// - Precondition: `rhs.rows == order`.
    /// - Complexity: O(n^2 * rhs.columns).
    public func solve(_ rhs: Matrix<Double>) -> Matrix<Double> {
        precondition(rhs.rows == order, "Cholesky solve of order \(order) with a \(rhs.rows)x\(rhs.columns) right-hand side")
        var x = rhs
        if order == 0 || rhs.columns == 0 { return x }
        let n = order, columns = rhs.columns
        let info = lower.withUnsafeBufferPointer { l in
            x.withUnsafeMutableBufferPointer { b in
                LAPACKE_dpotrs(LAPACK_COL_MAJOR, Int8(UInt8(ascii: "L")), _blasInt(n), _blasInt(columns),
                               l.baseAddress, _blasInt(n), b.baseAddress, _blasInt(n))
            }
        }
        precondition(info == 0, "dpotrs rejected its arguments (info \(info))")
        return x
    }

    /// Solves `A x = b` for one right-hand side vector.
    public func solve(_ rhs: [Double]) -> [Double] {
        solve(Matrix(rows: rhs.count, columns: 1, columnMajor: rhs)).columnMajorElements
    }

    /// `log det A = 2 * sum(log L_ii)`.
    public var logDeterminant: Double { 2 * lower.diagonal.reduce(0) { $0 + log($1) } }
}

extension Matrix where Scalar == Double {
    /// Factorises a symmetric positive definite matrix as `L L^T` (LAPACK `dpotrf`, lower triangle read).
    /// - Throws: ``LinearAlgebraError/notPositiveDefinite(column:)`` naming the first failing column.
    /// - Precondition: the matrix is square.
    /// - Complexity: O(n^3 / 3).
    public func choleskyFactorization() throws(LinearAlgebraError) -> CholeskyFactorization {
        var factor = self
        try factor._factorCholeskyInPlace()
        // Zero the strictly upper triangle, which dpotrf leaves untouched.
        let n = rows
        factor.withUnsafeMutableBufferPointer { a in
            for j in 0..<n { for i in 0..<j { a[i + j * n] = 0 } }
        }
        return CholeskyFactorization(lower: factor)
    }

    @usableFromInline
    mutating func _factorCholeskyInPlace() throws(LinearAlgebraError) {
        precondition(isSquare, "Cholesky factorisation needs a square matrix, got \(rows)x\(columns)")
        let n = try _lapackInt(rows)
        if n == 0 { return }
        let info = withUnsafeMutableBufferPointer { a in
            LAPACKE_dpotrf(LAPACK_COL_MAJOR, Int8(UInt8(ascii: "L")), n, a.baseAddress, n)
        }
        if info > 0 { throw .notPositiveDefinite(column: Int(info) - 1) }
        precondition(info == 0, "dpotrf rejected its arguments (info \(info))")
    }

    /// Replaces a symmetric positive definite matrix by its inverse, in place, with no second
    /// n x n buffer (LAPACK `dpotrf` then `dpotri`; `dpotri` writes the lower triangle only,
    /// which is then mirrored onto the upper one).
    ///
    /// On a thrown error the contents are unspecified (partly factorised).
    /// - Throws: ``LinearAlgebraError/notPositiveDefinite(column:)``.
    /// - Complexity: O(n^3), about n^3 flops in total.
    public mutating func invertPositiveDefinite() throws(LinearAlgebraError) {
        try _factorCholeskyInPlace()
        let n = try _lapackInt(rows)
        if n == 0 { return }
        let info = withUnsafeMutableBufferPointer { a in
            LAPACKE_dpotri(LAPACK_COL_MAJOR, Int8(UInt8(ascii: "L")), n, a.baseAddress, n)
        }
        if info > 0 { throw .notPositiveDefinite(column: Int(info) - 1) }
        precondition(info == 0, "dpotri rejected its arguments (info \(info))")
        symmetrizeFromLowerTriangle()
    }

    /// The inverse of a symmetric positive definite matrix (`dpotrf` + `dpotri`).
    ///
    /// The method consumes `self`: call it as `(consume a).positiveDefiniteInverse()` (or on a
    /// value not used afterwards) and the inversion reuses `a`'s buffer instead of copying it.
    public consuming func positiveDefiniteInverse() throws(LinearAlgebraError) -> Matrix {
        var result = self
        try result.invertPositiveDefinite()
        return result
    }

    /// Solves `self * X = rhs` for a symmetric positive definite `self` (`dpotrf` + `dpotrs`).
    /// - Throws: ``LinearAlgebraError/notPositiveDefinite(column:)``.
    public func solvingPositiveDefinite(_ rhs: Matrix) throws(LinearAlgebraError) -> Matrix {
        precondition(rhs.rows == rows, "Solve with a \(rows)x\(columns) matrix and a \(rhs.rows)x\(rhs.columns) right-hand side")
        return try choleskyFactorization().solve(rhs)
    }

    /// Solves `self * X = rhs` for a general square `self` by LU with partial pivoting (LAPACK `dgesv`).
    /// - Throws: ``LinearAlgebraError/singular(column:)`` when a pivot is exactly zero.
    /// - Complexity: O(n^3 * 2/3 + n^2 * rhs.columns).
    public func solving(_ rhs: Matrix) throws(LinearAlgebraError) -> Matrix {
        precondition(isSquare, "General solve needs a square matrix, got \(rows)x\(columns)")
        precondition(rhs.rows == rows, "Solve with a \(rows)x\(columns) matrix and a \(rhs.rows)x\(rhs.columns) right-hand side")
        let n = try _lapackInt(rows)
        var x = rhs
        if n == 0 || rhs.columns == 0 { return x }
        var lu = self
        var pivots = [Int32](repeating: 0, count: rows)
        let nrhs = try _lapackInt(rhs.columns)
        let info = lu.withUnsafeMutableBufferPointer { a in
            x.withUnsafeMutableBufferPointer { b in
                LAPACKE_dgesv(LAPACK_COL_MAJOR, n, nrhs, a.baseAddress, n, &pivots, b.baseAddress, n)
            }
        }
        if info > 0 { throw .singular(column: Int(info) - 1) }
        precondition(info == 0, "dgesv rejected its arguments (info \(info))")
        return x
    }
}
