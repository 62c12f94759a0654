import EDLAECore
import EDLAESolvers

/// Diagnostics of a fitted model from the papers: how much of `B` sits on its diagonal (the
/// "overfitting towards the identity" of Steck 2020, Sec. 2), and the value of the training
/// objectives.
public enum ModelDiagnostics {
    /// `sum_i |B_ii| / sum_ij |B_ij|`: the share of the absolute weight mass on the diagonal
    /// (0 for full-rank EDLAE, Eq. 8). A factored model is expanded in blocks of 256 columns of
    /// `U V^T`, never as one m x m matrix.
    /// - Complexity: O(m^2) full rank, O(m^2 k) factored; memory O(256 m).
    public static func diagonalAbsoluteShare(_ model: LinearAutoencoder) -> Double {
        var total = 0.0
        switch model.weights {
        case .full(let b):
            total = b.withUnsafeBufferPointer { $0.reduce(0) { $0 + abs($1) } }
        case .fullSingle(let b):
            total = b.withUnsafeBufferPointer { $0.reduce(0) { $0 + abs(Double($1)) } }
        case .factored, .factoredSingle:
            let (u, v) = model.factors(as: Double.self)!
            let m = u.rows, block = 256
            for start in stride(from: 0, to: m, by: block) {
                let range = start..<Swift.min(start + block, m)
                let part = u.timesTranspose(Matrix(rows: range.count, columns: v.columns) { v[range.lowerBound + $0, $1] })
                total += part.withUnsafeBufferPointer { $0.reduce(0) { $0 + abs($1) } }
            }
        }
        let diagonal = model.diagonal.reduce(0) { $0 + abs($1) }
        return total > 0 ? diagonal / total : 0
    }

    /// `||diag(B)||^2 / ||B||_F^2`: the share of the squared weight mass on the diagonal.
    /// For a factored model `||U V^T||_F^2 = tr((U^T U)(V^T V))`.
    /// - Complexity: O(m^2) full rank, O(m k^2) factored.
    public static func diagonalSquaredShare(_ model: LinearAutoencoder) -> Double {
        let total: Double
        switch model.weights {
        case .full(let b): total = b.frobeniusNorm * b.frobeniusNorm
        case .fullSingle(let b): total = b.withUnsafeBufferPointer { $0.reduce(0) { $0 + Double($1) * Double($1) } }
        case .factored, .factoredSingle:
            let (u, v) = model.factors(as: Double.self)!
            total = traceOfProduct(u.transposeTimesSelf(), v.transposeTimesSelf())
        }
        let diagonal = model.diagonal.reduce(0) { $0 + $1 * $1 }
        return total > 0 ? diagonal / total : 0
    }

    /// The L2-regularised reconstruction objective evaluated from the Gram matrix:
    ///
    ///     ||X - X B'||_F^2 + ||Lambda^(1/2) B'||_F^2
    ///       = tr(G) - 2 tr(G B') + tr(B'^T G B') + sum_i Lambda_ii ||B'_i,:||^2
    ///
    /// with `B' = B` (Eq. 4 of Steck 2020, the objective of DLAE and of low-rank DLAE) or, when
    /// `zeroDiagonal` is true, `B' = B - dMat(diag(B))` (Eq. 10: the low-rank EDLAE objective,
    /// ``/EDLAESolvers/LowRankEDLAEObjective`` for a factored model; for full-rank EDLAE's zero-diagonal B both agree).
    ///
    /// - Parameters:
    ///   - model: the fitted `B` (full rank or factored, `m` items).
    ///   - gram: `G = X^T X` of the training data.
    ///   - lambda: the diagonal of `Lambda` (``/EDLAESolvers/Regularization/weights(itemCounts:)``).
    ///   - zeroDiagonal: whether the diagonal of `B` is dropped first (Eq. 10), or not (Eq. 4).
    /// - Complexity: O(m^3) full rank (one m x m product), O(m^2 k) factored.
    public static func objective(_ model: LinearAutoencoder, gram: Matrix<Double>, lambda: [Double],
                                 zeroDiagonal: Bool = false) -> Double {
        let m = model.itemCount
        precondition(gram.rows == m && gram.isSquare && lambda.count == m,
                     "Objective of a \(m)-item model with G \(gram.rows)x\(gram.columns) and \(lambda.count) weights")
        switch model.weights {
        case .fullSingle:
            return objective(LinearAutoencoder(full: model.denseWeights()), gram: gram, lambda: lambda, zeroDiagonal: zeroDiagonal)
        case .full(var b):
            if zeroDiagonal { b.diagonal = [Double](repeating: 0, count: m) }
            let gb = gram * b
            var penalty = 0.0
            b.withUnsafeBufferPointer { p in
                for j in 0..<m { for i in 0..<m { penalty += lambda[i] * p[i + j * m] * p[i + j * m] } }
            }
            return gram.trace - 2 * gb.trace + gb.frobeniusInner(b) + penalty
        case .factoredSingle:
            return objective(LinearAutoencoder(encoder: model.encoder!, decoder: model.decoder!), gram: gram, lambda: lambda,
                             zeroDiagonal: zeroDiagonal)
        case .factored(let u, let v):
            if zeroDiagonal {
                return LowRankEDLAEObjective(gram: gram, lambda: lambda).value(encoder: u, decoder: v)
            }
            // B = U V^T: tr(G B) = sum_i (G U)_i . V_i and tr(B^T (G + Lambda) B) = tr((U^T (G + Lambda) U)(V^T V)).
            let gu = gram * u
            var ku = u
            ku.scaleRows(by: lambda)
            ku += gu
            return gram.trace - 2 * gu.rowwiseDots(v).reduce(0, +)
                + traceOfProduct(u.transposeTimes(ku), v.transposeTimesSelf())
        }
    }

    /// `tr(A B)` for k x k matrices, as `sum_ij A_ij B_ji`.
    private static func traceOfProduct(_ a: Matrix<Double>, _ b: Matrix<Double>) -> Double {
        a.frobeniusInner(b.transposed)
    }
}
