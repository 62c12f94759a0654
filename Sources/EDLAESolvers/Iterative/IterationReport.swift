import EDLAECore

/// The state of an iterative solver after one iteration (an ADMM epoch, an ALS sweep, a
/// training epoch), passed to its observer.
public struct IterationReport: Sendable, Equatable {
    /// 1-based iteration number.
    public let iteration: Int
    /// The value of the objective the solver minimises (named in each solver's documentation).
    public let objective: Double
    /// The residual of the solver's constraint (e.g. `||diag(U V^T) - beta||` for ADMM, `0` when unconstrained).
    public let constraintResidual: Double

    /// A report with every value given.
    /// - Complexity: O(1).
    public init(iteration: Int, objective: Double, constraintResidual: Double) {
        self.iteration = iteration
        self.objective = objective
        self.constraintResidual = constraintResidual
    }
}

/// Receives each ``IterationReport`` of an iterative solver.
public typealias IterationObserver = @Sendable (IterationReport) -> Void
