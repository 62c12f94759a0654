import EDLAECore
import EDLAESolvers
import Foundation

/// The machine-readable result of one evaluation (`edlae evaluate --json`), designed so that a test
/// can recompute every number independently: it names the data, the protocol settings and the
/// seed (enough to rebuild the split with ``StrongGeneralizationProtocol``), the solver and its
/// hyperparameters, the split's counts, each metric's mean and standard error and, on request, the
/// per-user values with the users' ids.
///
/// Schema `edlae-evaluation/1` (keys sorted when encoded by ``jsonData()``):
///
///     {
///       "schema": "edlae-evaluation/1",
///       "libraryVersion": "0.2.0",
///       "solver": "edlae",
///       "hyperparameters": {"dropout": 0.25, "lambda": 10, ...},   // only the ones used
///       "settings": {
///         "data": "/path/groceries.csv" | null, "format": "csv" | null,
///         "splitDirectory": null | "/path/split",
///         "minRating": null | 3.5, "strictRating": true,
///         "minUserInteractions": 5, "validationUsers": "0.1" | "100", "testUsers": "0.1",
///         "targetFraction": 0.2, "seed": 98765, "folds": null | 5
///       },
///       "split": { SplitStatistics (of the first fold when folds > 1) },
///       "itemCount": 169, "trainingUsers": 2971, "evaluatedUsers": 371,
///       "metrics": {"recall@20": {"mean": 0.31, "standardError": 0.012, "count": 371}, ...},
///       "timings": {"load": 0.1, "split": 0.01, "fit": 0.02, "evaluate": 0.03, "total": 0.16},
///       "perUser": absent | {"userIDs": [...], "values": {"recall@20": [...], ...}},
///       "diagnostics": absent | {"diagonalAbsoluteShare": 0, "diagonalSquaredShare": 0,
///                                "objectiveEq4": 1.2e5, "objectiveEq10": 1.2e5}
///     }
///
/// Optional keys (`null` above) are absent when unset.
///
/// Standard errors follow ``MetricSummary`` (population standard deviation / sqrt(n)). User ids
/// are row indices of the input data (or `uid`s of a split directory).
public struct EvaluationRecord: Codable, Sendable, Equatable {
    /// Protocol and data settings.
    public struct Settings: Codable, Sendable, Equatable {
        /// The data file read, or `nil` for a split directory.
        public var data: String?
        /// The data format (`csv`, `movielens`, `mtx`), or `nil` for a split directory.
        public var format: String?
        /// The VAE-CF split directory read instead of a data file, if any.
        public var splitDirectory: String?
        /// The binarisation threshold on ratings, or `nil` to keep every interaction.
        public var minRating: Double?
        /// Whether the threshold is strict (`value > minRating`) or not (`>=`).
        public var strictRating: Bool
        /// Users with fewer interactions are dropped before the split.
        public var minUserInteractions: Int
        /// The number of validation users, or their fraction of the kept users, as given.
        public var validationUsers: String
        /// The number of test users, or their fraction of the kept users, as given.
        public var testUsers: String
        /// The share of a held-out user's items that become targets (0.2 in VAE-CF).
        public var targetFraction: Double
        /// The seed of the user shuffle and of the target choice.
        public var seed: UInt64
        /// The number of cross-validation folds, or `nil` for one split.
        public var folds: Int?

        /// Settings with every field given.
        /// - Complexity: O(1).
        public init(data: String?, format: String?, splitDirectory: String?, minRating: Double?, strictRating: Bool,
                    minUserInteractions: Int, validationUsers: String, testUsers: String, targetFraction: Double,
                    seed: UInt64, folds: Int?) {
            self.data = data
            self.format = format
            self.splitDirectory = splitDirectory
            self.minRating = minRating
            self.strictRating = strictRating
            self.minUserInteractions = minUserInteractions
            self.validationUsers = validationUsers
            self.testUsers = testUsers
            self.targetFraction = targetFraction
            self.seed = seed
            self.folds = folds
        }
    }

    /// Per-user values.
    public struct PerUser: Codable, Sendable, Equatable {
        /// The evaluated users' ids, in the order of the value arrays.
        public var userIDs: [Int]
        /// Each metric's value per user, keyed by the metric's name (`recall@20`, ...).
        public var values: [String: [Double]]
    }

    /// Seconds spent per phase.
    public struct Timings: Codable, Sendable, Equatable {
        /// Reading the data.
        public var load: Double
        /// Splitting (or reading the split directory).
        public var split: Double
        /// Fitting the model.
        public var fit: Double
        /// Scoring the held-out users.
        public var evaluate: Double
        /// The whole run.
        public var total: Double

        /// Timings with every phase given, in seconds.
        /// - Complexity: O(1).
        public init(load: Double, split: Double, fit: Double, evaluate: Double, total: Double) {
            self.load = load
            self.split = split
            self.fit = fit
            self.evaluate = evaluate
            self.total = total
        }
    }

    /// Diagnostics of the fitted model (``ModelDiagnostics``), when asked for.
    public struct Diagnostics: Codable, Sendable, Equatable {
        /// `sum |B_ii| / sum |B_ij|`.
        public var diagonalAbsoluteShare: Double
        /// `||diag B||^2 / ||B||_F^2`.
        public var diagonalSquaredShare: Double
        /// Eq. 4 of Steck 2020 on the training data: `||X - X B||^2 + ||Lambda^(1/2) B||^2`.
        public var objectiveEq4: Double
        /// Eq. 10 of Steck 2020: the same with `B - dMat(diag B)`.
        public var objectiveEq10: Double

        /// Diagnostics with every value given.
        /// - Complexity: O(1).
        public init(diagonalAbsoluteShare: Double, diagonalSquaredShare: Double, objectiveEq4: Double, objectiveEq10: Double) {
            self.diagonalAbsoluteShare = diagonalAbsoluteShare
            self.diagonalSquaredShare = diagonalSquaredShare
            self.objectiveEq4 = objectiveEq4
            self.objectiveEq10 = objectiveEq10
        }

        /// Computes the diagnostics of `model` trained on `data` with `regularization`.
        /// - Complexity: O(m^3) for a full-rank model (one m x m product), O(m^2 k) factored.
        public init(model: LinearAutoencoder, data: TrainingData, regularization: Regularization) {
            let lambda = regularization.weights(itemCounts: data.itemCounts)
            self.init(diagonalAbsoluteShare: ModelDiagnostics.diagonalAbsoluteShare(model),
                      diagonalSquaredShare: ModelDiagnostics.diagonalSquaredShare(model),
                      objectiveEq4: ModelDiagnostics.objective(model, gram: data.gram, lambda: lambda),
                      objectiveEq10: ModelDiagnostics.objective(model, gram: data.gram, lambda: lambda, zeroDiagonal: true))
        }
    }

    /// The schema identifier written to ``schema``: `edlae-evaluation/1`.
    public static let schemaName = "edlae-evaluation/1"

    /// The schema identifier (``schemaName`` when written by this library).
    public var schema: String
    /// The version of the library that wrote the record.
    public var libraryVersion: String
    /// The solver's name (``/EDLAESolvers/AutoencoderSolver/name``).
    public var solver: String
    /// The hyperparameters the solver used, by name (`dropout`, `lambda`, `rank`, ...).
    public var hyperparameters: [String: Double]
    /// The data and protocol settings.
    public var settings: Settings
    /// The split's counts (of the first fold when cross-validating).
    public var split: SplitStatistics
    /// The number of items `m` of the training data.
    public var itemCount: Int
    /// The number of training users.
    public var trainingUsers: Int
    /// The number of held-out users scored.
    public var evaluatedUsers: Int
    /// Each metric's mean and standard error, keyed by its name.
    public var metrics: [String: MetricSummary]
    /// Seconds spent per phase.
    public var timings: Timings
    /// The per-user values, when asked for.
    public var perUser: PerUser?
    /// Present with `--diagnostics` (of the last fold's model with `--folds`).
    public var diagnostics: Diagnostics?

    /// Builds the record from an evaluation report.
    public init(solver: String, hyperparameters: [String: Double], settings: Settings, split: SplitStatistics,
                itemCount: Int, trainingUsers: Int, report: EvaluationReport, timings: Timings, includePerUser: Bool) {
        schema = Self.schemaName
        libraryVersion = ModelArchive.libraryVersion
        self.solver = solver
        self.hyperparameters = hyperparameters
        self.settings = settings
        self.split = split
        self.itemCount = itemCount
        self.trainingUsers = trainingUsers
        evaluatedUsers = report.userIDs.count
        var metrics = [String: MetricSummary]()
        for metric in report.metrics { metrics[metric.description] = report.summary(metric) }
        self.metrics = metrics
        self.timings = timings
        perUser = includePerUser
            ? PerUser(userIDs: report.userIDs,
                      values: Dictionary(uniqueKeysWithValues: report.metrics.map { ($0.description, report.values[$0]!) }))
            : nil
    }

    /// Pretty-printed JSON with sorted keys; non-finite numbers (a metric over zero users) are
    /// written as the strings `"NaN"`, `"Infinity"`, `"-Infinity"`.
    public func jsonData() throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        encoder.nonConformingFloatEncodingStrategy = .convertToString(positiveInfinity: "Infinity",
                                                                      negativeInfinity: "-Infinity", nan: "NaN")
        return try encoder.encode(self)
    }

    /// Decodes ``jsonData()``'s output.
    public static func decode(_ data: Data) throws -> EvaluationRecord {
        let decoder = JSONDecoder()
        decoder.nonConformingFloatDecodingStrategy = .convertFromString(positiveInfinity: "Infinity",
                                                                        negativeInfinity: "-Infinity", nan: "NaN")
        return try decoder.decode(EvaluationRecord.self, from: data)
    }
}
