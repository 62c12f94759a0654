import ArgumentParser
import EDLAECore
import EDLAEMetrics
import EDLAESolvers
import Foundation

extension DataFormat: ExpressibleByArgument {}
extension Precision: ExpressibleByArgument {}
extension IdentifierOption: ExpressibleByArgument {}

/// Where the data come from: a data file, or a split directory in the VAE-CF layout.
struct DataOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp("Interaction file: csv (user,item[,rating], header optional), MovieLens ratings.csv, or Matrix Market .mtx.", valueName: "file"))
    var data: String?

    @Option(name: .long, help: "Format of --data: csv, movielens or mtx.")
    var format: DataFormat = .csv

    @Option(name: .long, help: """
        csv ids: auto (contiguous indices: integer ids in ascending order, other ids in first-seen order), mapped (any text, \
        first-seen order), or indices (non-negative integer ids used as the indices themselves; missing ids become empty rows/columns).
        """)
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
        let size = (try? FileManager.default.attributesOfItem(atPath: data)[.size] as? Int) ?? 0
        if size > 32 << 20 { progress("reading \(data) (\(size >> 20) MiB)") }
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
    @Option(name: .long, help: ArgumentHelp(
        "A split directory in the VAE-CF layout (train.csv, validation_tr.csv, validation_te.csv, test_tr.csv, test_te.csv); replaces --data.",
        valueName: "dir"))
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

/// The solver and its hyperparameters. Every hyperparameter option is optional: an option that
/// the chosen solver does not use (``SolverKind/hyperparameters``) is an error, not ignored.
struct SolverOptions: ParsableArguments {
    @Option(name: .customLong("solver"), help: ArgumentHelp("Solver: \(SolverKind.helpList).", valueName: "name"))
    var solverName: String = SolverKind.edlae.name

    /// The solver named by `--solver`.
    /// - Throws: ``ToolError/unknownSolver(_:)`` (a one-line message listing the solvers).
    func solver() throws -> SolverKind {
        guard let kind = SolverKind(name: solverName) else { throw ToolError.unknownSolver(solverName) }
        return kind
    }

    @Option(name: .long, help: "Rank k of the low-rank solvers (default \(SolverConfiguration.defaultRank)); for sampled, a rank trains U V^T instead of a full B.")
    var rank: Int?

    @Option(name: .long, help: "Dropout probability p in [0, 1) (Lambda = p/(1-p) dMat(diag G) + lambda I; default 0.25).")
    var dropout: Double?

    @Option(name: [.customLong("lambda")], help: "L2 weight lambda >= 0 (default 10).")
    var l2: Double?

    @Option(name: .long, help: "ADMM penalty omega > 0 (admm; default 10).")
    var omega: Double?

    @Option(name: .long, help: ArgumentHelp("Epochs (sweeps) of the iterative solvers (default: \(SolverKind.defaultEpochsList)).",
                                            valueName: "n"))
    var epochs: Int?

    @Option(name: .long, help: ArgumentHelp("Emphasis weights a,b of Eq. 6, a >= b >= 0 (default: \(SolverKind.defaultEmphasisList)).",
                                            valueName: "a,b"))
    var emphasis: String?

    @Option(name: .long, help: "Adam step size of sampled (default 0.01).")
    var learningRate: Double?

    @Option(name: .long, help: "Factor applied to the step size of sampled after each epoch, in (0, 1] (default 0.98).")
    var learningRateDecay: Double?

    @Option(name: .long, help: "Users per minibatch of sampled (default 256).")
    var batchSize: Int?

    @Option(name: .long, help: "Precision of the fit and of the model: single (half the memory) or double (default).")
    var precision: Precision?

    /// Checks the counts at parse time; values that need the data (rank <= m) are checked by the solvers.
    func validate() throws {
        if let rank { try require(rank, in: 1...largestCount, option: "--rank", " (and at most the number of items)") }
        if let epochs { try require(epochs, in: 1...largestEpochCount, option: "--epochs") }
        if let batchSize {
            try require(batchSize, in: 1...largestCount, option: "--batch-size", " (a batch above the number of users is all users)")
        }
    }

    /// The hyperparameters given on the command line.
    var given: [Hyperparameter] {
        var result = [Hyperparameter]()
        if rank != nil { result.append(.rank) }
        if dropout != nil { result.append(.dropout) }
        if l2 != nil { result.append(.lambda) }
        if omega != nil { result.append(.omega) }
        if epochs != nil { result.append(.epochs) }
        if emphasis != nil { result.append(.emphasis) }
        if learningRate != nil { result.append(.learningRate) }
        if learningRateDecay != nil { result.append(.learningRateDecay) }
        if batchSize != nil { result.append(.batchSize) }
        if precision != nil { result.append(.precision) }
        return result
    }

    /// Throws unless every given hyperparameter is used by at least one of `kinds`, or when one of
    /// `refused` is given (an option the command replaces by another, named in `instead`).
    func checkUsed(by kinds: [SolverKind], refusing refused: [Hyperparameter: String] = [:]) throws {
        for parameter in given {
            if let replacement = refused[parameter] {
                throw ToolError.invalidOption("\(parameter.option) has no effect here; use \(replacement)")
            }
            guard kinds.contains(where: { $0.uses(parameter) }) else {
                let names = kinds.map(\.name).joined(separator: ", ")
                throw ToolError.invalidOption(
                    "\(parameter.option) has no effect on \(names); it is used by \(parameter.users.map(\.name).joined(separator: ", "))")
            }
        }
    }

    /// The configuration of `kind` (default: `--solver`) with the given options; every value is
    /// validated by making the solver.
    /// - Throws: ``ToolError/invalidOption(_:)`` for a malformed `--emphasis`, or the solver's
    ///   `SolverError` naming the valid range.
    func configuration(seed: UInt64, kind: SolverKind? = nil) throws -> SolverConfiguration {
        var configuration = SolverConfiguration(kind: try kind ?? solver(), seed: seed)
        if let dropout { configuration.dropout = dropout }
        if let l2 { configuration.l2 = l2 }
        if let omega { configuration.omega = omega }
        configuration.rank = rank
        configuration.epochs = epochs
        if let learningRate { configuration.learningRate = learningRate }
        if let learningRateDecay { configuration.learningRateDecay = learningRateDecay }
        if let batchSize { configuration.batchSize = batchSize }
        if let precision { configuration.precision = precision }
        if let emphasis {
            let values: [Double] = try parseList(emphasis, option: "--emphasis")
            guard values.count == 2 else { throw ToolError.invalidOption("--emphasis takes two numbers a,b, got '\(emphasis)'") }
            configuration.emphasis = try Emphasis(dropped: values[0], kept: values[1])
        }
        _ = try configuration.makeSolver()
        return configuration
    }
}
