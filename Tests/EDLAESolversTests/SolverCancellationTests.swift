import EDLAECore
import EDLAESolvers
import Foundation
import Testing

/// Records when each iteration of a running fit is reported, when the fit was cancelled and when
/// it ended (thread-safe: the observer, the cancelling thread and the test read and write it).
final class IterationClock: @unchecked Sendable {
    private let lock = NSLock()
    private var times: [ContinuousClock.Instant] = []
    private var cancelledAt: ContinuousClock.Instant?
    private var finishedAt: ContinuousClock.Instant?
    private var countAtCancel = 0
    func record() { lock.lock(); times.append(.now); lock.unlock() }
    func markCancelled() { lock.lock(); cancelledAt = .now; countAtCancel = times.count; lock.unlock() }
    func markFinished() { lock.lock(); finishedAt = .now; lock.unlock() }
    var instants: [ContinuousClock.Instant] { lock.lock(); defer { lock.unlock() }; return times }
    var snapshot: (times: [ContinuousClock.Instant], countAtCancel: Int, cancelled: ContinuousClock.Instant?,
                   finished: ContinuousClock.Instant?) {
        lock.lock(); defer { lock.unlock() }
        return (times, countAtCancel, cancelledAt, finishedAt)
    }
}

/// A fit whose `Task` is cancelled midway stops within about one iteration, throws
/// `CancellationError` and returns no model; work chained after it (saving the model) never runs.
@Suite("Long fits stop promptly when cancelled")
struct SolverCancellationTests {
    /// 1500 users x 150 items: each iteration takes milliseconds, so a run of a million iterations
    /// would take many minutes.
    static let data: TrainingData = try! {
        let generator = try! SyntheticInteractions(users: 1500, items: 150, density: 0.05, seed: 3)
        return try TrainingData(try generator.generate())
    }()
    static let regularization = try! Regularization(dropout: 0.3, l2: 5)

    struct Measurement {
        /// Seconds from `cancel()` until the task finished.
        var latency: Double
        /// Mean seconds per iteration before the cancellation.
        var secondsPerIteration: Double
        /// Iterations reported after `cancel()`.
        var iterationsAfterCancel: Int
    }

    /// Starts `fit` in a task, and from a separate thread waits for `warmUp` iteration reports
    /// and cancels the task, in the middle of an iteration; then checks that the task ends with
    /// `CancellationError`.
    ///
    /// The canceller is a plain thread, not a task: the fits are synchronous and occupy a thread
    /// of the cooperative pool (two threads on a two-core machine) until cancelled, so a polling
    /// task could starve behind them. The end time is taken inside the task for the same reason.
    static func cancelMidway(warmUp: Int = 3,
                             _ fit: @escaping @Sendable (IterationClock) throws -> LinearAutoencoder) async throws -> Measurement {
        let clock = IterationClock()
        let task = Task.detached {
            defer { clock.markFinished() }
            return try fit(clock)
        }
        let canceller = Thread {
            let deadline = ContinuousClock.now + .seconds(120)
            while clock.instants.count < warmUp && ContinuousClock.now < deadline { usleep(2_000) }
            clock.markCancelled()
            task.cancel()
        }
        canceller.start()
        let result = await task.result
        switch result {
        case .success: Issue.record("a cancelled fit returned a model")
        case .failure(let error): #expect(error is CancellationError, "expected CancellationError, got \(error)")
        }
        let state = clock.snapshot
        try #require(state.countAtCancel >= warmUp, "the fit reported fewer than \(warmUp) iterations in 120 s")
        let cancelled = try #require(state.cancelled), finished = try #require(state.finished)
        let before = state.times.prefix(state.countAtCancel)
        func seconds(_ d: Duration) -> Double { Double(d.components.seconds) + Double(d.components.attoseconds) * 1e-18 }
        return Measurement(latency: seconds(finished - cancelled),
                           secondsPerIteration: seconds(before[before.endIndex - 1] - before[before.startIndex]) / Double(before.count - 1),
                           iterationsAfterCancel: state.times.count - state.countAtCancel)
    }

    /// The checks shared by every solver: the solvers test for cancellation once per iteration (the
    /// sampled trainer once per batch), so at most the iteration in flight may still finish, and
    /// the latency is at most about one iteration. The bound `2 * perIteration + 0.5 s` leaves
    /// room for scheduling on a loaded machine; the full runs below would take at least
    /// `maxIterations * perIteration`, hours.
    static func expectPrompt(_ m: Measurement, maxIterations: Int, _ name: String) {
        #expect(m.iterationsAfterCancel <= 1, "\(name): \(m.iterationsAfterCancel) iterations ran after cancel()")
        #expect(m.latency < 2 * m.secondsPerIteration + 0.5,
                "\(name): stopped \(m.latency) s after cancel(), one iteration takes \(m.secondsPerIteration) s")
        #expect(m.latency * 1000 < Double(maxIterations) * m.secondsPerIteration, "\(name)")
    }

    /// Every iterative solver of the catalog, on a run of a million epochs.
    @Test(arguments: SolverKind.allCases.filter(\.isIterative))
    func stopsWithinAnIteration(kind: SolverKind) async throws {
        let solver = try SolverConfiguration(kind: kind, dropout: 0.3, l2: 5, rank: 10, epochs: 1_000_000,
                                             batchSize: 100).makeSolver()
        let data = Self.data
        let m = try await Self.cancelMidway(warmUp: kind == .sampled ? 2 : 3) { clock in
            try solver.fit(data) { _ in clock.record() }
        }
        Self.expectPrompt(m, maxIterations: 1_000_000, kind.name)
    }

    @Test func cancelledFitWritesNoModelFolder() async throws {
        let parent = FileManager.default.temporaryDirectory
            .appendingPathComponent("edlae-cancel-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: parent, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: parent) }
        let folder = parent.appendingPathComponent("model").path
        let solver = try ADMMLowRankEDLAE(regularization: Self.regularization, rank: 20, omega: 10,
                                          stoppingRule: StoppingRule(maxIterations: 1_000_000))
        let data = Self.data
        _ = try await Self.cancelMidway { clock in
            let model = try solver.fit(data) { _ in clock.record() }
            try ModelArchive(model: model, solver: solver, itemIDs: (0..<model.itemCount).map(String.init)).save(to: folder)
            return model
        }
        #expect(try FileManager.default.contentsOfDirectory(atPath: parent.path).isEmpty,
                "a cancelled fit left files behind")
    }
}
