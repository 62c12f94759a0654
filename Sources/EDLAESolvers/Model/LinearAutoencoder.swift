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
        /// `B = U V^T` with the encoder `U` and decoder `V` (m x k) in single precision.
        case factoredSingle(encoder: Matrix<Float>, decoder: Matrix<Float>)
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
        case .factoredSingle(let u, let v):
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
        switch weights {
        case .full, .factored: .double
        case .fullSingle, .factoredSingle: .single
        }
    }

    /// A factored model `B = U V^T`.
    public init(encoder u: Matrix<Double>, decoder v: Matrix<Double>) {
        self.init(weights: .factored(encoder: u, decoder: v))
    }

    /// A factored model `B = U V^T` held in single precision. (Disfavoured, so that factors
    /// written as literals, `Matrix([[1, 2]])`, stay `Double`.)
    @_disfavoredOverload
    public init(encoder u: Matrix<Float>, decoder v: Matrix<Float>) {
        self.init(weights: .factoredSingle(encoder: u, decoder: v))
    }

    /// The number of items `m`.
    public var itemCount: Int {
        switch weights {
        case .full(let b): return b.rows
        case .fullSingle(let b): return b.rows
        case .factored(let u, _): return u.rows
        case .factoredSingle(let u, _): return u.rows
        }
    }

    /// The rank `k` of a factored model, `nil` for a full-rank one.
    public var rank: Int? {
        switch weights {
        case .full, .fullSingle: return nil
        case .factored(let u, _): return u.columns
        case .factoredSingle(let u, _): return u.columns
        }
    }

    /// `B` in double precision: materialised as `U V^T` for a factored model (from the factors
    /// converted to `Double`, exactly), converted for a single-precision one (an m x m allocation
    /// in every case but ``Weights/full(_:)``).
    public func denseWeights() -> Matrix<Double> {
        switch weights {
        case .full(let b): return b
        case .fullSingle(let b): return Matrix(rows: b.rows, columns: b.columns) { i, j in Double(b[i, j]) }
        case .factored(let u, let v): return u.timesTranspose(v)
        case .factoredSingle(let u, let v): return Matrix(converting: u).timesTranspose(Matrix(converting: v))
        }
    }

    /// `U` of a factored model in double precision (converted, exactly, from a single-precision
    /// one: O(m k)); `nil` for a full-rank model.
    public var encoder: Matrix<Double>? { factors(as: Double.self)?.encoder }

    /// `V` of a factored model in double precision (converted, exactly, from a single-precision
    /// one: O(m k)); `nil` for a full-rank model.
    public var decoder: Matrix<Double>? { factors(as: Double.self)?.decoder }

    /// `U` and `V` of a factored model in the precision `Scalar`: the stored factors when they
    /// are held in `Scalar` (no copy), else converted (rounded to nearest for `Float`); `nil` for
    /// a full-rank model.
    /// - Complexity: O(1) in the stored precision, O(m k) converted.
    public func factors<Scalar: MatrixScalar>(as _: Scalar.Type) -> (encoder: Matrix<Scalar>, decoder: Matrix<Scalar>)? {
        switch weights {
        case .full, .fullSingle: return nil
        case .factored(let u, let v): return (Matrix(converting: u), Matrix(converting: v))
        case .factoredSingle(let u, let v): return (Matrix(converting: u), Matrix(converting: v))
        }
    }

    /// `diag(B)`; for a factored model the row-wise dot products of `U` and `V` (accumulated in
    /// `Double` for either precision), in O(m k).
    public var diagonal: [Double] {
        switch weights {
        case .full(let b): return b.diagonal
        case .fullSingle(let b): return b.diagonal.map(Double.init)
        case .factored(let u, let v): return Self.rowwiseDots(u, v)
        case .factoredSingle(let u, let v): return Self.rowwiseDots(u, v)
        }
    }

    /// `sum_j U_ij V_ij` for each row `i`, accumulated in `Double`.
    private static func rowwiseDots<Scalar: MatrixScalar>(_ u: Matrix<Scalar>, _ v: Matrix<Scalar>) -> [Double] {
        let m = u.rows, k = u.columns
        return u.withUnsafeBufferPointer { pu in
            v.withUnsafeBufferPointer { pv in
                (0..<m).map { i in (0..<k).reduce(0.0) { $0 + Double(pu[i + $1 * m]) * Double(pv[i + $1 * m]) } }
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
        case .fullSingle(let b): return Matrix(converting: Matrix<Float>(converting: input) * b)
        case .factored(let u, let v): return (input * u).timesTranspose(v)
        case .factoredSingle(let u, let v): return Matrix(converting: (Matrix<Float>(converting: input) * u).timesTranspose(v))
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
