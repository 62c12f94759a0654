extension Matrix {
    /// A copy of `source` with every element converted to `Scalar` (`Float(x)` rounds to nearest;
    /// `Double(x)` of a `Float` is exact). The same type gives the storage itself (copy-on-write,
    /// no copy).
    /// - Complexity: O(rows columns), one pass; O(1) for the same type.
    @inlinable
    public init<Source: MatrixScalar>(converting source: Matrix<Source>) {
        if let same = source as? Matrix<Scalar> {
            self = same
            return
        }
        let count = source.count
        var result = Matrix(rows: source.rows, columns: source.columns)
        source.withUnsafeBufferPointer { from in
            result.withUnsafeMutableBufferPointer { to in
                for index in 0..<count { to[index] = Scalar(from[index]) }
            }
        }
        self = result
    }
}
