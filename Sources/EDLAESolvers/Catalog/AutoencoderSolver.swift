import EDLAECore

/// A training method for a linear autoencoder `X ≈ X B` (Eq. 2 of Steck 2020 with the rescaling
/// folded in).
///
/// Every solver of the library conforms: DLAE, full-rank EDLAE (with or without a general emphasis),
/// the low-rank variants (closed form, ADMM, exact, near-orthogonal ALS, teacher-student) and
/// sampled training. Because they share this protocol, a test can fit two of them on one
/// ``TrainingData`` and assert that the models agree:
///
/// ```swift
/// let data = TrainingData(interactions)
/// let a = try DLAE(regularization: r).fit(data)
/// let b = try LowRankDLAE(regularization: r, rank: data.itemCount).fit(data)
/// #expect(a.denseWeights().isApproximatelyEqual(to: b.denseWeights(), relativeTolerance: 1e-9))
/// ```
///
/// Hyperparameters are validated when a solver is constructed (its initialiser throws
/// ``SolverError/invalidHyperparameter(name:value:validRange:)``); `fit` throws for problems of the
/// data (a rank above `m`, a `G + Lambda` that is not positive definite). Iterative solvers report
/// each iteration to `observer` and stop when their `Task` is cancelled (`CancellationError`).
public protocol AutoencoderSolver: Sendable {
    /// The solver's catalog entry and the values of its hyperparameters: a fitted model can be
    /// saved with them (``ModelArchive``) and the solver made again from them
    /// (``SolverConfiguration/makeSolver()``).
    var configuration: SolverConfiguration { get }

    /// Trains on `data` and returns the final model used for prediction.
    func fit(_ data: TrainingData, observer: IterationObserver?) throws -> LinearAutoencoder

    /// Trains on the interactions `X` alone. The default computes `G = X^T X` (``TrainingData``)
    /// and calls `fit(_:observer:)` on ``TrainingData``; ``DLAE`` and ``EDLAE`` instead build `G`
    /// straight into the one m x m buffer they invert and turn into `B`, so their peak memory is one
    /// m x m buffer plus the sparse data and O(m).
    func fit(_ interactions: InteractionMatrix, observer: IterationObserver?) throws -> LinearAutoencoder
}

extension AutoencoderSolver {
    /// The solver's name on the command line (e.g. `dlae`, `admm`): ``SolverKind/name``.
    public var name: String { configuration.kind.name }

    /// Trains on `data` without an observer.
    public func fit(_ data: TrainingData) throws -> LinearAutoencoder {
        try fit(data, observer: nil)
    }

    /// Trains on the interactions `X`: computes `G = X^T X` (``TrainingData``) and fits on it.
    public func fit(_ interactions: InteractionMatrix, observer: IterationObserver?) throws -> LinearAutoencoder {
        try fit(TrainingData(interactions), observer: observer)
    }

    /// Trains on the interactions `X` without an observer (`fit(_:observer:)` on an ``/EDLAECore/InteractionMatrix``).
    public func fit(_ interactions: InteractionMatrix) throws -> LinearAutoencoder {
        try fit(interactions, observer: nil)
    }
}

extension AutoencoderSolver {
    /// Checks that `rank` lies in `1...itemCount`.
    func validateRank(_ rank: Int, itemCount: Int) throws(SolverError) {
        guard rank >= 1, rank <= itemCount else { throw .rankOutOfRange(rank: rank, itemCount: itemCount) }
    }
}

/// Checks a low-rank solver's `rank` hyperparameter when the solver is created (the upper bound `m`
/// is checked by ``AutoencoderSolver/validateRank(_:itemCount:)`` once the data are known).
/// - Throws: ``SolverError/invalidHyperparameter(name:value:validRange:)`` for `rank < 1`.
func validateRankHyperparameter(_ rank: Int) throws(SolverError) {
    guard rank >= 1 else { throw .invalidHyperparameter(name: "rank", value: "\(rank)", validRange: "1...m") }
}
