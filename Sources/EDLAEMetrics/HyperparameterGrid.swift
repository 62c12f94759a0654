import EDLAECore
import EDLAESolvers

/// One point of a hyperparameter grid: dropout `p`, L2 `lambda` (the two parts of
/// `Lambda = p/q dMat(diag(G)) + lambda I`), and, for the solvers that use them, the ADMM penalty
/// `omega` (supplement Sec. 3 of Steck 2020) and the rank `k`.
public struct HyperparameterPoint: Hashable, Sendable, Codable, CustomStringConvertible {
    /// Dropout probability `p`.
    public var dropout: Double
    /// L2 weight `lambda`.
    public var l2: Double
    /// ADMM penalty `omega`, when the solver has one.
    public var omega: Double?
    /// Rank `k`, for low-rank solvers.
    public var rank: Int?

    /// A point with the given values; `omega` and `rank` only for the solvers that use them.
    /// - Complexity: O(1).
    public init(dropout: Double, l2: Double, omega: Double? = nil, rank: Int? = nil) {
        self.dropout = dropout
        self.l2 = l2
        self.omega = omega
        self.rank = rank
    }

    /// `p=0.33 lambda=10 omega=100 k=50` (only the set parts).
    public var description: String {
        var parts = ["p=\(dropout)", "lambda=\(l2)"]
        if let omega { parts.append("omega=\(omega)") }
        if let rank { parts.append("k=\(rank)") }
        return parts.joined(separator: " ")
    }
}

/// The cartesian product of candidate values; an empty `omegas` or `ranks` list means "not used".
public struct HyperparameterGrid: Sendable, Equatable, Codable {
    /// Candidate dropout probabilities `p`.
    public var dropouts: [Double]
    /// Candidate L2 weights `lambda`.
    public var l2s: [Double]
    /// Candidate ADMM penalties `omega`; empty when the solver has none.
    public var omegas: [Double]
    /// Candidate ranks `k`; empty for full-rank solvers.
    public var ranks: [Int]

    /// A grid of the given candidates (its points are their cartesian product).
    /// - Complexity: O(1).
    public init(dropouts: [Double], l2s: [Double], omegas: [Double] = [], ranks: [Int] = []) {
        self.dropouts = dropouts
        self.l2s = l2s
        self.omegas = omegas
        self.ranks = ranks
    }

    /// All points, ranks outermost, then dropouts, lambdas, omegas.
    public var points: [HyperparameterPoint] {
        let rs: [Int?] = ranks.isEmpty ? [nil] : ranks
        let os: [Double?] = omegas.isEmpty ? [nil] : omegas
        var result = [HyperparameterPoint]()
        for r in rs { for p in dropouts { for l in l2s { for o in os {
            result.append(HyperparameterPoint(dropout: p, l2: l, omega: o, rank: r))
        } } } }
        return result
    }
}
