/// One point of a hyperparameter grid: dropout `p`, L2 `lambda` (the two parts of
/// `Lambda = p/q dMat(diag(G)) + lambda I`), and, for the solvers that use them, the ADMM penalty
/// `omega` (supplement Sec. 3 of Steck 2020) and the rank `k`.
public struct HyperparameterPoint: Hashable, Sendable, Codable, CustomStringConvertible {
    /// Dropout probability `p`.
    public var dropout: Double
    /// L2 weight `lambda`.
    public var l2: Double
    /// ADMM penalty `omega`, when the solver has one.
    public var omega: Double?
    /// Rank `k`, for low-rank solvers.
    public var rank: Int?

    public init(dropout: Double, l2: Double, omega: Double? = nil, rank: Int? = nil) {
        self.dropout = dropout
        self.l2 = l2
        self.omega = omega
        self.rank = rank
    }

    /// `p=0.33 lambda=10 omega=100 k=50` (only the set parts).
    public var description: String {
        var parts = ["p=\(dropout)", "lambda=\(l2)"]
        if let omega { parts.append("omega=\(omega)") }
        if let rank { parts.append("k=\(rank)") }
        return parts.joined(separator: " ")
    }
}

/// The cartesian product of candidate values; an empty `omegas` or `ranks` list means "not used".
public struct HyperparameterGrid: Sendable, Equatable, Codable {
    public var dropouts: [Double]
    public var l2s: [Double]
    public var omegas: [Double]
    public var ranks: [Int]

    public init(dropouts: [Double], l2s: [Double], omegas: [Double] = [], ranks: [Int] = []) {
        self.dropouts = dropouts
        self.l2s = l2s
        self.omegas = omegas
        self.ranks = ranks
    }

    /// All points, ranks outermost, then dropouts, lambdas, omegas.
    public var points: [HyperparameterPoint] {
        let rs: [Int?] = ranks.isEmpty ? [nil] : ranks
        let os: [Double?] = omegas.isEmpty ? [nil] : omegas
        var result = [HyperparameterPoint]()
        for r in rs { for p in dropouts { for l in l2s { for o in os {
            result.append(HyperparameterPoint(dropout: p, l2: l, omega: o, rank: r))
        } } } }
        return result
    }
}

/// Grid search on the validation users of a split, then the test score of the best point: the
/// hyperparameter search behind Table 1 of Steck 2020 (protocol of Liang et al. 2018).
public struct GridSearch: Sendable {
    /// One evaluated point.
    public struct Trial: Sendable {
        /// The hyperparameters.
        public let point: HyperparameterPoint
        /// The validation summary of ``GridSearch/metric``, or `nil` when fitting failed.
        public let validation: MetricSummary?
        /// Why fitting failed (a solver error's description), when it did.
        public let failure: String?
        /// Seconds spent fitting.
        public let fitSeconds: Double
    }

    /// The outcome: every trial, the best point and its test report.
    public struct Result: Sendable {
        public let trials: [Trial]
        /// The trial with the highest validation mean (the first one among equals).
        public let best: Trial
        /// The best point's metrics on the test users.
        public let test: EvaluationReport
    }

    /// The metric that selects the best point (default nDCG@100).
    public var metric: RankingMetric
    /// The evaluator for validation and test users.
    public var evaluator: RankingEvaluator

    public init(metric: RankingMetric = .ndcg(100), evaluator: RankingEvaluator = RankingEvaluator()) {
        self.metric = metric
        var e = evaluator
        if !e.metrics.contains(metric) { e.metrics.append(metric) }
        self.evaluator = e
    }

    /// Fits `makeSolver(point)` on the training users for every point of `grid` (one shared Gram
    /// matrix), scores it on the validation users, and evaluates the best on the test users.
    ///
    /// - Parameters:
    ///   - progress: called after each trial (e.g. to print to stderr).
    /// - Throws: ``GridSearchError/noSuccessfulTrial`` when every point failed or the grid is empty
    ///   (failures of single points are recorded in their trials instead), and
    ///   ``GridSearchError/noValidationUsers`` when the split has none.
    /// - Complexity: one fit and one validation evaluation per point.
    public func run(_ grid: HyperparameterGrid, on split: EvaluationSplit,
                    makeSolver: (HyperparameterPoint) throws -> any AutoencoderSolver,
                    progress: ((Trial) -> Void)? = nil) throws -> Result {
        guard split.validation.count > 0 else { throw GridSearchError.noValidationUsers }
        let data = TrainingData(split.training)
        var trials = [Trial]()
        var best: (trial: Trial, model: LinearAutoencoder)?
        for point in grid.points {
            let clock = ContinuousClock()
            let start = clock.now
            let trial: Trial
            do {
                let model = try makeSolver(point).fit(data)
                let seconds = (clock.now - start).seconds
                let summary = evaluator.evaluate(model, on: split.validation).summary(metric)
                trial = Trial(point: point, validation: summary, failure: nil, fitSeconds: seconds)
                if let current = best?.trial.validation, !(summary.mean > current.mean) {} else {
                    best = (trial, model)
                }
            } catch {
                trial = Trial(point: point, validation: nil, failure: "\(error)", fitSeconds: (clock.now - start).seconds)
            }
            trials.append(trial)
            progress?(trial)
        }
        guard let best else { throw GridSearchError.noSuccessfulTrial(trials.compactMap(\.failure).first ?? "empty grid") }
        return Result(trials: trials, best: best.trial, test: evaluator.evaluate(best.model, on: split.test))
    }
}

/// Why a grid search produced no result.
public enum GridSearchError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The split has no validation users to score the points on.
    case noValidationUsers
    /// No point could be fitted; the first failure is given.
    case noSuccessfulTrial(String)

    public var description: String {
        switch self {
        case .noValidationUsers: return "the split has no validation users: hold some out to tune"
        case .noSuccessfulTrial(let reason): return "no grid point could be fitted (first failure: \(reason))"
        }
    }
}

extension Duration {
    /// The duration in seconds.
    public var seconds: Double {
        let parts = components
        return Double(parts.seconds) + Double(parts.attoseconds) * 1e-18
    }
}
