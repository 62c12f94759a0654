import EDLAECore

/// Low-rank autoencoder with the (near-)orthogonality constraint (Eq. 11 of Steck 2020),
///
///     min ||X - X U V^T||_F^2 + ||Lambda^(1/2) U V^T||_F^2   s.t. diag(U V^T) = 0,
///
/// trained by the Lagrangian alternating least squares of the supplement (Sec. 4, Eqs. 28-32), as
/// published. Each sweep solves, for fixed `V`, for `U` and the multipliers `eta` of the Lagrangian
/// of Eq. 28 (Eqs. 31-32):
///
///     (C . Q) (eta + diag(Lambda)) = diag(Q),   U = [V - C dMat(eta + diag(Lambda)) V] (V^T V)^-1
///
/// with `C = (G + Lambda)^-1` and `Q = V (V^T V)^-1 V^T` (Eq. 32 rewritten with `C G = I - C Lambda`),
/// then, for fixed `U`, for `V` and new multipliers (Eqs. 29-30):
///
///     D = (U^T (G + Lambda) U)^-1,   eta = diag(U D U^T G) / diag(U D U^T),   V = (G - dMat(eta)) U D.
///
/// `V` starts random normal (seeded, scale `1e-4`), as in the authors' published code, and each
/// sweep runs the U-step, then the V-step.
///
/// Each step is the exact constrained minimiser over its block, so the objective never increases and
/// `diag(U V^T)` is zero to rounding after every step. The two multiplier estimates, however, are
/// those of two different sub-problems; the KKT conditions of Eq. 11 need one `eta` for both blocks,
/// and the iteration can stall where the estimates still differ, slightly above the constrained
/// optimum (measured in <doc:LowRankEDLAE>). The observer receives the Eq. 11 objective and
/// `||diag(U V^T)||_2`.
public struct NearOrthogonalALS: AutoencoderSolver {
    /// The regularisation `Lambda`.
    public let regularization: Regularization
    /// The rank `k`.
    public let rank: Int
    /// The number of sweeps and the early-stopping tolerance (relative objective change and
    /// `||diag(U V^T)||`).
    public let stoppingRule: StoppingRule
    /// The seed of the random initialisation of `V`.
    public let seed: UInt64
    /// The precision of the sweeps and of the returned factors (``Precision/double`` by default).
    public let precision: Precision

    /// - Parameter precision: the scalars of `C`, the system `C . Q`, `G` and the factors (in single
    ///   precision a `Float` copy of `G` is made; the sums of the objective run in `Double`).
    /// - Throws: ``SolverError/invalidHyperparameter(name:value:validRange:)`` for `rank < 1` or an
    ///   invalid stopping rule.
    public init(regularization: Regularization, rank: Int,
                stoppingRule: StoppingRule = StoppingRule(maxIterations: 20), seed: UInt64 = 0,
                precision: Precision = .double) throws(SolverError) {
        try validateRankHyperparameter(rank)
        try stoppingRule.validate()
        self.regularization = regularization
        self.rank = rank
        self.stoppingRule = stoppingRule
        self.seed = seed
        self.precision = precision
    }

    /// The catalog entry and hyperparameters of this solver (`als-zero-diag`).
    public var configuration: SolverConfiguration {
        SolverConfiguration(kind: .nearOrthogonalALS, dropout: regularization.dropout, l2: regularization.l2, rank: rank,
                            epochs: stoppingRule.maxIterations, seed: seed, precision: precision)
    }

    /// The result of the last sweep, with both multiplier estimates.
    public struct State: Sendable {
        /// The encoder `U`, m x k (converted exactly to `Double` from a single-precision run).
        public var encoder: Matrix<Double> { model.encoder! }
        /// The decoder `V`, m x k (converted exactly to `Double` from a single-precision run).
        public var decoder: Matrix<Double> { model.decoder! }
        /// The factors in the precision of the run.
        let model: LinearAutoencoder
        /// `eta` from the U-step's linear system (Eq. 32).
        public let encoderStepMultipliers: [Double]
        /// `eta` from the V-step's closed form (Eq. 30).
        public let decoderStepMultipliers: [Double]
        /// The number of sweeps run.
        public let sweeps: Int
    }

    /// - Throws: ``SolverError/rankOutOfRange(rank:itemCount:)``, ``SolverError/notPositiveDefinite(item:hint:)``,
    ///   ``SolverError/diverged(iteration:reason:)``, `CancellationError`.
    /// - Complexity: O(m^3) per sweep (the m x m system of Eq. 32), plus O(m^2 k); memory: `C` and one
    ///   m x m buffer for `C . Q`, reused by every sweep (and a `Float` copy of `G` in single precision).
    public func fit(_ data: TrainingData, observer: IterationObserver? = nil) throws -> LinearAutoencoder {
        let state = try run(data, observer: observer)
        return try state.model.requireUsable(solver: name, largestItemCount: data.itemCounts.max() ?? 0, regularization: regularization)
    }

    /// Runs the sweeps in ``precision`` and returns the factors with both multiplier estimates of
    /// the last sweep.
    public func run(_ data: TrainingData, observer: IterationObserver? = nil) throws -> State {
        switch precision {
        case .single: try run(data, observer: observer, as: Float.self)
        case .double: try run(data, observer: observer, as: Double.self)
        }
    }

    /// The sweeps with `C`, `C . Q`, `G` and the factors in `Scalar`; the multipliers and the sums
    /// over items in `Double`.
    func run<Scalar: MatrixScalar>(_ data: TrainingData, observer: IterationObserver?, as _: Scalar.Type) throws -> State {
        let m = data.itemCount
        try validateRank(rank, itemCount: m)
        let lambda = regularization.weights(itemCounts: data.itemCounts)
        let scalarLambda = lambda.converted(to: Scalar.self)
        let c = try data.regularizedGramInverse(as: Scalar.self, lambda: lambda,
                                                squareBuffers: 2 + TrainingData.gramCopies(of: Scalar.self))
        let gram = data.gram(as: Scalar.self)
        let trace = data.itemCounts.reduce(0, +)
        var random = SplitMix64(seed: seed)
        var v = Matrix<Scalar>(converting: random.gaussianMatrix(rows: m, columns: rank, scale: 1e-4))
        var u = Matrix<Scalar>(rows: m, columns: rank)
        var system: Matrix<Scalar>
        do { system = try Matrix<Scalar>(zeroedRows: m, columns: m) } catch { throw SolverError.linearAlgebra(error) }
        var etaU = [Double](repeating: 0, count: m), etaV = etaU

        let sweeps = try iterate(stoppingRule, observer: observer, what: "the Eq. 11 objective or the multipliers",
                                 hint: "raise lambda", blowUpReference: trace) { sweep in
            // U-step (Eqs. 31-32). Q = V S with S = (V^T V)^-1 V^T; the system is C . Q.
            let vtv = v.transposeTimesSelf()
            let projector = try explainingRankDeficiency(factor: "V", rank: rank, itemCount: m, iteration: sweep) {  // V (V^T V)^-1
                try v.dividedOnTheRight(bySymmetric: vtv)
            }
            system.addProduct(projector, v, transposingSecond: true, scaledBy: 1, scalingSelfBy: 0)
            let diagonalOfQ = system.diagonal
            system.updateElements(with: c, *)
            let shifted = try Self.solvePositiveDefiniteInPlace(&system, rhs: diagonalOfQ, iteration: sweep,
                                                                itemCounts: data.itemCounts)
            etaU = zip(shifted, lambda).map { Double($0) - $1 }
            var numerator = v
            numerator.addProduct(c, v.rowsScaled(by: shifted), scaledBy: -1)
            u = try explainingRankDeficiency(factor: "V", rank: rank, itemCount: m, iteration: sweep) {
                try numerator.dividedOnTheRight(bySymmetric: vtv)
            }

            // V-step (Eqs. 29-30).
            let gu = gram * u
            var ku = gu
            ku.addRows(of: u, scaledBy: scalarLambda)
            let ud = try explainingRankDeficiency(factor: "U", rank: rank, itemCount: m, iteration: sweep) {  // U D, m x k
                try u.dividedOnTheRight(bySymmetric: u.transposeTimes(ku))
            }
            let upper = ud.rowwiseDots(gu).asDoubles, lower = ud.rowwiseDots(u).asDoubles
            // Eq. 30's eta_i = upper_i / lower_i is 0/0 for an item whose encoder row is zero (an item
            // without interactions): there diag(U V^T)_i = 0 for every eta_i, and eta_i = 0 is taken.
            etaV = upper.indices.map { lower[$0] == 0 && upper[$0] == 0 ? 0 : upper[$0] / lower[$0] }
            v = try explainingRankDeficiency(factor: "U", rank: rank, itemCount: m, iteration: sweep) {
                try gu.dividedOnTheRight(bySymmetric: u.transposeTimes(ku))
            }
            v.addRows(of: ud, scaledBy: etaV.map { Scalar(-$0) })

            // Eq. 11 objective: tr(G) - 2 tr(G U V^T) + tr((U^T K U)(V^T V)).
            let value = trace - 2 * gu.rowwiseDots(v).asDoubles.reduce(0, +)
                + Double(u.transposeTimes(ku).frobeniusInner(v.transposeTimesSelf()))
            let residual = u.rowwiseDots(v).asDoubles.reduce(0) { $0 + $1 * $1 }.squareRoot()
            return IterationStep(objective: value, residual: residual, checked: etaV)
        }
        return State(model: LinearAutoencoder(fittedEncoder: u, decoder: v), encoderStepMultipliers: etaU,
                     decoderStepMultipliers: etaV, sweeps: sweeps)
    }

    /// Solves `system x = rhs` for a symmetric positive definite `system` through its Cholesky
    /// factorisation, in place: `system` is consumed and handed back holding the factor (no copy,
    /// so the next sweep reuses the buffer).
    /// - Throws: ``SolverError/diverged(iteration:reason:)`` naming the leading minor that is not
    ///   positive definite and what to change.
    static func solvePositiveDefiniteInPlace<Scalar: MatrixScalar>(
        _ system: inout Matrix<Scalar>, rhs: [Scalar], iteration: Int, itemCounts: [Double]
    ) throws(SolverError) -> [Scalar] {
        let order = system.rows
        let taken = system
        system = Matrix(rows: 0, columns: 0)
        do {
            let factor = try taken.choleskyFactorization()
            let x = factor.solve(rhs)
            system = factor.lower
            return x
        } catch .notPositiveDefinite(let column) {
            if column < itemCounts.count, itemCounts[column] == 0 {
                // V's row of an item without interactions is zero, so Q_ii = 0 and Eq. 32 is singular.
                throw .notPositiveDefinite(item: column, hint: """
                    item \(column) has no interactions, which makes the published ALS's system (Eq. 32) singular; \
                    remove the item or use edlae-lowrank
                    """)
            }
            throw .diverged(iteration: iteration, reason: """
                the multiplier system C . Q of Eq. 32 (order \(order)) is not positive definite at its leading \
                minor \(column + 1): V has lost rank, and the published ALS cannot continue; use the exact \
                solver edlae-lowrank, a smaller rank, or a larger lambda
                """)
        } catch {
            throw .linearAlgebra(error)
        }
    }
}
