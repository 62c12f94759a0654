import EDLAECore

/// When an iterative solver stops: after `maxIterations`, or earlier once the relative change of
/// the objective and the constraint residual both fall below `tolerance`.
public struct StoppingRule: Sendable, Equatable {
    /// The most iterations to run (>= 1).
    public var maxIterations: Int
    /// Relative objective change and constraint residual below which the solver stops early; `0` never stops early.
    public var tolerance: Double

    /// A rule stopping after `maxIterations`, or earlier at `tolerance` (`0`: never early); checked
    /// by ``validate()`` when a solver is created.
    /// - Complexity: O(1).
    public init(maxIterations: Int, tolerance: Double = 0) {
        self.maxIterations = maxIterations
        self.tolerance = tolerance
    }

    /// Throws ``SolverError/invalidHyperparameter(name:value:validRange:)`` for `maxIterations < 1` or a negative or non-finite `tolerance`.
    public func validate() throws(SolverError) {
        guard maxIterations >= 1 else {
            throw .invalidHyperparameter(name: "iterations", value: "\(maxIterations)", validRange: "1 or more")
        }
        guard tolerance >= 0, tolerance.isFinite else {
            throw .invalidHyperparameter(name: "tolerance", value: "\(tolerance)", validRange: "[0, inf)")
        }
    }
}
