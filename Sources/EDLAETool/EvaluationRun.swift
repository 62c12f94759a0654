import EDLAECore
import EDLAEMetrics
import EDLAESolvers

/// The result of fitting one solver on every split and evaluating it on the test users.
struct EvaluationRun {
    var report: EvaluationReport
    var fitSeconds: Double
    var evaluateSeconds: Double
    var trainingUsers: Int
    /// The model of the last split (the only one without folds).
    var lastModel: LinearAutoencoder
    /// The training interactions of the last split.
    var lastTraining: InteractionMatrix
}

/// Fits `configuration` on each split's training users and evaluates on its test users; the per-user
/// metrics of all splits are pooled.
func runEvaluation(_ configuration: SolverConfiguration, on splits: [EvaluationSplit], metrics: [RankingMetric],
                   label: String? = nil, output: OutputOptions = OutputOptions()) throws -> EvaluationRun {
    let solver = try configuration.makeSolver()
    let evaluator = RankingEvaluator(metrics: metrics)
    var reports = [EvaluationReport](), fit = 0.0, evaluate = 0.0, trainingUsers = 0
    var last: (LinearAutoencoder, InteractionMatrix)?
    for (index, split) in splits.enumerated() {
        guard split.test.count > 0 else { throw ToolError.invalidOption("the split has no test users to evaluate on") }
        let name = label ?? configuration.kind.name
        let fold = splits.count > 1 ? " fold \(index + 1)/\(splits.count)" : ""
        progress("\(name)\(fold): fitting on \(split.training.userCount) users x \(split.itemCount) items")
        // From the interactions: DLAE and EDLAE build G straight into their one m x m buffer; the
        // other solvers compute G first (part of the fit time).
        let observer = output.iterationObserver(label: "\(name)\(fold)")
        let (model, fitSeconds) = try timed { try solver.fit(split.training, observer: observer) }
        let (report, evaluateSeconds) = try timed { try evaluator.evaluate(model, on: split.test) }
        progress("\(name)\(fold): fit \(String(format: "%.2f", fitSeconds)) s, evaluated \(split.test.count) users in \(String(format: "%.2f", evaluateSeconds)) s")
        reports.append(report)
        fit += fitSeconds
        evaluate += evaluateSeconds
        trainingUsers += split.training.userCount
        last = (model, split.training)
    }
    return EvaluationRun(report: EvaluationReport.pooled(reports), fitSeconds: fit, evaluateSeconds: evaluate,
                         trainingUsers: trainingUsers / max(splits.count, 1), lastModel: last!.0, lastTraining: last!.1)
}

/// A Table-1-style table: one row per solver, mean ± standard error per metric, fit seconds.
func resultsTable(_ rows: [(name: String, run: EvaluationRun)], metrics: [RankingMetric]) -> String {
    let nameWidth = max(16, (rows.map(\.name.count).max() ?? 0) + 2)
    var text = pad("solver", nameWidth) + metrics.map { pad(displayName($0), 20) }.joined() + "fit (s)\n"
    for row in rows {
        text += pad(row.name, nameWidth)
        for metric in metrics {
            let s = row.run.report.summary(metric)
            text += pad(formatSummary(s.mean, s.standardError), 20)
        }
        text += String(format: "%.2f", row.run.fitSeconds) + "\n"
    }
    return text
}

/// `Recall@20`, `nDCG@100`.
func displayName(_ metric: RankingMetric) -> String {
    switch metric {
    case .recall(let k): return "Recall@\(k)"
    case .ndcg(let k): return "nDCG@\(k)"
    }
}
