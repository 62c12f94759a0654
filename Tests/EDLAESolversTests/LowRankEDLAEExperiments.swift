import EDLAECore
import EDLAESolvers
import Foundation
import Testing
import _EDLAETestSupport

/// Longer Groceries runs whose numbers are reported in `Sources/EDLAESolvers/EDLAESolvers.docc/LowRankEDLAE.md`. They print and
/// check only coarse facts; run them by hand with `EDLAE_EXPERIMENTS=1`.
@Suite("Low-rank EDLAE experiments (EDLAE_EXPERIMENTS=1)",
       .enabled(if: ProcessInfo.processInfo.environment["EDLAE_EXPERIMENTS"] == "1"),
       .enabled(if: SharedData.isAvailable, SharedData.skipNote))
struct LowRankEDLAEExperiments {
    @Test func groceriesRankTwenty() throws {
        let data = try #require(ClosedFormFixtures.groceriesData)
        let r = iterativeGroceriesRegularization
        let objective = LowRankEDLAEObjective(data, regularization: r)
        let k = 20
        let clock = ContinuousClock()
        var start = clock.now
        let ts = try TeacherStudent(regularization: r, rank: k).fit(data)
        print("tr(G) =", data.itemCounts.reduce(0, +))
        print("teacher-student:", objective.value(of: ts), "relgrad", objective.relativeGradientNorm(encoder: ts.encoder!, decoder: ts.decoder!), clock.now - start)
        start = clock.now
        let exact = try ExactLowRankEDLAE(regularization: r, rank: k, stoppingRule: StoppingRule(maxIterations: 500, tolerance: 1e-9)).fit(data) { report in
            if report.iteration % 25 == 0 || report.iteration < 5 { print("  exact", report.iteration, report.objective, report.constraintResidual) }
        }
        print("exact:", objective.value(of: exact), "relgrad", objective.relativeGradientNorm(encoder: exact.encoder!, decoder: exact.decoder!), clock.now - start)
        for omega in [10.0, 100.0, 1000.0] {
            for clamp in [true, false] {
                start = clock.now
                let admm = try ADMMLowRankEDLAE(regularization: r, rank: k, omega: omega, stoppingRule: StoppingRule(maxIterations: 300), clampsBetaAtZero: clamp)
                let state = try admm.run(data)
                let model = LinearAutoencoder(encoder: state.encoder, decoder: state.decoder)
                let residual = iterativeNorm(zip(model.diagonal, state.beta).map { $0 - $1 })
                let lambda = r.weights(itemCounts: data.itemCounts)
                let doubled = LowRankEDLAEObjective(gram: data.gram, lambda: lambda.map { 2 * $0 + omega })
                print("admm omega", omega, "clamp", clamp, ":", objective.value(of: model), "residual", residual,
                      "relgrad Eq10", objective.relativeGradientNorm(encoder: state.encoder, decoder: state.decoder),
                      "relgrad Eq10(2L+w)", doubled.relativeGradientNorm(encoder: state.encoder, decoder: state.decoder), clock.now - start)
            }
        }
        for seed in UInt64(0)..<3 {
            start = clock.now
            let als = try NearOrthogonalALS(regularization: r, rank: k, stoppingRule: StoppingRule(maxIterations: 300), seed: seed).run(data)
            let model = LinearAutoencoder(encoder: als.encoder, decoder: als.decoder)
            let gap = iterativeNorm(zip(als.encoderStepMultipliers, als.decoderStepMultipliers).map { $0 - $1 }) / iterativeNorm(als.decoderStepMultipliers)
            print("als seed", seed, ":", objective.value(of: model), "diag", iterativeNorm(model.diagonal), "eta gap", gap, clock.now - start)
        }
    }

    @Test func nearOrthogonalStall() throws {
        let data = try #require(ClosedFormFixtures.groceriesData)
        let r = iterativeGroceriesRegularization
        let lambda = r.weights(itemCounts: data.itemCounts)
        for sweeps in [20, 100, 1000] {
            let als = try NearOrthogonalALS(regularization: r, rank: 20, stoppingRule: StoppingRule(maxIterations: sweeps)).run(data)
            let b = als.encoder.timesTranspose(als.decoder)
            let gap = iterativeNorm(zip(als.encoderStepMultipliers, als.decoderStepMultipliers).map { $0 - $1 }) / iterativeNorm(als.decoderStepMultipliers)
            let rel = zip(als.encoderStepMultipliers, als.decoderStepMultipliers).map { abs($0 - $1) / max(abs($1), 1e-300) }.sorted()
            let eq11 = ClosedFormFixtures.dropoutObjective(b, gram: data.gram, lambda: lambda)
            print("als sweeps", sweeps, "Eq11", eq11, "eta gap (norm)", gap, "median", rel[rel.count / 2], "max", rel.last!)
            if sweeps == 100 {
                for rho in [100.0, 1000.0] {
                    let ref = try iterativeAugmentedLagrangianEq11(gram: data.gram, lambda: lambda, encoder: als.encoder, decoder: als.decoder, rho: rho, sweeps: 300)
                    let rb = ref.encoder.timesTranspose(ref.decoder)
                    print("  ALM rho", rho, "Eq11", ClosedFormFixtures.dropoutObjective(rb, gram: data.gram, lambda: lambda), "diag", iterativeNorm(rb.diagonal))
                    let again = try iterativeAugmentedLagrangianEq11(gram: data.gram, lambda: lambda, encoder: ref.encoder, decoder: ref.decoder, rho: rho, sweeps: 300)
                    let ab = again.encoder.timesTranspose(again.decoder)
                    print("  ALM rho", rho, "600 sweeps Eq11", ClosedFormFixtures.dropoutObjective(ab, gram: data.gram, lambda: lambda), "diag", iterativeNorm(ab.diagonal))
                }
            }
        }
    }

    @Test func admmFullRankGap() throws {
        let data = try #require(ClosedFormFixtures.groceriesData)
        let r = iterativeGroceriesRegularization
        let lambda = r.weights(itemCounts: data.itemCounts)
        let objective = LowRankEDLAEObjective(data, regularization: r)
        let edlae = objective.value(of: try EDLAE(regularization: r).fit(data))
        print("EDLAE full rank Eq10", edlae)
        for omega in [1.0, 10.0, 100.0, 1000.0] {
            let admm = try ADMMLowRankEDLAE(regularization: r, rank: data.itemCount, omega: omega, stoppingRule: StoppingRule(maxIterations: 100)).fit(data)
            let predicted = try iterativeFullRankEDLAE(gram: data.gram, weights: lambda.map { 2 * $0 + omega })
            print("admm k=m omega", omega, "Eq10", objective.value(of: admm), "gap", objective.value(of: admm) - edlae,
                  "EDLAE(2L+w) Eq10", ClosedFormFixtures.zeroDiagonalObjective(predicted, gram: data.gram, lambda: lambda))
        }
        for k in [5, 10, 20, 50, 100, 169] {
            let ts = try TeacherStudent(regularization: r, rank: k).fit(data)
            let ex = try ExactLowRankEDLAE(regularization: r, rank: k, stoppingRule: StoppingRule(maxIterations: 300, tolerance: 1e-7)).fit(data)
            print("k", k, "TS", objective.value(of: ts), "exact", objective.value(of: ex), "|diag| TS", iterativeNorm(ts.diagonal), "exact", iterativeNorm(ex.diagonal))
        }
    }
}
