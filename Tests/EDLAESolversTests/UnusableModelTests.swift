import EDLAESolvers
import Foundation
import Testing

/// A fit whose weights cannot rank items is a typed error with the likely cause, not a result.
@Suite struct UnusableModelTests {
    static let data = try! TrainingData(InteractionMatrix(users: 4, items: 3, triplets: [
        (0, 0, 1), (0, 1, 1), (1, 1, 1), (1, 2, 1), (2, 0, 1), (2, 2, 1), (3, 0, 1), (3, 1, 1), (3, 2, 1)]))

    @Test func overwhelmingLambdaIsReportedNotReturned() throws {
        let huge = try Regularization(dropout: 0.25, l2: 1e200)
        let solvers: [any AutoencoderSolver] = [
            DLAE(regularization: huge), EDLAE(regularization: huge),
            try WeightDecayAutoencoder(l2: 1e200, rank: 1),
        ]
        for solver in solvers {
            let error = #expect(throws: SolverError.self, "\(solver.name)") { try solver.fit(Self.data) }
            guard case .unusableModel(let name, let reason)? = error else {
                Issue.record("\(solver.name): expected unusableModel, got \(String(describing: error))"); continue
            }
            #expect(name == solver.name)
            #expect(reason.contains("every weight is zero") && reason.contains("lambda = 1e+200"), "\(reason)")
        }
        // Weights that are tiny but not zero still rank (LowRankDLAE keeps 1e-200-sized factors here).
        _ = try LowRankDLAE(regularization: huge, rank: 1).fit(Self.data)
        // A large but sensible lambda still fits.
        _ = try EDLAE(regularization: try Regularization(dropout: 0.25, l2: 1e3)).fit(Self.data)
    }

    @Test func explodingSampledTrainingIsDiverged() throws {
        let trainer = try SampledDenoisingTrainer(model: .fullRank, dropout: 0.25, learningRate: 1e100, epochs: 3,
                                                  batchSize: 2, seed: 1)
        let error = #expect(throws: SolverError.self) { try trainer.fit(Self.data) }
        guard case .diverged(_, let reason)? = error else {
            Issue.record("expected diverged, got \(String(describing: error))"); return
        }
        #expect(reason.contains("lower the learning rate"), "\(reason)")
    }
}
