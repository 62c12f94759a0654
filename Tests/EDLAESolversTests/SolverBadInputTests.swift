import Foundation
import Testing
import EDLAESolvers

/// Bad hyperparameters and data that every solver must refuse with a typed error (never a trap and
/// never a model holding NaN). Each case is a row of the table in Docs/Reliability.md.
@Suite("Solvers refuse bad input with typed errors")
struct SolverBadInputTests {
    /// 8 users x 5 items; item 3 has no interaction, so `G + Lambda` is singular at item 3 when
    /// `lambda = 0` (its diagonal entry `(1 + p/q) * 0 + 0` is zero).
    static let withEmptyItem: TrainingData = try! {
        let triplets = (0..<8).flatMap { user in
            [0, 1, 2, 4].filter { ($0 + user) % 3 != 0 }.map { (user: user, item: $0, value: 1.0) }
        }
        return try TrainingData(InteractionMatrix(users: 8, items: 5, triplets: triplets))
    }()

    static func isInvalid(_ error: SolverError?, named name: String) -> Bool {
        guard case .invalidHyperparameter(let reported, _, _)? = error else { return false }
        return reported == name
    }

    @Test("p outside [0, 1) is refused and the message names the valid range",
          arguments: [-0.1, 1, 1.5, .nan, -.infinity, .infinity])
    func dropoutOutsideUnitInterval(p: Double) {
        let error = #expect(throws: SolverError.self) { try Regularization(dropout: p, l2: 1) }
        #expect(Self.isInvalid(error, named: "dropout p"))
        #expect(error?.description == "invalid dropout p \(p): valid range is [0, 1)")
    }

    @Test("lambda < 0 or not finite is refused", arguments: [-1e-12, -1, .nan, .infinity])
    func negativeLambda(lambda: Double) {
        let error = #expect(throws: SolverError.self) { try Regularization(dropout: 0.5, l2: lambda) }
        #expect(Self.isInvalid(error, named: "lambda"))
        #expect(error?.description.hasSuffix("valid range is [0, inf)") == true)
    }

    @Test("omega <= 0 or not finite is refused by ADMM", arguments: [0, -1, .nan, .infinity])
    func nonPositiveOmega(omega: Double) throws {
        let regularization = try Regularization(dropout: 0.5, l2: 1)
        let error = #expect(throws: SolverError.self) {
            try ADMMLowRankEDLAE(regularization: regularization, rank: 2, omega: omega)
        }
        #expect(Self.isInvalid(error, named: "omega"))
    }

    @Test("rank <= 0 is refused when the solver is made", arguments: [0, -3])
    func nonPositiveRank(rank: Int) throws {
        let regularization = try Regularization(dropout: 0.5, l2: 1)
        #expect(throws: SolverError.self) { try ADMMLowRankEDLAE(regularization: regularization, rank: rank, omega: 1) }
        #expect(throws: SolverError.self) { try NearOrthogonalALS(regularization: regularization, rank: rank) }
        #expect(throws: SolverError.self) { try ExactLowRankEDLAE(regularization: regularization, rank: rank) }
        #expect(throws: SolverError.self) { try LowRankDLAE(regularization: regularization, rank: rank).fit(Self.withEmptyItem) }
        #expect(throws: SolverError.self) { try SampledDenoisingTrainer(model: .lowRank(rank: rank), dropout: 0.5) }
    }

    @Test("rank > m is refused when the fit sees the data")
    func rankAboveItemCount() throws {
        let regularization = try Regularization(dropout: 0.5, l2: 1)
        let data = Self.withEmptyItem
        let tooLarge = SolverError.rankOutOfRange(rank: 6, itemCount: 5)
        #expect(throws: tooLarge) { try ADMMLowRankEDLAE(regularization: regularization, rank: 6, omega: 1).fit(data) }
        #expect(throws: tooLarge) { try NearOrthogonalALS(regularization: regularization, rank: 6).fit(data) }
        #expect(throws: tooLarge) { try ExactLowRankEDLAE(regularization: regularization, rank: 6).fit(data) }
        #expect(throws: tooLarge) { try LowRankDLAE(regularization: regularization, rank: 6).fit(data) }
    }

    @Test("An item with no interactions and lambda = 0 is named, and lambda > 0 is suggested")
    func emptyItemWithoutL2() throws {
        let regularization = try Regularization(dropout: 0.5, l2: 0)
        // The closed forms need (G + Lambda)^-1 itself and must refuse.
        let closedForms: [any AutoencoderSolver] = [DLAE(regularization: regularization), EDLAE(regularization: regularization)]
        for solver in closedForms {
            let error = #expect(throws: SolverError.self, "\(solver.name)") { try solver.fit(Self.withEmptyItem) }
            guard case .notPositiveDefinite(let item, _)? = error else {
                Issue.record("\(solver.name): expected notPositiveDefinite, got \(String(describing: error))"); continue
            }
            #expect(item == 3, "\(solver.name)")
            #expect(error?.description.contains("item 3") == true && error?.description.contains("lambda") == true,
                    "\(solver.name): \(String(describing: error))")
        }
        // ADMM inverts G + Lambda + Omega (omega > 0 keeps it positive definite) and ALS solves
        // k x k systems: either may succeed, but then with finite weights and nothing learnt for
        // the empty item (its encoder row and decoder row stay zero or finite; no NaN).
        let iterative: [any AutoencoderSolver] = [
            try ADMMLowRankEDLAE(regularization: regularization, rank: 2, omega: 1),
            try NearOrthogonalALS(regularization: regularization, rank: 2),
        ]
        for solver in iterative {
            do {
                let model = try solver.fit(Self.withEmptyItem)
                #expect(model.denseWeights().withUnsafeBufferPointer { $0.allSatisfy(\.isFinite) }, "\(solver.name)")
                print("\(solver.name) with an empty item and lambda = 0: finite model, scores of item 3 = \(model.denseWeights().row(3))")
            } catch let error as SolverError {
                guard case .notPositiveDefinite(3, _) = error else {
                    Issue.record("\(solver.name): unexpected \(error)"); continue
                }
            }
        }
        // The suggested remedy works: a small lambda makes every fit finite.
        let remedied = try Regularization(dropout: 0.5, l2: 1e-3)
        let model = try EDLAE(regularization: remedied).fit(Self.withEmptyItem)
        #expect(model.denseWeights().withUnsafeBufferPointer { $0.allSatisfy(\.isFinite) })
    }

    @Test("A Gram matrix holding NaN or infinity gives nonFiniteEntry naming the entry, not a NaN model",
          arguments: [Double.nan, .infinity])
    func nonFiniteGram(bad: Double) throws {
        var gram = Self.withEmptyItem.gram
        gram[1, 2] = bad
        gram[2, 1] = bad
        let data = TrainingData(gram: gram)
        let regularization = try Regularization(dropout: 0.5, l2: 1)
        let solvers: [any AutoencoderSolver] = [
            DLAE(regularization: regularization),
            EDLAE(regularization: regularization),
            try ADMMLowRankEDLAE(regularization: regularization, rank: 2, omega: 1),
        ]
        for solver in solvers {
            // The inverse of G + Lambda checks its input first: the error names the entry.
            let error = #expect(throws: SolverError.self, "\(solver.name)") { try solver.fit(data) }
            guard case .linearAlgebra(.nonFiniteEntry(let row, let column))? = error else {
                Issue.record("\(solver.name): expected nonFiniteEntry, got \(String(describing: error))"); continue
            }
            #expect(Set([row, column]) == [1, 2], "\(solver.name)")
        }
    }

    @Test("A fit that needs more than MemoryBudget.current fails before allocating, naming both sizes")
    func memoryBudgetExceeded() throws {
        let regularization = try Regularization(dropout: 0.5, l2: 1)
        let solvers: [any AutoencoderSolver] = [
            EDLAE(regularization: regularization),
            try ADMMLowRankEDLAE(regularization: regularization, rank: 2, omega: 1),
            try NearOrthogonalALS(regularization: regularization, rank: 2),
            try ExactLowRankEDLAE(regularization: regularization, rank: 2),
        ]
        let data = Self.withEmptyItem  // its Gram matrix exists before the budget applies
        for solver in solvers {
            // 5 x 5 doubles are 200 bytes: a budget of 100 bytes is below any m x m buffer.
            let error = #expect(throws: SolverError.self, "\(solver.name)") {
                try MemoryBudget.$current.withValue(MemoryBudget(limit: 100)) { try solver.fit(data) }
            }
            guard case .linearAlgebra(.exceedsMemoryBudget(let needed, let available, _))? = error else {
                Issue.record("\(solver.name): expected exceedsMemoryBudget, got \(String(describing: error))"); continue
            }
            #expect(needed > 100 && available == 100, "\(solver.name)")
        }
    }
}
