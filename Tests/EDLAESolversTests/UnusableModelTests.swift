import EDLAECore
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

/// Reading a model's arrays is sized by the files: checked against the memory budget.
@Suite struct NumPyMemoryBudgetTests {
    @Test func largeArrayFilesAreCheckedBeforeReading() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("edlae-\(UUID().uuidString).npy").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        try NumPyArray.write(Matrix<Double>(rows: 100, columns: 100, repeating: 1), to: path)
        // The values are streamed into the matrix: the 80,000 bytes of the matrix are what is needed.
        let error = MemoryBudget.$current.withValue(MemoryBudget(limit: 50_000)) {
            #expect(throws: NumPyArrayError.self) { try NumPyArray.read(path) }
        }
        #expect(error?.description.contains("needs 78.1") == true && error?.description.contains("48.83 KiB") == true,
                "\(String(describing: error))")
        #expect(try NumPyArray.read(path).rows == 100)
    }
}
