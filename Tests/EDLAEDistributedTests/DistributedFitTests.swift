import EDLAECore
import EDLAEDistributed
import EDLAEMetrics
import EDLAESolvers
import Foundation
import Testing
import _EDLAETestSupport

/// End to end under mpirun (P = 1, 2, 4; grids 1x1, 1x2, 2x2; block sizes that do not divide m):
/// the model folder written by `edlae-distributed fit` loads with ``ModelArchive/load(from:)`` (what
/// `edlae recommend --model` uses) and its `B` equals the single-machine ``EDLAE`` / ``DLAE`` fit.
///
/// Tolerance: both fits compute `C = (G + Lambda)^-1` by a backward-stable Cholesky inversion, so
/// each `C` is within about `m u kappa_1(A) ||C||` of the exact inverse entrywise (first-order,
/// `A = G + Lambda`, `u = 2^-53`); their difference is bounded by `eta ||C||_max` with
/// `eta = 2 m u kappa_1(A)`. Propagated through `B`: EDLAE `B_ij = -C_ij / C_jj` gives
/// `|dB_ij| <= eta ||C||_max (1 + |B_ij|) / C_jj`, DLAE `B_ij = delta_ij - C_ij Lambda_j` gives
/// `|dB_ij| <= eta ||C||_max Lambda_j`.
@Suite(.serialized, .enabled(if: MPIRunner.isEnabled, "needs the Distributed trait and EDLAE_DISTRIBUTED_EXECUTABLE"))
struct DistributedFitTests {
    /// The interactions as both paths see them: read with integer ids as indices, values set to 1.
    static func interactions(_ path: String) throws -> InteractionMatrix {
        let x = try InteractionDataset(contentsOfCSVFile: path, options: .init(identifiers: .indices)).interactions
        return InteractionMatrix(userCount: x.userCount, itemCount: x.itemCount, rowStarts: x.rowStarts,
                                 columnIndices: x.columnIndices, values: [Double](repeating: 1, count: x.nonzeroCount))
    }

    /// A csv file of the synthetic generator's interactions (`user,item`).
    static func syntheticFile(users: Int, items: Int, density: Double, seed: UInt64, in directory: URL) throws -> String {
        let x = try SyntheticInteractions(users: users, items: items, density: density, seed: seed).generate()
        var text = "user,item\n"
        for user in 0..<x.userCount { for item in x.items(ofUser: user) { text += "\(user),\(item)\n" } }
        let path = directory.appendingPathComponent("synthetic-\(items).csv").path
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    /// The single-machine fit and what the tolerance needs.
    struct Reference {
        var archive: ModelArchive
        var c: Matrix<Double>
        var weights: [Double]
        var kappa: Double
    }

    static func reference(data path: String, solver: String, dropout: Double, lambda: Double) throws -> Reference {
        let x = try interactions(path)
        let data = try TrainingData(x)
        let regularization = try Regularization(dropout: dropout, l2: lambda)
        let single = solver == "edlae" ? try EDLAE(regularization: regularization).fit(data) : try DLAE(regularization: regularization).fit(data)
        let archive = ModelArchive(model: single, solver: solver, hyperparameters: ["dropout": dropout, "lambda": lambda],
                                   itemIDs: (0..<x.itemCount).map(String.init))
        let weights = regularization.weights(itemCounts: data.itemCounts)
        var a = data.gram
        a.addToDiagonal(weights)
        var c = a
        try c.invertPositiveDefinite()
        func oneNorm(_ matrix: Matrix<Double>) -> Double {
            matrix.withUnsafeBufferPointer { v in
                (0..<matrix.columns).map { j in v[(j * matrix.rows)..<((j + 1) * matrix.rows)].reduce(0) { $0 + abs($1) } }.max()!
            }
        }
        return Reference(archive: archive, c: c, weights: weights, kappa: oneNorm(a) * oneNorm(c))
    }

    /// Fits under mpirun with each process count and compares with the single-machine fit.
    func check(data path: String, solver: String, dropout: Double, lambda: Double, processes: [Int], blockSize: Int,
               grid: String? = nil) throws {
        let reference = try Self.reference(data: path, solver: solver, dropout: dropout, lambda: lambda)
        let m = reference.c.rows
        let eta = 2 * Double(m) * (Double.ulpOfOne / 2) * reference.kappa
        let cMax = reference.c.withUnsafeBufferPointer { $0.map(abs).max()! }
        let expected = reference.archive.model.denseWeights()
        let cDiagonal = reference.c.diagonal
        for p in processes {
            let directory = try MPIRunner.temporaryDirectory()
            defer { try? FileManager.default.removeItem(at: directory) }
            let output = directory.appendingPathComponent("model").path
            var arguments = ["fit", "--data", path, "--solver", solver, "--dropout", "\(dropout)", "--lambda", "\(lambda)",
                             "--block-size", "\(blockSize)", "--output", output]
            if let grid { arguments += ["--grid", grid] }
            let outcome = try MPIRunner.run(processes: p, arguments)
            try #require(outcome.status == 0, "mpirun -np \(p) failed: \(outcome.standardError)")
            let archive = try ModelArchive.load(from: output)
            #expect(archive.manifest == reference.archive.manifest)
            let b = archive.model.denseWeights()
            var worstRatio = 0.0, largest = 0.0
            b.withUnsafeBufferPointer { b in
                expected.withUnsafeBufferPointer { e in
                    for j in 0..<m {
                        for i in 0..<m {
                            let r = e[i + j * m], d = abs(b[i + j * m] - r)
                            let bound = solver == "edlae" ? eta * cMax * (1 + abs(r)) / cDiagonal[j] : eta * cMax * reference.weights[j]
                            worstRatio = max(worstRatio, d / bound)
                            largest = max(largest, d)
                        }
                    }
                }
            }
            #expect(worstRatio <= 1, "P = \(p): largest |B_dist - B_single| / bound = \(worstRatio) (kappa_1 = \(reference.kappa))")
            let name = URL(fileURLWithPath: path).lastPathComponent
            print("\(name) \(solver) P = \(p): max |B_dist - B_single| = \(largest), \(worstRatio) of the bound, kappa_1 = \(reference.kappa)")
            if solver == "edlae" { #expect((0..<m).allSatisfy { b[$0, $0] == 0 }) }
        }
    }

    @Test("Groceries, EDLAE and DLAE, P = 1, 2, 4, block 40 (169 items)",
          .enabled(if: SharedData.isAvailable, SharedData.skipNote))
    func groceries() throws {
        let path = SharedData.file("groceries.csv")!
        try check(data: path, solver: "edlae", dropout: 0.75, lambda: 300, processes: [1, 2, 4], blockSize: 40)
        try check(data: path, solver: "dlae", dropout: 0.5, lambda: 1000, processes: [1, 2, 4], blockSize: 40)
    }

    @Test("Epub, EDLAE, P = 1, 2, 4, block 48", .enabled(if: SharedData.isAvailable, SharedData.skipNote))
    func epub() throws {
        try check(data: SharedData.file("epub.csv")!, solver: "edlae", dropout: 0.75, lambda: 30,
                  processes: [1, 2, 4], blockSize: 48)
    }

    @Test("Synthetic m = 2000, EDLAE (P = 1, 2, 4) and DLAE (P = 2), block 96")
    func synthetic() throws {
        let directory = try MPIRunner.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = try Self.syntheticFile(users: 6000, items: 2000, density: 0.01, seed: 7, in: directory)
        try check(data: path, solver: "edlae", dropout: 0.5, lambda: 20, processes: [1, 2, 4], blockSize: 96)
        try check(data: path, solver: "dlae", dropout: 0.5, lambda: 20, processes: [2], blockSize: 96)
    }

    @Test("More processes than block rows: 4 processes on a 4x1 grid for 3 block rows, and 2x2 for one block")
    func moreProcessesThanBlocks() throws {
        if let groceries = SharedData.file("groceries.csv") {
            try check(data: groceries, solver: "edlae", dropout: 0.5, lambda: 100, processes: [4], blockSize: 64, grid: "4x1")
        }
        let directory = try MPIRunner.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = try Self.syntheticFile(users: 40, items: 6, density: 0.5, seed: 3, in: directory)
        try check(data: path, solver: "edlae", dropout: 0.25, lambda: 1, processes: [4], blockSize: 8)
    }

    @Test("Not positive definite on one process's block: every process stops, one message names the item and the hint, status 1")
    func singularBlock() throws {
        let directory = try MPIRunner.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        // Items 0..<12 for 200 random users, item 9 never used: with p = 0 and lambda = 0 its row and
        // column of G + Lambda are zero, while the other items' block is positive definite.
        var generator = SplitMix64(seed: 11)
        var text = "user,item\n"
        for user in 0..<200 {
            for item in 0..<12 where item != 9 && generator.next() % 2 == 0 { text += "\(user),\(item)\n" }
        }
        text += "200,11\n"
        let path = directory.appendingPathComponent("singular.csv").path
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        let x = try Self.interactions(path)
        #expect(x.itemCount == 12)
        let expected = #expect(throws: SolverError.self) {
            try EDLAE(regularization: Regularization(dropout: 0, l2: 0)).fit(TrainingData(x))
        }
        let message = try #require(expected).description
        #expect(message.contains("item 9"))
        let output = directory.appendingPathComponent("model").path
        // Block 2 on a 2x2 grid: item 9 lies in block 4, on process (0, 0) only.
        let outcome = try MPIRunner.run(processes: 4, ["fit", "--data", path, "--solver", "edlae", "--dropout", "0",
                                                       "--lambda", "0", "--block-size", "2", "--output", output],
                                        timeout: 60)
        #expect(outcome.status != 0 && outcome.status != 124, "status \(outcome.status)")
        #expect(outcome.standardError.components(separatedBy: message).count == 2,
                "expected '\(message)' once in: \(outcome.standardError)")
        #expect(!FileManager.default.fileExists(atPath: output))
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: directory.path).filter { $0.hasPrefix(".model") }
        #expect(leftovers.isEmpty)
    }
}
