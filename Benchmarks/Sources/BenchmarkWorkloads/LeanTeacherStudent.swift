import EDLAECore

/// Algorithm 1 of Steck & Liang composed from the library's primitives in two m x m buffers: the
/// target the library's teacher-student solver is measured against while it is being written.
///
///     C = (G + Lambda)^-1,  B = I - C dMat(1 / diag C),
///     V = eig_k(B^T (G + Lambda) B),  U = B V
///
/// with `B^T (G + Lambda) B = (G + Lambda) - D (I + B) = (G + Lambda) - 2 D + D C D`,
/// `D = dMat(1 / diag C)` (the identity below Algorithm 1), so no m x m product is formed.
public enum LeanTeacherStudent {
    /// `B^T (G + Lambda) B`, the matrix whose top eigenvectors are `V` (for timing the eigensolver alone).
    public static func studentGram(gram: Matrix<Double>, lambda: [Double]) throws -> Matrix<Double> {
        let m = gram.rows
        var a = gram
        a.addToDiagonal(lambda)
        var c = a
        try c.invertPositiveDefinite()
        let d = c.diagonal.map { 1 / $0 }
        a.withUnsafeMutableBufferPointer { pa in
            c.withUnsafeBufferPointer { pc in
                for j in 0..<m {
                    let column = j * m, dj = d[j]
                    for i in 0..<m { pa[column + i] += d[i] * pc[column + i] * dj }
                    pa[column + j] -= 2 * dj
                }
            }
        }
        return a
    }

    /// Returns the encoder `U` and decoder `V` (m x k) and the k eigenvalues.
    /// - Complexity: `m^3` (inverse) + `4 m^3 / 3 + 2 m^2 k` (partial `dsyevr`) + `2 m^2 k` (U = B V).
    public static func fit(gram: Matrix<Double>, lambda: [Double], rank k: Int)
        throws -> (encoder: Matrix<Double>, decoder: Matrix<Double>, values: [Double]) {
        let m = gram.rows
        var a = gram
        a.addToDiagonal(lambda)                 // buffer 1: A = G + Lambda
        var c = a
        try c.invertPositiveDefinite()          // buffer 2: C
        let d = c.diagonal.map { 1 / $0 }
        // A <- A + D C D - 2 D, in place.
        a.withUnsafeMutableBufferPointer { pa in
            c.withUnsafeBufferPointer { pc in
                for j in 0..<m {
                    let column = j * m, dj = d[j]
                    for i in 0..<m { pa[column + i] += d[i] * pc[column + i] * dj }
                    pa[column + j] -= 2 * dj
                }
            }
        }
        let eigen = try (consume a).largestEigenpairs(count: k)
        // C <- B = I - C D: columns scaled by -d_j; the diagonal becomes 1 - 1 = 0 exactly.
        c.scaleColumns(by: d.map { -$0 })
        c.diagonal = [Double](repeating: 0, count: m)
        var u = Matrix<Double>(rows: m, columns: k)
        u.addProduct(c, eigen.vectors, scalingSelfBy: 0)
        return (u, eigen.vectors, eigen.values)
    }
}
