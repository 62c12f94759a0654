import EDLAECore

/// Low-rank EDLAE (Eq. 10 of Steck 2020) trained by the ADMM of its supplement (Sec. 3, Eqs. 26-27
/// and the four updates), as published:
///
///     U     <- (G + Lambda + Omega)^-1 (G dMat(1 + beta) + Omega dMat(beta - gamma)) V (V^T V)^-1
///     V^T   <- (U^T (G + Lambda + Omega) U)^-1 U^T (G dMat(1 + beta) + Omega dMat(beta - gamma))
///     beta  <- (diag(G U V^T) - diag(G) + diag(Omega) . (diag(U V^T) + gamma)) / (diag(G) + diag(Omega - Lambda))
///     gamma <- gamma + diag(U V^T) - beta
///
/// with `Omega = Lambda + omega I`, `beta = gamma = 0` and `U` random normal times `1e-4` at the
/// start (seeded), and each epoch running the V, U, beta and gamma updates in that order (the order
/// of the authors' published code). With ``clampsBetaAtZero`` (the default, as in the authors'
/// published experiments) `beta` is replaced by `max(beta, 0)` after its update.
///
/// What it converges to: the four updates are the exact block minimisers of an augmented Lagrangian
/// whose quadratic penalty covers the whole matrix, `||Omega^(1/2) (U V^T - dMat(beta))||_F^2`, not
/// only its diagonal as Eq. 27 prints, and whose multiplier term is `+2 gamma^T Omega (diag(U V^T) - beta)`
/// (the opposite sign of Eq. 27's, matching the `gamma` update). At a fixed point with
/// `diag(U V^T) = beta`, `(U, V)` is therefore a stationary point of Eq. 10 with `Lambda` replaced by
/// `Lambda + Omega = 2 Lambda + omega I` in the L2 term: `omega` acts as extra regularisation and the
/// Eq. 10 objective depends on it (see <doc:LowRankEDLAE>). ``ExactLowRankEDLAE`` minimises
/// Eq. 10 itself.
///
/// No m x m matrix is formed per epoch: `dMat(1 + beta)` and `Omega dMat(beta - gamma)` are folded into
/// m x k factors, and `(G + Lambda + Omega)^-1` is computed once (one m x m buffer, in place).
/// Each observer report carries the Eq. 10 objective and `||diag(U V^T) - beta||_2`.
public struct ADMMLowRankEDLAE: AutoencoderSolver {
    /// The regularisation `Lambda`.
    public let regularization: Regularization
    /// The rank `k`.
    public let rank: Int
    /// The scalar `omega > 0` of the penalty `Omega = Lambda + omega I`.
    public let omega: Double
    /// The number of epochs and the early-stopping tolerance (relative objective change and
    /// `||diag(U V^T) - beta|| / max(1, ||beta||)`).
    public let stoppingRule: StoppingRule
    /// Whether `beta` is clamped at zero after each update (the published experiments do).
    public let clampsBetaAtZero: Bool
    /// The seed of the random initialisation of `U`.
    public let seed: UInt64
    /// The standard deviation of the initial `U` (`1e-4` in the published code).
    public let initialScale: Double
    /// The precision of the iteration and of the returned factors (``Precision/double`` by default).
    public let precision: Precision

    /// - Parameter precision: the scalars of `(G + Lambda + Omega)^-1`, `G` and the factors (in single
    ///   precision a `Float` copy of `G` is made; the sums of the objective run in `Double`).
    /// - Throws: ``SolverError/invalidHyperparameter(name:value:validRange:)`` for `rank < 1`,
    ///   `omega` not in `(0, inf)`, `initialScale` not in `(0, inf)`, or an invalid stopping rule.
    public init(regularization: Regularization, rank: Int, omega: Double,
                stoppingRule: StoppingRule = StoppingRule(maxIterations: 20),
                clampsBetaAtZero: Bool = true, seed: UInt64 = 0, initialScale: Double = 1e-4,
                precision: Precision = .double) throws(SolverError) {
        try validateRankHyperparameter(rank)
        guard omega > 0, omega.isFinite else {
            throw .invalidHyperparameter(name: "omega", value: "\(omega)", validRange: "(0, inf)")
        }
        guard initialScale > 0, initialScale.isFinite else {
            throw .invalidHyperparameter(name: "initial scale", value: "\(initialScale)", validRange: "(0, inf)")
        }
        try stoppingRule.validate()
        self.regularization = regularization
        self.rank = rank
        self.omega = omega
        self.stoppingRule = stoppingRule
        self.clampsBetaAtZero = clampsBetaAtZero
        self.seed = seed
        self.initialScale = initialScale
        self.precision = precision
    }

    /// The catalog entry and hyperparameters of this solver (`admm`).
    public var configuration: SolverConfiguration {
        SolverConfiguration(kind: .admm, dropout: regularization.dropout, l2: regularization.l2, omega: omega, rank: rank,
                            epochs: stoppingRule.maxIterations, seed: seed, precision: precision)
    }

    /// The state of ADMM after its last epoch: the factors and the vectors `beta` and `gamma`.
    public struct State: Sendable {
        /// The encoder `U`, m x k (converted exactly to `Double` from a single-precision run).
        public var encoder: Matrix<Double> { model.encoder! }
        /// The decoder `V`, m x k (converted exactly to `Double` from a single-precision run).
        public var decoder: Matrix<Double> { model.decoder! }
        /// The factors in the precision of the run.
        let model: LinearAutoencoder
        /// The auxiliary diagonal `beta` (tends to `diag(U V^T)`).
        public let beta: [Double]
        /// The scaled Lagrange multipliers `gamma`.
        public let gamma: [Double]
        /// The number of epochs run.
        public let epochs: Int
    }

    /// - Throws: ``SolverError/rankOutOfRange(rank:itemCount:)``, ``SolverError/notPositiveDefinite(item:hint:)``,
    ///   ``SolverError/diverged(iteration:reason:)``, `CancellationError`.
    /// - Complexity: O(m^3) once, then O(m^2 k + m k^2 + k^3) per epoch (three products with an m x m matrix).
    public func fit(_ data: TrainingData, observer: IterationObserver? = nil) throws -> LinearAutoencoder {
        let state = try run(data, observer: observer)
        return try state.model.requireUsable(solver: name, largestItemCount: data.itemCounts.max() ?? 0, regularization: regularization)
    }

    /// Runs ADMM in ``precision`` and returns its full state (for checking the optimality
    /// conditions it satisfies).
    public func run(_ data: TrainingData, observer: IterationObserver? = nil) throws -> State {
        switch precision {
        case .single: try run(data, observer: observer, as: Float.self)
        case .double: try run(data, observer: observer, as: Double.self)
        }
    }

    /// ADMM with `G`, the inverse and the factors in `Scalar`; `beta`, `gamma` and the sums over
    /// items in `Double`.
    func run<Scalar: MatrixScalar>(_ data: TrainingData, observer: IterationObserver?, as _: Scalar.Type) throws -> State {
        let m = data.itemCount
        try validateRank(rank, itemCount: m)
        let trace = data.itemCounts.reduce(0, +)  // the objective of the all-zero model
        let lambda = regularization.weights(itemCounts: data.itemCounts)
        let penalty = lambda.map { $0 + omega }                                  // diag(Omega)
        let gramDiagonal = data.itemCounts
        let penalised = zip(lambda, penalty).map { $0 + $1 }                      // diag(Lambda + Omega)
        let inverse = try data.regularizedGramInverse(as: Scalar.self, lambda: penalised,  // (G + Lambda + Omega)^-1
                                                      squareBuffers: 1 + TrainingData.gramCopies(of: Scalar.self))
        let gram = data.gram(as: Scalar.self)
        let objective = LowRankEDLAEObjective(gram: data.gram, lambda: lambda)
        let scalarPenalised = penalised.converted(to: Scalar.self)

        var random = SplitMix64(seed: seed)
        var u = Matrix<Scalar>(converting: random.gaussianMatrix(rows: m, columns: rank, scale: initialScale))
        var v = Matrix<Scalar>(rows: m, columns: rank)
        var beta = [Double](repeating: 0, count: m)
        var gamma = [Double](repeating: 0, count: m)
        var gu = gram * u

        let epochs = try iterate(stoppingRule, observer: observer, what: "the Eq. 10 objective or the constraint residual",
                                 hint: "lower omega or raise lambda", blowUpReference: trace) { epoch in
            let onePlusBeta = beta.map { Scalar(1 + $0) }
            let shift = beta.indices.map { Scalar(penalty[$0] * (beta[$0] - gamma[$0])) } // Omega (beta - gamma)

            // V^T <- (U^T (G + Lambda + Omega) U)^-1 U^T R, R = G dMat(1 + beta) + Omega dMat(beta - gamma):
            // V = R^T U (U^T A U)^-1 with R^T U = dMat(1 + beta) G U + dMat(shift) U.
            var au = gu
            au.addRows(of: u, scaledBy: scalarPenalised)
            var rtu = gu.rowsScaled(by: onePlusBeta)
            rtu.addRows(of: u, scaledBy: shift)
            v = try explainingRankDeficiency(factor: "U", rank: rank, itemCount: m, iteration: epoch) {
                try rtu.dividedOnTheRight(bySymmetric: u.transposeTimes(au))
            }

            // U <- A^-1 R V (V^T V)^-1 with R V = G (dMat(1 + beta) V) + dMat(shift) V.
            var rv = v.rowsScaled(by: shift)
            rv.addProduct(gram, v.rowsScaled(by: onePlusBeta))
            u = try explainingRankDeficiency(factor: "V", rank: rank, itemCount: m, iteration: epoch) {
                try (inverse * rv).dividedOnTheRight(bySymmetric: v.transposeTimesSelf())
            }

            // beta and gamma.
            gu = gram * u
            let uv = u.rowwiseDots(v).asDoubles
            let guv = gu.rowwiseDots(v).asDoubles
            for i in 0..<m {
                let value = (guv[i] - gramDiagonal[i] + penalty[i] * (uv[i] + gamma[i]))
                    / (gramDiagonal[i] + penalty[i] - lambda[i])
                beta[i] = clampsBetaAtZero ? Swift.max(value, 0) : value
            }
            var residualSquared = 0.0, betaSquared = 0.0
            for i in 0..<m {
                let difference = uv[i] - beta[i]
                gamma[i] += difference
                residualSquared += difference * difference
                betaSquared += beta[i] * beta[i]
            }
            let residual = residualSquared.squareRoot()
            return IterationStep(objective: objective.value(encoder: u, decoder: v, gramTimesEncoder: gu),
                                 residual: residual, stoppingResidual: residual / Swift.max(1, betaSquared.squareRoot()))
        }
        guard u.allFinite, v.allFinite else { throw SolverError.diverged(iteration: epochs, reason: "the factors are not finite") }
        return State(model: LinearAutoencoder(fittedEncoder: u, decoder: v), beta: beta, gamma: gamma, epochs: epochs)
    }
}
