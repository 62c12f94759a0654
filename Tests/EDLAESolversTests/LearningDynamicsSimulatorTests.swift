import EDLAECore
import EDLAESolvers
import Foundation
import Testing

/// Gradient descent on a two-layer linear autoencoder against the analytic curves.
///
/// Setting: eigenvalues {2, 1.5, 1, 0.5} of `Sigma_xx` (D = 4, Hadamard basis), N = 200, alpha = 0.5,
/// so `tau = 400` and the fastest direction's logistic rate is `2 lambda alpha / N = 1 %` per epoch. Forward Euler (one epoch = one step) then deviates from the continuous-time
/// curves by O(that step): the tests bound the deviation in units of the mapping (which lies in [0, 1])
/// and check that halving the learning rate (in time units of epochs * alpha) halves it.
@Suite("Learning dynamics: simulation")
struct LearningDynamicsSimulatorTests {
    static let eigenvalues = [2.0, 1.5, 1.0, 0.5]

    func simulate(_ regularizer: LearningDynamicsSimulator.Regularizer,
                  _ initialization: LearningDynamicsSimulator.Initialization = .balanced(scale: 0.05),
                  gradient: LearningDynamicsSimulator.Gradient = .expected,
                  learningRate: Double = 0.5, epochs: Int = 5000, samples: Int = 200, seed: UInt64 = 1) throws -> LearningDynamicsTrajectory {
        try LearningDynamicsSimulator(eigenvalues: Self.eigenvalues, sampleCount: samples, learningRate: learningRate,
                                      epochs: epochs, regularizer: regularizer, initialization: initialization,
                                      gradient: gradient, recordEvery: Int(10 * 0.5 / learningRate), seed: seed).run()
    }

    @Test func expectedGradientFollowsEq5() throws {
        for regularizer in [LearningDynamicsSimulator.Regularizer.none, .gaussianNoise(variance: 1.0 / 200),
                            .gaussianNoise(variance: 5.0 / 200)] {
            for initialization in [LearningDynamicsSimulator.Initialization.balanced(scale: 0.05), .decoupled(scale: 0.05)] {
                let run = try simulate(regularizer, initialization)
                #expect(run.maximumDeviation < 0.02, "\(run.label) \(initialization): max deviation \(run.maximumDeviation)")
                for j in run.eigenvalues.indices {
                    let last = run.points(direction: j).last?.simulated ?? .nan
                    #expect(abs(last - run.fixedPoint(direction: j)) < 0.01, "\(run.label) direction \(j): \(last)")
                }
            }
        }
    }

    @Test func deviationShrinksWithTheLearningRate() throws {
        let coarse = try simulate(.gaussianNoise(variance: 1.0 / 200), .decoupled(scale: 0.05), learningRate: 1, epochs: 2500)
        let fine = try simulate(.gaussianNoise(variance: 1.0 / 200), .decoupled(scale: 0.05), learningRate: 0.5, epochs: 5000)
        #expect(fine.maximumDeviation < 0.6 * coarse.maximumDeviation,
                "alpha 0.5: \(coarse.maximumDeviation), alpha 0.25: \(fine.maximumDeviation)")
    }

    @Test func weightDecayFollowsCorrectedEq7() throws {
        let run = try simulate(.weightDecay(gamma: 0.5 / 200), epochs: 10000)
        #expect(run.maximumDeviation < 0.02, "max deviation \(run.maximumDeviation)")
        // Eq. 7 as printed misses lambda in its exponent: far off for lambda != 1.
        var printedDeviation = 0.0
        for point in run.points where point.eigenvalue != 1 {
            let printed = LearningDynamics.weightDecayMappingAsPrinted(time: point.time, eigenvalue: point.eigenvalue,
                                                                       penalty: run.penalty, tau: run.tau, initial: 0.05 * 0.05)
            printedDeviation = max(printedDeviation, abs(printed - point.simulated))
        }
        #expect(printedDeviation > 0.3, "printed Eq. 7 deviates by \(printedDeviation)")
    }

    /// With small random (coupled) weights the analytic curves are only a guide to the timing (the
    /// directions start with different strengths), but the fixed points do not depend on the start,
    /// and the largest eigenvalue (2) is learned well before the smallest (0.5).
    @Test func smallRandomInitialisationReachesTheFixedPoints() throws {
        let run = try simulate(.gaussianNoise(variance: 1.0 / 200), .random(scale: 0.05), epochs: 10000)
        for j in run.eigenvalues.indices {
            let last = run.points(direction: j).last?.simulated ?? .nan
            #expect(abs(last - run.fixedPoint(direction: j)) < 0.01, "direction \(j): \(last)")
        }
        let fastest = run.timeToReach(fraction: 0.5, direction: 0) ?? .infinity
        let slowest = run.timeToReach(fraction: 0.5, direction: 3) ?? .infinity
        #expect(slowest > 2 * fastest, "half-way times \(fastest) and \(slowest)")
    }

    @Test func sampledNoiseFollowsEq5() throws {
        for regularizer in [LearningDynamicsSimulator.Regularizer.gaussianNoise(variance: 1.0 / 200), .dropoutNoise(probability: 0.2)] {
            let run = try simulate(regularizer, .balanced(scale: 0.03), gradient: .sampled, epochs: 3000)
            #expect(run.maximumDeviation < 0.05, "\(run.label): max deviation \(run.maximumDeviation)")
        }
    }

    /// The central claim of Section 5: noise reaches its fixed point as early as the plain AE,
    /// weight decay with the same fixed point arrives later, by the factor 1/xi.
    @Test func noiseHasNoDelayWeightDecayHas() throws {
        let eps = 1.0, lambda = 1.0, j = 2  // direction with lambda = 1
        let penalty = LearningDynamics.equivalentWeightDecay(eigenvalue: lambda, noise: eps)
        let ae = try simulate(.none)
        let dae = try simulate(.gaussianNoise(variance: eps / 200))
        let wdae = try simulate(.weightDecay(gamma: penalty / 200), epochs: 10000)
        #expect(abs(dae.fixedPoint(direction: j) - wdae.fixedPoint(direction: j)) < 1e-12)
        let tAE = ae.timeToReach(fraction: 0.9, direction: j) ?? .infinity
        let tDAE = dae.timeToReach(fraction: 0.9, direction: j) ?? .infinity
        let tWDAE = wdae.timeToReach(fraction: 0.9, direction: j) ?? .infinity
        #expect(tDAE <= tAE, "DAE \(tDAE) vs AE \(tAE)")
        #expect(tWDAE > 1.8 * tDAE, "WDAE \(tWDAE) vs DAE \(tDAE)")
        let predicted = try #require(LearningDynamics.timeToReach(fraction: 0.9, eigenvalue: lambda, penalty: penalty,
                                                                  tau: wdae.tau, initial: 0.05 * 0.05))
        #expect(abs(tWDAE - predicted) / predicted < 0.03, "WDAE \(tWDAE) vs analytic \(predicted)")
        // Every direction: noise no later than the AE.
        for k in Self.eigenvalues.indices {
            let a = ae.timeToReach(fraction: 0.9, direction: k) ?? .infinity
            let d = dae.timeToReach(fraction: 0.9, direction: k) ?? .infinity
            #expect(d.isFinite && d <= a * 1.001, "direction \(k): DAE \(d) vs AE \(a)")
        }
    }

    @Test func csvRendering() throws {
        let run = try LearningDynamicsSimulator(eigenvalues: [2, 1], sampleCount: 10, learningRate: 0.1, epochs: 20,
                                                regularizer: .gaussianNoise(variance: 0.1), recordEvery: 5).run()
        let csv = LearningDynamicsTrajectory.csv([run])
        let lines = csv.split(separator: "\n")
        #expect(lines.first == "run,time,direction,eigenvalue,analytic,simulated")
        #expect(lines.count == 1 + 2 * 5)  // epochs 0, 5, 10, 15, 20 for two directions
        #expect(lines[1].hasPrefix("\"DAE gaussian eps=1\",0.0,0,2.0,"))
    }

    @Test func invalidSettingsAreRejected() {
        #expect(throws: SolverError.self) { try LearningDynamicsSimulator(eigenvalues: [], sampleCount: 10, learningRate: 0.1, epochs: 1) }
        #expect(throws: SolverError.self) { try LearningDynamicsSimulator(eigenvalues: [1, -1], sampleCount: 10, learningRate: 0.1, epochs: 1) }
        #expect(throws: SolverError.self) {
            try LearningDynamicsSimulator(eigenvalues: [1, 2, 3], sampleCount: 10, learningRate: 0.1, epochs: 1, regularizer: .dropoutNoise(probability: 0.5))
        }
        #expect(throws: SolverError.self) { try LearningDynamicsSimulator(eigenvalues: [1], sampleCount: 10, learningRate: 0, epochs: 1) }
    }

    /// Starts away from the fixed point (`w1 w2 = 1` without a regulariser), so the unstable step
    /// (learning rate x eigenvalue = 1000 >> 2) amplifies a real gap, not the rounding noise of
    /// one BLAS kernel.
    @Test func hugeLearningRateDivergesWithTypedError() throws {
        let simulator = try LearningDynamicsSimulator(eigenvalues: [100, 50], sampleCount: 2, learningRate: 10, epochs: 200,
                                                      initialization: .balanced(scale: 0.5))
        #expect { try simulator.run() } throws: { error in
            if case SolverError.diverged = error { return true }
            return false
        }
    }
}
