import EDLAECore
import EDLAESolvers
import Foundation
import Testing
import _EDLAETestSupport

/// Tests of ``EmphasizedEDLAE``: the Theorem's Eq. 6 of Steck 2020 in closed form.
@Suite("EmphasizedEDLAE (Eq. 6)")
struct EmphasizedEDLAETests {
    typealias Fixtures = ClosedFormFixtures

    /// 12 users x 6 items, every item used.
    let x = Fixtures.interactions(users: 12, items: 6, seed: 7)

    /// The minimiser of Eq. 6 exactly as printed, column by column: with `s = b / (a p + b q)` and
    /// `t = sqrt(a b) / (a p + b q)`, column `i` minimises `||x_i - X D_s w||^2 + ||Lambda^(1/2) D_t w||^2`
    /// where `D_s`, `D_t` are the identity with `s`, `t` at `(i, i)`; its normal equations
    /// `(D_s G D_s + D_t Lambda D_t) w = D_s G e_i` are solved densely by LU (`dgesv`).
    static func bruteForceEq6(gram: Matrix<Double>, lambda: [Double], dropout p: Double,
                              a: Double, b: Double) throws -> Matrix<Double> {
        let m = gram.rows, q = 1 - p
        let s = b / (a * p + b * q), t = (a * b).squareRoot() / (a * p + b * q)
        var result = Matrix<Double>(rows: m, columns: m)
        for i in 0..<m {
            var scale = [Double](repeating: 1, count: m)
            scale[i] = s
            var normal = gram
            normal.scaleRows(by: scale)
            normal.scaleColumns(by: scale)
            var penalty = lambda
            penalty[i] *= t * t
            normal.addToDiagonal(penalty)
            var rhs = Matrix(rows: m, columns: 1, columnMajor: gram.column(i))
            rhs.scaleRows(by: scale)
            result.setColumn(i, to: try normal.solving(rhs).column(0))
        }
        return result
    }

    /// The gradient of Eq. 6 with respect to `B` (every entry, the diagonal included).
    static func gradientOfEq6(_ b: Matrix<Double>, gram: Matrix<Double>, lambda: [Double],
                              dropout p: Double, emphasis: Emphasis) -> Matrix<Double> {
        let (ea, eb, q) = (emphasis.dropped, emphasis.kept, 1 - p)
        let s = eb / (ea * p + eb * q), t = (ea * eb).squareRoot() / (ea * p + eb * q)
        var r = b, u = b
        r.diagonal = b.diagonal.map { $0 * s }           // B - dMat(diag B)(1 - s)
        u.diagonal = b.diagonal.map { $0 * t }           // B - dMat(diag B)(1 - t)
        var errorPart = gram * r - gram                  // d/dR of ||X - X R||^2, halved
        var penaltyPart = u
        penaltyPart.scaleRows(by: lambda)                // d/dT of ||Lambda^(1/2) T||^2, halved
        errorPart.diagonal = errorPart.diagonal.map { $0 * s }
        penaltyPart.diagonal = penaltyPart.diagonal.map { $0 * t }
        return (errorPart + penaltyPart) * 2
    }

    // MARK: Hyperparameters and errors

    @Test("Emphasis accepts a >= b >= 0 and names the valid range otherwise")
    func emphasisValidation() throws {
        #expect(try Emphasis(dropped: 2, kept: 1).kept == 1)
        #expect(try Emphasis(dropped: 1, kept: 0).dropped == 1)
        #expect(try Emphasis(dropped: 3, kept: 3).kept == 3)
        for (a, b) in [(1.0, 2.0), (1, -0.1), (0, 0), (-1, -2), (.nan, 0), (.infinity, 1), (1, .nan)] {
            let error = #expect(throws: SolverError.self) { try Emphasis(dropped: a, kept: b) }
            guard case .invalidHyperparameter(_, _, let range)? = error else {
                Issue.record("expected invalidHyperparameter for a = \(a), b = \(b)"); continue
            }
            #expect(range.contains("a") || range.contains("inf"))
            #expect(error?.description.contains("valid range is") == true)
        }
        // Decoding validates too, and round-trips a valid value.
        #expect(throws: SolverError.self) {
            try JSONDecoder().decode(Emphasis.self, from: Data(#"{"dropped": 1, "kept": 2}"#.utf8))
        }
        let valid = try Emphasis(dropped: 4, kept: 0.5)
        #expect(try JSONDecoder().decode(Emphasis.self, from: JSONEncoder().encode(valid)) == valid)
    }

    @Test("An item without interactions and lambda = 0 is named in notPositiveDefinite")
    func itemWithoutInteractions() throws {
        // Item 2 of 4 has no interactions: Lambda_22 = p/q * 0 = 0 and G + Lambda is singular.
        let x = InteractionMatrix(users: 3, items: 4, triplets: [(0, 0, 1), (0, 1, 1), (1, 1, 1), (1, 3, 1), (2, 0, 1)])
        let solver = EmphasizedEDLAE(regularization: try Regularization(dropout: 0.5, l2: 0),
                                     emphasis: try Emphasis(dropped: 2, kept: 1))
        let error = #expect(throws: SolverError.self) { try solver.fit(x) }
        guard case .notPositiveDefinite(let item, let hint)? = error else {
            Issue.record("expected notPositiveDefinite, got \(String(describing: error))"); return
        }
        #expect(item == 2)
        #expect(hint.contains("lambda > 0"))
    }

    @Test("Full emphasis without any regularisation is rejected (Eq. 6 is then identically zero)")
    func fullEmphasisNeedsRegularization() throws {
        let solver = EmphasizedEDLAE(regularization: try Regularization(dropout: 0, l2: 0), emphasis: .full)
        let error = #expect(throws: SolverError.self) { try solver.fit(x) }
        guard case .invalidHyperparameter(_, _, let range)? = error else {
            Issue.record("expected invalidHyperparameter, got \(String(describing: error))"); return
        }
        #expect(range.contains("p > 0 or lambda > 0"))
    }

    // MARK: The closed form against independent minimisers

    @Test("a = b gives DLAE (Eq. 5)", arguments: [0.1, 0.5, 0.9])
    func equalWeightsGiveDLAE(dropout: Double) throws {
        let regularization = try Regularization(dropout: dropout, l2: 0.5)
        let dlae = try DLAE(regularization: regularization).fit(x).denseWeights()
        let emphasized = try EmphasizedEDLAE(regularization: regularization,
                                             emphasis: Emphasis(dropped: 3, kept: 3)).fit(x).denseWeights()
        // Same inversion, same formula up to a/a = 1: only rounding differs.
        #expect(emphasized.isApproximatelyEqual(to: dlae, relativeTolerance: 1e-12))
    }

    @Test("Agrees with a dense per-column solve of Eq. 6 as printed",
          arguments: [(2.0, 1.0, 0.0), (10.0, 1.0, 1.0), (1.0, 0.05, 0.3), (4.0, 4.0, 2.0)])
    func matchesBruteForceMinimiser(a: Double, b: Double, l2: Double) throws {
        let p = 0.4
        let regularization = try Regularization(dropout: p, l2: l2)
        let data = try TrainingData(x)
        let lambda = regularization.weights(itemCounts: data.itemCounts)
        let closed = try EmphasizedEDLAE(regularization: regularization,
                                         emphasis: Emphasis(dropped: a, kept: b)).fit(data).denseWeights()
        let brute = try Self.bruteForceEq6(gram: data.gram, lambda: lambda, dropout: p, a: a, b: b)
        // 6 x 6 systems with condition numbers below 1e4: agreement to ~1e-12 relative; 1e-9 leaves room.
        #expect(closed.isApproximatelyEqual(to: brute, relativeTolerance: 1e-9),
                "max difference \(closed.maxAbsoluteDifference(to: brute))")
    }

    @Test("The gradient of Eq. 6 vanishes at the closed form (first-order optimality)",
          arguments: [(2.0, 1.0), (1.0, 0.01), (5.0, 5.0)])
    func gradientVanishes(a: Double, b: Double) throws {
        let regularization = try Regularization(dropout: 0.3, l2: 1)
        let emphasis = try Emphasis(dropped: a, kept: b)
        let data = try TrainingData(x)
        let lambda = regularization.weights(itemCounts: data.itemCounts)
        let weights = try EmphasizedEDLAE(regularization: regularization, emphasis: emphasis).fit(data).denseWeights()
        let gradient = Self.gradientOfEq6(weights, gram: data.gram, lambda: lambda, dropout: 0.3, emphasis: emphasis)
        // Gradient entries are sums of m products of G (entries <= 12) and B (<= 1): rounding ~1e-14.
        #expect(Fixtures.maxAbs(gradient) <= 1e-10 * Fixtures.maxAbs(data.gram))
    }

    @Test("Minimises the exact expectation of Eq. 1 over all 2^m dropout masks (after Eq. 2's rescaling)",
          arguments: [(2.0, 0.5), (1.0, 1.0), (20.0, 0.1)])
    func minimisesExactDropoutExpectation(a: Double, b: Double) throws {
        // Eq. 1 as n -> infinity is the expectation over masks delta in {0,1}^m (P(delta_j = 1) = q)
        // of sum_u sum_i A_ui (x_ui - (delta . x_u)^T B_i)^2 with A_ui = a if delta_i = 0 else b.
        // Column i's normal equations: H_i B_i = g_i with
        //   H_i = sum_u E[A_i z z^T],  g_i = sum_u E[A_i z x_ui],  z = delta . x_u.
        let m = 5, p = 0.3, q = 1 - p
        let x = Fixtures.interactions(users: 9, items: m, density: 0.45, seed: 11)
        let dense = try Fixtures.dense(x)
        var trained = Matrix<Double>(rows: m, columns: m)
        for i in 0..<m {
            var h = [Double](repeating: 0, count: m * m), g = [Double](repeating: 0, count: m)
            for mask in 0..<(1 << m) {
                let kept = (0..<m).map { (mask >> $0) & 1 == 1 }
                let probability = kept.reduce(1.0) { $0 * ($1 ? q : p) }
                let weight = probability * (kept[i] ? b : a)
                for u in 0..<x.userCount {
                    let z = (0..<m).map { kept[$0] ? dense[u, $0] : 0 }
                    for c in 0..<m {
                        g[c] += weight * z[c] * dense[u, i]
                        for r in 0..<m { h[r + c * m] += weight * z[r] * z[c] }
                    }
                }
            }
            let column = try Matrix(rows: m, columns: m, columnMajor: h)
                .solving(Matrix(rows: m, columns: 1, columnMajor: g))
            trained.setColumn(i, to: column.column(0))
        }
        let expected = trained * q  // Eq. 2
        let closed = try EmphasizedEDLAE(regularization: Regularization(dropout: p, l2: 0),
                                         emphasis: Emphasis(dropped: a, kept: b)).fit(x).denseWeights()
        // Both are direct solves of well-conditioned 5 x 5 systems: agreement to rounding (~1e-15).
        #expect(closed.isApproximatelyEqual(to: expected, relativeTolerance: 1e-10),
                "max difference \(closed.maxAbsoluteDifference(to: expected))")
    }

    // MARK: The limit b -> 0

    @Test("As b -> 0 the off-diagonal tends to EDLAE (Eq. 8) and the diagonal to p (1 - Lambda_ii C_ii) / (Lambda_ii C_ii), not 0")
    func fullEmphasisLimit() throws {
        let p = 0.5
        let regularization = try Regularization(dropout: p, l2: 1)
        let data = try TrainingData(x)
        let lambda = regularization.weights(itemCounts: data.itemCounts)
        let c = try Fixtures.regularizedInverse(gram: data.gram, lambda: lambda)
        let limit = zip(lambda, c.diagonal).map { p * (1 - $0 * $1) / ($0 * $1) }
        let edlae = try EDLAE(regularization: regularization).fit(data).denseWeights()

        var diagonalErrors: [Double] = [], offDiagonalErrors: [Double] = [], diagonals: [[Double]] = []
        let kept = [1e-2, 1e-4, 1e-6]
        for b in kept {
            let weights = try EmphasizedEDLAE(regularization: regularization,
                                              emphasis: Emphasis(dropped: 1, kept: b)).fit(data).denseWeights()
            diagonals.append(weights.diagonal)
            diagonalErrors.append(zip(weights.diagonal, limit).map { abs($0 - $1) }.max()!)
            offDiagonalErrors.append(Fixtures.maxOffDiagonalDifference(weights, edlae))
        }
        // The limit is far from zero: Sec. 4.1.1's argument that diag(B) -> 0 does not hold.
        #expect(limit.min()! > 0.1)
        // Both errors shrink linearly in b (each step divides b by 100): ratios near 1e-2.
        for step in 1..<kept.count {
            #expect(diagonalErrors[step] < 2e-2 * diagonalErrors[step - 1])
            #expect(offDiagonalErrors[step] < 2e-2 * offDiagonalErrors[step - 1])
        }
        #expect(diagonalErrors.last! < 1e-5)
        #expect(offDiagonalErrors.last! < 1e-5)
        // Linear (Richardson) extrapolation of the first two diagonals to b = 0 has an O(b1 b2) = O(1e-6) error.
        let (b1, b2) = (kept[0], kept[1])
        let extrapolated = zip(diagonals[0], diagonals[1]).map { ($1 * b1 - $0 * b2) / (b1 - b2) }
        #expect(zip(extrapolated, limit).allSatisfy { abs($0 - $1) < 1e-5 })

        // An independent minimiser of Eq. 6 (dense per-column solve) at b = 1e-4 sees the same diagonal.
        let brute = try Self.bruteForceEq6(gram: data.gram, lambda: lambda, dropout: p, a: 1, b: 1e-4)
        #expect(zip(brute.diagonal, limit).allSatisfy { abs($0 - $1) < 1e-3 * $1 })

        // b = 0 exactly returns the limit (Eq. 6 itself leaves the diagonal undetermined there).
        let full = try EmphasizedEDLAE(regularization: regularization, emphasis: .full).fit(data).denseWeights()
        #expect(zip(full.diagonal, limit).allSatisfy { abs($0 - $1) <= 1e-12 * $1 })
        #expect(Fixtures.maxOffDiagonalDifference(full, edlae) <= 1e-12 * Fixtures.maxAbs(edlae))
    }

    @Test("EDLAE (Eq. 8) satisfies the KKT conditions of Eq. 7 with multipliers 1 / C_ii - Lambda_ii")
    func edlaeSatisfiesKKT() throws {
        // Lagrangian of Eq. 7: ||X - X B||^2 + ||Lambda^(1/2) B||^2 + 2 mu^T diag(B). Stationarity:
        // (G + Lambda) B - G + dMat(mu) = 0, i.e. the off-diagonal of (G + Lambda) B - G vanishes and
        // its diagonal is -mu; with Eq. 8, mu_i = 1 / C_ii - Lambda_ii. Feasibility: diag(B) = 0.
        let regularization = try Regularization(dropout: 0.3, l2: 0.5)
        let data = try TrainingData(x)
        let lambda = regularization.weights(itemCounts: data.itemCounts)
        let weights = try EDLAE(regularization: regularization).fit(data).denseWeights()
        let residual = Fixtures.dropoutResidual(weights, gram: data.gram, lambda: lambda) / 2
        let c = try Fixtures.regularizedInverse(gram: data.gram, lambda: lambda)
        let multipliers = zip(c.diagonal, lambda).map { 1 / $0 - $1 }
        let scale = Fixtures.maxAbs(data.gram)
        #expect(weights.diagonal.allSatisfy { $0 == 0 })
        var offDiagonal = residual
        offDiagonal.diagonal = [Double](repeating: 0, count: data.itemCount)
        #expect(Fixtures.maxAbs(offDiagonal) <= 1e-10 * scale)
        #expect(zip(residual.diagonal, multipliers).allSatisfy { abs($0 + $1) <= 1e-10 * scale })
        // Without the constraint the diagonal of the gradient would have to vanish too: it does not.
        #expect(multipliers.allSatisfy { $0 > 0 })
    }

    @Test("Full emphasis ranks unseen items exactly like EDLAE on Groceries",
          .enabled(if: SharedData.isAvailable, SharedData.skipNote))
    func fullEmphasisRanksLikeEDLAE() throws {
        let data = try #require(Fixtures.groceriesData)
        let users = try #require(SharedData.groceries).rows(0..<300)
        let regularization = try Regularization(dropout: 0.5, l2: 10)
        let edlae = try EDLAE(regularization: regularization).fit(data)
        let emphasized = try EmphasizedEDLAE(regularization: regularization, emphasis: .full).fit(data)
        // The diagonal of the emphasised model is clearly non-zero ...
        #expect(emphasized.diagonal.min()! > 0.01)
        // ... but an unseen item j of user u scores sum_{i in u} B_ij with i != j: only off-diagonal entries.
        let a = try edlae.scores(for: users), b = try emphasized.scores(for: users)
        for user in 0..<users.userCount {
            let seen = Set(users.items(ofUser: user).map(Int.init))
            for item in 0..<data.itemCount where !seen.contains(item) {
                #expect(abs(a[user, item] - b[user, item]) <= 1e-12)
            }
        }
        // The two top-10 lists come from two computation paths: they may differ only where scores tie
        // within that 1e-12. Order statistics move no more than the scores (1e-12), so the k-th item of
        // either list scores, under EDLAE, within 2e-12 of EDLAE's own k-th item.
        let listsA = try edlae.recommendations(for: users, count: 10)
        let listsB = try emphasized.recommendations(for: users, count: 10)
        for user in 0..<users.userCount {
            for (itemA, itemB) in zip(listsA[user], listsB[user]) {
                #expect(abs(a[user, itemA] - a[user, itemB]) <= 2e-12, "user \(user): \(itemA) vs \(itemB)")
            }
        }
    }

    @Test("On Groceries EDLAE's diagonal is exactly zero; DLAE's and full emphasis's are not",
          .enabled(if: SharedData.isAvailable, SharedData.skipNote))
    func groceriesDiagonals() throws {
        let data = try #require(Fixtures.groceriesData)
        let regularization = try Regularization(dropout: 0.5, l2: 10)
        let edlae = try EDLAE(regularization: regularization).fit(data).diagonal
        let dlae = try DLAE(regularization: regularization).fit(data).diagonal
        #expect(edlae.allSatisfy { $0 == 0 })
        // DLAE's diagonal is 1 - Lambda_ii C_ii, in (0, 1) for every item.
        #expect(dlae.allSatisfy { $0 > 0 && $0 < 1 })
        let half = try EmphasizedEDLAE(regularization: regularization,
                                       emphasis: Emphasis(dropped: 2, kept: 1)).fit(data).diagonal
        // Between the two extremes, emphasis a > b keeps a non-zero diagonal too.
        #expect(half.allSatisfy { $0 > 0 })
    }

    // MARK: Determinism

    @Test("Fitting twice gives bit-identical weights")
    func deterministic() throws {
        let solver = EmphasizedEDLAE(regularization: try Regularization(dropout: 0.25, l2: 2),
                                     emphasis: try Emphasis(dropped: 3, kept: 1))
        #expect(try solver.fit(x).denseWeights() == solver.fit(x).denseWeights())
        #expect(solver.name == "edlae-emphasis")
    }
}
