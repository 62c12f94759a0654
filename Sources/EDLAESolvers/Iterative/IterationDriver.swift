import EDLAECore

/// What one iteration of an iterative solver hands to `iterate(_:observer:what:hint:blowUpReference:stoppingTest:_:)`.
struct IterationStep {
    /// The objective after the iteration (reported as ``IterationReport/objective``).
    var objective: Double
    /// The residual reported as ``IterationReport/constraintResidual``.
    var residual: Double
    /// The residual compared with the tolerance (e.g. relative to the constraint's scale);
    /// `residual` when `nil`.
    var stoppingResidual: Double? = nil
    /// Further values that must stay finite (e.g. multipliers).
    var checked: [Double] = []
}

/// How an iterative solver decides that it has converged (before `maxIterations`).
enum ConvergenceTest {
    /// The objective changed by at most `tolerance` relative to its magnitude, and the residual
    /// is at most `tolerance` (``StoppingRule/isConverged(previousObjective:objective:residual:)``).
    case objectiveChangeAndResidual
    /// The residual alone is at most `tolerance` (e.g. a relative gradient norm).
    case residual
}

/// The one loop of every iterative solver: for iterations `1...rule.maxIterations` it checks the
/// `Task` for cancellation, runs `step`, refuses non-finite values and an objective more than 100
/// times that of the all-zero model (`blowUpReference`, e.g. `tr(G)` for Eqs. 10 and 11: a descent
/// method that ends orders of magnitude above doing nothing has diverged), reports to `observer`,
/// and stops early by `stoppingTest` when `rule.tolerance > 0`.
/// - Parameters:
///   - what: names the values in the divergence message ("the Eq. 10 objective ...").
///   - hint: what to change when the values diverge (appended to the message).
///   - blowUpReference: the objective of the all-zero model, or `nil` for no such check.
/// - Returns: the number of iterations run.
/// - Throws: `CancellationError`, ``SolverError/diverged(iteration:reason:)``, or what `step` throws.
/// - Complexity: `rule.maxIterations` calls of `step` at most, plus O(1) per iteration.
@discardableResult
func iterate(_ rule: StoppingRule, observer: IterationObserver?, what: String, hint: String? = nil,
             blowUpReference: Double? = nil, stoppingTest: ConvergenceTest = .objectiveChangeAndResidual,
             _ step: (_ iteration: Int) throws -> IterationStep) throws -> Int {
    var previous: Double?
    var iterations = 0
    for iteration in 1...rule.maxIterations {
        try Task.checkCancellation()
        iterations = iteration
        let result = try step(iteration)
        let values = [result.objective, result.residual] + result.checked
        guard values.allSatisfy(\.isFinite) else {
            throw SolverError.diverged(iteration: iteration,
                                       reason: "\(what) is not finite" + (hint.map { "; \($0)" } ?? ""))
        }
        if let reference = blowUpReference, reference > 0, result.objective > 100 * reference {
            throw SolverError.diverged(iteration: iteration, reason: "the objective rose to \(result.objective), more than 100 times "
                                       + "that of the all-zero model (\(reference))" + (hint.map { "; \($0)" } ?? ""))
        }
        observer?(IterationReport(iteration: iteration, objective: result.objective, constraintResidual: result.residual))
        let residual = result.stoppingResidual ?? result.residual
        switch stoppingTest {
        case .objectiveChangeAndResidual:
            if rule.isConverged(previousObjective: previous, objective: result.objective, residual: residual) {
                return iterations
            }
        case .residual:
            if rule.tolerance > 0, residual <= rule.tolerance { return iterations }
        }
        previous = result.objective
    }
    return iterations
}
