import ArgumentParser
import EDLAEMetrics

extension DataFormat: ExpressibleByArgument {}

/// Where the data come from: a data file, or a split directory in the VAE-CF layout.
struct DataOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp("Interaction file (header user,item[,rating]; 0-based ids).", valueName: "file"))
    var data: String?

    @Option(name: .long, help: "Format of --data: csv, movielens or mtx.")
    var format: DataFormat = .csv

    @Option(name: .long, help: "Keep interactions with a rating above R (default: 3.5 for movielens, none otherwise).")
    var minRating: Double?

    @Flag(name: .long, help: "Keep ratings equal to --min-rating too (>= instead of >).")
    var inclusiveRating = false

    /// The binarisation implied by the options.
    var binarization: StrongGeneralizationProtocol.Binarization {
        if let r = minRating ?? (format == .movielens ? 3.5 : nil) { return .threshold(r, strict: !inclusiveRating) }
        return .keepAll
    }

    /// Loads `--data`.
    func load() throws -> LoadedData {
        guard let data else { throw ToolError.invalidOption("--data FILE is required (or --split-dir DIR where supported)") }
        return try DataLoading.load(data, format: format)
    }
}

/// The strong-generalisation protocol's settings.
struct ProtocolOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp("A split directory in the VAE-CF layout (train.csv, validation_tr.csv, validation_te.csv, test_tr.csv, test_te.csv); replaces --data.", valueName: "dir"))
    var splitDir: String?

    @Option(name: .long, help: "Seed of the user shuffle and of the 80/20 target choice.")
    var seed: UInt64 = 98765

    @Option(name: .long, help: "Validation users: a count (e.g. 500) or a fraction below 1 (e.g. 0.1).")
    var validationUsers: String = "0.1"

    @Option(name: .long, help: "Test users: a count or a fraction below 1.")
    var testUsers: String = "0.1"

    @Option(name: .long, help: "Drop users with fewer interactions.")
    var minUserInteractions: Int = 5

    @Option(name: .long, help: "Cross-validation: split the users into K folds, hold out each fold once, pool the per-user metrics.")
    var folds: Int?

    static func size(_ text: String, option: String) throws -> StrongGeneralizationProtocol.HeldOutSize {
        if let count = Int(text) { return .count(count) }
        if let fraction = Double(text), fraction >= 0, fraction < 1 { return .fraction(fraction) }
        throw ToolError.invalidOption("\(option): '\(text)' is neither a count nor a fraction in [0, 1)")
    }

    func evaluationProtocol(_ data: DataOptions) throws -> StrongGeneralizationProtocol {
        StrongGeneralizationProtocol(binarization: data.binarization, minimumUserInteractions: minUserInteractions,
                                     validationUsers: try Self.size(validationUsers, option: "--validation-users"),
                                     testUsers: try Self.size(testUsers, option: "--test-users"), seed: seed)
    }

    /// The splits to evaluate on (one, or `--folds` of them), with the item ids of the data and the
    /// seconds spent loading and splitting.
    func splits(_ data: DataOptions) throws -> (splits: [EvaluationSplit], itemIDs: [String], load: Double, split: Double) {
        if let splitDir {
            let (split, seconds) = try timed { try SplitDirectory.read(splitDir) }
            if folds != nil { throw ToolError.invalidOption("--folds cannot be combined with --split-dir") }
            return ([split], split.itemIDs.map(String.init), seconds, 0)
        }
        let (loaded, loadSeconds) = try timed { try data.load() }
        let evaluationProtocol = try evaluationProtocol(data)
        let (splits, splitSeconds) = try timed {
            if let folds { return try evaluationProtocol.crossValidationSplits(loaded.interactions, folds: folds) }
            return [try evaluationProtocol.split(loaded.interactions)]
        }
        return (splits, loaded.itemIDs, loadSeconds, splitSeconds)
    }

    func settings(_ data: DataOptions) -> EvaluationRecord.Settings {
        var minRating: Double?, strict = true
        if case .threshold(let r, let s) = data.binarization { minRating = r; strict = s }
        return EvaluationRecord.Settings(
            data: splitDir == nil ? data.data : nil, format: splitDir == nil ? data.format.rawValue : nil,
            splitDirectory: splitDir, minRating: minRating, strictRating: strict,
            minUserInteractions: minUserInteractions, validationUsers: validationUsers, testUsers: testUsers,
            targetFraction: 0.2, seed: seed, folds: folds)
    }
}

/// The solver and its hyperparameters.
struct SolverOptions: ParsableArguments {
    @Option(name: .long, help: "Solver: \(SolverCatalog.names.joined(separator: ", ")).")
    var solver: String = "edlae"

    @Option(name: .long, help: "Rank k of the low-rank solvers.")
    var rank: Int = 100

    @Option(name: .long, help: "Dropout probability p (Lambda = p/(1-p) dMat(diag G) + lambda I).")
    var dropout: Double = 0.25

    @Option(name: [.customLong("lambda")], help: "L2 weight lambda.")
    var l2: Double = 10

    @Option(name: .long, help: "ADMM penalty omega.")
    var omega: Double = 10

    @Option(name: .long, help: "Epochs of the iterative solvers.")
    var epochs: Int = 10

    @Option(name: .long, help: "Emphasis weights a,b of Eq. 6 (a >= b >= 0) for edlae-emphasis.")
    var emphasis: String = "1,0.1"

    func settings(seed: UInt64, name: String? = nil) throws -> SolverSettings {
        let weights: [Double] = try parseList(emphasis, option: "--emphasis")
        guard weights.count == 2 else { throw ToolError.invalidOption("--emphasis takes two numbers a,b") }
        return SolverSettings(name: name ?? solver, dropout: dropout, l2: l2, omega: omega, rank: rank, epochs: epochs,
                              emphasis: (weights[0], weights[1]), seed: seed)
    }
}
