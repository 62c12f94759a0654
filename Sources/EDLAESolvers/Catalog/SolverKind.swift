import EDLAECore

/// The solver catalog: every solver of the library as data.
///
/// Each case carries what a command line, a test or a model folder needs to know about a solver:
/// its command-line ``name``, a one-line ``summary``, the ``hyperparameters`` it uses, its default
/// schedule, and (through ``SolverConfiguration/makeSolver()``) how to make it. Everything that
/// lists solvers (help texts, the demo, `tune`'s grid, the conformance tests) iterates
/// `SolverKind.allCases`; nothing else matches a solver by its name.
///
/// The order is Table 1 of Steck 2020 (rows 1-5), then the other low-rank EDLAE solvers, then
/// sampled training.
public enum SolverKind: String, CaseIterable, Sendable, Codable, Hashable, CustomStringConvertible {
    /// ``WeightDecayAutoencoder``: Table 1 row 1.
    case weightDecay = "weight-decay"
    /// ``LowRankDLAE``: Table 1 rows 2-3, closed form.
    case lowRankDLAE = "dlae-lowrank"
    /// ``DLAE``: Eq. 5, Table 1 row 4.
    case dlae = "dlae"
    /// ``EDLAE``: Eq. 8, Table 1 row 5. At `p = 0` this is EASE (Steck, WWW 2019).
    case edlae = "edlae"
    /// ``EmphasizedEDLAE``: Eq. 6 with weights `a >= b`.
    case emphasizedEDLAE = "edlae-emphasis"
    /// ``ADMMLowRankEDLAE``: Eq. 10 by the supplement's ADMM, as published.
    case admm = "admm"
    /// ``ExactLowRankEDLAE``: Eq. 10, stationary points by block descent.
    case exactLowRankEDLAE = "edlae-lowrank"
    /// ``NearOrthogonalALS``: Eq. 11 by the supplement's ALS, as published.
    case nearOrthogonalALS = "als-zero-diag"
    /// ``TeacherStudent``: Algorithm 1 of Steck & Liang.
    case teacherStudent = "teacher-student"
    /// ``SampledDenoisingTrainer``: Eq. 1 by sampled dropout masks.
    case sampled = "sampled"

    /// How a solver uses the rank `k`.
    public enum RankUse: Sendable, Hashable {
        /// A full-rank model `B`; no rank.
        case none
        /// Always a factored model `U V^T` of rank `k`.
        case required
        /// Full rank unless a rank is given (``SampledDenoisingTrainer``).
        case optional
    }

    /// The command-line name (`edlae --solver NAME`), also stored in `model.json`.
    public var name: String { rawValue }

    /// ``name``.
    public var description: String { rawValue }

    /// The solver of that command-line name, or `nil`.
    /// - Complexity: O(number of solvers).
    public init?(name: String) { self.init(rawValue: name) }

    /// One line on what the solver fits, for help texts and tables.
    public var summary: String {
        switch self {
        case .weightDecay: "rank-k AE with weight decay lambda (||U||^2 + ||V||^2) (Table 1 row 1)"
        case .lowRankDLAE: "rank-k dropout AE, closed form (Table 1 rows 2-3)"
        case .dlae: "full-rank dropout AE, Eq. 5 (Table 1 row 4)"
        case .edlae: "full-rank emphasized DLAE, zero diagonal, Eq. 8 (Table 1 row 5; EASE at p = 0)"
        case .emphasizedEDLAE: "full-rank emphasized DLAE with weights a, b, Eq. 6"
        case .admm: "rank-k EDLAE by the published ADMM (Eq. 10, supplement Sec. 3)"
        case .exactLowRankEDLAE: "rank-k EDLAE, exact minimiser of Eq. 10 (block descent)"
        case .nearOrthogonalALS: "rank-k AE with zero diagonal, near-orthogonal ALS (Eq. 11)"
        case .teacherStudent: "rank-k student of the full-rank EDLAE teacher (Steck & Liang, Algorithm 1)"
        case .sampled: "Eq. 1 by sampled dropout masks and Adam (full rank, or rank k when a rank is given)"
        }
    }

    /// How the solver uses the rank.
    public var rankUse: RankUse {
        switch self {
        case .dlae, .edlae, .emphasizedEDLAE: .none
        case .sampled: .optional
        default: .required
        }
    }

    /// The hyperparameters the solver uses; a command line refuses the others.
    public var hyperparameters: Set<Hyperparameter> {
        var used: Set<Hyperparameter> = [.lambda, .precision]
        if self != .weightDecay { used.insert(.dropout) }
        if rankUse != .none { used.insert(.rank) }
        if defaultEpochs != nil { used.insert(.epochs) }
        if defaultEmphasis != nil { used.insert(.emphasis) }
        switch self {
        case .admm: used.formUnion([.omega, .seed])
        case .nearOrthogonalALS: used.insert(.seed)
        case .sampled: used.formUnion([.seed, .learningRate, .learningRateDecay, .batchSize])
        default: break
        }
        return used
    }

    /// Whether the solver uses `hyperparameter`.
    public func uses(_ hyperparameter: Hyperparameter) -> Bool { hyperparameters.contains(hyperparameter) }

    /// Epochs (sweeps) when none are given, or `nil` for a closed-form solver.
    /// (`edlae-lowrank` also stops early at a relative gradient norm of ``earlyStoppingTolerance``.)
    public var defaultEpochs: Int? {
        switch self {
        case .admm, .nearOrthogonalALS: 20
        case .exactLowRankEDLAE: 200
        case .sampled: 50
        default: nil
        }
    }

    /// A short schedule for demonstrations and quick comparisons (`edlae demo`), or `nil` for a
    /// closed-form solver: about a second per solver at m = 2000.
    public var shortScheduleEpochs: Int? {
        switch self {
        case .admm, .nearOrthogonalALS, .sampled: 10
        case .exactLowRankEDLAE: 3
        default: nil
        }
    }

    /// The tolerance of the early stop (``StoppingRule/tolerance``); `0` never stops early.
    public var earlyStoppingTolerance: Double { self == .exactLowRankEDLAE ? 1e-7 : 0 }

    /// The emphasis when none is given, or `nil` for the solvers without one: `(1, 0.1)` for
    /// `edlae-emphasis`, plain dropout `(1, 1)` for `sampled` (which then converges to DLAE).
    public var defaultEmphasis: Emphasis? {
        switch self {
        case .emphasizedEDLAE: try! Emphasis(dropped: 1, kept: 0.1)
        case .sampled: .plainDropout
        default: nil
        }
    }

    /// Whether the solver runs iterations (and reports them to an observer).
    public var isIterative: Bool { defaultEpochs != nil }

    /// Makes this solver with the values of `configuration`, validating every hyperparameter it uses.
    /// - Throws: ``SolverError/invalidHyperparameter(name:value:validRange:)`` naming the value and its
    ///   valid range.
    /// - Complexity: O(1).
    public func makeSolver(_ configuration: SolverConfiguration) throws(SolverError) -> any AutoencoderSolver {
        let c = configuration
        let rank = c.effectiveRank ?? 0
        switch self {
        case .weightDecay:
            return try WeightDecayAutoencoder(l2: c.l2, rank: rank, precision: c.precision)
        case .lowRankDLAE:
            return try LowRankDLAE(regularization: c.regularization(), rank: rank, precision: c.precision)
        case .dlae:
            return DLAE(regularization: try c.regularization(), precision: c.precision)
        case .edlae:
            return EDLAE(regularization: try c.regularization(), precision: c.precision)
        case .emphasizedEDLAE:
            return EmphasizedEDLAE(regularization: try c.regularization(), emphasis: c.effectiveEmphasis ?? .full,
                                   precision: c.precision)
        case .admm:
            return try ADMMLowRankEDLAE(regularization: c.regularization(), rank: rank, omega: c.omega,
                                        stoppingRule: c.stoppingRule, seed: c.seed, precision: c.precision)
        case .exactLowRankEDLAE:
            return try ExactLowRankEDLAE(regularization: c.regularization(), rank: rank, stoppingRule: c.stoppingRule,
                                         precision: c.precision)
        case .nearOrthogonalALS:
            return try NearOrthogonalALS(regularization: c.regularization(), rank: rank, stoppingRule: c.stoppingRule,
                                         seed: c.seed, precision: c.precision)
        case .teacherStudent:
            return try TeacherStudent(regularization: c.regularization(), rank: rank, precision: c.precision)
        case .sampled:
            return try SampledDenoisingTrainer(
                model: c.effectiveRank.map { .lowRank(rank: $0) } ?? .fullRank, regularization: c.regularization(),
                emphasis: c.effectiveEmphasis ?? .plainDropout, learningRate: c.learningRate,
                learningRateDecay: c.learningRateDecay, stoppingRule: c.stoppingRule, batchSize: c.batchSize, seed: c.seed,
                precision: c.precision)
        }
    }
}
