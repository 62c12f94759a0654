import EDLAECore

/// A hyperparameter a solver of the catalog may take (see ``SolverKind/hyperparameters``).
///
/// The raw value is the key under which the value is stored in a model folder's `model.json`
/// (``SolverConfiguration/hyperparameters``); `emphasis` is stored as two keys, `emphasisA` and
/// `emphasisB`.
public enum Hyperparameter: String, CaseIterable, Sendable, Codable, Hashable {
    /// Dropout probability `p` in `[0, 1)` (`Lambda = p/q dMat(diag G) + lambda I`).
    case dropout
    /// L2 weight `lambda >= 0`.
    case lambda
    /// ADMM penalty `omega > 0` (supplement Sec. 3 of Steck 2020).
    case omega
    /// Rank `k` of a factored model `U V^T`, in `1...m`.
    case rank
    /// Epochs (sweeps) of an iterative solver, `>= 1`.
    case epochs
    /// Emphasis weights `a >= b >= 0` of Eq. 6 / Eq. 1 (``Emphasis``).
    case emphasis
    /// Seed of a random initialisation or of sampling.
    case seed
    /// Step size of sampled training, `> 0`.
    case learningRate
    /// Per-epoch step-size factor of sampled training, in `(0, 1]`.
    case learningRateDecay
    /// Users per minibatch of sampled training, `>= 1`.
    case batchSize
    /// The ``Precision`` of a full-rank closed form, stored as its bits (32 or 64).
    case precision
}
