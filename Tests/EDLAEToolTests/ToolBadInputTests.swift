import EDLAECore
import EDLAEMetrics
import EDLAESolvers
import Foundation
import Testing

/// Bad input given to the tool ends the run with a one-line message naming what was wrong, an
/// exit status in 1...127 (not a signal), and no backtrace; nothing of it traps.
@Suite(.serialized) struct ToolBadInputTests {
    /// A scratch directory removed after the test.
    final class Scratch {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("edlae-bad-\(UUID().uuidString)")
        init() throws { try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true) }
        deinit { try? FileManager.default.removeItem(at: url) }
        func path(_ name: String) -> String { url.appendingPathComponent(name).path }
        func write(_ text: String, to name: String) throws -> String {
            try text.write(toFile: path(name), atomically: true, encoding: .utf8)
            return path(name)
        }
    }

    /// Runs the tool with `arguments` and extra `environment` variables.
    static func run(_ arguments: [String], environment: [String: String] = [:],
                    input: String? = nil) throws -> (status: Int32, output: String, errors: String) {
        let tool = try #require(ToolLocation.executable)
        let process = Process()
        process.executableURL = tool
        process.arguments = arguments
        var variables = ProcessInfo.processInfo.environment
        variables["OPENBLAS_NUM_THREADS"] = "1"
        for (key, value) in environment { variables[key] = value }
        process.environment = variables
        let output = Pipe()
        process.standardOutput = output
        let errorFile = FileManager.default.temporaryDirectory.appendingPathComponent("edlae-stderr-\(UUID().uuidString)")
        _ = FileManager.default.createFile(atPath: errorFile.path, contents: nil)
        defer { try? FileManager.default.removeItem(at: errorFile) }
        let errorHandle = try FileHandle(forWritingTo: errorFile)
        process.standardError = errorHandle
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        try errorHandle.close()
        let errors = (try? String(contentsOf: errorFile, encoding: .utf8)) ?? ""
        let status = process.terminationReason == .uncaughtSignal ? 128 + process.terminationStatus : process.terminationStatus
        return (status, String(decoding: data, as: UTF8.self), errors)
    }

    /// Expects a clean failure: status 1...127, exactly one `Error:` line containing every one of
    /// `fragments`, and no backtrace or crash report.
    static func expectCleanFailure(_ arguments: [String], environment: [String: String] = [:],
                                   _ fragments: String..., sourceLocation: SourceLocation = #_sourceLocation) throws {
        let result = try run(arguments, environment: environment)
        let command = arguments.joined(separator: " ")
        #expect((1...127).contains(result.status), "\(command): status \(result.status)\n\(result.errors)",
                sourceLocation: sourceLocation)
        let errorLines = result.errors.split(separator: "\n").filter { $0.hasPrefix("Error:") }
        #expect(errorLines.count == 1, "\(command): \(result.errors)", sourceLocation: sourceLocation)
        for fragment in fragments {
            #expect(errorLines.first?.contains(fragment) == true, "\(command): '\(fragment)' not in \(result.errors)",
                    sourceLocation: sourceLocation)
        }
        for crash in ["Backtrace", "Fatal error", "Stack dump", "Precondition failed", "Illegal instruction"] {
            #expect(!result.errors.contains(crash), "\(command): \(result.errors)", sourceLocation: sourceLocation)
        }
    }

    // MARK: 1. Memory budget

    @Test func allocationsFromDataMeetTheMemoryBudget() throws {
        let scratch = try Scratch()
        let gapped = try scratch.write("user,item\n1,1\n2,2\n3,60000\n", to: "gapped.csv")
        let huge = try scratch.write("%%MatrixMarket matrix coordinate real general\n100000000 100000000 1\n1 1 1\n",
                                     to: "huge.mtx")
        let budget = ["EDLAE_MEMORY_BUDGET": "1G"]
        try Self.expectCleanFailure(["fit", "--data", gapped, "--ids", "indices", "--output", scratch.path("m")],
                                    environment: budget, "Gram matrix of 60001 items", "1.00 GiB", "EDLAE_MEMORY_BUDGET")
        try Self.expectCleanFailure(["fit", "--data", huge, "--format", "mtx", "--output", scratch.path("m")],
                                    environment: budget, "100000000 x 100000000", "memory budget allows 1.00 GiB")
        try Self.expectCleanFailure(["demo", "--items", "20000", "--users", "50"], environment: budget,
                                    "Gram matrix of", "1.00 GiB")
        // The default budget (the memory available now) refuses a Gram matrix of 400001 items (1.28 TB).
        let farApart = try scratch.write("user,item\n1,1\n2,2\n3,400000\n", to: "far.csv")
        try Self.expectCleanFailure(["fit", "--data", farApart, "--ids", "indices", "--output", scratch.path("m")],
                                    "Gram matrix of 400001 items", "are available")
        #expect(!FileManager.default.fileExists(atPath: scratch.path("m")))
    }
}

extension ToolBadInputTests {
    // MARK: 3. Counts from options

    @Test func countsAreCheckedAtParseTime() throws {
        let scratch = try Scratch()
        let data = try scratch.write("user,item\na,x\na,y\nb,y\nb,z\nc,x\nc,z\n", to: "small.csv")
        let huge = "9223372036854775807"
        let cases: [([String], String)] = [
            (["recommend", "--model", scratch.path("none"), "--items", "x", "--count", "0"], "--count must be at least 1, got 0"),
            (["recommend", "--model", scratch.path("none"), "--items", "x", "--count=-5"], "--count must be at least 1"),
            (["fit", "--data", data, "--solver", "admm", "--rank", "0", "--output", scratch.path("m")], "--rank must be in 1...2147483647"),
            (["fit", "--data", data, "--solver", "admm", "--rank", huge, "--output", scratch.path("m")], "got \(huge)"),
            (["fit", "--data", data, "--solver", "admm", "--epochs", huge, "--output", scratch.path("m")], "--epochs must be in 1...10000000"),
            (["fit", "--data", data, "--solver", "sampled", "--batch-size", "0", "--output", scratch.path("m")], "--batch-size must be in 1..."),
            (["fit", "--data", data, "--min-user-interactions=-1", "--output", scratch.path("m")], "--min-user-interactions must be in 0..."),
            (["evaluate", "--data", data, "--folds", "1"], "--folds must be in 2...2147483647, got 1"),
            (["evaluate", "--data", data, "--folds", huge], "--folds must be in 2...2147483647"),
            (["evaluate", "--data", data, "--test-users=-3"], "--test-users: a count of users must be 0 or more, got -3"),
            (["demo", "--users", huge], "--users must be in 50...2147483647"),
            (["demo", "--items", huge], "--items must be in 10...2147483647"),
            (["demo", "--rank", "3000"], "--rank must be in 1...2000 (the number of items), got 3000"),
            (["demo", "--epochs", "0"], "--epochs must be in 1...10000000"),
            (["dynamics", "--samples", "0"], "--samples must be in 1..."),
            (["dynamics", "--epochs", "10", "--record-every", "11"], "--record-every must be in 1...10 (the number of epochs), got 11"),
            (["embeddings", "--data", data, "--neighbors", "1"], "--neighbors must be in 2..."),
        ]
        for (arguments, message) in cases { try Self.expectCleanFailure(arguments, message) }
        #expect(!FileManager.default.fileExists(atPath: scratch.path("m")))
    }

    /// `--count 9223372036854775807` (heap corruption before) gives every item not in the basket.
    @Test func hugeRecommendCountGivesEveryItem() throws {
        let scratch = try Scratch()
        let data = try scratch.write("user,item\na,x\na,y\nb,y\nb,z\nc,x\nc,z\nd,x\nd,y\nd,z\n", to: "small.csv")
        let fit = try Self.run(["fit", "--data", data, "--solver", "dlae", "--lambda", "1", "--output", scratch.path("m")])
        #expect(fit.status == 0, "\(fit.errors)")
        let result = try Self.run(["recommend", "--model", scratch.path("m"), "--items", "x", "--count", "9223372036854775807"])
        #expect(result.status == 0, "\(result.errors)")
        #expect(result.output.split(separator: "\n").map { $0.split(separator: "\t")[1] }.sorted() == ["y", "z"])
    }
}

extension ToolBadInputTests {
    // MARK: 5. No silent garbage

    @Test func degenerateResultsAreErrors() throws {
        let scratch = try Scratch()
        let data = try scratch.write("user,item\na,x\na,y\nb,y\nb,z\nc,x\nc,z\nd,x\nd,y\nd,z\n", to: "small.csv")
        let model = scratch.path("m")
        #expect(try Self.run(["fit", "--data", data, "--solver", "dlae", "--lambda", "1", "--output", model]).status == 0)
        try Self.expectCleanFailure(["recommend", "--model", model, "--items", ""], "--items is empty")
        try Self.expectCleanFailure(["recommend", "--model", model, "--items", " , "], "--items is empty")
        for solver in ["edlae", "dlae", "weight-decay"] {
            try Self.expectCleanFailure(["fit", "--data", data, "--solver", solver, "--lambda", "1e200",
                                         "--output", scratch.path("zero")] + (solver == "weight-decay" ? ["--rank", "1"] : []),
                                        "every weight is zero", "lambda = 1e+200", "choose lambda of the order of the item counts")
        }
        try Self.expectCleanFailure(["fit", "--data", data, "--solver", "sampled", "--learning-rate", "1e100", "--epochs", "2",
                                     "--output", scratch.path("huge")], "diverged", "lower the learning rate")
        #expect(!FileManager.default.fileExists(atPath: scratch.path("zero")))
        #expect(!FileManager.default.fileExists(atPath: scratch.path("huge")))
    }
}

extension ToolBadInputTests {
    // MARK: 6. Messages a person can act on

    @Test func dataThatIsNotAFileIsNamed() throws {
        let scratch = try Scratch()
        let fifo = scratch.path("pipe")
        #expect(mkfifo(fifo, 0o600) == 0)
        let cases: [(String, String)] = [
            (scratch.url.path, "is a directory; give a data file inside it"),
            (fifo, "is a FIFO (named pipe), not a regular file"),
            ("/dev/null", "is a device (such as /dev/null), not a data file"),
            (scratch.path("missing.csv"), "missing.csv: cannot read the file: no such file"),
        ]
        for (path, message) in cases {
            for format in ["csv", "movielens", "mtx"] {
                try Self.expectCleanFailure(["fit", "--data", path, "--format", format, "--output", scratch.path("m")], message)
            }
        }
        try Self.expectCleanFailure(["fit", "--output", scratch.path("m"), "--rank", "0", "--solver", "dlae-lowrank"],
                                    "--rank must be in 1...2147483647")
        try Self.expectCleanFailure(["fit", "--output", scratch.path("m")], "--data FILE is required")
    }

    @Test func foldsBeyondTheUsersNameTheRange() throws {
        let scratch = try Scratch()
        var lines = ["user,item"]
        for user in 0..<30 { for item in 0..<6 { lines.append("u\(user),i\((user + item) % 12)") } }
        let data = try scratch.write(lines.joined(separator: "\n") + "\n", to: "d.csv")
        try Self.expectCleanFailure(["evaluate", "--data", data, "--folds", "5000"],
                                    "invalid folds 5000: valid range is 2...30 (the users with at least 5 interactions")
        try Self.expectCleanFailure(["tune", "--data", data, "--folds", "5000", "--dropouts", "0.5", "--lambdas", "1"],
                                    "invalid folds 5000: valid range is 2...")
    }

    /// A rank the data do not support (40 users, rank 100): ADMM's k x k factor system is singular
    /// in exact arithmetic. Whether the Cholesky factorisation sees a non-positive pivot depends on
    /// the kernel's rounding; when it does (it does with the OpenBLAS Prescott and Haswell kernels), the message
    /// names the rank and what to change, else the model is finite.
    @Test func unsupportedRankSaysWhatToChange() throws {
        let scratch = try Scratch()
        var random = SplitMix64(seed: 3)
        var lines = ["user,item"]
        for user in 0..<40 {
            var basket = Set<Int>()
            while basket.count < 6 { basket.insert(Int(random.next() % 150)) }
            lines += basket.sorted().map { "u\(user),i\($0)" }
        }
        let data = try scratch.write(lines.joined(separator: "\n") + "\n", to: "d.csv")
        let arguments = ["fit", "--data", data, "--solver", "admm", "--rank", "100", "--epochs", "3", "--output", scratch.path("m")]
        let result = try Self.run(arguments)
        if result.status == 0 {
            #expect(try ModelArchive.load(from: scratch.path("m")).model.rank == 100)
        } else {
            try Self.expectCleanFailure(arguments, "fewer than rank 100", "choose a smaller rank")
        }
    }

    /// With OpenBLAS's `Prescott` kernel and one thread, a single-precision full-rank fit of an odd
    /// number of items (here 169, as in the Groceries data) ended in a segmentation fault inside
    /// `strsm_kernel_RT_PRESCOTT`; it now fits, and `B` agrees with the fit under `Haswell` to
    /// single-precision rounding (twice the inverse's forward error, `4 m u kappa max |B|`).
    @Test func singlePrecisionFitUnderThePrescottKernel() throws {
        let scratch = try Scratch()
        var lines = ["user,item"]
        var generator = SplitMix64(seed: 169)
        for user in 0..<400 {
            for item in 0..<169 where item % 400 == user % 169 || generator.nextUnitDouble() < 0.05 {
                lines.append("\(user),\(item)")
            }
        }
        let data = try scratch.write(lines.joined(separator: "\n") + "\n", to: "odd.csv")
        var weights = [Matrix<Double>]()
        for kernel in ["Prescott", "Haswell"] {
            let folder = scratch.path("model-\(kernel)")
            let result = try Self.run(["fit", "--data", data, "--solver", "dlae", "--dropout", "0.5", "--lambda", "10",
                                       "--precision", "single", "--output", folder, "--quiet"],
                                      environment: ["OPENBLAS_CORETYPE": kernel])
            #expect(result.status == 0, "\(kernel): status \(result.status): \(result.errors)")
            guard result.status == 0 else { return }
            let b = try NumPyArray.read(folder + "/B.npy", as: Float.self)
            weights.append(Matrix(rows: b.rows, columns: b.columns) { i, j in Double(b[i, j]) })
        }
        // kappa(G + Lambda) <= (Gershgorin's largest row sum) / lambda, since G is positive
        // semidefinite and Lambda >= lambda I; each Float inverse is within 4 m u kappa of C.
        let x = try InteractionDataset(contentsOfCSVFile: data).interactions
        let gram = try x.gram()
        let lambda = try Regularization(dropout: 0.5, l2: 10).weights(itemCounts: gram.diagonal)
        let largest = (0..<169).map { i in (0..<169).reduce(lambda[i]) { $0 + abs(gram[i, $1]) } }.max()!
        let kappa = largest / 10
        let scale = weights[1].withUnsafeBufferPointer { $0.map(abs).max() ?? 0 }
        let bound = 2 * 4 * 169 * Double(Float.ulpOfOne / 2) * kappa * Swift.max(1, scale)
        let difference = weights[0].maxAbsoluteDifference(to: weights[1])
        #expect(difference <= bound, "\(difference) > \(bound)")
    }
}
