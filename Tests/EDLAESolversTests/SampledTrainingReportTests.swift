import EDLAECore
import EDLAESolvers
import Foundation
import Testing
import _EDLAETestSupport

/// Long runs that print the convergence tables of Sources/EDLAESolvers/EDLAESolvers.docc/SampledTraining.md and the dynamics numbers
/// of Sources/EDLAESolvers/EDLAESolvers.docc/LearningDynamicsDerivation.md. Disabled unless `EDLAE_REPORT` is set; run in release mode:
/// `EDLAE_REPORT=1 swift test -c release --filter SampledTrainingReportTests`.
@Suite("Sampled training and dynamics report", .enabled(if: ProcessInfo.processInfo.environment["EDLAE_REPORT"] != nil),
       .enabled(if: SharedData.isAvailable, SharedData.skipNote))
struct SampledTrainingReportTests {
    func curve(_ trainer: SampledDenoisingTrainer, _ data: TrainingData, reference: Matrix<Double>) throws -> ([Double], Double) {
        let box = Recorder<Double>()
        let start = Date()
        _ = try trainer.fit(data, observer: nil) { _, model in
            box.record(sampledRelativeDistance(model.denseWeights(), to: reference))
        }
        return (box.values, Date().timeIntervalSince(start))
    }

    func row(_ name: String, _ values: [Double], _ seconds: Double) -> String {
        let epochs = [1, 2, 5, 10, 20, 40, 60, 100, 150, 200].filter { $0 <= values.count }
        return "| \(name) | " + epochs.map { String(format: "%.4f", values[$0 - 1]) }.joined(separator: " | ")
            + " | \(String(format: "%.1f", seconds)) s |"
    }

    @Test func sampledConvergenceTables() throws {
        let synthetic = try TrainingData(sampledSyntheticInteractions(users: 900, items: 24, seed: 7))
        let groceries = try TrainingData(try #require(sampledGroceries(itemLimit: 169)))
        print("groceries: \(groceries.interactions!.userCount) users, \(groceries.itemCount) items")
        for (label, data, batch) in [("synthetic 900x24", synthetic, 50), ("groceries 9835x169", groceries, 256)] {
            for (p, a, b) in [(0.5, 1.0, 1.0), (0.5, 4.0, 1.0)] {
                let reference = try sampledEmphasisReference(data, dropout: p, dropped: a, kept: b)
                let trainer = try SampledDenoisingTrainer(model: .fullRank, dropout: p, droppedWeight: a, keptWeight: b,
                                                          learningRate: 0.01, learningRateDecay: 0.98, epochs: 200,
                                                          batchSize: batch, seed: 1)
                let (values, seconds) = try curve(trainer, data, reference: reference)
                print(row("\(label) full rank p=\(p) a=\(a) b=\(b)", values, seconds))
            }
            let p = 0.5
            let lambda = try Regularization(dropout: p, l2: 0).weights(itemCounts: data.itemCounts)
            for rank in [3, 10] {
                let reference = try sampledLowRankDLAEReference(data, dropout: p, rank: rank)
                let trainer = try SampledDenoisingTrainer(model: .lowRank(rank: rank), dropout: p, learningRate: 0.01,
                                                          learningRateDecay: 0.98, epochs: 200, batchSize: batch, seed: 1)
                let box = Recorder<Double>()
                let start = Date()
                let model = try trainer.fit(data, observer: nil) { _, model in
                    box.record(sampledRelativeDistance(model.denseWeights(), to: reference))
                }
                let optimum = ClosedFormFixtures.dropoutObjective(reference, gram: data.gram, lambda: lambda)
                let zero = ClosedFormFixtures.dropoutObjective(Matrix(rows: data.itemCount, columns: data.itemCount), gram: data.gram, lambda: lambda)
                let reached = ClosedFormFixtures.dropoutObjective(model.denseWeights(), gram: data.gram, lambda: lambda)
                print(row("\(label) rank \(rank) DLAE p=\(p)", box.values, Date().timeIntervalSince(start))
                      + " excess objective \((reached - optimum) / (zero - optimum)), optimum \(optimum), reached \(reached)")
            }
        }
    }

    @Test func dynamicsNumbers() throws {
        let eigenvalues = [2.0, 1.5, 1.0, 0.5]
        func run(_ r: LearningDynamicsSimulator.Regularizer, _ i: LearningDynamicsSimulator.Initialization = .balanced(scale: 0.05),
                 gradient: LearningDynamicsSimulator.Gradient = .expected, alpha: Double = 0.5, epochs: Int = 5000) throws -> LearningDynamicsTrajectory {
            try LearningDynamicsSimulator(eigenvalues: eigenvalues, sampleCount: 200, learningRate: alpha, epochs: Int(Double(epochs) * 0.5 / alpha),
                                          regularizer: r, initialization: i, gradient: gradient, recordEvery: 10, seed: 1).run()
        }
        for alpha in [1.0, 0.5, 0.25, 0.125] {
            for r in [LearningDynamicsSimulator.Regularizer.none, .gaussianNoise(variance: 1.0 / 200), .weightDecay(gamma: 0.5 / 200)] {
                for i in [LearningDynamicsSimulator.Initialization.balanced(scale: 0.05), .decoupled(scale: 0.05)] {
                    let t = try run(r, i, alpha: alpha, epochs: r == .none || r == .gaussianNoise(variance: 1.0 / 200) ? 5000 : 10000)
                    print("alpha \(alpha) \(t.label) \(i): max |analytic - simulated| = \(t.maximumDeviation)")
                }
            }
        }
        for r in [LearningDynamicsSimulator.Regularizer.gaussianNoise(variance: 1.0 / 200), .dropoutNoise(probability: 0.2)] {
            let t = try run(r, gradient: .sampled, epochs: 3000)
            print("sampled \(t.label): max deviation \(t.maximumDeviation)")
        }
        let rand = try run(.gaussianNoise(variance: 1.0 / 200), .random(scale: 0.05), epochs: 10000)
        print("random init: max deviation \(rand.maximumDeviation)")
        let penalty = LearningDynamics.equivalentWeightDecay(eigenvalue: 1, noise: 1)
        let ae = try run(.none), dae = try run(.gaussianNoise(variance: 1.0 / 200)), wdae = try run(.weightDecay(gamma: penalty / 200), epochs: 10000)
        for fraction in [0.5, 0.9] {
            for j in eigenvalues.indices {
                let a = ae.timeToReach(fraction: fraction, direction: j), d = dae.timeToReach(fraction: fraction, direction: j)
                let w = wdae.timeToReach(fraction: fraction, direction: j)
                print("f=\(fraction) lambda=\(eigenvalues[j]): AE \(a ?? .nan) DAE(eps=1) \(d ?? .nan) WDAE(N gamma=\(penalty)) \(w ?? .nan) "
                      + "analytic AE \(LearningDynamics.timeToReach(fraction: fraction, eigenvalue: eigenvalues[j], tau: 400, initial: 0.0025) ?? .nan) "
                      + "DAE \(LearningDynamics.timeToReach(fraction: fraction, eigenvalue: eigenvalues[j], noise: 1, tau: 400, initial: 0.0025) ?? .nan) "
                      + "WDAE \(LearningDynamics.timeToReach(fraction: fraction, eigenvalue: eigenvalues[j], penalty: penalty, tau: 400, initial: 0.0025) ?? .nan)")
            }
        }
        for (lambda, penalty) in [(2.5, 0.5), (0.5, 0.1), (1.0, 0.5)] {
            for t in [1.0, 2.0, 4.0] {
                let integrated = sampledIntegratedMapping(time: t, eigenvalue: lambda, noise: 0, penalty: penalty, tau: 1, w1: 0.05, w2: 0.05)
                let corrected = LearningDynamics.weightDecayMapping(time: t, eigenvalue: lambda, penalty: penalty, tau: 1, initial: 0.0025)
                let printed = LearningDynamics.weightDecayMappingAsPrinted(time: t, eigenvalue: lambda, penalty: penalty, tau: 1, initial: 0.0025)
                print("Eq7 lambda=\(lambda) penalty=\(penalty) t=\(t): integrated \(integrated) corrected \(corrected) printed \(printed)")
            }
        }
        let csv = LearningDynamicsTrajectory.csv([ae, dae, wdae])
        try csv.write(toFile: "/tmp/edlae-dynamics.csv", atomically: true, encoding: .utf8)
        print("wrote /tmp/edlae-dynamics.csv (\(csv.count) bytes)")
    }
}
