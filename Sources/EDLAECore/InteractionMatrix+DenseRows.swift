extension InteractionMatrix {
    /// The users `range` as a dense `range.count` x `itemCount` matrix in precision `Scalar` (a
    /// batch for BLAS products, e.g. scoring in single precision). Each value is rounded once to
    /// `Scalar` (0/1 data and small counts are exact).
    /// - Precondition: `range` lies within `0..<userCount`.
    /// - Complexity: O(range.count * itemCount) to allocate and zero, plus O(entries in range).
    public func denseRows<Scalar: MatrixScalar>(_ range: Range<Int>, as scalar: Scalar.Type) -> Matrix<Scalar> {
        precondition(range.lowerBound >= 0 && range.upperBound <= userCount,
                     "Users \(range) out of range for \(userCount) users")
        var dense = Matrix<Scalar>(rows: range.count, columns: itemCount)
        let batch = range.count
        dense.withUnsafeMutableBufferPointer { d in
            for (offset, user) in range.enumerated() {
                for position in rowStarts[user]..<rowStarts[user + 1] {
                    d[offset + Int(columnIndices[position]) * batch] = Scalar(values[position])
                }
            }
        }
        return dense
    }
}
