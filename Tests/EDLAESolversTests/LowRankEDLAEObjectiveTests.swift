import EDLAECore
import EDLAESolvers
import Testing

@Suite("LowRankEDLAEObjective (Eq. 10 of Steck 2020)")
struct LowRankEDLAEObjectiveTests {
    let data = try! iterativeSyntheticData(users: 40, items: 8, seed: 3)
    let regularization = try! Regularization(dropout: 0.3, l2: 1)

    func factors(rank: Int, seed: UInt64) -> (Matrix<Double>, Matrix<Double>) {
        var random = SplitMix64(seed: seed)
        let u = Matrix<Double>(rows: data.itemCount, columns: rank) { _, _ in random.nextUnitDouble() - 0.5 }
        let v = Matrix<Double>(rows: data.itemCount, columns: rank) { _, _ in random.nextUnitDouble() - 0.5 }
        return (u, v)
    }

    /// The matrix-free value equals the dense definition at random factors.
    @Test func valueMatchesDenseDefinition() {
        let objective = LowRankEDLAEObjective(data, regularization: regularization)
        let (u, v) = factors(rank: 3, seed: 11)
        let dense = ClosedFormFixtures.zeroDiagonalObjective(u.timesTranspose(v), gram: data.gram, lambda: objective.lambda)
        #expect(abs(objective.value(encoder: u, decoder: v) - dense) <= 1e-10 * abs(dense))
    }

    /// The derived gradient `2 P_off(K D - G) V`, `2 P_off(K D - G)^T U` against central differences
    /// of the dense objective. The objective is quadratic in each entry, so central differences are
    /// exact up to rounding: error ~ eps |f| / h = 1e-16 * 1e3 / 1e-4 = 1e-9, hence the 1e-6 bound.
    @Test func gradientMatchesFiniteDifferences() {
        let objective = LowRankEDLAEObjective(data, regularization: regularization)
        let (u, v) = factors(rank: 3, seed: 5)
        let gradient = objective.gradient(encoder: u, decoder: v)
        let h = 1e-4
        func f(_ u: Matrix<Double>, _ v: Matrix<Double>) -> Double {
            ClosedFormFixtures.zeroDiagonalObjective(u.timesTranspose(v), gram: data.gram, lambda: objective.lambda)
        }
        var worst = 0.0
        for i in 0..<u.rows {
            for j in 0..<u.columns {
                var up = u, down = u
                up[i, j] += h; down[i, j] -= h
                worst = max(worst, abs((f(up, v) - f(down, v)) / (2 * h) - gradient.encoder[i, j]))
                var vp = v, vm = v
                vp[i, j] += h; vm[i, j] -= h
                worst = max(worst, abs((f(u, vp) - f(u, vm)) / (2 * h) - gradient.decoder[i, j]))
            }
        }
        #expect(worst <= 1e-6)
    }

    /// For a full-rank `B` the objective is Eq. 7's, and full-rank EDLAE (Eq. 8) is its minimiser:
    /// its gradient vanishes there.
    @Test func fullRankEDLAEIsStationary() throws {
        let objective = LowRankEDLAEObjective(data, regularization: regularization)
        let b = try EDLAE(regularization: regularization).fit(data).denseWeights()
        #expect(objective.relativeGradientNorm(encoder: b, decoder: .identity(b.rows)) < 1e-12)
        let dense = ClosedFormFixtures.zeroDiagonalObjective(b, gram: data.gram, lambda: objective.lambda)
        #expect(abs(objective.value(of: LinearAutoencoder(full: b)) - dense) <= 1e-10 * dense)
    }
}
