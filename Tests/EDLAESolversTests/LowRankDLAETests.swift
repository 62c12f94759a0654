import EDLAECore
import EDLAESolvers
import Testing
import _EDLAETestSupport

/// Tests of ``LowRankDLAE``: the reduced-rank ridge regression of Table 1, rows 2-3 of Steck 2020.
@Suite("LowRankDLAE (Table 1 rows 2-3)")
struct LowRankDLAETests {
    typealias Fixtures = ClosedFormFixtures

    /// 14 users x 6 items, every item used.
    let x = Fixtures.interactions(users: 14, items: 6, seed: 21)

    /// `E = (G + Lambda) U V^T - G`: the gradients of the objective are `2 E V` (in `U`) and `2 E^T U` (in `V`).
    static func residual(_ model: LinearAutoencoder, gram: Matrix<Double>, lambda: [Double]) -> Matrix<Double> {
        Fixtures.dropoutResidual(model.denseWeights(), gram: gram, lambda: lambda) / 2
    }

    /// One sweep of alternating least squares on `(U, V)`: each block update is the exact minimiser
    /// for the other block fixed, so the objective never increases.
    ///   U = (G + Lambda)^-1 G V (V^T V)^-1,   V = G U (U^T (G + Lambda) U)^-1.
    static func alternatingSweep(u: inout Matrix<Double>, v: inout Matrix<Double>,
                                 gram: Matrix<Double>, regularized: Matrix<Double>) throws {
        let y = try regularized.solvingPositiveDefinite(gram * v)
        u = try v.transposeTimes(v).solvingPositiveDefinite(y.transposed).transposed
        let k = u.transposeTimes(regularized * u)
        v = try k.solvingPositiveDefinite((gram * u).transposed).transposed
    }

    @Test("k = m equals full-rank DLAE (Eq. 5)")
    func fullRankEqualsDLAE() throws {
        let regularization = try Regularization(dropout: 0.5, l2: 1)
        let dlae = try DLAE(regularization: regularization).fit(x).denseWeights()
        let lowRank = try LowRankDLAE(regularization: regularization, rank: x.itemCount).fit(x)
        // U V^T = B_full V V^T with V orthonormal and square: B_full up to rounding.
        #expect(lowRank.denseWeights().isApproximatelyEqual(to: dlae, relativeTolerance: 1e-12))
    }

    @Test("k = m equals DLAE on Groceries",
          .enabled(if: SharedData.isAvailable, SharedData.skipNote))
    func fullRankEqualsDLAEOnGroceries() throws {
        let data = try #require(Fixtures.groceriesData)
        let regularization = try Regularization(dropout: 0.5, l2: 10)
        let dlae = try DLAE(regularization: regularization).fit(data).denseWeights()
        let lowRank = try LowRankDLAE(regularization: regularization, rank: data.itemCount).fit(data)
        // 169 x 169 products of an orthonormal basis: rounding ~1e-14 relative.
        #expect(lowRank.denseWeights().isApproximatelyEqual(to: dlae, relativeTolerance: 1e-10))
    }

    @Test("The gradients in U and V vanish (first-order optimality)", arguments: [1, 2, 3, 5])
    func gradientsVanish(rank: Int) throws {
        let regularization = try Regularization(dropout: 0.3, l2: 0.5)
        let data = try TrainingData(x)
        let lambda = regularization.weights(itemCounts: data.itemCounts)
        let model = try LowRankDLAE(regularization: regularization, rank: rank).fit(data)
        let (u, v) = (try #require(model.encoder), try #require(model.decoder))
        let e = Self.residual(model, gram: data.gram, lambda: lambda)
        // Entries of G are at most 14, of U and V at most 1: rounding leaves ~1e-13.
        let scale = Fixtures.maxAbs(data.gram)
        #expect(Fixtures.maxAbs(e * v) <= 1e-10 * scale)
        #expect(Fixtures.maxAbs(e.transposeTimes(u)) <= 1e-10 * scale)
        // V has orthonormal columns.
        #expect(v.transposeTimes(v).isApproximatelyEqual(to: .identity(rank), relativeTolerance: 1e-12))
    }

    @Test("The objective equals trace(G) minus the k largest eigenvalues of G (G + Lambda)^-1 G (Eckart-Young)",
          arguments: [1, 2, 4])
    func attainsEckartYoungBound(rank: Int) throws {
        let regularization = try Regularization(dropout: 0.4, l2: 1)
        let data = try TrainingData(x)
        let lambda = regularization.weights(itemCounts: data.itemCounts)
        let model = try LowRankDLAE(regularization: regularization, rank: rank).fit(data)
        let objective = Fixtures.dropoutObjective(model.denseWeights(), gram: data.gram, lambda: lambda)
        // S computed independently, by products and a Cholesky solve: G ((G + Lambda) \ G).
        let regularized = Fixtures.regularizedGram(data.gram, lambda: lambda)
        var s = data.gram * (try regularized.solvingPositiveDefinite(data.gram))
        s.symmetrizeFromLowerTriangle()
        let values = try s.symmetricEigendecomposition().values
        let bound = data.gram.trace - values.prefix(rank).reduce(0, +)
        #expect(abs(objective - bound) <= 1e-10 * data.gram.trace)
    }

    @Test("No iterative minimiser from random starts does better (alternating least squares)", arguments: [1, 3])
    func noWorseThanAlternatingLeastSquares(rank: Int) throws {
        let regularization = try Regularization(dropout: 0.4, l2: 1)
        let data = try TrainingData(x)
        let lambda = regularization.weights(itemCounts: data.itemCounts)
        let regularized = Fixtures.regularizedGram(data.gram, lambda: lambda)
        let closed = Fixtures.dropoutObjective(
            try LowRankDLAE(regularization: regularization, rank: rank).fit(data).denseWeights(),
            gram: data.gram, lambda: lambda)
        for seed in UInt64(1)...3 {
            var u = Fixtures.randomMatrix(rows: x.itemCount, columns: rank, seed: seed)
            var v = Fixtures.randomMatrix(rows: x.itemCount, columns: rank, seed: seed + 100)
            for _ in 0..<400 {
                try Self.alternatingSweep(u: &u, v: &v, gram: data.gram, regularized: regularized)
            }
            let iterative = Fixtures.dropoutObjective(u.timesTranspose(v), gram: data.gram, lambda: lambda)
            // The closed form is the global minimum: no start ends below it (beyond rounding, 1e-12 relative) ...
            #expect(closed <= iterative + 1e-12 * data.gram.trace)
            // ... and ALS, a descent method, converges to the same value.
            #expect(iterative - closed <= 1e-9 * data.gram.trace, "seed \(seed): ALS \(iterative), closed \(closed)")
        }
    }

    @Test("On Groceries the diagonal grows with k towards DLAE's (the overfitting towards the identity grows with capacity)",
          .enabled(if: SharedData.isAvailable, SharedData.skipNote))
    func diagonalGrowsWithRank() throws {
        // An observation on real data, not a theorem: trace(U V^T) = sum_{j <= k} v_j^T B_full v_j need
        // not be monotone in general. Measured (p = 0.5, lambda = 10): mean diagonal 0.005 at k = 1,
        // 0.059 at k = 20, 0.28 at k = 100, 0.44 at k = 169 (= DLAE).
        let data = try #require(Fixtures.groceriesData)
        let regularization = try Regularization(dropout: 0.5, l2: 10)
        let traces = try [1, 5, 20, 50, 100, 150, data.itemCount].map { rank in
            try LowRankDLAE(regularization: regularization, rank: rank).fit(data).diagonal.reduce(0, +)
        }
        #expect(zip(traces, traces.dropFirst()).allSatisfy { $0 < $1 })
        let dlae = try DLAE(regularization: regularization).fit(data).diagonal.reduce(0, +)
        #expect(abs(traces.last! - dlae) <= 1e-10 * dlae)
    }

    @Test("Rank outside 1...m and items without interactions give typed errors")
    func typedErrors() throws {
        let regularization = try Regularization(dropout: 0.5, l2: 1)
        for rank in [0, -1] {
            let error = #expect(throws: SolverError.self) { try LowRankDLAE(regularization: regularization, rank: rank) }
            #expect(error == .invalidHyperparameter(name: "rank", value: "\(rank)", validRange: "1...m"))
        }
        let error7 = #expect(throws: SolverError.self) { try LowRankDLAE(regularization: regularization, rank: 7).fit(x) }
        #expect(error7 == .rankOutOfRange(rank: 7, itemCount: 6))
        #expect(error7?.description.contains("valid range is 1...6") == true)
        let sparse = InteractionMatrix(users: 3, items: 4, triplets: [(0, 0, 1), (1, 1, 1), (2, 3, 1), (2, 0, 1)])
        let error = #expect(throws: SolverError.self) {
            try LowRankDLAE(regularization: Regularization(dropout: 0.5, l2: 0), rank: 2).fit(sparse)
        }
        guard case .notPositiveDefinite(let item, _)? = error else {
            Issue.record("expected notPositiveDefinite, got \(String(describing: error))"); return
        }
        #expect(item == 2)
    }

    @Test("Fitting twice gives bit-identical factors")
    func deterministic() throws {
        let solver = try LowRankDLAE(regularization: try Regularization(dropout: 0.5, l2: 1), rank: 3)
        let (first, second) = (try solver.fit(x), try solver.fit(x))
        #expect(first.encoder == second.encoder)
        #expect(first.decoder == second.decoder)
        #expect(solver.name == "dlae-lowrank")
    }
}
