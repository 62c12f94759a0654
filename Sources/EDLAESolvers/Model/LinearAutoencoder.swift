import EDLAECore

/// A fitted linear autoencoder: scores are `x B` for a user's interaction row `x`.
///
/// The weights are either full-rank (`B`, m x m) or factored (`B = U V^T` with `U`, `V` m x k),
/// in which case `B` is never materialised unless ``denseWeights()`` is called: scores are
/// computed as `(X U) V^T`.
public struct LinearAutoencoder: Sendable {
    /// The weights of a fitted model.
    public enum Weights: Sendable {
        /// A full m x m matrix `B`.
        case full(Matrix<Double>)
        /// A full m x m matrix `B` in single precision (half the memory; see Docs/Precision.md).
        case fullSingle(Matrix<Float>)
        /// `B = U V^T` with the encoder `U` and decoder `V`, both m x k.
        case factored(encoder: Matrix<Double>, decoder: Matrix<Double>)
    }

    /// The weights.
    public let weights: Weights

    /// Wraps weights. - Precondition: `B` is square, or `U` and `V` have equal shapes.
    public init(weights: Weights) {
        switch weights {
        case .full(let b):
            precondition(b.isSquare, "Full-rank weights are square, got \(b.rows)x\(b.columns)")
        case .fullSingle(let b):
            precondition(b.isSquare, "Full-rank weights are square, got \(b.rows)x\(b.columns)")
        case .factored(let u, let v):
            precondition(u.rows == v.rows && u.columns == v.columns,
                         "Factored weights need equal shapes, got U \(u.rows)x\(u.columns) and V \(v.rows)x\(v.columns)")
        }
        self.weights = weights
    }

    /// A full-rank model `B`.
    public init(full b: Matrix<Double>) { self.init(weights: .full(b)) }

    /// A full-rank model `B` held in single precision.
    public init(full b: Matrix<Float>) { self.init(weights: .fullSingle(b)) }

    /// The precision the weights are held in.
    public var precision: Precision {
        if case .fullSingle = weights { return .single }
        return .double
    }

    /// A factored model `B = U V^T`.
    public init(encoder u: Matrix<Double>, decoder v: Matrix<Double>) {
        self.init(weights: .factored(encoder: u, decoder: v))
    }

    /// The number of items `m`.
    public var itemCount: Int {
        switch weights {
        case .full(let b): return b.rows
        case .fullSingle(let b): return b.rows
        case .factored(let u, _): return u.rows
        }
    }

    /// The rank `k` of a factored model, `nil` for a full-rank one.
    public var rank: Int? {
        if case .factored(let u, _) = weights { return u.columns }
        return nil
    }

    /// `B` in double precision: materialised as `U V^T` for a factored model, converted for a
    /// single-precision one (an m x m allocation in both cases).
    public func denseWeights() -> Matrix<Double> {
        switch weights {
        case .full(let b): return b
        case .fullSingle(let b): return Matrix(rows: b.rows, columns: b.columns) { i, j in Double(b[i, j]) }
        case .factored(let u, let v): return u.timesTranspose(v)
        }
    }

    /// `U` of a factored model.
    public var encoder: Matrix<Double>? {
        if case .factored(let u, _) = weights { return u }
        return nil
    }

    /// `V` of a factored model.
    public var decoder: Matrix<Double>? {
        if case .factored(_, let v) = weights { return v }
        return nil
    }

    /// `diag(B)`; for a factored model the row-wise dot products of `U` and `V`, in O(m k).
    public var diagonal: [Double] {
        switch weights {
        case .full(let b): return b.diagonal
        case .fullSingle(let b): return b.diagonal.map(Double.init)
        case .factored(let u, let v):
            let m = u.rows, k = u.columns
            return u.withUnsafeBufferPointer { pu in
                v.withUnsafeBufferPointer { pv in
                    (0..<m).map { i in (0..<k).reduce(0.0) { $0 + pu[i + $1 * m] * pv[i + $1 * m] } }
                }
            }
        }
    }

    /// Scores `X B` for a dense batch of user rows (users x m), by BLAS products (`X U` then `(X U) V^T`
    /// for a factored model).
    /// - Precondition: `input.columns == itemCount`.
    /// - Complexity: O(users m^2) full-rank, O(users m k) factored.
    public func scores(for input: Matrix<Double>) -> Matrix<Double> {
        precondition(input.columns == itemCount,
                     "Scores for a \(input.rows)x\(input.columns) input from a model of \(itemCount) items")
        switch weights {
        case .full(let b): return input * b
        case .fullSingle(let b):
            let single = Matrix<Float>(rows: input.rows, columns: input.columns) { i, j in Float(input[i, j]) }
            let product = single * b
            return Matrix(rows: product.rows, columns: product.columns) { i, j in Double(product[i, j]) }
        case .factored(let u, let v): return (input * u).timesTranspose(v)
        }
    }

    /// Scores `X B` for sparse user rows, computed in dense batches of `batchSize` users.
    /// - Precondition: `users.itemCount == itemCount`.
    /// - Throws: ``/EDLAECore/LinearAlgebraError/exceedsMemoryBudget(needed:available:purpose:)`` when the
    ///   users x m score matrix (plus one dense batch) exceeds ``/EDLAECore/MemoryBudget/current``.
    /// - Complexity: O(users m^2) full-rank, O(users m k) factored; O(users m) memory.
    public func scores(for users: InteractionMatrix, batchSize: Int = 1024) throws(LinearAlgebraError) -> Matrix<Double> {
        precondition(users.itemCount == itemCount,
                     "Scores for users over \(users.itemCount) items from a model of \(itemCount) items")
        let batchSize = Swift.min(Swift.max(batchSize, 1), Swift.max(users.userCount, 1))
        try MemoryBudget.current.check(
            bytes: MemoryBudget.bytes(forMatrices: 1, rows: users.userCount + 2 * batchSize, columns: itemCount),
            purpose: "scores of \(users.userCount) users x \(itemCount) items")
        var result = try Matrix<Double>(zeroedRows: users.userCount, columns: itemCount)
        for start in stride(from: 0, to: users.userCount, by: batchSize) {
            let range = start..<(start + Swift.min(batchSize, users.userCount - start))
            let batch = try scores(for: users, rows: range)
            let total = users.userCount, b = range.count, m = itemCount
            batch.withUnsafeBufferPointer { source in
                result.withUnsafeMutableBufferPointer { target in
                    for j in 0..<m {
                        for r in 0..<b { target[start + r + j * total] = source[r + j * b] }
                    }
                }
            }
        }
        return result
    }

    /// The `count` highest-scoring items for each user, best first, excluding items the user
    /// already has (ties broken by the lower item index; ``/EDLAECore/TopKSelection``). `count` above the
    /// number of eligible items gives them all; below 1, none.
    /// - Throws: ``/EDLAECore/LinearAlgebraError/exceedsMemoryBudget(needed:available:purpose:)`` (see
    ///   ``scores(for:batchSize:)``).
    /// - Complexity: O(users m^2) (full rank) or O(users m k) for the scores, O(users m log count)
    ///   for the selection.
    public func recommendations(for users: InteractionMatrix, count: Int) throws(LinearAlgebraError) -> [[Int]] {
        let scores = try scores(for: users)
        return (0..<users.userCount).map { user in
            TopKSelection.topIndices(of: scores.row(user), count: count, excluding: users.items(ofUser: user).map(Int.init))
        }
    }
}
