import EDLAECore
import EDLAESolvers

/// The embedding analysis of Fig. 1 (centre and right) of Steck 2020: are the embeddings of
/// similar items similar?
///
/// For each item `i`, its `neighbors` (10) most similar items are the items `j != i` with the
/// largest entries `B_ji` in column `i` of the full-rank EDLAE matrix (Eq. 8; ties by lower index;
/// item `i` itself is excluded, its entry is 0 anyway). Over all pairs `j != l` of that set
/// (45 pairs for 10 items) the cosine similarities of the encoder rows `U_j, U_l` and of the
/// decoder rows `V_j, V_l` are computed, and their medians recorded (the median of an even number
/// of values is the mean of the two middle ones). The paper plots the distribution of these
/// per-item medians over all items for a rank-1000 model.
///
/// The factors of `U V^T` are defined only up to `U T`, `V T^-T` (any invertible k x k `T`), which
/// changes row cosines; by default (``Factors/balanced``) the analysis therefore runs on the
/// ``BalancedFactors`` of the model (`U'^T U' = V'^T V'` diagonal), whose row cosines depend on
/// `U V^T` alone, so that models from different solvers compare. ``Factors/asFitted`` keeps the
/// factors as given (the solver's own convention).
///
/// A zero embedding row has no direction; its cosine similarity with anything is taken as 0.
public struct EmbeddingSimilarityAnalysis: Sendable {
    /// Which factors of `U V^T` the cosines are computed on.
    public enum Factors: String, Sendable, CaseIterable, Codable {
        /// The ``BalancedFactors`` of `U V^T`: statistics of the model, not of its parametrisation.
        case balanced
        /// `U` and `V` as given.
        case asFitted = "as-fitted"
    }

    /// Per item, the median pairwise cosine similarity of its neighbours' encoder rows `U_j`.
    public let encoderMedians: [Double]
    /// Per item, the median pairwise cosine similarity of its neighbours' decoder rows `V_j`.
    public let decoderMedians: [Double]
    /// The neighbourhood size used.
    public let neighbors: Int
    /// The factors the cosines were computed on.
    public let factors: Factors

    /// Runs the analysis.
    ///
    /// - Parameters:
    ///   - similarity: the full-rank EDLAE matrix `B` (m x m) that defines the neighbourhoods.
    ///   - encoder: `U` (m x k) of the low-rank model under study.
    ///   - decoder: `V` (m x k).
    ///   - neighbors: neighbourhood size; above `m - 1` it is all other items, and a neighbourhood
    ///     of fewer than 2 items has no pairs (its median is NaN).
    ///   - factors: balance `U`, `V` first (default) or use them as given.
    /// - Throws: `LinearAlgebraError` when balancing fails (an eigen-decomposition of a k x k Gram
    ///   matrix does not converge).
    /// - Complexity: O(m^2 log n + m n^2 k) for neighbourhood size n, plus O(m k^2 + k^3) to balance.
    public init(similarity: Matrix<Double>, encoder: Matrix<Double>, decoder: Matrix<Double>, neighbors: Int = 10,
                factors: Factors = .balanced) throws(LinearAlgebraError) {
        let m = similarity.rows
        precondition(similarity.isSquare && encoder.rows == m && decoder.rows == m && encoder.columns == decoder.columns,
                     "Embedding analysis: B \(similarity.rows)x\(similarity.columns), U \(encoder.rows)x\(encoder.columns), V \(decoder.rows)x\(decoder.columns)")
        var (encoder, decoder) = (encoder, decoder)
        if factors == .balanced {
            let balanced = try BalancedFactors(encoder: encoder, decoder: decoder)
            (encoder, decoder) = (balanced.encoder, balanced.decoder)
        }
        let u = Self.normalizedRows(encoder), v = Self.normalizedRows(decoder)
        var encoderMedians = [Double](), decoderMedians = [Double]()
        encoderMedians.reserveCapacity(m); decoderMedians.reserveCapacity(m)
        var mask = [Bool](repeating: false, count: m)
        similarity.withUnsafeBufferPointer { b in
            for i in 0..<m {
                mask[i] = true
                let column = UnsafeBufferPointer(rebasing: b[(i * m)..<((i + 1) * m)])
                let set = mask.withUnsafeBufferPointer {
                    TopKSelection.topIndices(of: column, count: neighbors, excluding: $0)
                }
                mask[i] = false
                encoderMedians.append(Self.medianPairwiseDot(u, set))
                decoderMedians.append(Self.medianPairwiseDot(v, set))
            }
        }
        self.encoderMedians = encoderMedians
        self.decoderMedians = decoderMedians
        self.neighbors = neighbors
        self.factors = factors
    }

    /// Rows scaled to unit length (zero rows stay zero), stored row-major for cache-friendly dots.
    private static func normalizedRows(_ a: Matrix<Double>) -> [[Double]] {
        (0..<a.rows).map { i in
            let row = a.row(i)
            let norm = row.reduce(0) { $0 + $1 * $1 }.squareRoot()
            return norm > 0 ? row.map { $0 / norm } : row.map { _ in 0 }
        }
    }

    private static func medianPairwiseDot(_ rows: [[Double]], _ set: [Int]) -> Double {
        var values = [Double]()
        for a in 0..<set.count {
            for b in (a + 1)..<set.count {
                let x = rows[set[a]], y = rows[set[b]]
                var dot = 0.0
                for t in 0..<x.count { dot += x[t] * y[t] }
                values.append(dot)
            }
        }
        return median(values)
    }
}
