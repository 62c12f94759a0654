import EDLAECore
import EDLAEMetrics
import EDLAESolvers
import Foundation
import Testing

/// Bad evaluation data and failing model saves. Each case is a row of the table in
/// Docs/Reliability.md.
@Suite("Evaluation and model folders refuse bad input without partial output")
struct EvaluationBadInputTests {
    /// 40 users x 8 items: items 0..<6 are common; item 6 belongs to user 0 only and item 7 to
    /// nobody.
    static let data: InteractionMatrix = {
        var triplets: [(user: Int, item: Int, value: Double)] = []
        for user in 0..<40 { for item in 0..<6 where (user + item) % 2 == 0 || item == user % 6 { triplets.append((user, item, 1)) } }
        triplets.append((0, 6, 1))
        return InteractionMatrix(users: 40, items: 8, triplets: triplets)
    }()

    @Test("Users left with no items after filtering: every user below the minimum is notEnoughUsers")
    func everyUserFilteredOut() {
        let error = #expect(throws: EvaluationProtocolError.self) {
            try StrongGeneralizationProtocol(minimumUserInteractions: 100).split(Self.data)
        }
        guard case .notEnoughUsers(let available, _)? = error else {
            Issue.record("expected notEnoughUsers, got \(String(describing: error))"); return
        }
        #expect(available == 0)
        #expect(error?.description.hasPrefix("not enough users: 0 users") == true)
    }

    @Test("Items that occur only in held-out users leave the item space, so no training column is empty")
    func itemsOnlyInHeldOutUsers() throws {
        var droppedTheRareItem = false
        for seed in UInt64(0)..<40 {
            let split = try StrongGeneralizationProtocol(minimumUserInteractions: 1, validationUsers: .count(8),
                                                         testUsers: .count(8), seed: seed).split(Self.data)
            // Item 7 has no user at all; item 6 only user 0.
            #expect(!split.itemIDs.contains(7))
            let userZeroHeldOut = !split.trainingUserIDs.contains(0)
            #expect(split.itemIDs.contains(6) == !userZeroHeldOut, "seed \(seed)")
            #expect(split.statistics.itemsNotInTraining == (userZeroHeldOut ? 2 : 1), "seed \(seed)")
            #expect(split.training.itemCounts.allSatisfy { $0 > 0 }, "seed \(seed): an item column of training is empty")
            if userZeroHeldOut {
                droppedTheRareItem = true
                // With no empty item, a fit with lambda = 0 is well posed on every split.
                let model = try EDLAE(regularization: Regularization(dropout: 0.3, l2: 0)).fit(split.training)
                #expect(model.denseWeights().withUnsafeBufferPointer { $0.allSatisfy(\.isFinite) })
            }
        }
        #expect(droppedTheRareItem, "no seed held out user 0; the check above never ran")
    }

    @Test("The protocol split is a pure function of its seed")
    func splitDeterminism() throws {
        let generator = try SyntheticInteractions(users: 300, items: 40, density: 0.1, seed: 2)
        let data = try generator.generate()
        let first = try StrongGeneralizationProtocol(seed: 17).split(data)
        let second = try StrongGeneralizationProtocol(seed: 17).split(data)
        let other = try StrongGeneralizationProtocol(seed: 18).split(data)
        #expect(first.training == second.training && first.test == second.test && first.validation == second.validation)
        #expect(first.itemIDs == second.itemIDs && first.trainingUserIDs == second.trainingUserIDs)
        #expect(first.trainingUserIDs != other.trainingUserIDs)
    }

    static func fittedModel() throws -> LinearAutoencoder {
        try EDLAE(regularization: Regularization(dropout: 0.3, l2: 1)).fit(Self.data)
    }

    static func leftovers(in parent: URL) throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: parent.path).filter { $0.hasPrefix(".") }
    }

    @Test("A save that fails after writing the weights leaves no folder and no temporary files")
    func failedSaveLeavesNothing() throws {
        let parent = temporaryDirectory()
        try FileManager.default.createDirectory(at: parent, withIntermediateDirectories: true)
        let folder = parent.appendingPathComponent("model")
        let model = try Self.fittedModel()
        // JSON cannot hold NaN, so the manifest fails to encode after B.npy has been written.
        let archive = ModelArchive(model: model, solver: "edlae", hyperparameters: ["lambda": .nan],
                                   itemIDs: (0..<8).map(String.init))
        #expect(throws: ModelArchiveError.self) { try archive.save(to: folder.path) }
        #expect(!FileManager.default.fileExists(atPath: folder.path))
        let leftovers = try Self.leftovers(in: parent)
        #expect(leftovers.isEmpty, "temporary files left: \(leftovers)")
    }

    @Test("A failing save over an existing model keeps the old model intact")
    func failedSaveKeepsTheOldModel() throws {
        let parent = temporaryDirectory()
        try FileManager.default.createDirectory(at: parent, withIntermediateDirectories: true)
        let folder = parent.appendingPathComponent("model")
        let ids = (0..<8).map(String.init)
        let model = try Self.fittedModel()
        try ModelArchive(model: model, solver: "edlae", hyperparameters: ["lambda": 1], itemIDs: ids).save(to: folder.path)
        let before = try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted()
        let broken = ModelArchive(model: .init(encoder: Matrix(rows: 8, columns: 2, repeating: 1),
                                               decoder: Matrix(rows: 8, columns: 2, repeating: 1)),
                                  solver: "admm", hyperparameters: ["omega": .infinity], itemIDs: ids)
        #expect(throws: ModelArchiveError.self) { try broken.save(to: folder.path) }
        let loaded = try ModelArchive.load(from: folder.path)
        #expect(loaded.solver == "edlae" && loaded.model.rank == nil)
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted() == before)
        #expect(try Self.leftovers(in: parent).isEmpty)
    }

    @Test("A save into a path whose parent is a file fails with an I/O error and writes nothing")
    func saveUnderAFile() throws {
        let parent = temporaryDirectory()
        try FileManager.default.createDirectory(at: parent, withIntermediateDirectories: true)
        let file = parent.appendingPathComponent("plain.txt")
        try Data("x".utf8).write(to: file)
        let archive = ModelArchive(model: try Self.fittedModel(), solver: "edlae", hyperparameters: [:],
                                   itemIDs: (0..<8).map(String.init))
        let error = #expect(throws: ModelArchiveError.self) { try archive.save(to: file.appendingPathComponent("model").path) }
        guard case .io? = error else { Issue.record("expected io, got \(String(describing: error))"); return }
        #expect(try FileManager.default.contentsOfDirectory(atPath: parent.path) == ["plain.txt"])
    }
}
