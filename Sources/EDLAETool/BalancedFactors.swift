import EDLAEMetrics

/// A canonical pair of factors for `B = U V^T`.
///
/// The factors of a low-rank model are determined only up to `U -> U T`, `V -> V T^-T` for any
/// invertible k x k `T`, and that choice changes the cosine similarities between rows of `U` (and
/// of `V`) arbitrarily; each solver returns its own convention (orthonormal `V`, or the iterates of
/// its algorithm). The balanced pair has equal, diagonal Gram matrices,
/// `U'^T U' = V'^T V' = Sigma` (the singular values of `U V^T`), which fixes it up to an orthogonal
/// rotation of the columns, under which row cosines are invariant:
///
///     U^T U = E D E^T,   M = D^(1/2) E^T (V^T V) E D^(1/2) = W Sigma^2 W^T,
///     U' = U E D^(-1/2) W Sigma^(1/2),   V' = V E D^(1/2) W Sigma^(-1/2),
///
/// so `U' V'^T = U V^T`. Directions with `D` or `Sigma^2` below `1e-12` times the largest are
/// dropped (they contribute nothing to `U V^T`).
enum BalancedFactors {
    /// The balanced factors of `encoder * decoder^T`.
    /// - Throws: `LinearAlgebraError` when an eigendecomposition fails.
    /// - Complexity: O(m k^2 + k^3).
    static func balance(encoder u: Matrix<Double>, decoder v: Matrix<Double>) throws -> (encoder: Matrix<Double>, decoder: Matrix<Double>) {
        precondition(u.rows == v.rows && u.columns == v.columns,
                     "Factors must have the same shape, got \(u.rows)x\(u.columns) and \(v.rows)x\(v.columns)")
        let encoderGram = try u.transposeTimes(u).symmetricEigendecomposition()
        let largest = encoderGram.values.max() ?? 0
        let kept = encoderGram.values.indices.filter { encoderGram.values[$0] > 1e-12 * largest }
        guard !kept.isEmpty else { return (Matrix(rows: u.rows, columns: 0), Matrix(rows: v.rows, columns: 0)) }
        let roots = kept.map { encoderGram.values[$0].squareRoot() }
        let basis = Matrix<Double>(rows: u.columns, columns: kept.count) { i, j in encoderGram.vectors[i, kept[j]] }
        var up = basis, down = basis
        up.scaleColumns(by: roots)                 // E D^(1/2)
        down.scaleColumns(by: roots.map { 1 / $0 })  // E D^(-1/2)
        let inner = try up.transposeTimes(v.transposeTimes(v) * up).symmetricEigendecomposition()
        let top = inner.values.max() ?? 0
        let directions = inner.values.indices.filter { inner.values[$0] > 1e-12 * top }
        guard !directions.isEmpty else { return (Matrix(rows: u.rows, columns: 0), Matrix(rows: v.rows, columns: 0)) }
        let w = Matrix<Double>(rows: kept.count, columns: directions.count) { i, j in inner.vectors[i, directions[j]] }
        let sigmaRoots = directions.map { inner.values[$0].squareRoot().squareRoot() }  // Sigma^(1/2)
        var encoderTransform = down * w, decoderTransform = up * w
        encoderTransform.scaleColumns(by: sigmaRoots)
        decoderTransform.scaleColumns(by: sigmaRoots.map { 1 / $0 })
        return (u * encoderTransform, v * decoderTransform)
    }
}
