import _CLinearAlgebra

/// Converts a dimension to BLAS/LAPACK's 32-bit integer, stopping with the size when it does not fit.
@usableFromInline
func _blasInt(_ n: Int) -> Int32 {
    guard let value = Int32(exactly: n) else {
        preconditionFailure("Dimension \(n) exceeds BLAS's 32-bit integer range")
    }
    return value
}

/// Converts a dimension to LAPACK's 32-bit integer or throws ``LinearAlgebraError/dimensionTooLarge(_:)``.
@usableFromInline
func _lapackInt(_ n: Int) throws(LinearAlgebraError) -> Int32 {
    guard let value = Int32(exactly: n) else { throw .dimensionTooLarge(n) }
    return value
}

extension Matrix where Scalar == Double {
    /// `self <- alpha * op(a) * op(b) + beta * self`, in place (BLAS `dgemm`), where `op` transposes
    /// when asked.
    ///
    /// As in BLAS, `beta == 0` means the old contents of `self` are not read (a NaN there does not
    /// survive). `a` or `b` may be `self` itself (e.g. `c.addProduct(c, c)`): then the product is
    /// formed from the old values, in a fresh buffer. Otherwise a uniquely referenced `self` is
    /// updated without any copy.
    /// - Precondition: the shapes agree; the message names them.
    /// - Complexity: O(m n k) for an m x k times k x n product.
    public mutating func addProduct(
        _ a: Matrix, _ b: Matrix,
        transposingFirst: Bool = false, transposingSecond: Bool = false,
        scaledBy alpha: Double = 1, scalingSelfBy beta: Double = 1
    ) {
        let m = transposingFirst ? a.columns : a.rows
        let k = transposingFirst ? a.rows : a.columns
        let kb = transposingSecond ? b.columns : b.rows
        let n = transposingSecond ? b.rows : b.columns
        precondition(k == kb && m == rows && n == columns,
                     "Product \(transposingFirst ? "transpose of " : "")\(a.rows)x\(a.columns) times \(transposingSecond ? "transpose of " : "")\(b.rows)x\(b.columns) does not fit into \(rows)x\(columns)")
        if m == 0 || n == 0 { return }
        if k == 0 || alpha == 0 {
            // The product term vanishes; BLAS semantics for the rest (beta == 0 overwrites).
            if beta == 0 {
                withUnsafeMutableBufferPointer { $0.update(repeating: 0) }
            } else if beta != 1 {
                self *= beta
            }
            return
        }
        let (rows, otherRows) = (a.rows, b.rows)
        // `a` or `b` may share self's buffer; give self its own buffer first so BLAS never writes
        // what it reads.
        if a._storage === _storage || b._storage === _storage { _storage = _storage.copy() }
        _makeUnique()
        let c = _storage.base
        a.withUnsafeBufferPointer { pa in
            b.withUnsafeBufferPointer { pb in
                cblas_dgemm(CblasColMajor,
                            transposingFirst ? CblasTrans : CblasNoTrans,
                            transposingSecond ? CblasTrans : CblasNoTrans,
                            _blasInt(m), _blasInt(n), _blasInt(k), alpha,
                            pa.baseAddress, _blasInt(Swift.max(rows, 1)),
                            pb.baseAddress, _blasInt(Swift.max(otherRows, 1)),
                            beta, c, _blasInt(Swift.max(m, 1)))
            }
        }
    }

    /// `op(self) * op(other)` as a new matrix (BLAS `dgemm`).
    /// - Complexity: O(m n k).
    public func multiplied(by other: Matrix, transposingSelf: Bool = false, transposingOther: Bool = false) -> Matrix {
        let m = transposingSelf ? columns : rows
        let n = transposingOther ? other.rows : other.columns
        var result = Matrix(rows: m, columns: n)
        result.addProduct(self, other, transposingFirst: transposingSelf, transposingSecond: transposingOther,
                          scaledBy: 1, scalingSelfBy: 0)
        return result
    }

    /// The matrix product (BLAS `dgemm`). - Precondition: `lhs.columns == rhs.rows`.
    /// - Complexity: O(m n k) for an m x k times k x n product.
    public static func * (lhs: Matrix, rhs: Matrix) -> Matrix { lhs.multiplied(by: rhs) }

    /// `self^T * other` (BLAS `dgemm`, no transposed copy).
    /// - Complexity: O(m n k).
    public func transposeTimes(_ other: Matrix) -> Matrix { multiplied(by: other, transposingSelf: true) }

    /// `self * other^T` (BLAS `dgemm`, no transposed copy).
    /// - Complexity: O(m n k).
    public func timesTranspose(_ other: Matrix) -> Matrix { multiplied(by: other, transposingOther: true) }

    /// The matrix-vector product `op(self) * vector` (BLAS `dgemv`).
    /// - Precondition: `vector.count` equals the number of columns of `op(self)`.
    /// - Complexity: O(rows * columns).
    public func multiplied(by vector: [Double], transposingSelf: Bool = false) -> [Double] {
        let inner = transposingSelf ? rows : columns
        let outer = transposingSelf ? columns : rows
        precondition(vector.count == inner,
                     "Product of \(transposingSelf ? "transpose of " : "")\(rows)x\(columns) with a vector of \(vector.count)")
        var result = [Double](repeating: 0, count: outer)
        if outer == 0 || inner == 0 { return result }
        withUnsafeBufferPointer { a in
            cblas_dgemv(CblasColMajor, transposingSelf ? CblasTrans : CblasNoTrans,
                        _blasInt(rows), _blasInt(columns), 1, a.baseAddress, _blasInt(Swift.max(rows, 1)),
                        vector, 1, 0, &result, 1)
        }
        return result
    }

    /// The matrix-vector product (BLAS `dgemv`).
    /// - Complexity: O(rows * columns).
    public static func * (lhs: Matrix, rhs: [Double]) -> [Double] { lhs.multiplied(by: rhs) }

    /// The symmetric product `self^T self` (BLAS `dsyrk`, then the lower triangle is mirrored).
    /// - Complexity: O(rows * columns^2), half of the general product.
    public func transposeTimesSelf() -> Matrix {
        var result = Matrix(rows: columns, columns: columns)
        result.addSymmetricProduct(self, transposing: true, scaledBy: 1, scalingSelfBy: 0)
        return result
    }

    /// The symmetric product `self self^T` (BLAS `dsyrk`, then the lower triangle is mirrored).
    /// - Complexity: O(rows^2 * columns).
    public func timesTransposeOfSelf() -> Matrix {
        var result = Matrix(rows: rows, columns: rows)
        result.addSymmetricProduct(self, transposing: false, scaledBy: 1, scalingSelfBy: 0)
        return result
    }

    /// `self <- alpha * a^T a + beta * self` (or `a a^T` when `transposing` is false), in place
    /// with BLAS `dsyrk`; both triangles of `self` are updated.
    ///
    /// `self` is taken to be symmetric: only its lower triangle is read (for `beta != 0`), and the
    /// result's lower triangle is mirrored onto the upper one. `a` may be `self` itself (then the old
    /// values are used, in a fresh buffer); otherwise a uniquely referenced `self` is not copied.
    /// - Precondition: `self` is square with the matching order.
    /// - Complexity: O(n^2 k) for an n x n result, half of the general product.
    public mutating func addSymmetricProduct(_ a: Matrix, transposing: Bool, scaledBy alpha: Double = 1,
                                             scalingSelfBy beta: Double = 1) {
        let n = transposing ? a.columns : a.rows
        let k = transposing ? a.rows : a.columns
        precondition(rows == n && columns == n,
                     "Symmetric product of \(transposing ? "transpose of " : "")\(a.rows)x\(a.columns) with itself does not fit into \(rows)x\(columns)")
        if n == 0 { return }
        if a._storage === _storage { _storage = _storage.copy() }
        _makeUnique()
        let c = _storage.base, aRows = a.rows
        a.withUnsafeBufferPointer { pa in
            cblas_dsyrk(CblasColMajor, CblasLower, transposing ? CblasTrans : CblasNoTrans,
                        _blasInt(n), _blasInt(k), alpha, pa.baseAddress, _blasInt(Swift.max(aRows, 1)),
                        beta, c, _blasInt(n))
        }
        symmetrizeFromLowerTriangle()
    }

    /// The dot product of two equally long vectors (BLAS `ddot`).
    /// - Complexity: O(n).
    public static func dot(_ x: [Double], _ y: [Double]) -> Double {
        precondition(x.count == y.count, "dot of vectors of lengths \(x.count) and \(y.count)")
        if x.isEmpty { return 0 }
        return cblas_ddot(_blasInt(x.count), x, 1, y, 1)
    }
}
