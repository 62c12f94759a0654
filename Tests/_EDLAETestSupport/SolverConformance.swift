import EDLAECore
import EDLAESolvers
import Foundation
import Testing

/// The checks every solver of the catalog must pass (not API). `SolverConformanceTests` runs them
/// for each case of ``SolverKind`` in each ``Precision``, so a new catalog entry is checked without a
/// new line of test code.
public enum SolverConformance {
    /// 60 users x 12 items, every item with at least one interaction.
    public static let data = try! TrainingData(TestInteractions.random(users: 60, items: 12, density: 0.3, seed: 41,
                                                                       everyItemSeen: true))

    /// ``data`` without item 3's interactions (so `G + Lambda` is singular there at `lambda = 0`).
    public static let withEmptyItem: TrainingData = {
        let x = data.interactions!
        let kept = (0..<x.userCount).flatMap { user in
            x.items(ofUser: user).map(Int.init).filter { $0 != 3 }.map { (user: user, item: $0, value: 1.0) }
        }
        return try! TrainingData(InteractionMatrix(users: 60, items: 12, triplets: kept))
    }()

    /// The item without interactions in ``data``.
    public static let emptyItem = 3

    /// A small, quick configuration of `kind`: rank 3, 3 epochs, 16 users per batch, `p = 0.4`,
    /// `lambda = 2`, in `precision`.
    public static func configuration(_ kind: SolverKind, seed: UInt64 = 5, l2: Double = 2,
                                     precision: Precision = .double) -> SolverConfiguration {
        SolverConfiguration(kind: kind, dropout: 0.4, l2: l2, rank: kind.rankUse == .none ? nil : 3,
                            epochs: kind.isIterative ? 3 : nil, seed: seed, batchSize: 16, precision: precision)
    }

    /// Every weight of a model (the factors of a factored one), as bit patterns (of the exact
    /// `Double` conversion for a single-precision model).
    public static func bits(_ model: LinearAutoencoder) -> [UInt64] {
        let parts = [model.encoder, model.decoder].compactMap { $0 }
        let matrices = parts.isEmpty ? [model.denseWeights()] : parts
        return matrices.flatMap { matrix in matrix.withUnsafeBufferPointer { $0.map(\.bitPattern) } }
    }

    /// Whether every weight is finite.
    public static func isFinite(_ model: LinearAutoencoder) -> Bool {
        bits(model).allSatisfy { Double(bitPattern: $0).isFinite }
    }

    /// Rank 0 is refused when the solver is made, rank `m + 1` when it sees the data; both name the
    /// valid range. Full-rank solvers ignore the rank.
    public static func checkBadRank(_ kind: SolverKind, _ precision: Precision = .double,
                                    sourceLocation: SourceLocation = #_sourceLocation) throws {
        guard kind.rankUse != .none else { return }
        var zero = configuration(kind, precision: precision)
        zero.rank = 0
        let error = #expect(throws: SolverError.self, "\(kind)", sourceLocation: sourceLocation) { try zero.makeSolver() }
        #expect(error?.description.contains("1...m") == true, "\(kind): \(String(describing: error))",
                sourceLocation: sourceLocation)
        var above = configuration(kind, precision: precision)
        above.rank = data.itemCount + 1
        let solver = try above.makeSolver()
        #expect(throws: SolverError.rankOutOfRange(rank: data.itemCount + 1, itemCount: data.itemCount),
                "\(kind)", sourceLocation: sourceLocation) { try solver.fit(data) }
    }

    /// At `lambda = 0` the item without interactions of ``withEmptyItem`` makes `G + Lambda`
    /// singular: a solver either refuses with a typed error naming that item, or returns a finite
    /// model; never NaN.
    public static func checkEmptyItemWithoutL2(_ kind: SolverKind, _ precision: Precision = .double,
                                               sourceLocation: SourceLocation = #_sourceLocation) throws {
        let solver = try configuration(kind, l2: 0, precision: precision).makeSolver()
        do {
            let model = try solver.fit(withEmptyItem)
            #expect(isFinite(model), "\(kind): non-finite weights", sourceLocation: sourceLocation)
            #expect(kind.rankUse != .none || kind == .sampled,
                    "\(kind): a closed-form full-rank fit must refuse the singular G + Lambda", sourceLocation: sourceLocation)
        } catch let error as SolverError {
            switch error {
            case .notPositiveDefinite(let item, let hint):
                #expect(item == emptyItem, "\(kind): \(error)", sourceLocation: sourceLocation)
                #expect(hint.contains("lambda"), "\(kind): \(error)", sourceLocation: sourceLocation)
            case .diverged, .linearAlgebra:
                break
            default:
                Issue.record("\(kind): unexpected \(error)", sourceLocation: sourceLocation)
            }
        }
    }

    /// A Gram matrix holding NaN or infinity gives a typed error, not a model.
    public static func checkNonFiniteInput(_ kind: SolverKind, _ precision: Precision = .double,
                                           sourceLocation: SourceLocation = #_sourceLocation) throws {
        for bad in [Double.nan, .infinity] {
            var gram = data.gram
            gram[1, 2] = bad
            gram[2, 1] = bad
            let solver = try configuration(kind, precision: precision).makeSolver()
            #expect(throws: SolverError.self, "\(kind), \(bad)", sourceLocation: sourceLocation) {
                try solver.fit(TrainingData(gram: gram))
            }
        }
    }

    /// Two fits of one configuration agree bit for bit (same computation path, one BLAS thread:
    /// scripts/test.sh sets `OPENBLAS_NUM_THREADS=1`); a solver that uses a seed gives another model
    /// for another seed (otherwise the first check would prove nothing). The model is held in the
    /// precision asked for.
    public static func checkDeterminism(_ kind: SolverKind, _ precision: Precision = .double,
                                        sourceLocation: SourceLocation = #_sourceLocation) throws {
        let model = try configuration(kind, seed: 5, precision: precision).makeSolver().fit(data)
        #expect(model.precision == precision, "\(kind): a \(model.precision) model", sourceLocation: sourceLocation)
        let first = bits(model)
        let second = bits(try configuration(kind, seed: 5, precision: precision).makeSolver().fit(data))
        #expect(first == second, "\(kind): two fits differ", sourceLocation: sourceLocation)
        if kind.uses(.seed) {
            let other = bits(try configuration(kind, seed: 6, precision: precision).makeSolver().fit(data))
            #expect(first != other, "\(kind): another seed gave the same model", sourceLocation: sourceLocation)
        }
    }

    /// An iterative fit started in a cancelled task throws `CancellationError` before its first
    /// iteration completes (the observer is never called).
    public static func checkCancellation(_ kind: SolverKind, _ precision: Precision = .double,
                                         sourceLocation: SourceLocation = #_sourceLocation) async throws {
        guard kind.isIterative else { return }
        let solver = try configuration(kind, precision: precision).makeSolver()
        let data = data
        let reports = Counter()
        let task = Task.detached {
            while !Task.isCancelled { await Task.yield() }
            return try solver.fit(data) { _ in reports.increment() }
        }
        task.cancel()
        let result = await task.result
        if case .failure(let error) = result {
            #expect(error is CancellationError, "\(kind): \(error)", sourceLocation: sourceLocation)
        } else {
            Issue.record("\(kind): a cancelled fit returned a model", sourceLocation: sourceLocation)
        }
        #expect(reports.value == 0, "\(kind): \(reports.value) iterations reported", sourceLocation: sourceLocation)
    }

    /// Under a budget of 100 bytes (below any m x m or m x k buffer) the fit refuses before it
    /// allocates, naming both sizes.
    public static func checkMemoryBudget(_ kind: SolverKind, _ precision: Precision = .double,
                                         sourceLocation: SourceLocation = #_sourceLocation) throws {
        let solver = try configuration(kind, precision: precision).makeSolver()
        // The fixture is built outside the budget's scope: a static first touched inside it would
        // be built under the 100-byte budget too (task-local values reach lazy initialisers).
        let data = data
        let error = #expect(throws: SolverError.self, "\(kind)", sourceLocation: sourceLocation) {
            try MemoryBudget.$current.withValue(MemoryBudget(limit: 100)) { try solver.fit(data) }
        }
        guard case .linearAlgebra(.exceedsMemoryBudget(let needed, let available, _))? = error else {
            Issue.record("\(kind): expected exceedsMemoryBudget, got \(String(describing: error))", sourceLocation: sourceLocation)
            return
        }
        #expect(needed > 100 && available == 100, "\(kind)", sourceLocation: sourceLocation)
    }

    /// A saved model folder loads back with the same weights (bit for bit: the `.npy` files hold
    /// the doubles, or the floats, exactly), in the same precision, with the solver's name and its
    /// configuration.
    public static func checkArchiveRoundTrip(_ kind: SolverKind, _ precision: Precision = .double,
                                             sourceLocation: SourceLocation = #_sourceLocation) throws {
        let solver = try configuration(kind, precision: precision).makeSolver()
        let model = try solver.fit(data)
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("edlae-conformance-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        let ids = (0..<model.itemCount).map { "item\($0)" }
        try ModelArchive(model: model, solver: solver, itemIDs: ids).save(to: folder.path)
        let loaded = try ModelArchive.load(from: folder.path)
        #expect(loaded.solver == kind.name, sourceLocation: sourceLocation)
        #expect(loaded.itemIDs == ids, sourceLocation: sourceLocation)
        #expect(bits(loaded.model) == bits(model), "\(kind): weights changed", sourceLocation: sourceLocation)
        #expect(loaded.model.precision == precision, "\(kind): loaded as \(loaded.model.precision)", sourceLocation: sourceLocation)
        #expect(loaded.configuration?.hyperparameters == solver.configuration.hyperparameters,
                "\(kind): \(String(describing: loaded.configuration))", sourceLocation: sourceLocation)
        #expect(loaded.configuration?.kind == kind, sourceLocation: sourceLocation)
    }
}

/// A thread-safe counter for observers.
final class Counter: @unchecked Sendable {
    private let lock = NSLock()
    private var count = 0
    func increment() { lock.lock(); count += 1; lock.unlock() }
    var value: Int { lock.lock(); defer { lock.unlock() }; return count }
}
