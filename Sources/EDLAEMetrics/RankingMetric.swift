import EDLAECore
import EDLAESolvers
import Foundation

/// A top-k ranking metric with binary relevance, as in the strong-generalisation protocol of
/// Liang et al. 2018 (VAE-CF) used for Table 1 and Fig. 1 of Steck 2020.
///
/// For a user with held-out target set `T` (`n = |T|`) and a ranking `r_1, r_2, ...` of the items
/// not in the user's fold-in input:
/// - `recall@k = |{r_1..r_k} ∩ T| / min(k, n)` (the normalisation of VAE-CF, so a perfect
///   ranking scores 1 even when `n > k`);
/// - `ndcg@k = DCG@k / IDCG@k`, `DCG@k = sum_{i<=k, r_i in T} 1 / log2(i + 1)` and
///   `IDCG@k = sum_{i=1}^{min(k, n)} 1 / log2(i + 1)`.
public enum RankingMetric: Hashable, Sendable, Comparable, CustomStringConvertible, Codable {
    /// Recall@k.
    case recall(Int)
    /// Normalised discounted cumulative gain at k.
    case ndcg(Int)

    /// The cut-off `k`.
    public var cutoff: Int {
        switch self {
        case .recall(let k), .ndcg(let k): return k
        }
    }

    /// `recall@20`, `ndcg@100`.
    public var description: String {
        switch self {
        case .recall(let k): return "recall@\(k)"
        case .ndcg(let k): return "ndcg@\(k)"
        }
    }

    /// Parses `recall@K` or `ndcg@K` (case-insensitive, `K >= 1`).
    public init?(_ text: String) {
        let parts = text.lowercased().split(separator: "@")
        guard parts.count == 2, let k = Int(parts[1]), k >= 1 else { return nil }
        switch parts[0] {
        case "recall": self = .recall(k)
        case "ndcg": self = .ndcg(k)
        default: return nil
        }
    }

    /// The metrics of Table 1 of Steck 2020: Recall@20, Recall@50, nDCG@100.
    public static let tableOne: [RankingMetric] = [.recall(20), .recall(50), .ndcg(100)]

    /// The metric's value for one user.
    ///
    /// - Parameters:
    ///   - ranking: item indices, best first (at least the first `cutoff` of the ranking, or all
    ///     eligible items when there are fewer).
    ///   - isTarget: whether an item is one of the user's held-out targets.
    ///   - targetCount: `n = |T| >= 1`.
    /// - Complexity: O(k).
    public func value(ranking: [Int], isTarget: (Int) -> Bool, targetCount: Int) -> Double {
        precondition(targetCount >= 1, "A ranking metric needs at least one target")
        let k = cutoff
        switch self {
        case .recall:
            let hits = ranking.prefix(k).reduce(0) { $0 + (isTarget($1) ? 1 : 0) }
            return Double(hits) / Double(Swift.min(k, targetCount))
        case .ndcg:
            var dcg = 0.0
            for (position, item) in ranking.prefix(k).enumerated() where isTarget(item) {
                dcg += 1 / log2(Double(position + 2))
            }
            var idcg = 0.0
            for position in 0..<Swift.min(k, targetCount) { idcg += 1 / log2(Double(position + 2)) }
            return dcg / idcg
        }
    }

    /// Decodes the metric from its name (`recall@20`, `ndcg@100`).
    /// - Throws: `DecodingError.dataCorrupted` for a string that names no metric.
    public init(from decoder: Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        guard let metric = RankingMetric(text) else {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath,
                                                    debugDescription: "not a metric: \(text)"))
        }
        self = metric
    }

    /// Encodes the metric as its name (``description``).
    public func encode(to encoder: Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }

    /// Orders metrics by name, for stable output.
    public static func < (lhs: RankingMetric, rhs: RankingMetric) -> Bool {
        lhs.description < rhs.description
    }
}
