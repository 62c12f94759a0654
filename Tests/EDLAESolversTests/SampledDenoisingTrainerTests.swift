import EDLAECore
import EDLAESolvers
import Foundation
import Testing
import _EDLAETestSupport

/// Sampled training (Eq. 1 of Steck 2020) against the closed forms it converges to.
///
/// Tolerances: the full-rank objective is strictly convex, so the sampled iterates converge to the
/// unique minimiser as the step size decays; what remains after a finite run is the Monte-Carlo
/// error of the last epochs' masks and minibatches, proportional to the final step size. With the
/// schedules below (Adam, step 0.01 decayed by 0.95 per epoch) the release-mode curves in
/// Sources/EDLAESolvers/EDLAESolvers.docc/SampledTraining.md end at 1-2 % relative Frobenius distance; the tests demand 5 %, and
/// that the distance at the end is at most a quarter of the distance after the first epoch.
/// A negative control checks that 5 % separates the right closed form from the wrong one.
@Suite("Sampled denoising training")
struct SampledDenoisingTrainerTests {
    static let tolerance = 0.05

    /// Trains and records the relative distance to `reference` after each epoch.
    func distances(_ trainer: SampledDenoisingTrainer, _ data: TrainingData, reference: Matrix<Double>) throws
        -> (model: LinearAutoencoder, distances: [Double], objectives: [Double]) {
        let distances = Recorder<Double>(), objectives = Recorder<Double>()
        let model = try trainer.fit(data, observer: { objectives.record($0.objective) }, onEpoch: { _, model in
            distances.record(sampledRelativeDistance(model.denseWeights(), to: reference))
        })
        return (model, distances.values, objectives.values)
    }

    @Test func fullRankDLAEConvergesToEq5OnSyntheticData() throws {
        let x = sampledSyntheticInteractions(users: 900, items: 24, seed: 7)
        let data = try TrainingData(x)
        let p = 0.5
        let closed = try DLAE(regularization: Regularization(dropout: p, l2: 0)).fit(data).denseWeights()
        let trainer = try SampledDenoisingTrainer(model: .fullRank, dropout: p, learningRate: 0.01,
                                                  learningRateDecay: 0.95, epochs: 80, batchSize: 50, seed: 1)
        let run = try distances(trainer, data, reference: closed)
        let first = try #require(run.distances.first), last = try #require(run.distances.last)
        #expect(last < Self.tolerance, "final relative distance \(last)")
        #expect(last < first / 4, "distance \(first) -> \(last)")
        #expect(try #require(run.objectives.last) < run.objectives[0])
    }

    @Test func fullRankEmphasisConvergesToTheoremOnSyntheticData() throws {
        let x = sampledSyntheticInteractions(users: 900, items: 24, seed: 11)
        let data = try TrainingData(x)
        let (p, a, b) = (0.5, 4.0, 1.0)
        let reference = try sampledEmphasisReference(data, dropout: p, dropped: a, kept: b)
        let dlae = try DLAE(regularization: Regularization(dropout: p, l2: 0)).fit(data).denseWeights()
        // Negative control: Eq. 6 with a > b differs from DLAE by much more than the tolerance.
        #expect(sampledRelativeDistance(dlae, to: reference) > 3 * Self.tolerance)
        let trainer = try SampledDenoisingTrainer(model: .fullRank, dropout: p, droppedWeight: a, keptWeight: b,
                                                  learningRate: 0.01, learningRateDecay: 0.95, epochs: 80,
                                                  batchSize: 50, seed: 2)
        let run = try distances(trainer, data, reference: reference)
        let first = try #require(run.distances.first), last = try #require(run.distances.last)
        #expect(last < Self.tolerance, "final relative distance \(last)")
        #expect(last < first / 4, "distance \(first) -> \(last)")
        #expect(sampledRelativeDistance(run.model.denseWeights(), to: dlae) > 2 * Self.tolerance)
    }

    @Test(.enabled(if: SharedData.isAvailable, SharedData.skipNote))
    func fullRankOnGroceriesMatchesDLAEAndTheorem() throws {
        let x = try #require(sampledGroceries(itemLimit: 20, userLimit: 3000))
        let data = try TrainingData(x)
        let p = 0.4
        for (a, b) in [(1.0, 1.0), (3.0, 1.0)] {
            let reference = try sampledEmphasisReference(data, dropout: p, dropped: a, kept: b)
            if a == b {
                // Eq. 6 with a = b is Eq. 3, whose minimiser is DLAE (Eq. 5).
                let dlae = try DLAE(regularization: Regularization(dropout: p, l2: 0)).fit(data).denseWeights()
                #expect(sampledRelativeDistance(reference, to: dlae) < 1e-10)
            }
            let trainer = try SampledDenoisingTrainer(model: .fullRank, dropout: p, droppedWeight: a, keptWeight: b,
                                                      learningRate: 0.01, learningRateDecay: 0.95, epochs: 60,
                                                      batchSize: 100, seed: 3)
            let run = try distances(trainer, data, reference: reference)
            let last = try #require(run.distances.last)
            #expect(last < Self.tolerance, "a = \(a), b = \(b): final relative distance \(last)")
            #expect(last < run.distances[0] / 4)
        }
    }

    @Test func lowRankDLAEApproachesClosedFormLowRankDLAE() throws {
        let x = sampledSyntheticInteractions(users: 900, items: 24, seed: 5)
        let data = try TrainingData(x)
        let p = 0.5, rank = 3
        let lambda = try Regularization(dropout: p, l2: 0).weights(itemCounts: data.itemCounts)
        let reference = try sampledLowRankDLAEReference(data, dropout: p, rank: rank)
        let optimum = ClosedFormFixtures.dropoutObjective(reference, gram: data.gram, lambda: lambda)
        let zero = ClosedFormFixtures.dropoutObjective(Matrix(rows: 24, columns: 24), gram: data.gram, lambda: lambda)
        let trainer = try SampledDenoisingTrainer(model: .lowRank(rank: rank), dropout: p, learningRate: 0.01,
                                                  learningRateDecay: 0.96, epochs: 80, batchSize: 50, seed: 4)
        let run = try distances(trainer, data, reference: reference)
        let model = run.model
        #expect(model.rank == rank)
        let reached = ClosedFormFixtures.dropoutObjective(model.denseWeights(), gram: data.gram, lambda: lambda)
        // The rank-k optimum is a lower bound; the excess, relative to the whole reducible part
        // (objective at B = 0 minus optimum), must be small.
        #expect(reached >= optimum * (1 - 1e-12))
        let excess = (reached - optimum) / (zero - optimum)
        #expect(excess < 0.01, "relative excess objective \(excess)")
        let last = try #require(run.distances.last)
        #expect(last < 2 * Self.tolerance, "final relative distance of U V^T \(last)")
    }

    @Test func sameSeedGivesSameModel() throws {
        let data = try TrainingData(sampledSyntheticInteractions(users: 120, items: 10, seed: 3))
        let trainer = try SampledDenoisingTrainer(model: .lowRank(rank: 2), dropout: 0.3, epochs: 3, batchSize: 50, seed: 9)
        let first = try trainer.fit(data).denseWeights(), second = try trainer.fit(data).denseWeights()
        #expect(first == second)
        let other = try SampledDenoisingTrainer(model: .lowRank(rank: 2), dropout: 0.3, epochs: 3, batchSize: 50, seed: 10)
        #expect(try other.fit(data).denseWeights() != first)
    }

    @Test func gramOnlyDataIsRejected() throws {
        let data = TrainingData(gram: Matrix.identity(3))
        let trainer = try SampledDenoisingTrainer(dropout: 0.5)
        #expect(throws: SolverError.needsInteractions(solver: "sampled")) { try trainer.fit(data) }
    }

    @Test func invalidHyperparametersAreRejected() throws {
        #expect(throws: SolverError.self) { try SampledDenoisingTrainer(dropout: 1) }
        #expect(throws: SolverError.self) { try SampledDenoisingTrainer(dropout: 0.5, droppedWeight: -1) }
        #expect(throws: SolverError.self) { try SampledDenoisingTrainer(dropout: 0, keptWeight: 0) }
        #expect(throws: SolverError.self) { try SampledDenoisingTrainer(dropout: 0.5, learningRate: 0) }
        #expect(throws: SolverError.self) { try SampledDenoisingTrainer(dropout: 0.5, learningRateDecay: 1.5) }
        #expect(throws: SolverError.self) { try SampledDenoisingTrainer(dropout: 0.5, epochs: 0) }
        #expect(throws: SolverError.self) { try SampledDenoisingTrainer(dropout: 0.5, optimizer: .sgd(momentum: 1)) }
        #expect(throws: SolverError.self) { try SampledDenoisingTrainer(model: .lowRank(rank: 0), dropout: 0.5) }
        let data = try TrainingData(sampledSyntheticInteractions(users: 20, items: 5, seed: 1))
        #expect(throws: SolverError.rankOutOfRange(rank: 6, itemCount: 5)) {
            try SampledDenoisingTrainer(model: .lowRank(rank: 6), dropout: 0.5).fit(data)
        }
    }

    @Test func hugeSGDStepDivergesWithTypedError() throws {
        let data = try TrainingData(sampledSyntheticInteractions(users: 200, items: 12, seed: 2))
        let trainer = try SampledDenoisingTrainer(dropout: 0.2, optimizer: .sgd, learningRate: 1e6, epochs: 50, batchSize: 20)
        #expect {
            try trainer.fit(data)
        } throws: { error in
            if case SolverError.diverged = error { return true }
            return false
        }
    }

    @Test func plainSGDAlsoConvergesToDLAE() throws {
        let data = try TrainingData(sampledSyntheticInteractions(users: 600, items: 12, seed: 8))
        let p = 0.3
        let closed = try DLAE(regularization: Regularization(dropout: p, l2: 0)).fit(data).denseWeights()
        let trainer = try SampledDenoisingTrainer(dropout: p, optimizer: .sgd(momentum: 0.9), learningRate: 0.05,
                                                  learningRateDecay: 0.95, epochs: 60, batchSize: 100, seed: 6)
        let run = try distances(trainer, data, reference: closed)
        let last = try #require(run.distances.last)
        #expect(last < Self.tolerance, "final relative distance \(last)")
    }

    @Test func productL2MatchesDLAEWithExtraLambda() throws {
        // productL2 = lambda adds lambda I to Lambda (Table 1's Lambda tilde), on the rescaled B.
        let data = try TrainingData(sampledSyntheticInteractions(users: 600, items: 12, seed: 12))
        let (p, l2) = (0.3, 40.0)
        let closed = try DLAE(regularization: Regularization(dropout: p, l2: l2)).fit(data).denseWeights()
        let without = try DLAE(regularization: Regularization(dropout: p, l2: 0)).fit(data).denseWeights()
        #expect(sampledRelativeDistance(without, to: closed) > 3 * Self.tolerance)
        let trainer = try SampledDenoisingTrainer(dropout: p, productL2: l2, learningRate: 0.01,
                                                  learningRateDecay: 0.95, epochs: 80, batchSize: 50, seed: 13)
        let run = try distances(trainer, data, reference: closed)
        let last = try #require(run.distances.last)
        #expect(last < Self.tolerance, "final relative distance \(last)")
    }

    @Test func cancellationStopsTraining() async throws {
        let data = try TrainingData(sampledSyntheticInteractions(users: 400, items: 10, seed: 4))
        let trainer = try SampledDenoisingTrainer(dropout: 0.5, epochs: 100_000, batchSize: 10)
        let task = Task { try trainer.fit(data) }
        task.cancel()
        await #expect(throws: CancellationError.self) { try await task.value }
    }
}
