import Foundation
import Testing
import EDLAESolvers

/// Longer Groceries runs whose numbers are reported in `Docs/LowRankEDLAE.md`. They print and
/// check only coarse facts; run them by hand with `EDLAE_EXPERIMENTS=1`.
@Suite("Low-rank EDLAE experiments (EDLAE_EXPERIMENTS=1)",
       .enabled(if: ProcessInfo.processInfo.environment["EDLAE_EXPERIMENTS"] == "1"))
struct LowRankEDLAEExperiments {
    @Test func groceriesRankTwenty() throws {
        let data = try #require(iterativeGroceries)
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
}
