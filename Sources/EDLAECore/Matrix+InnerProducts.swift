import _CLinearAlgebra

extension Matrix where Scalar == Double {
    /// The Frobenius inner product `<self, other> = tr(self^T other) = sum_ij self_ij other_ij`
    /// (BLAS `ddot` on the column-major buffers). With `A = U^T U` and `B = V^T V` it gives
    /// `||U V^T||_F^2 = <A, B>` without forming `U V^T`.
    /// - Precondition: equal shapes; the message names them.
    /// - Complexity: O(rows columns).
    public func frobeniusInner(_ other: Matrix) -> Double {
        precondition(rows == other.rows && columns == other.columns,
                     "Inner product needs equal shapes, got \(rows)x\(columns) and \(other.rows)x\(other.columns)")
        let n = count
        if n == 0 { return 0 }
        return withUnsafeBufferPointer { a in
            other.withUnsafeBufferPointer { b in cblas_ddot(_blasInt(n), a.baseAddress, 1, b.baseAddress, 1) }
        }
    }

    /// `diag(self other^T)`: entry `i` is the dot product of row `i` of `self` with row `i` of
    /// `other` (for factors `U`, `V` of `B = U V^T`, the diagonal of `B` without forming it).
    /// - Precondition: equal shapes; the message names them.
    /// - Complexity: O(rows columns).
    public func rowwiseDots(_ other: Matrix) -> [Double] {
        precondition(rows == other.rows && columns == other.columns,
                     "Row-wise dots need equal shapes, got \(rows)x\(columns) and \(other.rows)x\(other.columns)")
        let m = rows, k = columns
        var result = [Double](repeating: 0, count: m)
        withUnsafeBufferPointer { a in
            other.withUnsafeBufferPointer { b in
                for j in 0..<k {
                    let offset = j * m
                    for i in 0..<m { result[i] += a[offset + i] * b[offset + i] }
                }
            }
        }
        return result
    }
}
