import EDLAECore
import EDLAESolvers

/// Grid search on the validation users of a split, then the test score of the best point: the
/// hyperparameter search behind Table 1 of Steck 2020 (protocol of Liang et al. 2018). The K-fold
/// variant ``run(_:folds:final:makeSolver:progress:)`` scores each point on the validation users
/// of every fold, pooled per user, for data too small for one validation set.
public struct GridSearch: Sendable {
    /// One evaluated point.
    public struct Trial: Sendable {
        /// The hyperparameters.
        public let point: HyperparameterPoint
        /// The validation summary of ``GridSearch/metric`` (pooled over the validation users of
        /// every fold in the K-fold search), or `nil` when fitting failed.
        public let validation: MetricSummary?
        /// In the K-fold search, the summary on each fold's validation users (empty otherwise, or
        /// when fitting failed).
        public let foldValidations: [MetricSummary]
        /// Why fitting failed (a solver error's description), when it did.
        public let failure: String?
        /// Seconds spent fitting (over all folds in the K-fold search).
        public let fitSeconds: Double
    }

    /// The outcome: every trial, the best point and its test report.
    public struct Result: Sendable {
        /// Every grid point, in the grid's order.
        public let trials: [Trial]
        /// The trial with the highest validation mean (the first one among equals).
        public let best: Trial
        /// The best point's metrics on the test users (in the K-fold search: of the model refitted
        /// on all non-test users).
        public let test: EvaluationReport
        /// The number of folds (1 for the single-split search).
        public let folds: Int
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
    ///   - grid: the hyperparameter points to try, in order.
    ///   - split: training users fit each point, validation users score it, test users score the best.
    ///   - makeSolver: the solver for a point (a throwing call records the point as failed).
    ///   - progress: called after each trial (e.g. to print to stderr).
    /// - Throws: ``GridSearchError/noSuccessfulTrial(_:)`` when every point failed or the grid is empty
    ///   (failures of single points are recorded in their trials instead), and
    ///   ``GridSearchError/noValidationUsers`` when the split has none.
    /// - Complexity: one fit and one validation evaluation per point.
    public func run(_ grid: HyperparameterGrid, on split: EvaluationSplit,
                    makeSolver: (HyperparameterPoint) throws -> any AutoencoderSolver,
                    progress: ((Trial) -> Void)? = nil) throws -> Result {
        guard split.validation.count > 0 else { throw GridSearchError.noValidationUsers }
        let data = try TrainingData(split.training)
        var trials = [Trial]()
        var best: (trial: Trial, model: LinearAutoencoder)?
        for point in grid.points {
            let clock = ContinuousClock()
            let start = clock.now
            let trial: Trial
            do {
                let model = try makeSolver(point).fit(data)
                let seconds = (clock.now - start).seconds
                let summary = try evaluator.evaluate(model, on: split.validation).summary(metric)
                trial = Trial(point: point, validation: summary, foldValidations: [], failure: nil, fitSeconds: seconds)
                if let current = best?.trial.validation, !(summary.mean > current.mean) {} else {
                    best = (trial, model)
                }
            } catch {
                trial = Trial(point: point, validation: nil, foldValidations: [], failure: "\(error)", fitSeconds: (clock.now - start).seconds)
            }
            trials.append(trial)
            progress?(trial)
        }
        guard let best else { throw GridSearchError.noSuccessfulTrial(trials.compactMap(\.failure).first ?? "empty grid") }
        return Result(trials: trials, best: best.trial, test: try evaluator.evaluate(best.model, on: split.test), folds: 1)
    }

    /// The K-fold search: every point of `grid` is fitted on the training users of each fold and
    /// scored on that fold's validation users; its score is the mean of ``metric`` over the pooled
    /// per-user values of all folds' validation users (every non-test user counts once, so a fold's
    /// weight is its number of users), with the standard error of that pooled mean. The point with
    /// the highest pooled mean (the first among equals) is refitted on `final.training` and
    /// evaluated on `final.test`. A point that fails in any fold fails.
    ///
    /// - Parameters:
    ///   - grid: the hyperparameter points to try, in order.
    ///   - folds: splits whose validation users are disjoint (e.g. from
    ///     ``StrongGeneralizationProtocol/tuningSplits(_:folds:)``).
    ///   - final: the split whose training users fit the chosen point and whose test users score it.
    ///   - makeSolver: the solver for a point (a throwing call in any fold records the point as failed).
    ///   - progress: called after each trial (once all its folds are done).
    /// - Throws: ``GridSearchError/noValidationUsers`` when `folds` is empty or a fold has no
    ///   validation users, ``GridSearchError/noSuccessfulTrial(_:)`` when every point failed.
    /// - Complexity: `folds.count` fits and validation evaluations per point, plus one fit. One
    ///   fold's Gram matrix is held at a time.
    public func run(_ grid: HyperparameterGrid, folds: [EvaluationSplit], final: EvaluationSplit,
                    makeSolver: (HyperparameterPoint) throws -> any AutoencoderSolver,
                    progress: ((Trial) -> Void)? = nil) throws -> Result {
        guard !folds.isEmpty, folds.allSatisfy({ $0.validation.count > 0 }) else { throw GridSearchError.noValidationUsers }
        let points = grid.points
        var reports = [[EvaluationReport]](repeating: [], count: points.count)
        var failures = [String?](repeating: nil, count: points.count)
        var seconds = [Double](repeating: 0, count: points.count)
        let clock = ContinuousClock()
        for fold in folds {
            let data = try TrainingData(fold.training)
            for (index, point) in points.enumerated() where failures[index] == nil {
                let start = clock.now
                do {
                    let model = try makeSolver(point).fit(data)
                    seconds[index] += (clock.now - start).seconds
                    reports[index].append(try evaluator.evaluate(model, on: fold.validation))
                } catch {
                    seconds[index] += (clock.now - start).seconds
                    failures[index] = "\(error)"
                }
            }
        }
        var trials = [Trial]()
        var best: Trial?
        for (index, point) in points.enumerated() {
            let trial: Trial
            if let failure = failures[index] {
                trial = Trial(point: point, validation: nil, foldValidations: [], failure: failure, fitSeconds: seconds[index])
            } else {
                let pooled = EvaluationReport.pooled(reports[index]).summary(metric)
                trial = Trial(point: point, validation: pooled, foldValidations: reports[index].map { $0.summary(metric) },
                              failure: nil, fitSeconds: seconds[index])
                if let current = best?.validation, !(pooled.mean > current.mean) {} else { best = trial }
            }
            trials.append(trial)
            progress?(trial)
        }
        guard let best else { throw GridSearchError.noSuccessfulTrial(trials.compactMap(\.failure).first ?? "empty grid") }
        let model = try makeSolver(best.point).fit(TrainingData(final.training))
        return Result(trials: trials, best: best, test: try evaluator.evaluate(model, on: final.test), folds: folds.count)
    }
}

extension Duration {
    /// The duration in seconds.
    public var seconds: Double {
        let parts = components
        return Double(parts.seconds) + Double(parts.attoseconds) * 1e-18
    }
}
