import ArgumentParser
import EDLAEMetrics

extension DataFormat: ExpressibleByArgument {}
extension IdentifierOption: ExpressibleByArgument {}

/// Where the data come from: a data file, or a split directory in the VAE-CF layout.
struct DataOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp("Interaction file: csv (user,item[,rating], header optional), MovieLens ratings.csv, or Matrix Market .mtx.", valueName: "file"))
    var data: String?

    @Option(name: .long, help: "Format of --data: csv, movielens or mtx.")
    var format: DataFormat = .csv

    @Option(name: .long, help: "csv ids: indices (non-negative integers used as indices), mapped (any text, first-seen order), or auto (indices when every id is an integer).")
    var ids: IdentifierOption = .auto

    @Option(name: .long, help: ArgumentHelp("Binarise: keep interactions with a rating above R (default: 3.5 for movielens, none otherwise).", valueName: "R"))
    var minRating: Double?

    @Flag(name: .long, help: "Keep ratings equal to --min-rating too (>= instead of >).")
    var inclusiveRating = false

    /// The rating threshold in force, if any (MovieLens always has one).
    var threshold: (value: Double, strict: Bool)? {
        (minRating ?? (format == .movielens ? 3.5 : nil)).map { ($0, !inclusiveRating) }
    }

    /// The binarisation still to apply to the loaded values: MovieLens ratings are binarised by
    /// the reader already; other formats by the protocol (or `fit`).
    var binarization: StrongGeneralizationProtocol.Binarization {
        guard format != .movielens, let threshold else { return .keepAll }
        return .threshold(threshold.value, strict: threshold.strict)
    }

    /// Loads `--data`.
    func load() throws -> LoadedData {
        guard let data else { throw ToolError.invalidOption("--data FILE is required (or --split-dir DIR where supported)") }
        let t = threshold ?? (3.5, true)
        let loaded = try DataLoading.load(data, format: format, ids: ids,
                                          movieLensThreshold: t.strict ? .above(t.value) : .atLeast(t.value))
        // Every command that reads data fits a model on its m x m Gram matrix: fail before the
        // work that grows with the users when that matrix cannot fit.
        try loaded.interactions.checkGramMemory()
        return loaded
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

    /// Checks the counts at parse time (the data are not read yet).
    func validate() throws {
        try require(minUserInteractions, in: 0...largestCount, option: "--min-user-interactions")
        if let folds { try require(folds, in: 2...largestCount, option: "--folds") }
        _ = try Self.size(validationUsers, option: "--validation-users")
        _ = try Self.size(testUsers, option: "--test-users")
    }

    static func size(_ text: String, option: String) throws -> StrongGeneralizationProtocol.HeldOutSize {
        if let count = Int(text) {
            guard count >= 0 else { throw ToolError.invalidOption("\(option): a count of users must be 0 or more, got \(count)") }
            return .count(count)
        }
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
        let minRating = data.threshold?.value, strict = data.threshold?.strict ?? true
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

    @Option(name: .long, help: "Rank k of the low-rank solvers (default 100); for sampled, a rank trains U V^T instead of a full B.")
    var rank: Int?

    @Option(name: .long, help: "Dropout probability p (Lambda = p/(1-p) dMat(diag G) + lambda I).")
    var dropout: Double = 0.25

    @Option(name: [.customLong("lambda")], help: "L2 weight lambda.")
    var l2: Double = 10

    @Option(name: .long, help: "ADMM penalty omega (admm).")
    var omega: Double = 10

    @Option(name: .long, help: "Epochs (sweeps) of the iterative solvers (default: admm 20, als-zero-diag 20, edlae-lowrank 200 with early stop, sampled 50).")
    var epochs: Int?

    @Option(name: .long, help: ArgumentHelp("Emphasis weights a,b of Eq. 6, a >= b >= 0 (default: 1,0.1 for edlae-emphasis, 1,1 for sampled).", valueName: "a,b"))
    var emphasis: String?

    @Option(name: .long, help: "Adam step size of sampled.")
    var learningRate: Double = 0.01

    @Option(name: .long, help: "Factor applied to the step size of sampled after each epoch, in (0, 1].")
    var learningRateDecay: Double = 0.98

    @Option(name: .long, help: "Users per minibatch of sampled.")
    var batchSize: Int = 256

    /// Checks the counts at parse time; values that need the data (rank <= m) are checked by the solvers.
    func validate() throws {
        if let rank { try require(rank, in: 1...largestCount, option: "--rank", " (and at most the number of items)") }
        if let epochs { try require(epochs, in: 1...largestEpochCount, option: "--epochs") }
        try require(batchSize, in: 1...largestCount, option: "--batch-size", " (a batch above the number of users is all users)")
    }

    func settings(seed: UInt64, name: String? = nil) throws -> SolverSettings {
        var weights: (a: Double, b: Double)?
        if let emphasis {
            let values: [Double] = try parseList(emphasis, option: "--emphasis")
            guard values.count == 2 else { throw ToolError.invalidOption("--emphasis takes two numbers a,b, got '\(emphasis)'") }
            weights = (values[0], values[1])
        }
        return SolverSettings(name: name ?? solver, dropout: dropout, l2: l2, omega: omega, rank: rank ?? 100,
                              rankGiven: rank != nil, epochs: epochs, emphasis: weights, seed: seed,
                              learningRate: learningRate, learningRateDecay: learningRateDecay, batchSize: batchSize)
    }
}
