import EDLAECore

/// Low-rank EDLAE with full emphasis, Eq. 10 of Steck 2020, minimised exactly by alternating exact
/// block minimisation, warm-started from the teacher-student closed form (Algorithm 1 of Steck & Liang):
///
///     f(U, V) = ||X - X D||_F^2 + ||Lambda^(1/2) D||_F^2,   D = U V^T - dMat(diag(U V^T)).
///
/// `D` is linear in `U` for fixed `V` (and in `V` for fixed `U`), so each block problem is a convex
/// linear least-squares problem. Its normal equations (with `K = G + Lambda`, `P_off` removing the
/// diagonal)
///
///     P_off(K P_off(U V^T)) V = P_off(G) V,      P_off(K P_off(U V^T))^T U = P_off(G) U
///
/// are solved matrix-free by preconditioned conjugate gradients: one product costs O(m^2 k) for the
/// U-step (two products with `G`) and O(m k^2) for the V-step (`K U` is fixed), and the
/// preconditioners `R -> K^-1 R (V^T V)^-1` and `R -> R (U^T K U)^-1` invert the part of the operator
/// that ignores the diagonal. A fixed point (both blocks optimal) is a stationary point of Eq. 10,
/// unlike the fixed points of the published ADMM (``ADMMLowRankEDLAE``).
///
/// Each observer report carries the Eq. 10 objective and, as its residual, the relative gradient norm
/// (``LowRankEDLAEObjective/relativeGradientNorm(encoder:decoder:)``); the solver stops when that
/// falls to `stoppingRule.tolerance` or after `stoppingRule.maxIterations` sweeps.
///
/// Memory: the teacher's `C = (G + Lambda)^-1` (one m x m buffer, kept as the preconditioner's
/// `K^-1`), the transient eigenproblem buffer of Algorithm 1, and O(m k) per sweep.
public struct ExactLowRankEDLAE: AutoencoderSolver {
    /// The regularisation `Lambda`.
    public let regularization: Regularization
    /// The rank `k`.
    public let rank: Int
    /// The number of sweeps and the relative gradient norm at which to stop.
    public let stoppingRule: StoppingRule
    /// The most conjugate-gradient iterations per block solve.
    public let innerIterations: Int
    /// The precision of `G`, `C`, the factors and the block solves (``Precision/double`` by
    /// default); the objective and the relative gradient norm are evaluated in `Double`.
    public let precision: Precision

    /// - Parameter precision: in single precision the block solves stop at a relative residual of
    ///   `100 u_Float` (about `6e-6`) instead of `1e-10`, and the sweeps at a relative gradient norm
    ///   of at most `max(tolerance, 10 sqrt(m) u_Float)`: below those, single-precision iterates
    ///   cannot go (see Docs/Precision.md).
    /// - Throws: ``SolverError/invalidHyperparameter(name:value:validRange:)`` for `rank < 1`,
    ///   `innerIterations < 1`, or an invalid stopping rule.
    public init(regularization: Regularization, rank: Int,
                stoppingRule: StoppingRule = StoppingRule(maxIterations: 200, tolerance: 1e-7),
                innerIterations: Int = 50, precision: Precision = .double) throws(SolverError) {
        try validateRankHyperparameter(rank)
        guard innerIterations >= 1 else {
            throw .invalidHyperparameter(name: "inner iterations", value: "\(innerIterations)", validRange: "1 or more")
        }
        try stoppingRule.validate()
        self.regularization = regularization
        self.rank = rank
        self.stoppingRule = stoppingRule
        self.innerIterations = innerIterations
        self.precision = precision
    }

    /// The catalog entry and hyperparameters of this solver (`edlae-lowrank`).
    public var configuration: SolverConfiguration {
        SolverConfiguration(kind: .exactLowRankEDLAE, dropout: regularization.dropout, l2: regularization.l2, rank: rank,
                            epochs: stoppingRule.maxIterations, precision: precision)
    }

    /// - Throws: ``SolverError/rankOutOfRange(rank:itemCount:)``, ``SolverError/notPositiveDefinite(item:hint:)``,
    ///   ``SolverError/diverged(iteration:reason:)``, `CancellationError`.
    /// - Complexity: O(m^3) for the warm start, then O(m^2 k) per conjugate-gradient step of a U-step
    ///   and O(m k^2) per step of a V-step.
    public func fit(_ data: TrainingData, observer: IterationObserver? = nil) throws -> LinearAutoencoder {
        try validateRank(rank, itemCount: data.itemCount)
        let model = switch precision {
        case .single: try fit(data, observer: observer, as: Float.self)
        case .double: try fit(data, observer: observer, as: Double.self)
        }
        return try model.requireUsable(solver: name, largestItemCount: data.itemCounts.max() ?? 0,
                                       regularization: regularization)
    }

    /// The sweeps with `G`, `C` and the factors in `Scalar`.
    func fit<Scalar: MatrixScalar>(_ data: TrainingData, observer: IterationObserver?,
                                   as _: Scalar.Type) throws -> LinearAutoencoder {
        let m = data.itemCount
        let trace = data.itemCounts.reduce(0, +)  // the objective of the all-zero model
        let lambda = regularization.weights(itemCounts: data.itemCounts)
        let start = try TeacherStudent.factors(gram: data.gram, lambda: lambda, rank: rank)
        var u = Matrix<Scalar>(converting: start.encoder), v = Matrix<Scalar>(converting: start.decoder)
        let inverse = Matrix<Scalar>(converting: start.inverse)
        let gram = data.gram(as: Scalar.self)
        let scalarLambda = lambda.converted(to: Scalar.self)
        let objective = LowRankEDLAEObjective(gram: data.gram, lambda: lambda)
        let k = BlockOperators(gram: gram, lambda: scalarLambda)
        let floor = 10 * Double(m).squareRoot() * Double(Scalar.unitRoundoff)
        let rule = StoppingRule(maxIterations: stoppingRule.maxIterations,
                                tolerance: stoppingRule.tolerance > 0 ? Swift.max(stoppingRule.tolerance, floor) : 0)

        try iterate(rule, observer: observer, what: "the Eq. 10 objective or its gradient", hint: "raise lambda",
                    blowUpReference: trace,
                    stoppingTest: .residual) { sweep in
            // U-step.
            let vtv = v.transposeTimesSelf()
            u = try conjugateGradients(
                start: u, rhs: k.offDiagonalGram(times: v),
                apply: { k.encoderOperator($0, decoder: v, decoderGram: vtv) },
                precondition: { (r: Matrix<Scalar>) throws(SolverError) -> Matrix<Scalar> in
                    try (inverse * r).dividedOnTheRight(bySymmetric: vtv) },
                iteration: sweep)
            // V-step.
            var ku = gram * u
            ku.addRows(of: u, scaledBy: scalarLambda)
            let utku = u.transposeTimes(ku)
            v = try conjugateGradients(
                start: v, rhs: k.offDiagonalGram(times: u),
                apply: { k.decoderOperator($0, encoder: u, regularizedGramTimesEncoder: ku, encoderGram: utku) },
                precondition: { (r: Matrix<Scalar>) throws(SolverError) -> Matrix<Scalar> in
                    try r.dividedOnTheRight(bySymmetric: utku) },
                iteration: sweep)

            // Both measured in Double on the exact (converted) factors and the shared G.
            let (exactU, exactV) = (Matrix<Double>(converting: u), Matrix<Double>(converting: v))
            return IterationStep(objective: objective.value(encoder: exactU, decoder: exactV),
                                 residual: objective.relativeGradientNorm(encoder: exactU, decoder: exactV))
        }
        return LinearAutoencoder(fittedEncoder: u, decoder: v)
    }

    /// Preconditioned conjugate gradients on m x k matrices with the Frobenius inner product, from
    /// `start`, until the residual's norm falls below `max(1e-10, 100 u)` of the right-hand side's
    /// (`u` the unit roundoff of `Scalar`) or `innerIterations`.
    func conjugateGradients<Scalar: MatrixScalar>(start: Matrix<Scalar>, rhs: Matrix<Scalar>,
                                                  apply: (Matrix<Scalar>) -> Matrix<Scalar>,
                                                  precondition: (Matrix<Scalar>) throws(SolverError) -> Matrix<Scalar>,
                                                  iteration: Int) throws(SolverError) -> Matrix<Scalar> {
        var x = start
        var residual = rhs
        residual.add(apply(x), scaledBy: -1)
        let relative = Swift.max(1e-10, 100 * Scalar.unitRoundoff)
        let target = relative * relative * rhs.frobeniusInner(rhs)
        if residual.frobeniusInner(residual) <= target { return x }
        var z = try precondition(residual)
        var direction = z
        var rz = residual.frobeniusInner(z)
        for _ in 0..<innerIterations {
            let ad = apply(direction)
            let curvature = direction.frobeniusInner(ad)
            guard curvature > 0, curvature.isFinite else { break }
            let step = rz / curvature
            x.add(direction, scaledBy: step)
            residual.add(ad, scaledBy: -step)
            if residual.frobeniusInner(residual) <= target { break }
            z = try precondition(residual)
            let next = residual.frobeniusInner(z)
            direction = z + direction * (next / rz)
            rz = next
        }
        guard x.allFinite else { throw .diverged(iteration: iteration, reason: "a conjugate-gradient block solve is not finite") }
        return x
    }
}

/// The normal-equation operators of the two block problems of Eq. 10, in the precision `Scalar`.
struct BlockOperators<Scalar: MatrixScalar> {
    let gram: Matrix<Scalar>
    let lambda: [Scalar]
    let gramDiagonal: [Scalar]

    init(gram: Matrix<Scalar>, lambda: [Scalar]) {
        self.gram = gram
        self.lambda = lambda
        self.gramDiagonal = gram.diagonal
    }

    /// `P_off(G) W = G W - dMat(diag G) W`.
    func offDiagonalGram(times w: Matrix<Scalar>) -> Matrix<Scalar> {
        var result = gram * w
        result.addRows(of: w, scaledBy: gramDiagonal.map { -$0 })
        return result
    }

    /// `P_off(K P_off(U V^T)) V` for fixed `V` (two products with `G`).
    func encoderOperator(_ u: Matrix<Scalar>, decoder v: Matrix<Scalar>, decoderGram vtv: Matrix<Scalar>) -> Matrix<Scalar> {
        let beta = u.rowwiseDots(v)
        var ku = gram * u
        ku.addRows(of: u, scaledBy: lambda)
        // K D V = K U (V^T V) - K (beta . V);  diag(K D)_i = (K U)_i . V_i - K_ii beta_i.
        let kuv = ku.rowwiseDots(v)
        var result = ku * vtv
        let betaV = v.rowsScaled(by: beta)
        result.addProduct(gram, betaV, scaledBy: -1)
        result.addRows(of: v, scaledBy: beta.indices.map {
            -lambda[$0] * beta[$0] - (kuv[$0] - (gramDiagonal[$0] + lambda[$0]) * beta[$0])
        })
        return result
    }

    /// `P_off(K P_off(U V^T))^T U` for fixed `U`, given `K U` and `U^T K U` (O(m k^2)).
    func decoderOperator(_ v: Matrix<Scalar>, encoder u: Matrix<Scalar>, regularizedGramTimesEncoder ku: Matrix<Scalar>,
                         encoderGram utku: Matrix<Scalar>) -> Matrix<Scalar> {
        let beta = u.rowwiseDots(v)
        let kuv = ku.rowwiseDots(v)
        // (K D)^T U = V (U^T K U) - beta . (K U);  minus dMat(diag(K D)) U.
        var result = v * utku
        result.addRows(of: ku, scaledBy: beta.map { -$0 })
        result.addRows(of: u, scaledBy: beta.indices.map { -(kuv[$0] - (gramDiagonal[$0] + lambda[$0]) * beta[$0]) })
        return result
    }
}
