import EDLAECore
import EDLAESolvers
import Foundation
import Testing
import _EDLAETestSupport

/// The library example of README.md, kept compiling and true.
@Test(.enabled(if: SharedData.isAvailable, SharedData.skipNote))
func readmeExample() throws {
    let path = SharedData.directory! + "/groceries.csv"
    // --- README example starts ---
    let data = try InteractionDataset(contentsOfCSVFile: path)  // ids -> contiguous indices (ascending)
    let training = try TrainingData(data.interactions)            // G = X^T X, computed once, shared
    let regularization = try Regularization(dropout: 0.5, l2: 10)

    // Two training methods, one model: low-rank DLAE at full rank is DLAE (Eq. 5 of Steck 2020).
    let dlae = try DLAE(regularization: regularization).fit(training)
    let lowRank = try LowRankDLAE(regularization: regularization, rank: training.itemCount).fit(training)
    #expect(lowRank.denseWeights().isApproximatelyEqual(to: dlae.denseWeights(), relativeTolerance: 1e-8))

    // Full-rank EDLAE (Eq. 8): zero diagonal, top 10 unseen items for the first two baskets.
    let edlae = try EDLAE(regularization: regularization).fit(training)
    let top10 = try edlae.recommendations(for: data.interactions.rows([0, 1]), count: 10)
    // --- README example ends ---
    #expect(edlae.diagonal.allSatisfy { $0 == 0 })
    #expect(top10.map(\.count) == [10, 10])
    #expect(Set(top10[0]).isDisjoint(with: data.interactions.items(ofUser: 0).map(Int.init)))
}

/// The serving example of README.md.
@Test(.enabled(if: SharedData.isAvailable, SharedData.skipNote))
func readmeServingExample() throws {
    let path = SharedData.directory! + "/groceries.csv"
    let regularization = try Regularization(dropout: 0.5, l2: 10)
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("edlae-readme-\(UUID().uuidString)").path
    defer { try? FileManager.default.removeItem(atPath: folder) }
    // --- README serving example starts ---
    let dataset = try InteractionDataset(contentsOfCSVFile: path)       // ids mapped to columns
    let recommender = try Recommender(fitting: EDLAE(regularization: regularization), on: dataset)
    let forNewUser = try recommender.recommendations(forHistory: ["12", "40"],     // fold-in by item id
                                                     options: RecommendationOptions(count: 5, excluded: ["7"]))
    try recommender.save(to: folder)                                    // model.json records solver and hyperparameters
    let reloaded = try Recommender.load(from: folder)
    let batch = try reloaded.recommendations(for: dataset.interactions.rows([0, 1, 2]))  // blocks, both cores
    // --- README serving example ends ---
    #expect(forNewUser.count == 5 && !forNewUser.contains { ["12", "40", "7"].contains($0.item) })
    #expect(reloaded.configuration == SolverConfiguration(kind: .edlae, dropout: 0.5, l2: 10))
    #expect(batch.count == 3 && batch.allSatisfy { $0.count == 10 })
}

