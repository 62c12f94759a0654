import EDLAECore
import EDLAESolvers
import Testing

/// Tests of ``WeightDecayAutoencoder``: Table 1, row 1 of Steck 2020 in closed form.
@Suite("WeightDecayAutoencoder (Table 1 row 1)")
struct WeightDecayAutoencoderTests {
    typealias Fixtures = ClosedFormFixtures

    /// 12 users x 6 items, every item used.
    let x = Fixtures.interactions(users: 12, items: 6, seed: 5)

    /// `||X - X U V^T||^2 + lambda (||U||^2 + ||V||^2)` from `G`.
    static func objective(u: Matrix<Double>, v: Matrix<Double>, gram: Matrix<Double>, l2: Double) -> Double {
        let b = u.timesTranspose(v)
        let squares = u.frobeniusNorm * u.frobeniusNorm + v.frobeniusNorm * v.frobeniusNorm
        return gram.trace - 2 * (gram * b).trace + b.transposeTimes(gram * b).trace + l2 * squares
    }

    /// One sweep of alternating least squares; each block update is exact.
    ///   U: G U (V^T V) + lambda U = G V, solved in the eigenbasis of V^T V = W dMat(d) W^T,
    ///      column j of U W from (d_j G + lambda I) y_j = (G V W)_j;
    ///   V: V (U^T G U + lambda I) = G U.
    static func alternatingSweep(u: inout Matrix<Double>, v: inout Matrix<Double>,
                                 gram: Matrix<Double>, l2: Double) throws {
        let m = gram.rows, k = u.columns
        let eigen = try v.transposeTimes(v).symmetricEigendecomposition()
        let rhs = gram * v * eigen.vectors
        var rotated = Matrix<Double>(rows: m, columns: k)
        for j in 0..<k {
            var system = gram * eigen.values[j]
            system.addToDiagonal(l2)
            rotated.setColumn(j, to: try system.solvingPositiveDefinite(rhs.columns(j..<(j + 1))).column(0))
        }
        u = rotated.timesTranspose(eigen.vectors)
        var inner = u.transposeTimes(gram * u)
        inner.addToDiagonal(l2)
        v = try inner.solvingPositiveDefinite((gram * u).transposed).transposed
    }

    @Test("lambda must be finite and >= 0; the error names the range")
    func validation() throws {
        #expect(try WeightDecayAutoencoder(l2: 0, rank: 2).l2 == 0)
        for l2 in [-1e-9, .nan, .infinity] {
            let error = #expect(throws: SolverError.self) { try WeightDecayAutoencoder(l2: l2, rank: 2) }
            #expect(error?.description.contains("valid range is [0, inf)") == true)
        }
        let error0 = #expect(throws: SolverError.self) { try WeightDecayAutoencoder(l2: 1, rank: 0) }
        #expect(error0 == .invalidHyperparameter(name: "rank", value: "0", validRange: "1...m"))
        let error7 = #expect(throws: SolverError.self) { try WeightDecayAutoencoder(l2: 1, rank: 7).fit(x) }
        #expect(error7 == .rankOutOfRange(rank: 7, itemCount: 6))
    }

    @Test("Balanced shrinkage: U = V = Q_k dMat(sqrt(max(0, 1 - lambda / g_i)))")
    func shrinksEigenDirections() throws {
        let data = try TrainingData(x)
        let eigen = try data.gram.symmetricEigendecomposition()
        // lambda between the 2nd and 3rd eigenvalue: the third direction is switched off.
        let l2 = (eigen.values[1] + eigen.values[2]) / 2
        let model = try WeightDecayAutoencoder(l2: l2, rank: 3).fit(data)
        let (u, v) = (try #require(model.encoder), try #require(model.decoder))
        #expect(u == v)
        let norms = (0..<3).map { j in u.column(j).reduce(0) { $0 + $1 * $1 } }
        #expect(abs(norms[0] - (1 - l2 / eigen.values[0])) <= 1e-12)
        #expect(abs(norms[1] - (1 - l2 / eigen.values[1])) <= 1e-12)
        #expect(norms[2] == 0)
        let minimum = data.gram.trace - (0..<2).reduce(0.0) {
            let w = 1 - l2 / eigen.values[$1]
            return $0 + eigen.values[$1] * w * w
        }
        #expect(abs(Self.objective(u: u, v: v, gram: data.gram, l2: l2) - minimum) <= 1e-12 * data.gram.trace)
    }

    @Test("The gradients in U and V vanish", arguments: [0.0, 0.5, 3.0])
    func gradientsVanish(l2: Double) throws {
        let data = try TrainingData(x)
        let model = try WeightDecayAutoencoder(l2: l2, rank: 3).fit(data)
        let (u, v) = (try #require(model.encoder), try #require(model.decoder))
        // d/dU = 2 (G U V^T V - G V + lambda U),  d/dV = 2 (V U^T G U - G U + lambda V).
        let gu = data.gram * u * v.transposeTimes(v) - data.gram * v + u * l2
        let gv = v * u.transposeTimes(data.gram * u) - data.gram * u + v * l2
        let scale = Fixtures.maxAbs(data.gram)
        #expect(Fixtures.maxAbs(gu) <= 1e-10 * scale)
        #expect(Fixtures.maxAbs(gv) <= 1e-10 * scale)
    }

    @Test("Alternating least squares from random starts reaches the same objective, never a lower one",
          arguments: [(1.5, 3), (5.0, 3), (0.5, 1)])
    func agreesWithIterativeMinimiser(l2: Double, rank: Int) throws {
        let data = try TrainingData(x)
        let model = try WeightDecayAutoencoder(l2: l2, rank: rank).fit(data)
        let closed = Self.objective(u: try #require(model.encoder), v: try #require(model.decoder),
                                    gram: data.gram, l2: l2)
        for seed in UInt64(1)...3 {
            var u = Fixtures.randomMatrix(rows: x.itemCount, columns: rank, seed: seed)
            var v = Fixtures.randomMatrix(rows: x.itemCount, columns: rank, seed: seed + 50)
            for _ in 0..<300 { try Self.alternatingSweep(u: &u, v: &v, gram: data.gram, l2: l2) }
            let iterative = Self.objective(u: u, v: v, gram: data.gram, l2: l2)
            // Closed form no worse than ALS beyond rounding (1e-12 relative to trace(G) ~ 40) ...
            #expect(closed <= iterative + 1e-12 * data.gram.trace)
            // ... and ALS (monotone, linearly convergent here) reaches it to 1e-9 relative.
            #expect(iterative - closed <= 1e-9 * data.gram.trace, "seed \(seed): ALS \(iterative), closed \(closed)")
        }
    }

    @Test("lambda = 0 is the rank-k projection onto G's top eigenvectors, which equals LowRankDLAE with p = lambda = 0")
    func withoutDecayEqualsUnregularizedLowRank() throws {
        let data = try TrainingData(x)
        let decay = try WeightDecayAutoencoder(l2: 0, rank: 3).fit(data).denseWeights()
        let dlae = try LowRankDLAE(regularization: Regularization(dropout: 0, l2: 0), rank: 3).fit(data).denseWeights()
        #expect(decay.isApproximatelyEqual(to: dlae, relativeTolerance: 1e-10))
        // A projection: B^2 = B.
        #expect((decay * decay).isApproximatelyEqual(to: decay, relativeTolerance: 1e-12))
    }

    @Test("An item without interactions needs no lambda > 0 here: its rows of U and V are zero")
    func itemWithoutInteractions() throws {
        // Item 2 of 4 is unused: G has a zero row, and every eigenvector with g > 0 has a zero entry there.
        let sparse = InteractionMatrix(users: 3, items: 4, triplets: [(0, 0, 1), (0, 1, 1), (1, 1, 1), (1, 3, 1), (2, 0, 1)])
        let model = try WeightDecayAutoencoder(l2: 0.1, rank: 3).fit(sparse)
        let u = try #require(model.encoder)
        #expect(u.row(2).allSatisfy { abs($0) <= 1e-15 })
    }

    @Test("Fitting twice gives bit-identical factors")
    func deterministic() throws {
        let solver = try WeightDecayAutoencoder(l2: 1, rank: 2)
        #expect(try solver.fit(x).encoder == solver.fit(x).encoder)
        #expect(solver.name == "weight-decay")
    }
}
