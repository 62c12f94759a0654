import _CLinearAlgebra

/// Eigenpairs `A v_i = lambda_i v_i` of a real symmetric matrix, largest eigenvalue first
/// (LAPACK `dsyevr`, the MRRR algorithm).
public struct SymmetricEigendecomposition: Sendable {
    /// The eigenvalues in descending order.
    public let values: [Double]
    /// The orthonormal eigenvectors as columns, in the order of ``values``.
    public let vectors: Matrix<Double>
}

extension Matrix where Scalar == Double {
    /// All eigenpairs of a symmetric matrix (lower triangle read), largest first (LAPACK `dsyevr`).
    ///
    /// Consumes `self`: call as `(consume a).symmetricEigendecomposition()` to let `dsyevr` work in
    /// `a`'s buffer instead of a copy.
    /// - Throws: ``LinearAlgebraError/eigenSolverFailed(info:)``.
    /// - Complexity: O(n^3).
    public consuming func symmetricEigendecomposition() throws(LinearAlgebraError) -> SymmetricEigendecomposition {
        try largestEigenpairs(count: rows)
    }

    /// The `count` largest eigenpairs of a symmetric matrix (lower triangle read), largest first,
    /// computed with `dsyevr` restricted to an index range (a partial eigenproblem: only the
    /// requested eigenvectors are formed).
    ///
    /// Consumes `self` (see ``symmetricEigendecomposition()``).
    /// - Precondition: the matrix is square and `0 <= count <= rows`.
    /// - Throws: ``LinearAlgebraError/eigenSolverFailed(info:)``.
    /// - Complexity: O(n^3) for the tridiagonal reduction, plus O(n^2 count) for the vectors.
    public consuming func largestEigenpairs(count: Int) throws(LinearAlgebraError) -> SymmetricEigendecomposition {
        precondition(isSquare, "Symmetric eigen-decomposition needs a square matrix, got \(rows)x\(columns)")
        precondition(count >= 0 && count <= rows, "Eigenpair count \(count) out of range 0...\(rows)")
        let order = rows
        let n = try _lapackInt(order)
        if count == 0 || n == 0 {
            return SymmetricEigendecomposition(values: [], vectors: Matrix(rows: rows, columns: 0))
        }
        var a = self
        var values = [Double](repeating: 0, count: order)
        var vectors = try Matrix(zeroedRows: order, columns: count)
        var support = [Int32](repeating: 0, count: 2 * count)
        var found: Int32 = 0
        let lower = n - Int32(count) + 1
        let info = a.withUnsafeMutableBufferPointer { pa in
            vectors.withUnsafeMutableBufferPointer { pz in
                LAPACKE_dsyevr(LAPACK_COL_MAJOR, Int8(UInt8(ascii: "V")),
                               Int8(UInt8(ascii: count == order ? "A" : "I")), Int8(UInt8(ascii: "L")),
                               n, pa.baseAddress, n, 0, 0, lower, n, 0, &found,
                               &values, pz.baseAddress, n, &support)
            }
        }
        if info != 0 { throw .eigenSolverFailed(info: Int(info)) }
        precondition(Int(found) == count, "dsyevr returned \(found) eigenpairs, \(count) requested")
        // dsyevr returns ascending order; reverse to largest first.
        let ascending = Array(values.prefix(count))
        var reversed = Matrix(rows: order, columns: count)
        let n64 = order
        vectors.withUnsafeBufferPointer { source in
            reversed.withUnsafeMutableBufferPointer { target in
                for j in 0..<count {
                    let from = source.baseAddress! + (count - 1 - j) * n64
                    (target.baseAddress! + j * n64).update(from: from, count: n64)
                }
            }
        }
        return SymmetricEigendecomposition(values: ascending.reversed(), vectors: reversed)
    }
}
