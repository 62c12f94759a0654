import EDLAECore

/// The diagonal L2 weights `Lambda = p/q * dMat(diag(G)) + lambda * I` used throughout the papers'
/// experiments (Table 1's "Lambda tilde" of Steck 2020; Eq. 8 of Steck & Liang adds `lambda * I`).
///
/// `p/q * diag(G)` is what dropout with probability `p` amounts to (Eq. 3-4 of Steck 2020); the
/// extra `lambda` keeps `G + Lambda` positive definite when an item has no interactions.
public struct Regularization: Sendable, Equatable, Hashable, Codable {
    /// The dropout probability `p`, in `[0, 1)`.
    public let dropout: Double
    /// The extra L2 weight `lambda`, `>= 0`.
    public let l2: Double

    /// Validates `0 <= dropout < 1` and `l2 >= 0` (both finite).
    /// - Throws: ``SolverError/invalidHyperparameter(name:value:validRange:)``.
    public init(dropout: Double, l2: Double) throws(SolverError) {
        guard dropout >= 0, dropout < 1 else {
            throw .invalidHyperparameter(name: "dropout p", value: "\(dropout)", validRange: "[0, 1)")
        }
        guard l2 >= 0, l2.isFinite else {
            throw .invalidHyperparameter(name: "lambda", value: "\(l2)", validRange: "[0, inf)")
        }
        self.dropout = dropout
        self.l2 = l2
    }

    private enum CodingKeys: String, CodingKey { case dropout, l2 }

    /// Decodes and validates like ``init(dropout:l2:)``, so a stored model cannot carry `p >= 1`.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        try self.init(dropout: container.decode(Double.self, forKey: .dropout),
                      l2: container.decode(Double.self, forKey: .l2))
    }

    /// `q = 1 - p`.
    public var keepProbability: Double { 1 - dropout }

    /// The diagonal of `Lambda`: `p/q * itemCounts[i] + lambda`.
    public func weights(itemCounts: [Double]) -> [Double] {
        let ratio = dropout / (1 - dropout)
        return itemCounts.map { ratio * $0 + l2 }
    }
}
