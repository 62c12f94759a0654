import EDLAECore

/// The training objective of low-rank EDLAE with full emphasis (Eq. 10 of Steck 2020) and its
/// gradient, evaluated from the Gram matrix without forming `U V^T`:
///
///     f(U, V) = ||X - X D||_F^2 + ||Lambda^(1/2) D||_F^2,   D = U V^T - dMat(diag(U V^T))
///             = tr(G) - 2 tr(G D) + tr(D^T K D),            K = G + Lambda
///
/// `D` is `U V^T` with its diagonal removed (the projection `P_off`), so `f` includes the constant
/// `tr(G) = ||X||_F^2`. With `R = K D - G`, the gradient is
///
///     df/dU = 2 P_off(R) V,   df/dV = 2 P_off(R)^T U,
///
/// because `P_off` is self-adjoint. The same value is the objective of Eq. 11 whenever
/// `diag(U V^T) = 0`, and of Eq. 7 (full-rank EDLAE) for `U = B`, `V = I`.
public struct LowRankEDLAEObjective: Sendable {
    /// `G = X^T X`, m x m.
    public let gram: Matrix<Double>
    /// The diagonal of `Lambda` (``Regularization/weights(itemCounts:)``).
    public let lambda: [Double]
    let gramDiagonal: [Double]
    let gramTrace: Double

    /// - Precondition: `gram` is square and `lambda.count == gram.rows`.
    public init(gram: Matrix<Double>, lambda: [Double]) {
        precondition(gram.isSquare && lambda.count == gram.rows,
                     "Eq. 10 objective needs a square Gram matrix and one weight per item, got \(gram.rows)x\(gram.columns) and \(lambda.count)")
        self.gram = gram
        self.lambda = lambda
        self.gramDiagonal = gram.diagonal
        self.gramTrace = gramDiagonal.reduce(0, +)
    }

    /// The objective for the data and regularisation of `data`.
    public init(_ data: TrainingData, regularization: Regularization) {
        self.init(gram: data.gram, lambda: regularization.weights(itemCounts: data.itemCounts))
    }

    /// The value of Eq. 10 at `B = U V^T`.
    /// - Complexity: O(m^2 k) (one product `G U`).
    public func value(encoder u: Matrix<Double>, decoder v: Matrix<Double>) -> Double {
        value(encoder: u, decoder: v, gramTimesEncoder: gram * u)
    }

    /// The value of Eq. 10 of a fitted factored or full-rank model (a full-rank `B` is evaluated as
    /// `U = B`, `V = I`).
    public func value(of model: LinearAutoencoder) -> Double {
        switch model.weights {
        case .factored(let u, let v): return value(encoder: u, decoder: v)
        case .factoredSingle: return value(encoder: model.encoder!, decoder: model.decoder!)
        case .full(let b): return value(encoder: b, decoder: .identity(b.rows))
        case .fullSingle: return value(encoder: model.denseWeights(), decoder: .identity(model.itemCount))
        }
    }

    /// Eq. 10 given the product `G U` (so an iteration that has it pays only O(m k^2)), for factors
    /// in either precision: the products run in `Scalar`, the sums over items in `Double`.
    func value<Scalar: MatrixScalar>(encoder u: Matrix<Scalar>, decoder v: Matrix<Scalar>,
                                     gramTimesEncoder gu: Matrix<Scalar>) -> Double {
        var ku = gu
        ku.addRows(of: u, scaledBy: lambda.converted(to: Scalar.self))
        let beta = u.rowwiseDots(v).asDoubles
        let gTraceD = gu.rowwiseDots(v).asDoubles.reduce(0, +) - zip(gramDiagonal, beta).reduce(0) { $0 + $1.0 * $1.1 }
        // tr(D^T K D) = tr((U^T K U)(V^T V)) - 2 sum_i beta_i (K U)_i . V_i + sum_i K_ii beta_i^2
        let quadratic = Double(u.transposeTimes(ku).frobeniusInner(v.transposeTimesSelf()))
        let kuv = ku.rowwiseDots(v).asDoubles
        var correction = 0.0
        for i in beta.indices {
            correction += -2 * beta[i] * kuv[i] + (gramDiagonal[i] + lambda[i]) * beta[i] * beta[i]
        }
        return gramTrace - 2 * gTraceD + quadratic + correction
    }

    /// The gradient of Eq. 10 with respect to `U` and `V`.
    /// - Complexity: O(m^2 k) (two products with `G`).
    public func gradient(encoder u: Matrix<Double>, decoder v: Matrix<Double>) -> (encoder: Matrix<Double>, decoder: Matrix<Double>) {
        let beta = u.rowwiseDots(v)
        var ku = gram * u
        let gu = ku
        ku.addRows(of: u, scaledBy: lambda)
        // diag(R)_i = (K U)_i . V_i - K_ii beta_i - G_ii
        let kuv = ku.rowwiseDots(v)
        let diagonalOfR = beta.indices.map { kuv[$0] - (gramDiagonal[$0] + lambda[$0]) * beta[$0] - gramDiagonal[$0] }
        // R V = K U (V^T V) - G ((1 + beta) . V) - (Lambda beta) . V
        var rv = ku * v.transposeTimesSelf()
        rv.addProduct(gram, v.rowsScaled(by: beta.map { 1 + $0 }), scaledBy: -1)
        rv.addRows(of: v, scaledBy: beta.indices.map { -lambda[$0] * beta[$0] - diagonalOfR[$0] })
        // R^T U = V (U^T K U) - beta . (K U) - G U
        var rtu = v * u.transposeTimes(ku)
        rtu.addRows(of: ku, scaledBy: beta.map { -$0 })
        rtu.add(gu, scaledBy: -1)
        rtu.addRows(of: u, scaledBy: diagonalOfR.map { -$0 })
        return (rv * 2, rtu * 2)
    }

    /// `||grad f|| / (||df/dU at U' = 0|| + ||df/dV at V' = 0||)`: the gradient norm relative to that
    /// of the linear term alone (`2 P_off(G) V` and `2 P_off(G)^T U`), a scale-free stationarity measure.
    public func relativeGradientNorm(encoder u: Matrix<Double>, decoder v: Matrix<Double>) -> Double {
        let g = gradient(encoder: u, decoder: v)
        let norm = (g.encoder.frobeniusInner(g.encoder) + g.decoder.frobeniusInner(g.decoder)).squareRoot()
        var gv = gram * v
        gv.addRows(of: v, scaledBy: gramDiagonal.map { -$0 })
        var gu = gram * u
        gu.addRows(of: u, scaledBy: gramDiagonal.map { -$0 })
        let scale = 2 * (gv.frobeniusNorm + gu.frobeniusNorm)
        return scale > 0 ? norm / scale : norm
    }
}
