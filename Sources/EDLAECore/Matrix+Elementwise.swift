// Elementwise and scalar arithmetic, norms and diagonal scalings. These are O(rows * columns)
// loops over one buffer; products live in `Matrix+Products.swift`.

extension Matrix {
    @inlinable
    func _checkSameShape(_ other: Matrix, _ operation: String) {
        precondition(rows == other.rows && columns == other.columns,
                     "\(operation) needs equal shapes, got \(rows)x\(columns) and \(other.rows)x\(other.columns)")
    }

    /// Applies `transform` to every element in place.
    /// - Complexity: O(rows * columns); copies the buffer first only when it is shared.
    @inlinable
    public mutating func updateElements(_ transform: (Scalar) -> Scalar) {
        withUnsafeMutableBufferPointer { buffer in
            for index in buffer.indices { buffer[index] = transform(buffer[index]) }
        }
    }

    /// Combines every element with the element of `other` at the same position, in place.
    /// - Complexity: O(rows * columns); copies the buffer first only when it is shared.
    @inlinable
    public mutating func updateElements(with other: Matrix, _ combine: (Scalar, Scalar) -> Scalar) {
        _checkSameShape(other, "Elementwise operation")
        other.withUnsafeBufferPointer { source in
            withUnsafeMutableBufferPointer { buffer in
                for index in buffer.indices { buffer[index] = combine(buffer[index], source[index]) }
            }
        }
    }

    /// A new matrix with `transform` applied to every element (one pass: the result is written
    /// straight into a fresh buffer, `self` is not copied first).
    /// - Complexity: O(rows * columns).
    @inlinable
    public func mapElements(_ transform: (Scalar) -> Scalar) -> Matrix {
        let storage = _MatrixStorage<Scalar>.allocate(count)
        let source = _storage.base
        for index in 0..<count { (storage.base + index).initialize(to: transform(source[index])) }
        return Matrix(rows: rows, columns: columns, storage: storage)
    }

    /// Elementwise sum. - Precondition: equal shapes.
    /// - Complexity: O(rows * columns).
    @inlinable
    public static func + (lhs: Matrix, rhs: Matrix) -> Matrix {
        var result = lhs; result += rhs; return result
    }
    /// Elementwise difference. - Precondition: equal shapes.
    /// - Complexity: O(rows * columns).
    @inlinable
    public static func - (lhs: Matrix, rhs: Matrix) -> Matrix {
        var result = lhs; result -= rhs; return result
    }
    /// Adds `rhs` elementwise in place.
    /// - Complexity: O(rows * columns), in place when uniquely referenced.
    @inlinable
    public static func += (lhs: inout Matrix, rhs: Matrix) { lhs.updateElements(with: rhs, +) }
    /// Subtracts `rhs` elementwise in place.
    /// - Complexity: O(rows * columns), in place when uniquely referenced.
    @inlinable
    public static func -= (lhs: inout Matrix, rhs: Matrix) { lhs.updateElements(with: rhs, -) }
    /// Negation.
    /// - Complexity: O(rows * columns).
    @inlinable
    public static prefix func - (operand: Matrix) -> Matrix { operand.mapElements { -$0 } }

    /// Every element times `scalar`.
    /// - Complexity: O(rows * columns).
    @inlinable
    public static func * (lhs: Matrix, rhs: Scalar) -> Matrix { lhs.mapElements { $0 * rhs } }
    /// Every element times `scalar`.
    /// - Complexity: O(rows * columns).
    @inlinable
    public static func * (lhs: Scalar, rhs: Matrix) -> Matrix { rhs.mapElements { lhs * $0 } }
    /// Every element divided by `scalar`.
    /// - Complexity: O(rows * columns).
    @inlinable
    public static func / (lhs: Matrix, rhs: Scalar) -> Matrix { lhs.mapElements { $0 / rhs } }
    /// Multiplies every element by `rhs` in place.
    /// - Complexity: O(rows * columns), in place when uniquely referenced.
    @inlinable
    public static func *= (lhs: inout Matrix, rhs: Scalar) { lhs.updateElements { $0 * rhs } }

    /// The elementwise (Hadamard) product. - Precondition: equal shapes.
    /// - Complexity: O(rows * columns).
    @inlinable
    public func elementwiseProduct(_ other: Matrix) -> Matrix {
        var result = self; result.updateElements(with: other, *); return result
    }
    /// The elementwise quotient. - Precondition: equal shapes.
    /// - Complexity: O(rows * columns).
    @inlinable
    public func elementwiseQuotient(_ other: Matrix) -> Matrix {
        var result = self; result.updateElements(with: other, /); return result
    }

    /// Multiplies column `j` by `factors[j]` in place: `A <- A dMat(factors)`, without forming the diagonal matrix.
    /// - Complexity: O(rows * columns).
    @inlinable
    public mutating func scaleColumns(by factors: [Scalar]) {
        precondition(factors.count == columns,
                     "scaleColumns of a \(rows)x\(columns) matrix needs \(columns) factors, got \(factors.count)")
        let rows = rows
        withUnsafeMutableBufferPointer { buffer in
            for j in 0..<factors.count {
                let factor = factors[j]
                for i in 0..<rows { buffer[i + j * rows] *= factor }
            }
        }
    }

    /// Multiplies row `i` by `factors[i]` in place: `A <- dMat(factors) A`, without forming the diagonal matrix.
    /// - Complexity: O(rows * columns).
    @inlinable
    public mutating func scaleRows(by factors: [Scalar]) {
        precondition(factors.count == rows,
                     "scaleRows of a \(rows)x\(columns) matrix needs \(rows) factors, got \(factors.count)")
        let rows = rows, columns = columns
        withUnsafeMutableBufferPointer { buffer in
            factors.withUnsafeBufferPointer { f in
                for j in 0..<columns {
                    for i in 0..<rows { buffer[i + j * rows] *= f[i] }
                }
            }
        }
    }

    /// Adds `values[i]` to element `(i, i)` in place: `A <- A + dMat(values)`.
    /// - Complexity: O(min(rows, columns)) when uniquely referenced.
    @inlinable
    public mutating func addToDiagonal(_ values: [Scalar]) {
        precondition(values.count == Swift.min(rows, columns),
                     "addToDiagonal of a \(rows)x\(columns) matrix needs \(Swift.min(rows, columns)) values, got \(values.count)")
        let rows = rows
        withUnsafeMutableBufferPointer { buffer in
            for i in 0..<values.count { buffer[i + i * rows] += values[i] }
        }
    }

    /// Adds `value` to every diagonal element in place: `A <- A + value I`.
    /// - Complexity: O(min(rows, columns)) when uniquely referenced.
    @inlinable
    public mutating func addToDiagonal(_ value: Scalar) {
        addToDiagonal([Scalar](repeating: value, count: Swift.min(rows, columns)))
    }

    /// The Frobenius norm, sqrt(sum of squared elements), computed with scaling (as LAPACK's
    /// `dlassq`) so that huge or tiny elements neither overflow nor underflow. Any NaN gives NaN;
    /// otherwise any infinite element gives infinity.
    /// - Complexity: O(rows * columns).
    public var frobeniusNorm: Scalar {
        withUnsafeBufferPointer { buffer in
            var scale: Scalar = 0, sum: Scalar = 1
            var sawInfinity = false
            for value in buffer where value != 0 {
                if value.isNaN { return .nan }
                if value.isInfinite { sawInfinity = true; continue }
                let magnitude = abs(value)
                if scale < magnitude {
                    sum = 1 + sum * (scale / magnitude) * (scale / magnitude)
                    scale = magnitude
                } else {
                    sum += (magnitude / scale) * (magnitude / scale)
                }
            }
            return sawInfinity ? .infinity : scale * sum.squareRoot()
        }
    }

    /// The sum of the diagonal elements (of the main diagonal, `min(rows, columns)` long).
    /// - Complexity: O(min(rows, columns)).
    public var trace: Scalar {
        var sum: Scalar = 0
        for i in 0..<Swift.min(rows, columns) { sum += _storage.base[i + i * rows] }
        return sum
    }

    /// The largest absolute elementwise difference to `other`, `max |a_ij - b_ij|`; NaN when
    /// any difference is NaN (so a NaN never hides behind a small maximum).
    /// - Precondition: equal shapes.
    /// - Complexity: O(rows * columns).
    public func maxAbsoluteDifference(to other: Matrix) -> Scalar {
        _checkSameShape(other, "maxAbsoluteDifference")
        return withUnsafeBufferPointer { a in
            other.withUnsafeBufferPointer { b in
                var largest: Scalar = 0
                for index in a.indices {
                    let difference = abs(a[index] - b[index])
                    if difference.isNaN { return .nan }
                    largest = Swift.max(largest, difference)
                }
                return largest
            }
        }
    }

    /// Whether `other` has the same shape and `||self - other||_F <= relativeTolerance * max(||self||_F, ||other||_F)`.
    /// - Complexity: O(rows * columns).
    public func isApproximatelyEqual(to other: Matrix, relativeTolerance: Scalar) -> Bool {
        guard rows == other.rows, columns == other.columns else { return false }
        let scale = Swift.max(frobeniusNorm, other.frobeniusNorm)
        return (self - other).frobeniusNorm <= relativeTolerance * scale
    }

    /// The transpose, a new `columns` x `rows` matrix.
    /// - Complexity: O(rows * columns), a blocked copy in 32 x 32 tiles.
    @inlinable
    public var transposed: Matrix {
        let source = _storage.base, rows = rows, columns = columns
        let storage = _MatrixStorage<Scalar>.allocate(count)
        // Blocked copy for cache friendliness.
        let block = 32
        for jb in stride(from: 0, to: columns, by: block) {
            for ib in stride(from: 0, to: rows, by: block) {
                for j in jb..<Swift.min(jb + block, columns) {
                    for i in ib..<Swift.min(ib + block, rows) {
                        (storage.base + j + i * columns).initialize(to: source[i + j * rows])
                    }
                }
            }
        }
        return Matrix(rows: columns, columns: rows, storage: storage)
    }

    /// Copies the strictly lower triangle onto the upper one in place, `a_ji <- a_ij` for `i > j`
    /// (LAPACK's symmetric routines write one triangle). The diagonal and the lower triangle are
    /// left as they are.
    /// - Precondition: the matrix is square.
    /// - Complexity: O(n^2), in 128 x 128 tiles: contiguous writes, strided reads from a cached tile.
    @inlinable
    public mutating func symmetrizeFromLowerTriangle() {
        precondition(isSquare, "symmetrizeFromLowerTriangle needs a square matrix, got \(rows)x\(columns)")
        let n = rows
        withUnsafeMutableBufferPointer { a in
            let block = 128
            // Tiles (ib, jb) on or below the diagonal; inside a tile only the entries with i > j,
            // copied into the upper tile down its columns (contiguous writes).
            for jb in stride(from: 0, to: n, by: block) {
                let jEnd = Swift.min(jb + block, n)
                for ib in stride(from: jb, to: n, by: block) {
                    let iEnd = Swift.min(ib + block, n)
                    for i in ib..<iEnd {
                        let jStop = Swift.min(jEnd, i)
                        if jb >= jStop { continue }
                        for j in jb..<jStop { a[j + i * n] = a[i + j * n] }
                    }
                }
            }
        }
    }

    /// Mirrors the strictly lower triangle onto the upper one and scales every column, in one pass:
    ///
    ///     a_ij <- a_ij f_j,   a_ji <- a_ij f_i   (i > j),      a_jj <- d_j
    ///
    /// reading only the lower triangle. For a symmetric `C` held in its lower triangle (what LAPACK's
    /// `potri` writes) this forms `C dMat(f)` with its diagonal replaced by `d`: the full-rank weights
    /// `B = -C dMat(1 / diag C)` with a zero diagonal (EDLAE, Eq. 8 of Steck 2020) or
    /// `B = I - C dMat(lambda)` (DLAE, Eq. 5: `f = -lambda`, `d_j = C_jj f_j + 1`). Every element is
    /// one product `a_ij * f_j` of the same operands as ``scaleColumns(by:)`` would multiply after
    /// ``symmetrizeFromLowerTriangle()``, so the result equals that composition exactly, with one
    /// memory pass instead of two.
    /// - Precondition: the matrix is square; `factors` and `diagonal` have `rows` values.
    /// - Complexity: O(n^2): each 128 x 128 lower tile is mirrored into its upper tile (written
    ///   contiguously) and then scaled in place while it is still in cache; 128 measured fastest
    ///   of 16-256 at n = 4000 and 8000 in both precisions (a column-outer loop, which writes the
    ///   mirror with stride n, was 2.5-5x slower).
    @inlinable
    public mutating func mirrorLowerTriangle(scalingColumnsBy factors: [Scalar], settingDiagonalTo diagonal: [Scalar]) {
        precondition(isSquare, "mirrorLowerTriangle needs a square matrix, got \(rows)x\(columns)")
        precondition(factors.count == rows && diagonal.count == rows,
                     "mirrorLowerTriangle of order \(rows) needs \(rows) factors and diagonal values, got \(factors.count) and \(diagonal.count)")
        let n = rows
        withUnsafeMutableBufferPointer { buffer in
            factors.withUnsafeBufferPointer { f in
                guard let a = buffer.baseAddress, let f = f.baseAddress else { return }
                let block = 128
                for jb in stride(from: 0, to: n, by: block) {
                    let jEnd = Swift.min(jb + block, n)
                    for ib in stride(from: jb, to: n, by: block) {
                        let iEnd = Swift.min(ib + block, n)
                        // The upper tile (jb, ib) from the still unscaled lower tile (ib, jb):
                        // contiguous writes down each column i, strided reads from the cached tile.
                        for i in ib..<iEnd {
                            let jStop = Swift.min(jEnd, i)
                            if jb >= jStop { continue }
                            let fi = f[i]
                            let column = a + i * n
                            for j in jb..<jStop { column[j] = a[i + j * n] * fi }
                        }
                        // Then the lower tile, scaled in place column by column.
                        for j in jb..<jEnd {
                            let iStart = Swift.max(ib, j + 1)
                            if iStart >= iEnd { continue }
                            let fj = f[j]
                            let column = a + j * n
                            for i in iStart..<iEnd { column[i] *= fj }
                        }
                    }
                }
                for j in 0..<n { a[j + j * n] = diagonal[j] }
            }
        }
    }
}
