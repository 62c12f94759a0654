// `y <- y + alpha x` (BLAS `saxpy`/`daxpy`) on matrices and on arrays.

extension Matrix {
    /// `self <- self + alpha * other`, in place (BLAS `saxpy`/`daxpy` over the column-major
    /// buffers). A uniquely referenced `self` is updated without a copy; `other` may be `self`.
    ///
    /// Matrices with more than `Int32.max` elements are processed in chunks, so any shape that
    /// fits in memory works with BLAS's 32-bit lengths.
    /// - Precondition: equal shapes (a programmer error otherwise); the message names them.
    /// - Complexity: O(rows * columns), one pass over both matrices.
    public mutating func add(_ other: Matrix, scaledBy alpha: Scalar) {
        _checkSameShape(other, "axpy")
        if count == 0 { return }
        if other._storage === _storage { _storage = _storage.copy() }
        _makeUnique()
        let target = UnsafeMutableBufferPointer(start: _storage.base, count: count)
        other.withUnsafeBufferPointer { x in Matrix._axpy(alpha, x, target) }
    }
}

extension Array where Element: MatrixScalar {
    /// `self <- self + alpha * other`, in place (BLAS `saxpy`/`daxpy`, in chunks of at most
    /// `Int32.max` elements).
    /// - Precondition: `other.count == count`.
    /// - Complexity: O(count).
    public mutating func add(_ other: [Element], scaledBy alpha: Element) {
        precondition(other.count == count, "axpy of arrays of lengths \(other.count) and \(count)")
        if isEmpty { return }
        other.withUnsafeBufferPointer { x in
            withUnsafeMutableBufferPointer { y in Matrix<Element>._axpy(alpha, x, y) }
        }
    }
}
