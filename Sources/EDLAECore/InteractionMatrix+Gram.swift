extension InteractionMatrix {
    /// The Gram matrix `G = X^T X` (items x items, symmetric), accumulated directly from the
    /// sparse rows without densifying `X`.
    ///
    /// Each user adds the outer product of its sparse row to the lower triangle, which is then
    /// mirrored. For implicit-feedback data (about 1% density) this costs far less than a dense
    /// `dsyrk` on row blocks, whose cost grows with `users * m^2` regardless of sparsity.
    /// - Complexity: O(sum over users of (items per user)^2) plus O(m^2) to mirror.
    public func gram() -> Matrix<Double> {
        var g = Matrix<Double>(rows: itemCount, columns: itemCount)
        let m = itemCount
        g.withUnsafeMutableBufferPointer { out in
            columnIndices.withUnsafeBufferPointer { items in
                values.withUnsafeBufferPointer { vals in
                    for user in 0..<userCount {
                        let start = rowStarts[user], end = rowStarts[user + 1]
                        for a in start..<end {
                            let column = Int(items[a]) * m, va = vals[a]
                            // items ascending: rows b >= a give entries on or below the diagonal.
                            for b in a..<end {
                                out[Int(items[b]) + column] += va * vals[b]
                            }
                        }
                    }
                }
            }
        }
        g.symmetrizeFromLowerTriangle()
        return g
    }
}
