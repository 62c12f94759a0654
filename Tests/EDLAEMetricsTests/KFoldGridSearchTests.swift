import EDLAECore
import EDLAEMetrics
import EDLAESolvers
import Testing

/// K-fold tuning: the splits of ``StrongGeneralizationProtocol/tuningSplits(_:folds:)`` and the
/// pooled score of ``GridSearch/run(_:folds:final:makeSolver:progress:)``.
@Suite struct KFoldGridSearchTests {
    static let data = randomInteractions(users: 300, items: 30, minimum: 5, maximum: 12, seed: 21)
    static let evaluationProtocol = StrongGeneralizationProtocol(testUsers: .count(40), seed: 5)

    @Test func foldsCoverTheNonTestUsersOnce() throws {
        let (folds, final) = try Self.evaluationProtocol.tuningSplits(Self.data, folds: 3)
        #expect(folds.count == 3)
        // The test users are those of the single split with the same settings.
        let single = try Self.evaluationProtocol.split(Self.data)
        #expect(final.test.userIDs == single.test.userIDs)
        #expect(final.validation.count == 0)
        // Each fold validates on users the final model trains on, each of them exactly once, and
        // never trains on its own validation users or on test users.
        let nonTest = Set(final.trainingUserIDs)
        #expect(nonTest.isDisjoint(with: final.test.userIDs))
        var seen = [Int]()
        for fold in folds {
            #expect(fold.test.count == 0)
            #expect(Set(fold.trainingUserIDs).isDisjoint(with: fold.validation.userIDs))
            #expect(Set(fold.trainingUserIDs).isSubset(of: nonTest))
            seen += fold.validation.userIDs
        }
        #expect(seen.count == Set(seen).count)
        #expect(Set(seen).isSubset(of: nonTest))
        // Every user has at least 5 of 30 items, so none is dropped for lack of targets here.
        #expect(seen.count == nonTest.count)
        #expect(throws: EvaluationProtocolError.self) { try Self.evaluationProtocol.tuningSplits(Self.data, folds: 1) }
    }

    @Test func poolsPerUserValidationValuesOverTheFolds() throws {
        let (folds, final) = try Self.evaluationProtocol.tuningSplits(Self.data, folds: 3)
        let grid = HyperparameterGrid(dropouts: [0.1, 0.5, 1.5], l2s: [1, 30])
        let search = GridSearch(metric: .ndcg(10))
        let make = { (point: HyperparameterPoint) -> any AutoencoderSolver in
            EDLAE(regularization: try Regularization(dropout: point.dropout, l2: point.l2))
        }
        let result = try search.run(grid, folds: folds, final: final, makeSolver: make)
        #expect(result.folds == 3)
        #expect(result.trials.filter { $0.failure != nil }.count == 2)  // p = 1.5 is invalid
        for trial in result.trials where trial.failure == nil {
            // Independently: fit on each fold, concatenate the per-user values, average.
            var values = [Double]()
            for fold in folds {
                let model = try make(trial.point).fit(TrainingData(fold.training))
                values += try search.evaluator.evaluate(model, on: fold.validation).values[.ndcg(10)]!
            }
            let validation = try #require(trial.validation)
            #expect(validation.count == values.count)
            // Same per-user values summed in the same order: equal to rounding (1e-14).
            #expect(abs(validation.mean - values.reduce(0, +) / Double(values.count)) < 1e-14)
            // The pooled mean is the fold means weighted by the folds' user counts.
            let weighted = trial.foldValidations.reduce(0) { $0 + $1.mean * Double($1.count) } / Double(validation.count)
            #expect(trial.foldValidations.count == 3 && abs(weighted - validation.mean) < 1e-14)
        }
        let best = result.trials.compactMap { t in t.validation.map { (t.point, $0.mean) } }.max { $0.1 < $1.1 }!
        #expect(result.best.point == best.0)
        // The test report is the best point refitted on all non-test users.
        let model = try make(best.0).fit(TrainingData(final.training))
        #expect(result.test.values == (try search.evaluator.evaluate(model, on: final.test)).values)
    }
}
