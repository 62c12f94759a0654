import EDLAECore

extension StoppingRule {
    /// Whether an iteration may stop early: `tolerance > 0`, the objective changed by at most
    /// `tolerance` relative to its magnitude, and `residual <= tolerance`.
    func isConverged(previousObjective: Double?, objective: Double, residual: Double) -> Bool {
        guard tolerance > 0, let previous = previousObjective else { return false }
        let change = Swift.abs(objective - previous) / Swift.max(Swift.abs(objective), .leastNormalMagnitude)
        return change <= tolerance && residual <= tolerance
    }
}
