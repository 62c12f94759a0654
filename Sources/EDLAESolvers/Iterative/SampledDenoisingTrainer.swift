import EDLAECore
import Foundation

/// Emphasized denoising training by sampling (Eq. 1 of Steck 2020), the way rows 1 and 4 of its
/// Table 1 were trained: minibatches of users, an independent Bernoulli dropout mask `delta` on every
/// input entry, and the squared error weighted by `a` where the input entry was dropped and by `b`
/// where it was kept:
///
///     minimise  E_delta sum_u sum_i A_ui (X_ui - (delta_u . X_u) B'_:i)^2,   A_ui = a if delta_ui = 0 else b
///
/// The returned model is rescaled by `q = 1 - p` (Eq. 2): `B = q B'`, or `U = sqrt(q) U'`,
/// `V = sqrt(q) V'` for the factored model `B' = U' V'^T`, so predictions need no dropout scaling.
///
/// The objective minimised, per user (`r` users, `s = a p + b q`), is
///
///     F = (1/r) [ (1/s) sum_u loss_u + weightDecay (||U||^2 + ||V||^2) + productL2 ||B||^2 ]
///
/// with the penalties on the rescaled weights. Its expectation over the masks is, up to a constant,
/// `(1/r)` times the objective of the Theorem (Eq. 6) plus the penalties, because the expected
/// Eq. 1 objective equals `(a p + b q)` times Eq. 6 at `B = q B'` plus a constant. Hence:
/// - `a = b`, no penalties: the minimiser is DLAE (Eq. 5, `Lambda = p/q dMat(diag(G))`);
///   `productL2 = lambda` gives DLAE with `Lambda + lambda I` (Table 1 row 4 with `Lambda tilde`).
/// - `a > b > 0`: the minimiser is the Theorem's Eq. 6 solution;
/// - `p = 0`, `a = b = 1`, `weightDecay = lambda`, low rank: Table 1 row 1,
///   `||X - X U V^T||^2 + lambda (||U||^2 + ||V||^2)`.
///
/// Every product runs in BLAS on dense minibatch blocks: the masked input `Z` (batch x m) times
/// `B'` or `U'`, the weighted residual `W = A . (X - Z B')` (elementwise), and the gradients
/// `-2 Z^T W` (full rank), `-2 W^T (Z U')` and `-2 Z^T (W V')` (factored).
///
/// Progress goes to the observer once per epoch (``IterationReport/objective`` is the epoch's
/// sampled `F`). The `Task` is checked for cancellation before every minibatch.
public struct SampledDenoisingTrainer: AutoencoderSolver {
    /// The parametrisation of the trained weights.
    public enum Model: Sendable, Equatable, Hashable {
        /// A full m x m matrix `B` (O(m^2) parameters; for small `m`). The objective is convex.
        case fullRank
        /// `B = U V^T` with `U`, `V` m x `rank`, started from small random values (`initialScale`).
        case lowRank(rank: Int)
    }

    /// The parametrisation (full rank or factored).
    public let model: Model
    /// The dropout probability `p` of each input entry, in `[0, 1)`.
    public let dropout: Double
    /// The weight `a` on the squared error of dropped-out entries.
    public let droppedWeight: Double
    /// The weight `b` on the squared error of kept entries.
    public let keptWeight: Double
    /// `lambda` of the weight decay `lambda (||U||^2 + ||V||^2)` (Table 1 row 1); for the full-rank
    /// model it penalises `lambda ||B||^2`.
    public let weightDecay: Double
    /// `lambda` of the product penalty `lambda ||B||_F^2 = lambda ||U V^T||_F^2` (Table 1 row 2, and
    /// the `lambda I` of `Lambda tilde` in rows 3-4).
    public let productL2: Double
    /// Adam or SGD.
    public let optimizer: GradientOptimizer
    /// The step size `eta` of the first epoch.
    public let learningRate: Double
    /// The factor applied to the step size after each epoch, in `(0, 1]` (`1` keeps it constant).
    public let learningRateDecay: Double
    /// The number of passes over the users.
    public let epochs: Int
    /// The number of users per minibatch.
    public let batchSize: Int
    /// The standard deviation of the random initial entries of `U'` and `V'` (the full-rank `B'` starts at 0).
    public let initialScale: Double
    /// The seed of the user order, the masks, and the initial factors.
    public let seed: UInt64
    /// The relative change of the epoch objective below which training stops early (`0`: never).
    public private(set) var tolerance: Double = 0
    /// The precision of the parameters, the optimiser's moments and the minibatch products
    /// (``Precision/double`` by default); the losses are summed in `Double`.
    public private(set) var precision: Precision = .double

    /// The trainer in the terms of the other solvers: `Lambda`'s dropout `p` and `lambda` (as the
    /// product penalty `lambda ||B||^2`, so that plain dropout converges to ``DLAE`` with the same
    /// ``Regularization``), the ``Emphasis`` `(a, b)`, and the epochs as a ``StoppingRule`` (its
    /// tolerance stops early once the epoch objective changes by less than it, relatively).
    /// - Throws: as ``init(model:dropout:droppedWeight:keptWeight:weightDecay:productL2:optimizer:learningRate:learningRateDecay:epochs:batchSize:initialScale:seed:)``
    ///   (which trains in double precision; this one takes a ``Precision``).
    public init(
        model: Model = .fullRank, regularization: Regularization, emphasis: Emphasis = .plainDropout,
        weightDecay: Double = 0, optimizer: GradientOptimizer = .adam, learningRate: Double = 0.01,
        learningRateDecay: Double = 1, stoppingRule: StoppingRule = StoppingRule(maxIterations: 50),
        batchSize: Int = 256, initialScale: Double = 0.01, seed: UInt64 = 0, precision: Precision = .double
    ) throws(SolverError) {
        try stoppingRule.validate()
        try self.init(model: model, dropout: regularization.dropout, droppedWeight: emphasis.dropped,
                      keptWeight: emphasis.kept, weightDecay: weightDecay, productL2: regularization.l2,
                      optimizer: optimizer, learningRate: learningRate, learningRateDecay: learningRateDecay,
                      epochs: stoppingRule.maxIterations, batchSize: batchSize, initialScale: initialScale, seed: seed)
        self.tolerance = stoppingRule.tolerance
        self.precision = precision
    }

    /// Validates the hyperparameters.
    /// - Throws: ``SolverError/invalidHyperparameter(name:value:validRange:)`` for `p` outside `[0, 1)`,
    ///   negative weights, `a p + b q = 0`, a non-positive learning rate, a decay outside `(0, 1]`,
    ///   fewer than one epoch or user per batch, negative penalties, or a non-positive
    ///   `initialScale` for the factored model; ``SolverError/rankOutOfRange(rank:itemCount:)`` for a rank below 1.
    public init(
        model: Model = .fullRank, dropout: Double, droppedWeight: Double = 1, keptWeight: Double = 1,
        weightDecay: Double = 0, productL2: Double = 0, optimizer: GradientOptimizer = .adam,
        learningRate: Double = 0.01, learningRateDecay: Double = 1, epochs: Int = 50, batchSize: Int = 256,
        initialScale: Double = 0.01, seed: UInt64 = 0
    ) throws(SolverError) {
        func check(_ ok: Bool, _ name: String, _ value: Any, _ range: String) throws(SolverError) {
            if !ok { throw .invalidHyperparameter(name: name, value: "\(value)", validRange: range) }
        }
        try check(dropout >= 0 && dropout < 1, "dropout p", dropout, "[0, 1)")
        try check(droppedWeight >= 0 && droppedWeight.isFinite, "emphasis a (dropped)", droppedWeight, "[0, inf)")
        try check(keptWeight >= 0 && keptWeight.isFinite, "emphasis b (kept)", keptWeight, "[0, inf)")
        try check(droppedWeight * dropout + keptWeight * (1 - dropout) > 0, "emphasis a p + b q",
                  droppedWeight * dropout + keptWeight * (1 - dropout), "(0, inf)")
        try check(weightDecay >= 0 && weightDecay.isFinite, "weight decay", weightDecay, "[0, inf)")
        try check(productL2 >= 0 && productL2.isFinite, "product L2", productL2, "[0, inf)")
        try check(learningRate > 0 && learningRate.isFinite, "learning rate", learningRate, "(0, inf)")
        try check(learningRateDecay > 0 && learningRateDecay <= 1, "learning-rate decay", learningRateDecay, "(0, 1]")
        try check(epochs >= 1, "epochs", epochs, "1 or more")
        try check(batchSize >= 1, "batch size", batchSize, "1 or more")
        try optimizer.validate()
        if case .lowRank(let rank) = model {
            try validateRankHyperparameter(rank)
            try check(initialScale > 0 && initialScale.isFinite, "initial scale", initialScale, "(0, inf)")
        } else {
            try check(initialScale >= 0 && initialScale.isFinite, "initial scale", initialScale, "[0, inf)")
        }
        self.model = model
        self.dropout = dropout
        self.droppedWeight = droppedWeight
        self.keptWeight = keptWeight
        self.weightDecay = weightDecay
        self.productL2 = productL2
        self.optimizer = optimizer
        self.learningRate = learningRate
        self.learningRateDecay = learningRateDecay
        self.epochs = epochs
        self.batchSize = batchSize
        self.initialScale = initialScale
        self.seed = seed
    }

    /// The catalog entry and hyperparameters of this solver (`sampled`).
    public var configuration: SolverConfiguration {
        SolverConfiguration(
            kind: .sampled, dropout: dropout, l2: productL2, rank: { if case .lowRank(let k) = model { k } else { nil } }(),
            epochs: epochs, emphasis: try? Emphasis(dropped: droppedWeight, kept: keptWeight), seed: seed,
            learningRate: learningRate, learningRateDecay: learningRateDecay, batchSize: batchSize, precision: precision)
    }

    /// Trains on the interactions of `data` (Eq. 1 with the rescaling of Eq. 2).
    /// - Throws: ``SolverError/needsInteractions(solver:)`` when `data` holds only a Gram matrix,
    ///   ``SolverError/rankOutOfRange(rank:itemCount:)``, ``SolverError/diverged(iteration:reason:)``
    ///   when the loss becomes non-finite (lower the learning rate), `CancellationError`.
    /// - Complexity: per epoch O(r m^2) full rank, O(r m k) factored (`r` users), in BLAS; O(r m)
    ///   random draws for the masks. Memory: the parameters and optimiser moments (O(m^2) or O(m k))
    ///   plus O(batchSize m).
    public func fit(_ data: TrainingData, observer: IterationObserver? = nil) throws -> LinearAutoencoder {
        try fit(data, observer: observer, onEpoch: nil)
    }

    /// ``fit(_:observer:)`` that also hands the rescaled model after each epoch to `onEpoch`
    /// (1-based epoch), for convergence curves.
    public func fit(_ data: TrainingData, observer: IterationObserver?,
                    onEpoch: ((_ epoch: Int, _ model: LinearAutoencoder) -> Void)?) throws -> LinearAutoencoder {
        switch precision {
        case .single: try fit(data, observer: observer, onEpoch: onEpoch, as: Float.self)
        case .double: try fit(data, observer: observer, onEpoch: onEpoch, as: Double.self)
        }
    }

    /// The training loop with the parameters, moments and products in `Scalar`.
    func fit<Scalar: MatrixScalar>(_ data: TrainingData, observer: IterationObserver?,
                                   onEpoch: ((_ epoch: Int, _ model: LinearAutoencoder) -> Void)?,
                                   as _: Scalar.Type) throws -> LinearAutoencoder {
        guard let interactions = data.interactions else { throw SolverError.needsInteractions(solver: name) }
        let m = interactions.itemCount, users = interactions.userCount
        if case .lowRank(let rank) = model { try validateRank(rank, itemCount: m) }
        try checkMemory(itemCount: m, userCount: users, resident: data.gram, scalarBytes: MemoryLayout<Scalar>.size)
        var state = TrainingState<Scalar>(trainer: self, itemCount: m)
        guard users > 0 else { return state.rescaledModel() }
        var order = Array(0..<users)
        var learningRate = self.learningRate
        // The objective of the all-zero model: the weighted squared error of predicting 0, sum x^2 / users.
        let zeroObjective = interactions.values.reduce(0) { $0 + $1 * $1 } / Double(users)
        let rule = StoppingRule(maxIterations: epochs, tolerance: tolerance)
        try iterate(rule, observer: observer, what: "the sampled objective", hint: "lower the learning rate",
                    blowUpReference: zeroObjective) { epoch in
            state.random.shuffle(&order)
            var loss = 0.0
            for start in stride(from: 0, to: users, by: batchSize) {
                if Task.isCancelled { throw CancellationError() }
                let batch = order[start..<(start + Swift.min(batchSize, users - start))]
                loss += state.step(users: batch, of: interactions, learningRate: learningRate)
                guard loss.isFinite else {
                    throw SolverError.diverged(iteration: epoch, reason: "the sampled loss is \(loss); lower the learning rate")
                }
            }
            let objective = loss / (Double(users) * state.emphasisScale) + state.penalty() / Double(users)
            if objective.isFinite { onEpoch?(epoch, state.rescaledModel()) }
            learningRate *= learningRateDecay
            return IterationStep(objective: objective, residual: 0)
        }
        return try state.rescaledModel().requireUsable(
            solver: name, largestItemCount: interactions.itemInteractionCounts.max().map(Double.init) ?? 0,
            regularization: try? Regularization(dropout: dropout, l2: productL2))
    }
}

extension SampledDenoisingTrainer {
    /// Checks the buffers of a fit against ``/EDLAECore/MemoryBudget/current`` before any exists: the
    /// parameters, their gradients and two optimiser moments (4 m x m, or 8 m x k), and about six
    /// dense batch x m buffers (target, masked input, weights, residual, products), each element
    /// `scalarBytes` bytes (4 in single precision, 8 in double).
    func checkMemory(itemCount m: Int, userCount: Int, resident gram: Matrix<Double>, scalarBytes: Int) throws(SolverError) {
        let batch = Swift.min(batchSize, Swift.max(userCount, 1))
        let parameters: Int
        switch model {
        case .fullRank: parameters = MemoryBudget.bytes(forSquareMatrices: 4, order: m)
        case .lowRank(let k): parameters = MemoryBudget.bytes(forMatrices: 8, rows: m, columns: k)
        }
        let batchBuffers = MemoryBudget.bytes(forMatrices: 6, rows: batch, columns: m)
        do {
            try MemoryBudget.current.check(
                bytes: MemoryBudget.sum([parameters / 8 * scalarBytes, batchBuffers / 8 * scalarBytes]),
                resident: MemoryBudget.bytes(forMatrices: 1, rows: gram.rows, columns: gram.columns),
                purpose: "sampled training on \(m) items (batches of \(batch) users)")
        } catch { throw .linearAlgebra(error) }
    }

    /// The parameters `B'` or `(U', V')` before the rescaling of Eq. 2, their optimiser states, and
    /// the random source.
    struct TrainingState<Scalar: MatrixScalar> {
        let trainer: SampledDenoisingTrainer
        let itemCount: Int
        var random: SplitMix64
        /// `B'` (full rank) or `U'` (factored).
        var first: Matrix<Scalar>
        /// `V'` (factored); empty for full rank.
        var second: Matrix<Scalar>
        var firstState: GradientOptimizerState<Scalar>
        var secondState: GradientOptimizerState<Scalar>

        var keep: Double { 1 - trainer.dropout }
        /// `s = a p + b q`.
        var emphasisScale: Double { trainer.droppedWeight * trainer.dropout + trainer.keptWeight * keep }
        var isFactored: Bool { if case .lowRank = trainer.model { return true } else { return false } }

        init(trainer: SampledDenoisingTrainer, itemCount m: Int) {
            self.trainer = trainer
            self.itemCount = m
            var random = SplitMix64(seed: trainer.seed)
            switch trainer.model {
            case .fullRank:
                first = Matrix(rows: m, columns: m)
                second = Matrix(rows: 0, columns: 0)
            case .lowRank(let k):
                let scale = trainer.initialScale
                first = Matrix(rows: m, columns: k) { _, _ in Scalar(scale * random.nextGaussian()) }
                second = Matrix(rows: m, columns: k) { _, _ in Scalar(scale * random.nextGaussian()) }
            }
            self.random = random
            firstState = GradientOptimizerState(trainer.optimizer, rows: first.rows, columns: first.columns)
            secondState = GradientOptimizerState(trainer.optimizer, rows: second.rows, columns: second.columns)
        }

        /// The model for prediction: `q B'`, or `(sqrt(q) U', sqrt(q) V')`.
        func rescaledModel() -> LinearAutoencoder {
            if isFactored {
                let root = Scalar(keep.squareRoot())
                return LinearAutoencoder(fittedEncoder: first * root, decoder: second * root)
            }
            return LinearAutoencoder(fitted: first * Scalar(keep))
        }

        /// `weightDecay (||U||^2 + ||V||^2) + productL2 ||B||^2` on the rescaled weights.
        func penalty() -> Double {
            let q = keep
            if !isFactored {
                let norm = Double(first.frobeniusNorm)
                return (trainer.weightDecay + trainer.productL2) * q * q * norm * norm
            }
            var total = 0.0
            if trainer.weightDecay > 0 {
                let nu = Double(first.frobeniusNorm), nv = Double(second.frobeniusNorm)
                total += trainer.weightDecay * q * (nu * nu + nv * nv)
            }
            if trainer.productL2 > 0 {
                // ||U' V'^T||_F^2 = <U'^T U', V'^T V'> (two k x k products).
                let gu = first.transposeTimesSelf(), gv = second.transposeTimesSelf()
                let product = gu.withUnsafeBufferPointer { a in
                    gv.withUnsafeBufferPointer { b in zip(a, b).reduce(0.0) { $0 + Double($1.0) * Double($1.1) } }
                }
                total += trainer.productL2 * q * q * product
            }
            return total
        }

        /// One minibatch: sample the mask, form the weighted residual, take one optimiser step.
        /// Returns the batch's weighted squared error `sum A . R^2`.
        mutating func step(users: ArraySlice<Int>, of interactions: InteractionMatrix, learningRate: Double) -> Double {
            let m = itemCount, count = users.count
            let p = trainer.dropout, a = trainer.droppedWeight, b = trainer.keptWeight
            // Dense target X_b, masked input Z and the emphasis weights A (column-major, count x m).
            var target = Matrix<Scalar>(rows: count, columns: m)
            target.withUnsafeMutableBufferPointer { x in
                for (row, user) in users.enumerated() {
                    let start = interactions.rowStarts[user], end = interactions.rowStarts[user + 1]
                    for position in start..<end {
                        x[row + Int(interactions.columnIndices[position]) * count] = Scalar(interactions.values[position])
                    }
                }
            }
            var input = target
            var weights = [Scalar](repeating: Scalar(b), count: count * m)
            input.withUnsafeMutableBufferPointer { z in
                weights.withUnsafeMutableBufferPointer { w in
                    for index in 0..<z.count where random.nextUnitDouble() < p {
                        z[index] = 0
                        w[index] = Scalar(a)
                    }
                }
            }
            // Residual R = X_b - Z B'  or  X_b - (Z U') V'^T.
            var residual = target
            var hidden = Matrix<Scalar>(rows: 0, columns: 0)
            if isFactored {
                hidden = input * first
                residual.addProduct(hidden, second, transposingSecond: true, scaledBy: -1, scalingSelfBy: 1)
            } else {
                residual.addProduct(input, first, scaledBy: -1, scalingSelfBy: 1)
            }
            // W = A . R in place, and the loss sum A . R^2.
            var loss = 0.0
            residual.withUnsafeMutableBufferPointer { r in
                weights.withUnsafeBufferPointer { w in
                    for index in 0..<r.count {
                        let weighted = w[index] * r[index]
                        loss += Double(weighted) * Double(r[index])
                        r[index] = weighted
                    }
                }
            }
            let userCount = Double(interactions.userCount)
            let dataScale = Scalar(-2 / (Double(count) * emphasisScale))
            let q = keep
            if isFactored {
                // dF/dV' = -2/(n s) W^T (Z U') ;  dF/dU' = -2/(n s) Z^T (W V')  (+ penalties).
                var gradientSecond = Matrix<Scalar>(rows: m, columns: second.columns)
                gradientSecond.addProduct(residual, hidden, transposingFirst: true, scaledBy: dataScale, scalingSelfBy: 0)
                let weightedDecoder = residual * second
                var gradientFirst = Matrix<Scalar>(rows: m, columns: first.columns)
                gradientFirst.addProduct(input, weightedDecoder, transposingFirst: true, scaledBy: dataScale, scalingSelfBy: 0)
                if trainer.weightDecay > 0 {
                    let decay = Scalar(2 * trainer.weightDecay * q / userCount)
                    gradientFirst.updateElements(with: first) { $0 + decay * $1 }
                    gradientSecond.updateElements(with: second) { $0 + decay * $1 }
                }
                if trainer.productL2 > 0 {
                    // d/dU' ||U' V'^T||^2 = 2 U' (V'^T V'), d/dV' = 2 V' (U'^T U').
                    let scale = Scalar(2 * trainer.productL2 * q * q / userCount)
                    gradientFirst.addProduct(first, second.transposeTimesSelf(), scaledBy: scale, scalingSelfBy: 1)
                    gradientSecond.addProduct(second, first.transposeTimesSelf(), scaledBy: scale, scalingSelfBy: 1)
                }
                firstState.step(&first, gradient: gradientFirst, learningRate: learningRate)
                secondState.step(&second, gradient: gradientSecond, learningRate: learningRate)
            } else {
                // dF/dB' = -2/(n s) Z^T W + 2 (lambda) q^2 B' / r.
                var gradient = Matrix<Scalar>(rows: m, columns: m)
                gradient.addProduct(input, residual, transposingFirst: true, scaledBy: dataScale, scalingSelfBy: 0)
                let penalty = trainer.weightDecay + trainer.productL2
                if penalty > 0 {
                    let decay = Scalar(2 * penalty * q * q / userCount)
                    gradient.updateElements(with: first) { $0 + decay * $1 }
                }
                firstState.step(&first, gradient: gradient, learningRate: learningRate)
            }
            return loss
        }
    }
}
