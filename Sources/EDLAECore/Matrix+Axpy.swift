import _CLinearAlgebra

extension Matrix where Scalar == Double {
    /// `self <- self + alpha * other` (BLAS `daxpy`), in place.
    ///
    /// Matrices with more than `Int32.max` elements are processed in chunks, so any shape that
    /// fits in memory works with BLAS's 32-bit lengths.
    /// - Precondition: equal shapes (a programmer error otherwise).
    /// - Complexity: O(rows * columns), one pass over both matrices.
    public mutating func add(_ other: Matrix<Double>, scaledBy alpha: Double) {
        precondition(rows == other.rows && columns == other.columns,
                     "axpy needs equal shapes, got \(rows)x\(columns) and \(other.rows)x\(other.columns)")
        let n = count
        if n == 0 { return }
        other.withUnsafeBufferPointer { b in
            withUnsafeMutableBufferPointer { a in
                var start = 0
                while start < n {
                    let length = Swift.min(n - start, Int(Int32.max))
                    cblas_daxpy(Int32(length), alpha, b.baseAddress! + start, 1, a.baseAddress! + start, 1)
                    start += length
                }
            }
        }
    }
}
