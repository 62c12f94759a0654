import EDLAECore
import EDLAESolvers

/// The balanced factorisation of a low-rank model `B = U V^T`: the canonical pair of factors whose
/// Gram matrices are equal and diagonal, `U'^T U' = V'^T V' = Sigma`, with `Sigma` the non-zero
/// singular values of `U V^T`.
///
/// The factors of a low-rank model are determined only up to `U -> U T`, `V -> V T^-T` for any
/// invertible k x k `T`, and that choice changes the cosine similarities between rows of `U` (and
/// of `V`) arbitrarily; each solver returns its own convention (orthonormal `V`, or the iterates of
/// its algorithm). The balanced pair is unique up to an orthogonal rotation of its columns (within
/// equal singular values), under which row norms and row cosines are invariant, so statistics of
/// its rows are properties of the model `U V^T` itself. With `U^T U = E D E^T` (eigen-decomposition
/// of a k x k Gram matrix):
///
///     M = D^(1/2) E^T (V^T V) E D^(1/2) = W Sigma^2 W^T,
///     U' = U E D^(-1/2) W Sigma^(1/2),   V' = V E D^(1/2) W Sigma^(-1/2),
///
/// so that `U' V'^T = U V^T` (`U E D^(-1/2) W` has orthonormal columns: they are the left singular
/// vectors of `U V^T`, and `V E D^(1/2) W Sigma^(-1)` the right ones). Every product is a BLAS call
/// (`dsyrk`, `dgemm`) and both eigen-decompositions are LAPACK `dsyevr` on k x k matrices.
///
/// Directions whose eigenvalue in `D` or `Sigma^2` is below `1e-12` times the largest are dropped:
/// they contribute nothing to `U V^T` at the precision of a Gram matrix (singular values below
/// about `1e-6` of the largest), and the result then has fewer than k columns.
public struct BalancedFactors: Sendable {
    /// `U'` (m x r, r <= k): the encoder of the balanced pair.
    public let encoder: Matrix<Double>
    /// `V'` (m x r): the decoder of the balanced pair.
    public let decoder: Matrix<Double>
    /// The kept singular values `Sigma` of `U V^T`, in the order of the columns of ``encoder``
    /// (ascending), equal to the diagonal of `U'^T U'` and of `V'^T V'`.
    public let singularValues: [Double]

    /// Balances `encoder * decoder^T`.
    ///
    /// - Parameters:
    ///   - u: the encoder `U` (m x k).
    ///   - v: the decoder `V` (m x k).
    /// - Throws: `LinearAlgebraError` when an eigen-decomposition fails.
    /// - Precondition: `U` and `V` have the same shape.
    /// - Complexity: O(m k^2 + k^3) time; O(m k) memory besides the result.
    public init(encoder u: Matrix<Double>, decoder v: Matrix<Double>) throws(LinearAlgebraError) {
        precondition(u.rows == v.rows && u.columns == v.columns,
                     "Factors must have the same shape, got U \(u.rows)x\(u.columns) and V \(v.rows)x\(v.columns)")
        let empty = (Matrix<Double>(rows: u.rows, columns: 0), Matrix<Double>(rows: v.rows, columns: 0))
        let encoderGram = try u.transposeTimesSelf().symmetricEigendecomposition()
        let largest = encoderGram.values.max() ?? 0
        let kept = encoderGram.values.indices.filter { encoderGram.values[$0] > 1e-12 * largest }
        guard largest > 0, !kept.isEmpty else {
            (encoder, decoder, singularValues) = (empty.0, empty.1, [])
            return
        }
        let roots = kept.map { encoderGram.values[$0].squareRoot() }
        let basis = Matrix<Double>(rows: u.columns, columns: kept.count) { i, j in encoderGram.vectors[i, kept[j]] }
        var up = basis, down = basis
        up.scaleColumns(by: roots)                   // E D^(1/2)
        down.scaleColumns(by: roots.map { 1 / $0 })  // E D^(-1/2)
        let y = v * up                               // V E D^(1/2), m x r
        let inner = try y.transposeTimesSelf().symmetricEigendecomposition()  // M = W Sigma^2 W^T
        let top = inner.values.max() ?? 0
        let directions = inner.values.indices.filter { inner.values[$0] > 1e-12 * top }
        guard top > 0, !directions.isEmpty else {
            (encoder, decoder, singularValues) = (empty.0, empty.1, [])
            return
        }
        let w = Matrix<Double>(rows: kept.count, columns: directions.count) { i, j in inner.vectors[i, directions[j]] }
        let sigma = directions.map { inner.values[$0].squareRoot() }
        let sigmaRoots = sigma.map { $0.squareRoot() }
        var encoderTransform = down * w             // E D^(-1/2) W, k x r
        encoderTransform.scaleColumns(by: sigmaRoots)
        var balancedDecoder = y * w                 // V E D^(1/2) W, m x r
        balancedDecoder.scaleColumns(by: sigmaRoots.map { 1 / $0 })
        encoder = u * encoderTransform
        decoder = balancedDecoder
        singularValues = sigma
    }
}
