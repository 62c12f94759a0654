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
