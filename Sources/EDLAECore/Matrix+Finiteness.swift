// Finiteness checks run before a LAPACK factorisation: O(n^2) against the O(n^3) factorisation,
// and they turn a NaN or infinity in the input into a typed error instead of a NaN result (or a
// rejected argument, which LAPACKE's own NaN check would report).

extension Matrix {
    /// The first NaN or infinite entry, scanning column by column; with `lowerTriangleOnly` only
    /// the entries with `row >= column` (what LAPACK's symmetric routines read).
    /// - Complexity: O(rows * columns).
    func _firstNonFiniteEntry(lowerTriangleOnly: Bool) -> (row: Int, column: Int)? {
        let rows = rows
        return withUnsafeBufferPointer { a -> (row: Int, column: Int)? in
            for j in 0..<columns {
                let start = lowerTriangleOnly ? Swift.min(j, rows) : 0
                for i in start..<rows where !a[i + j * rows].isFinite { return (i, j) }
            }
            return nil
        }
    }

    /// Throws ``LinearAlgebraError/nonFiniteEntry(row:column:)`` for the first NaN or infinity.
    @_specialize(where Scalar == Float)
    @_specialize(where Scalar == Double)
    func _requireFinite(lowerTriangleOnly: Bool) throws(LinearAlgebraError) {
        if let (row, column) = _firstNonFiniteEntry(lowerTriangleOnly: lowerTriangleOnly) {
            throw .nonFiniteEntry(row: row, column: column)
        }
    }
}
