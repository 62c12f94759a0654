import EDLAEMetrics

/// The hyperparameters a solver may take, as given on the command line.
struct SolverSettings: Sendable, Equatable {
    /// The solver's command-line name (one of ``SolverCatalog/names``).
    var name: String
    /// Dropout probability `p`.
    var dropout: Double
    /// L2 weight `lambda`.
    var l2: Double
    /// ADMM penalty `omega`.
    var omega: Double
    /// Rank `k` of the low-rank solvers.
    var rank: Int
    /// Whether the rank was asked for (`sampled` trains a factored model only then).
    var rankGiven: Bool
    /// Epochs / sweeps of the iterative solvers; `nil` is each solver's own default
    /// (``SolverCatalog/defaultEpochs(_:)``).
    var epochs: Int?
    /// Emphasis weights `(a, b)` of Eq. 6; `nil` is the solver's default
    /// (``SolverCatalog/defaultEmphasis(_:)``).
    var emphasis: (a: Double, b: Double)?
    /// Seed of the solvers with a random initialisation or sampling.
    var seed: UInt64
    /// Step size of `sampled`.
    var learningRate: Double
    /// Per-epoch step-size factor of `sampled`.
    var learningRateDecay: Double
    /// Users per minibatch of `sampled`.
    var batchSize: Int

    init(name: String, dropout: Double = 0.25, l2: Double = 10, omega: Double = 10, rank: Int = 100,
         rankGiven: Bool = false, epochs: Int? = nil, emphasis: (a: Double, b: Double)? = nil, seed: UInt64 = 98765,
         learningRate: Double = 0.01, learningRateDecay: Double = 0.98, batchSize: Int = 256) {
        self.name = name
        self.dropout = dropout
        self.l2 = l2
        self.omega = omega
        self.rank = rank
        self.rankGiven = rankGiven
        self.epochs = epochs
        self.emphasis = emphasis
        self.seed = seed
        self.learningRate = learningRate
        self.learningRateDecay = learningRateDecay
        self.batchSize = batchSize
    }

    static func == (l: SolverSettings, r: SolverSettings) -> Bool {
        l.name == r.name && l.dropout == r.dropout && l.l2 == r.l2 && l.omega == r.omega && l.rank == r.rank
            && l.rankGiven == r.rankGiven && l.epochs == r.epochs && l.emphasis?.a == r.emphasis?.a
            && l.emphasis?.b == r.emphasis?.b && l.seed == r.seed && l.learningRate == r.learningRate
            && l.learningRateDecay == r.learningRateDecay && l.batchSize == r.batchSize
    }

    /// The same settings at a grid point.
    func at(_ point: HyperparameterPoint) -> SolverSettings {
        var s = self
        s.dropout = point.dropout
        s.l2 = point.l2
        if let omega = point.omega { s.omega = omega }
        if let rank = point.rank { s.rank = rank; s.rankGiven = true }
        return s
    }

    /// The epochs the solver runs (the given number, or the solver's default).
    var effectiveEpochs: Int { epochs ?? SolverCatalog.defaultEpochs(name) }

    /// The emphasis weights the solver uses (the given ones, or the solver's default).
    var effectiveEmphasis: (a: Double, b: Double) { emphasis ?? SolverCatalog.defaultEmphasis(name) }

    /// Whether `sampled` trains the factored model `U V^T`.
    var samplesLowRank: Bool { rankGiven }
}

/// The one place that maps command-line solver names to the library's solvers.
enum SolverCatalog {
    /// All solver names: Table 1 of Steck 2020 in its order (rows 1-5), then the other low-rank
    /// EDLAE solvers, then sampled training.
    static let names = ["weight-decay", "dlae-lowrank", "dlae", "edlae", "edlae-emphasis", "admm", "edlae-lowrank",
                        "als-zero-diag", "teacher-student", "sampled"]

    /// What each name stands for, for help texts and tables.
    static let summaries: [String: String] = [
        "weight-decay": "rank-k AE with weight decay lambda (||U||^2 + ||V||^2) (Table 1 row 1)",
        "dlae-lowrank": "rank-k dropout AE, closed form (Table 1 rows 2-3)",
        "dlae": "full-rank dropout AE, Eq. 5 (Table 1 row 4)",
        "edlae": "full-rank emphasized DLAE, zero diagonal, Eq. 8 (Table 1 row 5)",
        "edlae-emphasis": "full-rank emphasized DLAE with weights a, b, Eq. 6",
        "admm": "rank-k EDLAE by the published ADMM (Eq. 10, supplement Sec. 3)",
        "edlae-lowrank": "rank-k EDLAE, exact minimiser of Eq. 10 (block descent)",
        "als-zero-diag": "rank-k AE with zero diagonal, near-orthogonal ALS (Eq. 11)",
        "teacher-student": "rank-k student of the full-rank EDLAE teacher (Steck & Liang, Algorithm 1)",
        "sampled": "Eq. 1 by sampled dropout masks and Adam (full rank, or rank k with --rank)",
    ]

    /// Solvers whose model is factored with rank `k` (always; `sampled` only when `--rank` is given).
    static func usesRank(_ name: String) -> Bool {
        ["weight-decay", "dlae-lowrank", "admm", "edlae-lowrank", "als-zero-diag", "teacher-student"].contains(name)
    }

    /// Solvers that iterate (`--epochs`).
    static func usesEpochs(_ name: String) -> Bool {
        ["admm", "edlae-lowrank", "als-zero-diag", "sampled"].contains(name)
    }

    /// Solvers that use a random seed.
    static func usesSeed(_ name: String) -> Bool {
        ["admm", "als-zero-diag", "sampled"].contains(name)
    }

    /// Solvers that use the dropout probability `p`.
    static func usesDropout(_ name: String) -> Bool { name != "weight-decay" }

    /// Solvers that use the emphasis weights `a, b`.
    static func usesEmphasis(_ name: String) -> Bool { name == "edlae-emphasis" || name == "sampled" }

    /// The number of epochs (sweeps) when `--epochs` is not given: the library's defaults
    /// (`edlae-lowrank` also stops early at a relative gradient norm of 1e-7).
    static func defaultEpochs(_ name: String) -> Int {
        switch name {
        case "admm", "als-zero-diag": return 20
        case "edlae-lowrank": return 200
        case "sampled": return 50
        default: return 0
        }
    }

    /// The emphasis weights when `--emphasis` is not given: `(1, 0.1)` for `edlae-emphasis`, plain
    /// dropout `(1, 1)` for `sampled` (which then converges to DLAE with `Lambda + lambda I`).
    static func defaultEmphasis(_ name: String) -> (a: Double, b: Double) {
        name == "sampled" ? (1, 1) : (1, 0.1)
    }

    /// The solver for `settings`.
    /// - Throws: ``ToolError/unknownSolver(_:)``, or the solver's own `SolverError` for invalid
    ///   hyperparameters.
    static func makeSolver(_ settings: SolverSettings) throws -> any AutoencoderSolver {
        let name = settings.name
        guard names.contains(name) else { throw ToolError.unknownSolver(name) }
        if name == "weight-decay" { return try WeightDecayAutoencoder(l2: settings.l2, rank: settings.rank) }
        if let epochs = settings.epochs, usesEpochs(name), epochs < 1 {
            throw ToolError.invalidOption("--epochs must be at least 1, got \(epochs)")
        }
        let regularization = try Regularization(dropout: settings.dropout, l2: settings.l2)
        let epochs = settings.effectiveEpochs
        switch name {
        case "dlae":
            return DLAE(regularization: regularization)
        case "dlae-lowrank":
            guard settings.rank >= 1 else { throw SolverError.rankOutOfRange(rank: settings.rank, itemCount: 0) }
            return LowRankDLAE(regularization: regularization, rank: settings.rank)
        case "edlae":
            return EDLAE(regularization: regularization)
        case "edlae-emphasis":
            let weights = settings.effectiveEmphasis
            return EmphasizedEDLAE(regularization: regularization,
                                   emphasis: try Emphasis(dropped: weights.a, kept: weights.b))
        case "admm":
            return try ADMMLowRankEDLAE(regularization: regularization, rank: settings.rank, omega: settings.omega,
                                        stoppingRule: StoppingRule(maxIterations: epochs), seed: settings.seed)
        case "edlae-lowrank":
            return try ExactLowRankEDLAE(regularization: regularization, rank: settings.rank,
                                         stoppingRule: StoppingRule(maxIterations: epochs, tolerance: 1e-7))
        case "als-zero-diag":
            return try NearOrthogonalALS(regularization: regularization, rank: settings.rank,
                                         stoppingRule: StoppingRule(maxIterations: epochs), seed: settings.seed)
        case "teacher-student":
            return try TeacherStudent(regularization: regularization, rank: settings.rank)
        default:  // "sampled"
            let weights = settings.effectiveEmphasis
            return try SampledDenoisingTrainer(
                model: settings.samplesLowRank ? .lowRank(rank: settings.rank) : .fullRank,
                dropout: settings.dropout, droppedWeight: weights.a, keptWeight: weights.b, productL2: settings.l2,
                optimizer: .adam, learningRate: settings.learningRate, learningRateDecay: settings.learningRateDecay,
                epochs: epochs, batchSize: settings.batchSize, seed: settings.seed)
        }
    }

    /// Whether `settings` gives a factored model.
    static func isFactored(_ settings: SolverSettings) -> Bool {
        usesRank(settings.name) || (settings.name == "sampled" && settings.samplesLowRank)
    }

    /// The hyperparameters `settings.name` actually uses, by name (for JSON and manifests).
    static func hyperparameters(_ settings: SolverSettings) -> [String: Double] {
        let name = settings.name
        var values: [String: Double] = ["lambda": settings.l2]
        if usesDropout(name) { values["dropout"] = settings.dropout }
        if isFactored(settings) { values["rank"] = Double(settings.rank) }
        if usesEpochs(name) { values["epochs"] = Double(settings.effectiveEpochs) }
        if usesSeed(name) { values["seed"] = Double(settings.seed) }
        if name == "admm" { values["omega"] = settings.omega }
        if usesEmphasis(name) {
            values["emphasisA"] = settings.effectiveEmphasis.a
            values["emphasisB"] = settings.effectiveEmphasis.b
        }
        if name == "sampled" {
            values["learningRate"] = settings.learningRate
            values["learningRateDecay"] = settings.learningRateDecay
            values["batchSize"] = Double(settings.batchSize)
        }
        return values
    }

    /// `p=0.25 lambda=10 k=100` etc.: the hyperparameters of a table row, in a fixed order.
    static func describe(_ settings: SolverSettings) -> String {
        let values = hyperparameters(settings)
        let order: [(String, String)] = [("dropout", "p"), ("lambda", "lambda"), ("omega", "omega"), ("rank", "k"),
                                          ("emphasisA", "a"), ("emphasisB", "b"), ("epochs", "epochs"),
                                          ("learningRate", "lr")]
        return order.compactMap { key, label in values[key].map { "\(label)=\(compactNumber($0))" } }
            .joined(separator: " ")
    }
}

/// `10`, `0.25`, `1e-05`: the shortest readable form of a hyperparameter.
func compactNumber(_ value: Double) -> String {
    if value == value.rounded(), abs(value) < 1e15 { return String(Int(value)) }
    return "\(value)"
}
