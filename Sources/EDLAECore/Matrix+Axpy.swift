// `y <- y + alpha x` (BLAS `saxpy`/`daxpy`) on matrices and on arrays.

extension Matrix {
    /// `self <- self + alpha * other`, in place (BLAS `saxpy`/`daxpy` over the column-major
    /// buffers, in chunks of at most `Int32.max` elements). A uniquely referenced `self` is updated
    /// without a copy; `other` may be `self` itself.
    /// - Precondition: equal shapes; the message names them.
    /// - Complexity: O(rows * columns).
    public mutating func add(_ other: Matrix, multipliedBy alpha: Scalar) {
        _checkSameShape(other, "add(_:multipliedBy:)")
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
    public mutating func add(_ other: [Element], multipliedBy alpha: Element) {
        precondition(other.count == count, "add(_:multipliedBy:) of arrays of lengths \(other.count) and \(count)")
        if isEmpty { return }
        other.withUnsafeBufferPointer { x in
            withUnsafeMutableBufferPointer { y in Matrix<Element>._axpy(alpha, x, y) }
        }
    }
}
