

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
        /// Every grid point, in the grid's order.
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

    /// A search selecting by `metric`, scoring with `evaluator`.
    /// - Complexity: O(1).
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

extension Duration {
    /// The duration in seconds.
    public var seconds: Double {
        let parts = components
        return Double(parts.seconds) + Double(parts.attoseconds) * 1e-18
    }
}
