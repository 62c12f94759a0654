extension StoppingRule {
    /// Whether an iteration may stop early: `tolerance > 0`, the objective changed by at most
    /// `tolerance` relative to its magnitude, and `residual <= tolerance`.
    func isConverged(previousObjective: Double?, objective: Double, residual: Double) -> Bool {
        guard tolerance > 0, let previous = previousObjective else { return false }
        let change = Swift.abs(objective - previous) / Swift.max(Swift.abs(objective), .leastNormalMagnitude)
        return change <= tolerance && residual <= tolerance
    }
}

/// Throws ``SolverError/diverged(iteration:reason:)`` unless every value is finite.
func requireFinite(_ values: [Double], iteration: Int, what: String) throws(SolverError) {
    guard values.allSatisfy(\.isFinite) else {
        throw .diverged(iteration: iteration, reason: "\(what) is not finite")
    }
}

/// Throws ``SolverError/diverged(iteration:reason:)`` when `objective` is more than 100 times
/// `reference`, the objective of the all-zero model (`tr(G)` for Eqs. 10 and 11): a descent
/// method that ends up orders of magnitude above doing nothing has diverged. `hint` says what to
/// change.
func requireNoBlowUp(_ objective: Double, reference: Double, iteration: Int, hint: String) throws(SolverError) {
    guard reference > 0, objective > 100 * reference else { return }
    throw .diverged(iteration: iteration, reason: "the objective rose to \(objective), more than 100 times that of the all-zero model (\(reference)); \(hint)")
}
