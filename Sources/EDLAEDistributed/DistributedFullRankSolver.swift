import EDLAECore
import EDLAEMetrics
import EDLAESolvers

/// Full-rank DLAE (Eq. 5 of Steck 2020) or EDLAE (Eq. 8) computed on a process grid with
/// ScaLAPACK, for catalogs whose `m x m` matrix no single machine holds:
///
///     C = (G + Lambda)^-1,  Lambda = p/q dMat(diag G) + lambda I     (``Regularization``)
///     DLAE:  B = I - C Lambda          EDLAE: B = I - C dMat(1 / diag C)
///
/// the same models as ``DLAE`` and ``EDLAE`` on one machine. Data flow on each of the `P`
/// processes (no process ever holds an `m x m` matrix):
/// 1. build the local blocks of `G + Lambda` from the sparse interactions (every process reads
///    them; they are small next to `m^2`);
/// 2. `pdpotrf` + `pdpotri` (lower triangle), then the strict upper triangle is filled from the
///    lower one, block column by block column, with `pdtran`;
/// 3. `diag(C)` by an all-reduce of the local diagonal entries; `B` formed in place.
public struct DistributedFullRankSolver: Sendable, Equatable {
    /// The two closed forms.
    public enum Model: String, Sendable, CaseIterable {
        /// `B = I - C Lambda` (``DLAE``).
        case dlae
        /// `B = I - C dMat(1 / diag C)` (``EDLAE``).
        case edlae
    }

    /// Which closed form.
    public let model: Model
    /// `Lambda`, as in the single-machine solvers.
    public let regularization: Regularization
    /// The ScaLAPACK block size `nb` (rows and columns).
    public let blockSize: Int

    /// - Precondition: `blockSize >= 1`.
    public init(model: Model, regularization: Regularization, blockSize: Int = 64) {
        precondition(blockSize >= 1, "A block size is at least 1, got \(blockSize)")
        self.model = model
        self.regularization = regularization
        self.blockSize = blockSize
    }

    /// The command-line name of the single-machine solver (`dlae`, `edlae`).
    public var name: String { model.rawValue }

    /// The hyperparameters as the single-machine `edlae fit` records them.
    public var hyperparameters: [String: Double] { ["dropout": regularization.dropout, "lambda": regularization.l2] }

    /// `diag(Lambda)` for interactions `x`.
    /// - Complexity: O(nnz).
    public func weights(for x: InteractionMatrix) -> [Double] {
        regularization.weights(itemCounts: x.gramDiagonal)
    }

    /// The message of ``SolverError/notPositiveDefinite(item:hint:)`` for `item`, as on one machine.
    static func notPositiveDefinite(item: Int, lambda: [Double]) -> SolverError {
        .notPositiveDefinite(
            item: item,
            hint: lambda[item] == 0
                ? "item \(item) has no interactions and lambda = 0: choose lambda > 0"
                : "choose a larger lambda")
    }
}
