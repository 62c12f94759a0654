extension Matrix {
    /// The Frobenius inner product `<self, other> = tr(self^T other) = sum_ij self_ij other_ij`
    /// (BLAS `sdot`/`ddot` on the column-major buffers, in chunks of at most `Int32.max`
    /// elements). With `A = U^T U` and `B = V^T V` it gives `||U V^T||_F^2 = <A, B>` without
    /// forming `U V^T`.
    /// - Precondition: equal shapes; the message names them.
    /// - Complexity: O(rows columns).
    public func frobeniusInner(_ other: Matrix) -> Scalar {
        precondition(rows == other.rows && columns == other.columns,
                     "Inner product needs equal shapes, got \(rows)x\(columns) and \(other.rows)x\(other.columns)")
        return withUnsafeBufferPointer { a in
            other.withUnsafeBufferPointer { b in Matrix._dot(a, b) }
        }
    }

    /// `diag(self other^T)`: entry `i` is the dot product of row `i` of `self` with row `i` of
    /// `other` (for factors `U`, `V` of `B = U V^T`, the diagonal of `B` without forming it).
    /// - Precondition: equal shapes; the message names them.
    /// - Complexity: O(rows columns).
    public func rowwiseDots(_ other: Matrix) -> [Scalar] {
        precondition(rows == other.rows && columns == other.columns,
                     "Row-wise dots need equal shapes, got \(rows)x\(columns) and \(other.rows)x\(other.columns)")
        let m = rows, k = columns
        var result = [Scalar](repeating: 0, count: m)
        withUnsafeBufferPointer { a in
            other.withUnsafeBufferPointer { b in
                result.withUnsafeMutableBufferPointer { r in
                    for j in 0..<k {
                        let offset = j * m
                        for i in 0..<m { r[i] += a[offset + i] * b[offset + i] }
                    }
                }
            }
        }
        return result
    }
}
