import EDLAECore
import EDLAESolvers

/// Per-user ranking metrics of a model on held-out users, and their summaries.
public struct EvaluationReport: Sendable, Equatable {
    /// The metrics computed, in the order asked for.
    public let metrics: [RankingMetric]
    /// The ids of the evaluated users (``HeldOutUsers/userIDs``), in evaluation order.
    public let userIDs: [Int]
    /// `values[metric][u]` is the metric of user `userIDs[u]`.
    public let values: [RankingMetric: [Double]]

    /// - Precondition: every metric has one value per user.
    public init(metrics: [RankingMetric], userIDs: [Int], values: [RankingMetric: [Double]]) {
        precondition(metrics.allSatisfy { values[$0]?.count == userIDs.count },
                     "Every metric needs \(userIDs.count) per-user values")
        self.metrics = metrics
        self.userIDs = userIDs
        self.values = values
    }

    /// Mean and standard error of `metric` over the users.
    /// - Precondition: `metric` was computed.
    public func summary(_ metric: RankingMetric) -> MetricSummary {
        guard let v = values[metric] else { preconditionFailure("\(metric) was not computed; have \(metrics)") }
        return MetricSummary(v)
    }

    /// The per-user values of several reports (e.g. the folds of a cross-validation) pooled into
    /// one report; the summaries are then over all users of all folds.
    /// - Precondition: the reports computed the same metrics.
    public static func pooled(_ reports: [EvaluationReport]) -> EvaluationReport {
        guard let first = reports.first else { return EvaluationReport(metrics: [], userIDs: [], values: [:]) }
        precondition(reports.allSatisfy { $0.metrics == first.metrics }, "Pooled reports need the same metrics")
        var values = [RankingMetric: [Double]]()
        for metric in first.metrics { values[metric] = reports.flatMap { $0.values[metric]! } }
        return EvaluationReport(metrics: first.metrics, userIDs: reports.flatMap(\.userIDs), values: values)
    }
}
