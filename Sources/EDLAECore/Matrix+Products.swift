// Products by BLAS, one generic code path for `Float` (`s` routines) and `Double` (`d` routines)
// through the requirements of `MatrixScalar`. Every dimension of a matrix fits a BLAS integer (see
// `blasInt`), so the products cannot fail on sizes and do not throw; whole-buffer level-1
// operations run in chunks of at most `Int32.max` elements.

extension Matrix {
    /// `self <- alpha * op(a) * op(b) + beta * self`, in place (BLAS `sgemm`/`dgemm`), where `op`
    /// transposes when asked.
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
        scaledBy alpha: Scalar = 1, scalingSelfBy beta: Scalar = 1
    ) {
        let m = transposingFirst ? a.columns : a.rows
        let k = transposingFirst ? a.rows : a.columns
        let kb = transposingSecond ? b.columns : b.rows
        let n = transposingSecond ? b.rows : b.columns
        precondition(k == kb && m == rows && n == columns,
                     "Product \(transposingFirst ? "transpose of " : "")\(a.rows)x\(a.columns) times "
                         + "\(transposingSecond ? "transpose of " : "")\(b.rows)x\(b.columns) does not fit into \(rows)x\(columns)")
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
        let (aRows, bRows) = (a.rows, b.rows)
        // `a` or `b` may share self's buffer; give self its own buffer first so BLAS never writes
        // what it reads.
        if a._storage === _storage || b._storage === _storage { _storage = _storage.copy() }
        _makeUnique()
        let c = _storage.base
        a.withUnsafeBufferPointer { pa in
            b.withUnsafeBufferPointer { pb in
                Scalar.gemm(transposingA: transposingFirst, transposingB: transposingSecond,
                            m: Matrix._existingDimension(m), n: Matrix._existingDimension(n),
                            k: Matrix._existingDimension(k), alpha: alpha,
                            a: pa.baseAddress!, lda: Matrix._existingDimension(Swift.max(aRows, 1)),
                            b: pb.baseAddress!, ldb: Matrix._existingDimension(Swift.max(bRows, 1)),
                            beta: beta, c: c, ldc: Matrix._existingDimension(Swift.max(m, 1)))
            }
        }
    }

    /// `op(self) * op(other)` as a new matrix (BLAS `sgemm`/`dgemm`).
    /// - Complexity: O(m n k).
    public func multiplied(by other: Matrix, transposingSelf: Bool = false, transposingOther: Bool = false) -> Matrix {
        let m = transposingSelf ? columns : rows
        let n = transposingOther ? other.rows : other.columns
        var result = Matrix(rows: m, columns: n)
        result.addProduct(self, other, transposingFirst: transposingSelf, transposingSecond: transposingOther,
                          scaledBy: 1, scalingSelfBy: 0)
        return result
    }

    /// The matrix product (BLAS `sgemm`/`dgemm`). - Precondition: `lhs.columns == rhs.rows`.
    /// - Complexity: O(m n k) for an m x k times k x n product.
    public static func * (lhs: Matrix, rhs: Matrix) -> Matrix { lhs.multiplied(by: rhs) }

    /// `self^T * other` (BLAS `sgemm`/`dgemm`, no transposed copy).
    /// - Complexity: O(m n k).
    public func transposeTimes(_ other: Matrix) -> Matrix { multiplied(by: other, transposingSelf: true) }

    /// `self * other^T` (BLAS `sgemm`/`dgemm`, no transposed copy).
    /// - Complexity: O(m n k).
    public func timesTranspose(_ other: Matrix) -> Matrix { multiplied(by: other, transposingOther: true) }

    /// The matrix-vector product `op(self) * vector` (BLAS `sgemv`/`dgemv`).
    /// - Precondition: `vector.count` equals the number of columns of `op(self)`.
    /// - Complexity: O(rows * columns).
    public func multiplied(by vector: [Scalar], transposingSelf: Bool = false) -> [Scalar] {
        let inner = transposingSelf ? rows : columns
        let outer = transposingSelf ? columns : rows
        precondition(vector.count == inner,
                     "Product of \(transposingSelf ? "transpose of " : "")\(rows)x\(columns) with a vector of \(vector.count)")
        var result = [Scalar](repeating: 0, count: outer)
        if outer == 0 || inner == 0 { return result }
        withUnsafeBufferPointer { a in
            vector.withUnsafeBufferPointer { x in
                result.withUnsafeMutableBufferPointer { y in
                    Scalar.gemv(transposing: transposingSelf, m: Matrix._existingDimension(rows),
                                n: Matrix._existingDimension(columns), alpha: 1, a: a.baseAddress!,
                                lda: Matrix._existingDimension(Swift.max(rows, 1)), x: x.baseAddress!,
                                beta: 0, y: y.baseAddress!)
                }
            }
        }
        return result
    }

    /// The matrix-vector product (BLAS `sgemv`/`dgemv`).
    /// - Complexity: O(rows * columns).
    public static func * (lhs: Matrix, rhs: [Scalar]) -> [Scalar] { lhs.multiplied(by: rhs) }

    /// The symmetric product `self^T self` (BLAS `ssyrk`/`dsyrk`, then the lower triangle is mirrored).
    /// - Complexity: O(rows * columns^2), half of the general product.
    public func transposeTimesSelf() -> Matrix {
        var result = Matrix(rows: columns, columns: columns)
        result.addSymmetricProduct(self, transposing: true, scaledBy: 1, scalingSelfBy: 0)
        return result
    }

    /// The symmetric product `self self^T` (BLAS `ssyrk`/`dsyrk`, then the lower triangle is mirrored).
    /// - Complexity: O(rows^2 * columns).
    public func timesTransposeOfSelf() -> Matrix {
        var result = Matrix(rows: rows, columns: rows)
        result.addSymmetricProduct(self, transposing: false, scaledBy: 1, scalingSelfBy: 0)
        return result
    }

    /// `self <- alpha * a^T a + beta * self` (or `a a^T` when `transposing` is false), in place
    /// with BLAS `ssyrk`/`dsyrk`; both triangles of `self` are updated.
    ///
    /// `self` is taken to be symmetric: only its lower triangle is read (for `beta != 0`), and the
    /// result's lower triangle is mirrored onto the upper one. `a` may be `self` itself (then the old
    /// values are used, in a fresh buffer); otherwise a uniquely referenced `self` is not copied.
    /// - Precondition: `self` is square with the matching order.
    /// - Complexity: O(n^2 k) for an n x n result, half of the general product.
    public mutating func addSymmetricProduct(_ a: Matrix, transposing: Bool, scaledBy alpha: Scalar = 1,
                                             scalingSelfBy beta: Scalar = 1) {
        let n = transposing ? a.columns : a.rows
        let k = transposing ? a.rows : a.columns
        precondition(rows == n && columns == n,
                     "Symmetric product of \(transposing ? "transpose of " : "")\(a.rows)x\(a.columns) with itself does not fit into \(rows)x\(columns)")
        if n == 0 { return }
        if a._storage === _storage { _storage = _storage.copy() }
        _makeUnique()
        let c = _storage.base, aRows = a.rows
        a.withUnsafeBufferPointer { pa in
            Scalar.syrk(transposing: transposing, n: Matrix._existingDimension(n), k: Matrix._existingDimension(k),
                        alpha: alpha, a: pa.baseAddress!, lda: Matrix._existingDimension(Swift.max(aRows, 1)),
                        beta: beta, c: c, ldc: Matrix._existingDimension(n))
        }
        symmetrizeFromLowerTriangle()
    }

    /// The dot product `sum x_i y_i` of two equally long vectors (BLAS `sdot`/`ddot`, in chunks of
    /// at most `Int32.max` elements).
    /// - Complexity: O(n).
    public static func dot(_ x: [Scalar], _ y: [Scalar]) -> Scalar {
        precondition(x.count == y.count, "dot of vectors of lengths \(x.count) and \(y.count)")
        return x.withUnsafeBufferPointer { px in
            y.withUnsafeBufferPointer { py in _dot(px, py) }
        }
    }

    /// `sum x_i y_i` over two equally long buffers, in chunks of at most `chunkLength` (by default
    /// `Int32.max`, the most a BLAS integer can count) elements.
    package static func _dot(_ x: UnsafeBufferPointer<Scalar>, _ y: UnsafeBufferPointer<Scalar>,
                             chunkLength: Int = _blasChunk) -> Scalar {
        precondition(chunkLength > 0 && chunkLength <= _blasChunk, "chunk length \(chunkLength)")
        var sum: Scalar = 0
        var start = 0
        while start < x.count {
            let length = Swift.min(chunkLength, x.count - start)
            sum += Scalar.dot(n: Int32(length), x: x.baseAddress! + start, y: y.baseAddress! + start)
            start += length
        }
        return sum
    }

    /// `y <- y + alpha x` over two equally long buffers, in chunks of at most `chunkLength` (by
    /// default `Int32.max`) elements.
    package static func _axpy(_ alpha: Scalar, _ x: UnsafeBufferPointer<Scalar>, _ y: UnsafeMutableBufferPointer<Scalar>,
                              chunkLength: Int = _blasChunk) {
        precondition(chunkLength > 0 && chunkLength <= _blasChunk, "chunk length \(chunkLength)")
        var start = 0
        while start < x.count {
            let length = Swift.min(chunkLength, x.count - start)
            Scalar.axpy(n: Int32(length), alpha: alpha, x: x.baseAddress! + start, y: y.baseAddress! + start)
            start += length
        }
    }
}
