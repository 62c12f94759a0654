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
    /// Epochs / iterations of the iterative solvers.
    var epochs: Int
    /// Emphasis weights `(a, b)` of Eq. 6 (`edlae-emphasis`).
    var emphasis: (a: Double, b: Double)
    /// Seed of the solvers with a random initialisation.
    var seed: UInt64

    static func == (l: SolverSettings, r: SolverSettings) -> Bool {
        l.name == r.name && l.dropout == r.dropout && l.l2 == r.l2 && l.omega == r.omega && l.rank == r.rank
            && l.epochs == r.epochs && l.emphasis == r.emphasis && l.seed == r.seed
    }

    /// The same settings at a grid point.
    func at(_ point: HyperparameterPoint) -> SolverSettings {
        var s = self
        s.dropout = point.dropout
        s.l2 = point.l2
        if let omega = point.omega { s.omega = omega }
        if let rank = point.rank { s.rank = rank }
        return s
    }
}

/// The one place that maps command-line solver names to solvers.
///
/// Every name of the library's solvers is listed; a solver that this build does not contain throws
/// ``ToolError/solverNotAvailable(_:)``.
enum SolverCatalog {
    /// All solver names, in the order of Table 1 of Steck 2020 (then the others).
    static let names = ["weight-decay", "dlae-lowrank", "dlae", "edlae", "edlae-emphasis", "admm", "edlae-lowrank",
                        "als-zero-diag", "teacher-student", "sampled"]

    /// Which of the settings each solver uses (for reports and model manifests).
    static func usesRank(_ name: String) -> Bool {
        ["weight-decay", "dlae-lowrank", "admm", "edlae-lowrank", "als-zero-diag", "teacher-student"].contains(name)
    }

    static func usesEpochs(_ name: String) -> Bool {
        ["admm", "edlae-lowrank", "als-zero-diag", "sampled"].contains(name)
    }

    /// The solver for `settings`.
    /// - Throws: ``ToolError/unknownSolver(_:)``, ``ToolError/solverNotAvailable(_:)``, or the
    ///   solver's own ``SolverError`` for invalid hyperparameters.
    static func makeSolver(_ settings: SolverSettings) throws -> any AutoencoderSolver {
        let regularization = try Regularization(dropout: settings.dropout, l2: settings.l2)
        switch settings.name {
        case "dlae":
            return DLAE(regularization: regularization)
        case "edlae":
            return EDLAE(regularization: regularization)
        case "dlae-lowrank", "weight-decay", "edlae-emphasis", "admm", "edlae-lowrank", "als-zero-diag",
             "teacher-student", "sampled":
            throw ToolError.solverNotAvailable(settings.name)
        default:
            throw ToolError.unknownSolver(settings.name)
        }
    }

    /// The solvers this build can construct.
    static var available: [String] {
        names.filter { name in
            let probe = SolverSettings(name: name, dropout: 0.25, l2: 1, omega: 1, rank: 1, epochs: 1,
                                       emphasis: (1, 0.1), seed: 0)
            do { _ = try makeSolver(probe); return true }
            catch ToolError.solverNotAvailable { return false }
            catch { return true }
        }
    }

    /// The hyperparameters `settings.name` actually uses, by name (for JSON and manifests).
    static func hyperparameters(_ settings: SolverSettings) -> [String: Double] {
        var values: [String: Double] = ["dropout": settings.dropout, "lambda": settings.l2]
        if settings.name == "weight-decay" { values["dropout"] = nil }
        if usesRank(settings.name) { values["rank"] = Double(settings.rank) }
        if usesEpochs(settings.name) { values["epochs"] = Double(settings.epochs); values["seed"] = Double(settings.seed) }
        if settings.name == "admm" || settings.name == "edlae-lowrank" { values["omega"] = settings.omega }
        if settings.name == "edlae-emphasis" {
            values["emphasisA"] = settings.emphasis.a
            values["emphasisB"] = settings.emphasis.b
        }
        return values
    }
}
