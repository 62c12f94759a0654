import EDLAECore
import EDLAESolvers
import Foundation
import Testing
import _EDLAETestSupport

/// Recommendations by item id with scores (``Recommender``).
@Suite("Recommender: ids, scores, fold-in, batches")
struct RecommenderTests {
    /// 80 users x 15 items named `i0`...`i14`, every item seen except item 9.
    static let dataset: InteractionDataset = {
        let x = TestInteractions.random(users: 80, items: 15, density: 0.25, seed: 61, everyItemSeen: true)
        let triplets = (0..<x.userCount).flatMap { user in
            x.items(ofUser: user).map(Int.init).filter { $0 != 9 }.map { (user: user, item: $0, value: 1.0) }
        }
        return InteractionDataset(interactions: InteractionMatrix(users: 80, items: 15, triplets: triplets),
                                  users: .integers(count: 80), items: IdentifierMap((0..<15).map { "i\($0)" }))
    }()

    static func recommender(_ kind: SolverKind = .edlae) throws -> Recommender {
        let solver = try SolverConfiguration(kind: kind, dropout: 0.3, l2: 2, rank: kind.rankUse == .none ? nil : 4)
            .makeSolver()
        return try Recommender(fitting: solver, on: dataset)
    }

    /// `x B` for a binary history, summed naively in column order, with the bound of two
    /// length-h sums computed in any order: `2 gamma_h sum_i |B_ij|`.
    static func reference(_ recommender: Recommender, history: [Int]) -> (scores: [Double], bounds: [Double]) {
        let b = recommender.model.denseWeights()
        let u = Double.ulpOfOne / 2, h = Double(history.count)
        let gamma = h * u / (1 - h * u)
        let scores = (0..<b.columns).map { j in history.reduce(0.0) { $0 + b[$1, j] } }
        let bounds = (0..<b.columns).map { j in 2 * gamma * history.reduce(0.0) { $0 + abs(b[$1, j]) } + 1e-300 }
        return (scores, bounds)
    }

    @Test("A new user's history: scores are x B, the best first, history dropped", arguments: [SolverKind.edlae, .lowRankDLAE])
    func foldIn(kind: SolverKind) throws {
        let recommender = try Self.recommender(kind)
        let history = ["i3", "i0", "i7"]
        let result = try recommender.recommendations(forHistory: history, options: .init(count: 5))
        #expect(result.count == 5)
        #expect(Set(result.map(\.item)).isDisjoint(with: history))
        let (scores, bounds) = Self.reference(recommender, history: [3, 0, 7])
        for r in result {
            #expect(r.item == "i\(r.index)")
            #expect(abs(r.score - scores[r.index]) <= bounds[r.index], "\(r)")
        }
        #expect(zip(result, result.dropFirst()).allSatisfy { $0.score >= $1.score })
        // Nothing eligible scores above the last one returned (up to the bound).
        let eligible = (0..<15).filter { ![3, 0, 7, 9].contains($0) && !result.map(\.index).contains($0) }
        #expect(eligible.allSatisfy { scores[$0] <= result.last!.score + bounds[$0] + bounds[result.last!.index] })
    }

    @Test("Options: keep the history, exclude, restrict to candidates, count above m")
    func options() throws {
        let recommender = try Self.recommender()
        let kept = try recommender.recommendations(forHistory: ["i1", "i2"], options: .init(count: 100, keepsHistory: true))
        #expect(kept.count == 14)  // every item but the one without interactions
        #expect(kept.contains { $0.item == "i1" })
        let excluded = try recommender.recommendations(forHistory: ["i1"], options: .init(count: 100, excluded: ["i4", "i5"]))
        #expect(excluded.count == 11 && !excluded.contains { ["i1", "i4", "i5", "i9"].contains($0.item) })
        let candidates = try recommender.recommendations(forHistory: ["i1"], options: .init(count: 3, candidates: ["i1", "i2", "i9", "i11"]))
        #expect(Set(candidates.map(\.item)) == ["i2", "i11"])
        let all = try recommender.recommendations(forHistory: ["i1"], options: .init(count: 100, includesItemsWithoutInteractions: true))
        #expect(all.count == 14 && all.contains { $0.item == "i9" })
    }

    @Test("Unknown ids are a typed error listing them, or ignored on request; an empty history is an error")
    func badInput() throws {
        let recommender = try Self.recommender()
        #expect(throws: RecommenderError.unknownItems(["x", "y"], count: 2)) {
            try recommender.recommendations(forHistory: ["i1", "x", "y"])
        }
        let ignored = try recommender.recommendations(forHistory: ["i1", "x"], options: .init(unknownItems: .ignore))
        #expect(ignored.count == 10)
        #expect(throws: RecommenderError.emptyHistory) { try recommender.recommendations(forHistory: []) }
        #expect(throws: RecommenderError.emptyHistory) {
            try recommender.recommendations(forHistory: ["x"], options: .init(unknownItems: .ignore))
        }
        #expect(throws: RecommenderError.invalidCount(0)) { try recommender.recommendations(forHistory: ["i1"], options: .init(count: 0)) }
        #expect(throws: RecommenderError.self) {
            try Recommender(model: recommender.model, itemIDs: Array(repeating: "a", count: 15), solver: EDLAE(regularization: .init(dropout: 0, l2: 1)))
        }
    }

    @Test("Batches in blocks bounded by the memory budget give each user's own answer")
    func batches() throws {
        let recommender = try Self.recommender()
        let users = Self.dataset.interactions
        let whole = try recommender.recommendations(for: users, options: .init(count: 4))
        // 5 users per block: 2 * 5 * 15 * 8 bytes = 1200 bytes is a quarter of 4800.
        let blocked = try MemoryBudget.$current.withValue(MemoryBudget(limit: 4800)) {
            try recommender.recommendations(for: users, options: .init(count: 4))
        }
        #expect(whole.count == 80 && blocked.count == 80)
        for user in 0..<80 {
            let history = users.items(ofUser: user).map(Int.init)
            let (scores, bounds) = Self.reference(recommender, history: history)
            for (a, b) in zip(whole[user], blocked[user]) {
                // Another block shape may round differently: equal items, or a tie within the bound.
                #expect(a.index == b.index || abs(scores[a.index] - scores[b.index]) <= bounds[a.index] + bounds[b.index])
                #expect(abs(a.score - scores[a.index]) <= bounds[a.index])
            }
            #expect(Set(whole[user].map(\.index)).isDisjoint(with: history + [9]))
        }
    }

    @Test("A saved recommender loads back with its solver, configuration, ids and counts")
    func roundTrip() throws {
        let recommender = try Self.recommender(.admm)
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("edlae-recommender-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        try recommender.save(to: folder.path)
        let loaded = try Recommender.load(from: folder.path)
        #expect(loaded.solver == "admm" && loaded.configuration?.kind == .admm)
        #expect(loaded.configuration?.hyperparameters == recommender.configuration?.hyperparameters)
        #expect(loaded.itemIDs == recommender.itemIDs)
        #expect(loaded.itemInteractionCounts?[9] == 0 && loaded.itemInteractionCounts == recommender.itemInteractionCounts)
        #expect(try loaded.recommendations(forHistory: ["i2"]) == recommender.recommendations(forHistory: ["i2"]))
    }
}
