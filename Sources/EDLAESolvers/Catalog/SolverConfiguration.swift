import EDLAECore

/// A solver of the catalog with its hyperparameters: the data from which ``makeSolver()`` builds
/// it, and what a fitted solver reports about itself (``AutoencoderSolver/configuration``).
///
/// Values the solver does not use (``SolverKind/hyperparameters``) are ignored by ``makeSolver()``
/// and left out of ``hyperparameters``. Optional values fall back to the catalog's defaults.
public struct SolverConfiguration: Sendable, Hashable {
    /// The solver.
    public var kind: SolverKind
    /// Dropout probability `p`.
    public var dropout: Double
    /// L2 weight `lambda`.
    public var l2: Double
    /// ADMM penalty `omega`.
    public var omega: Double
    /// Rank `k`; `nil` is ``defaultRank`` for the low-rank solvers and full rank for `sampled`.
    public var rank: Int?
    /// Epochs (sweeps); `nil` is ``SolverKind/defaultEpochs``.
    public var epochs: Int?
    /// Emphasis weights; `nil` is ``SolverKind/defaultEmphasis``.
    public var emphasis: Emphasis?
    /// Seed of the solvers that initialise or sample at random.
    public var seed: UInt64
    /// Step size of `sampled`.
    public var learningRate: Double
    /// Per-epoch step-size factor of `sampled`.
    public var learningRateDecay: Double
    /// Users per minibatch of `sampled`.
    public var batchSize: Int
    /// The precision of the fit and of the model (every solver of the catalog).
    public var precision: Precision

    /// The rank of the low-rank solvers when none is given.
    public static let defaultRank = 100

    /// A configuration with every value given or defaulted (`p = 0.25`, `lambda = 10`,
    /// `omega = 10`, seed 98765, step size 0.01 decaying by 0.98 per epoch, 256 users per batch).
    /// Nothing is validated here: ``makeSolver()`` does that.
    /// - Complexity: O(1).
    public init(kind: SolverKind, dropout: Double = 0.25, l2: Double = 10, omega: Double = 10, rank: Int? = nil,
                epochs: Int? = nil, emphasis: Emphasis? = nil, seed: UInt64 = 98765, learningRate: Double = 0.01,
                learningRateDecay: Double = 0.98, batchSize: Int = 256, precision: Precision = .double) {
        self.kind = kind
        self.dropout = dropout
        self.l2 = l2
        self.omega = omega
        self.rank = rank
        self.epochs = epochs
        self.emphasis = emphasis
        self.seed = seed
        self.learningRate = learningRate
        self.learningRateDecay = learningRateDecay
        self.batchSize = batchSize
        self.precision = precision
    }

    /// The rank the solver fits, or `nil` for a full-rank model.
    public var effectiveRank: Int? {
        switch kind.rankUse {
        case .none: nil
        case .optional: rank
        case .required: rank ?? Self.defaultRank
        }
    }

    /// The epochs the solver runs, or `nil` for a closed-form solver.
    public var effectiveEpochs: Int? { kind.defaultEpochs.map { epochs ?? $0 } }

    /// The emphasis the solver uses, or `nil` for the solvers without one.
    public var effectiveEmphasis: Emphasis? { kind.defaultEmphasis.map { emphasis ?? $0 } }

    /// Whether the fitted model is factored (`U V^T`).
    public var isFactored: Bool { effectiveRank != nil }

    /// The regularisation `Lambda = p/q dMat(diag G) + lambda I`.
    /// - Throws: ``SolverError/invalidHyperparameter(name:value:validRange:)``.
    public func regularization() throws(SolverError) -> Regularization {
        try Regularization(dropout: dropout, l2: l2)
    }

    /// The stopping rule of an iterative solver (`epochs` and the catalog's early-stop tolerance).
    public var stoppingRule: StoppingRule {
        StoppingRule(maxIterations: effectiveEpochs ?? 1, tolerance: kind.earlyStoppingTolerance)
    }

    /// Makes the solver (``SolverKind/makeSolver(_:)``), validating every hyperparameter it uses.
    /// - Throws: ``SolverError/invalidHyperparameter(name:value:validRange:)`` naming the value and its
    ///   valid range.
    /// - Complexity: O(1).
    public func makeSolver() throws(SolverError) -> any AutoencoderSolver { try kind.makeSolver(self) }

    /// The values of the hyperparameters the solver uses, by ``Hyperparameter`` raw value (the
    /// emphasis as `emphasisA` and `emphasisB`), as stored in `model.json`.
    public var hyperparameters: [String: Double] {
        var values = [String: Double]()
        for parameter in kind.hyperparameters {
            switch parameter {
            case .dropout: values[parameter.rawValue] = dropout
            case .lambda: values[parameter.rawValue] = l2
            case .omega: values[parameter.rawValue] = omega
            case .rank: if let rank = effectiveRank { values[parameter.rawValue] = Double(rank) }
            case .epochs: if let epochs = effectiveEpochs { values[parameter.rawValue] = Double(epochs) }
            case .emphasis:
                if let emphasis = effectiveEmphasis {
                    values["emphasisA"] = emphasis.dropped
                    values["emphasisB"] = emphasis.kept
                }
            case .seed: values[parameter.rawValue] = Double(seed)
            case .learningRate: values[parameter.rawValue] = learningRate
            case .learningRateDecay: values[parameter.rawValue] = learningRateDecay
            case .batchSize: values[parameter.rawValue] = Double(batchSize)
            case .precision: values[parameter.rawValue] = Double(precision.byteCount * 8)
            }
        }
        return values
    }

    /// The configuration stored as ``hyperparameters`` in a model folder (missing keys take the
    /// defaults of ``init(kind:dropout:l2:omega:rank:epochs:emphasis:seed:learningRate:learningRateDecay:batchSize:precision:)``).
    /// - Throws: ``SolverError/invalidHyperparameter(name:value:validRange:)`` for a count that is not
    ///   a non-negative integer below 2^53, or an invalid emphasis.
    /// - Complexity: O(number of keys).
    public init(kind: SolverKind, hyperparameters values: [String: Double]) throws(SolverError) {
        func count(_ key: Hyperparameter) throws(SolverError) -> Int? {
            guard let value = values[key.rawValue] else { return nil }
            guard value >= 0, value < 0x1p53, value == value.rounded(.towardZero) else {
                throw .invalidHyperparameter(name: key.rawValue, value: "\(value)", validRange: "an integer in [0, 2^53)")
            }
            return Int(value)
        }
        self.init(kind: kind)
        dropout = values[Hyperparameter.dropout.rawValue] ?? dropout
        l2 = values[Hyperparameter.lambda.rawValue] ?? l2
        omega = values[Hyperparameter.omega.rawValue] ?? omega
        rank = try count(.rank)
        epochs = try count(.epochs)
        if let a = values["emphasisA"], let b = values["emphasisB"] { emphasis = try Emphasis(dropped: a, kept: b) }
        if let value = try count(.seed) { seed = UInt64(value) }
        learningRate = values[Hyperparameter.learningRate.rawValue] ?? learningRate
        learningRateDecay = values[Hyperparameter.learningRateDecay.rawValue] ?? learningRateDecay
        batchSize = try count(.batchSize) ?? batchSize
        switch values[Hyperparameter.precision.rawValue] {
        case nil, 64: precision = .double
        case 32: precision = .single
        case let bits?: throw .invalidHyperparameter(name: "precision", value: "\(bits)", validRange: "32 or 64 (bits)")
        }
    }
}
