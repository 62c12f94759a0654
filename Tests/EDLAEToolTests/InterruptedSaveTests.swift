import EDLAECore
import EDLAEMetrics
import EDLAESolvers
import Foundation
import Testing

/// `edlae fit --output` never destroys what it did not write, and a SIGINT or SIGTERM at any
/// moment leaves either the old model or the new one, and no temporary folder.
@Suite(.serialized) struct InterruptedSaveTests {
    /// 300 users x 600 items (a 2.9 MB `B.npy`, so that the save takes a visible share of the run).
    static func writeData(to path: String) throws {
        var random = SplitMix64(seed: 11)
        var lines = ["user,item"]
        for user in 0..<300 {
            var basket = Set<Int>()
            while basket.count < 12 { basket.insert(Int(random.next() % 1500)) }
            lines += basket.sorted().map { "u\(user),i\($0)" }
        }
        for item in 0..<1500 { lines.append("all,i\(item)") }  // every item occurs (B is 18 MB: a save long enough to interrupt)
        try (lines.joined(separator: "\n") + "\n").write(toFile: path, atomically: true, encoding: .utf8)
    }

    /// Starts `edlae` with `arguments`; standard error comes through the returned pipe.
    static func start(_ arguments: [String]) throws -> (process: Process, errors: Pipe) {
        let process = Process()
        process.executableURL = try #require(ToolLocation.executable)
        process.arguments = arguments
        var environment = ProcessInfo.processInfo.environment
        environment["OPENBLAS_NUM_THREADS"] = "1"
        process.environment = environment
        process.standardOutput = FileHandle.nullDevice
        let errors = Pipe()
        process.standardError = errors
        try process.run()
        return (process, errors)
    }

    /// Reads standard error until a line contains `marker` (the fit's "fitted in ... s", printed
    /// just before the save starts); returns everything read.
    static func read(_ pipe: Pipe, until marker: String) -> String {
        var text = ""
        while !text.contains(marker) {
            let chunk = pipe.fileHandleForReading.availableData
            if chunk.isEmpty { break }
            text += String(decoding: chunk, as: UTF8.self)
        }
        return text
    }

    static func seconds(_ duration: Duration) -> Double {
        Double(duration.components.seconds) + Double(duration.components.attoseconds) * 1e-18
    }

    @Test func interruptedSavesLeaveTheOldModelAndNoTemporaries() throws {
        let scratch = try ToolBadInputTests.Scratch()
        let data = scratch.path("data.csv")
        try Self.writeData(to: data)
        let output = scratch.path("model")
        let arguments = ["fit", "--data", data, "--solver", "dlae", "--lambda", "5", "--output", output]
        // The first model, and how long its save takes (from "fitted" to the exit).
        let clock = ContinuousClock()
        let first = try Self.start(arguments)
        _ = Self.read(first.errors, until: "fitted in")
        let saveStart = clock.now
        first.process.waitUntilExit()
        let saveSeconds = Self.seconds(clock.now - saveStart)
        #expect(first.process.terminationStatus == 0)
        let original = try ModelArchive.load(from: output)
        try "keep".write(toFile: scratch.path("neighbour.txt"), atomically: true, encoding: .utf8)

        var random = SplitMix64(seed: 2026)
        var removedTemporaries = 0
        // At least 8 rounds, and more (up to 32) until 3 signals have hit a save in progress: on a
        // loaded machine many land just before or after the save.
        var round = -1
        while round < 7 || (removedTemporaries < 3 && round < 31) {
            round += 1
            let run = try Self.start(arguments)
            _ = Self.read(run.errors, until: "fitted in")
            // A moment uniform over the save (a little past it, so that some runs finish).
            Thread.sleep(forTimeInterval: Double(random.next() % 1000) / 1000 * 1.2 * saveSeconds)
            let signalNumber = round % 2 == 0 ? SIGINT : SIGTERM
            kill(run.process.processIdentifier, signalNumber)
            let messages = Self.read(run.errors, until: "\u{0}")
            run.process.waitUntilExit()
            if messages.contains("removed") { removedTemporaries += 1 }
            // Interrupted or finished: a complete model (the same weights: a deterministic fit),
            // and nothing else beside it.
            #expect([0, 128 + signalNumber].contains(run.process.terminationStatus),
                    "round \(round): status \(run.process.terminationStatus)")
            let loaded = try ModelArchive.load(from: output)
            #expect(loaded.model.denseWeights() == original.model.denseWeights(), "round \(round)")
            let entries = try FileManager.default.contentsOfDirectory(atPath: scratch.url.path).sorted()
            #expect(entries == ["data.csv", "model", "neighbour.txt"], "round \(round): \(entries)")
            #expect(try FileManager.default.contentsOfDirectory(atPath: output).sorted() == ["B.npy", "model.json"])
        }
        // Most signals must have hit a save in progress, or the test proves nothing.
        #expect(removedTemporaries >= 3,
                "only \(removedTemporaries) of \(round + 1) signals arrived during a save (save takes \(saveSeconds) s)")
    }

    /// A process killed with SIGKILL cannot clean up: the next save sweeps its temporary folder
    /// (and puts an old model moved aside back), but leaves alone whatever is not a model file.
    @Test func staleTemporariesOfDeadProcessesAreSwept() throws {
        let scratch = try ToolBadInputTests.Scratch()
        let data = scratch.path("data.csv")
        try "user,item\na,x\na,y\nb,y\nb,z\nc,x\nc,z\n".write(toFile: data, atomically: true, encoding: .utf8)
        let dead = try Self.start(["--help"])
        dead.process.waitUntilExit()
        let pid = dead.process.processIdentifier
        let fm = FileManager.default
        let staleTemporary = scratch.path(".model.tmp-\(pid)-\(UUID().uuidString)")
        try fm.createDirectory(atPath: staleTemporary, withIntermediateDirectories: true)
        try Data(count: 1000).write(to: URL(fileURLWithPath: staleTemporary + "/B.npy"))
        let foreign = scratch.path(".model.tmp-\(pid)-\(UUID().uuidString)")
        try fm.createDirectory(atPath: foreign, withIntermediateDirectories: true)
        try "mine".write(toFile: foreign + "/notes.txt", atomically: true, encoding: .utf8)
        let unrelated = scratch.path(".model.tmp-backup")
        try fm.createDirectory(atPath: unrelated, withIntermediateDirectories: true)
        let fit = try ToolBadInputTests.run(["fit", "--data", data, "--solver", "dlae", "--lambda", "1", "--output", scratch.path("model")])
        #expect(fit.status == 0, "\(fit.errors)")
        #expect(!fm.fileExists(atPath: staleTemporary))
        #expect(fm.fileExists(atPath: foreign + "/notes.txt"))  // not only model files: kept
        #expect(fm.fileExists(atPath: unrelated))               // not this tool's name pattern: kept
        // An old model moved aside by a killed save comes back when the target is missing.
        let aside = scratch.path(".model.old-\(pid)-\(UUID().uuidString)")
        try fm.moveItem(atPath: scratch.path("model"), toPath: aside)
        let again = try ToolBadInputTests.run(["fit", "--data", data, "--solver", "dlae", "--lambda", "2", "--output", scratch.path("model")])
        #expect(again.status == 0, "\(again.errors)")
        #expect(!fm.fileExists(atPath: aside))
        #expect(try ModelArchive.load(from: scratch.path("model")).hyperparameters["lambda"] == 2)
    }

    /// What is not this tool's model folder, or holds other files, is refused before the fit, and
    /// `--force` overwrites only the model's own files.
    @Test func foreignFoldersAreNeverReplaced() throws {
        let scratch = try ToolBadInputTests.Scratch()
        let data = scratch.path("data.csv")
        try "user,item\na,x\na,y\nb,y\nb,z\nc,x\nc,z\n".write(toFile: data, atomically: true, encoding: .utf8)
        let fm = FileManager.default
        // A folder whose model.json this tool did not write, with the user's other files.
        let foreign = scratch.path("project")
        try fm.createDirectory(atPath: foreign, withIntermediateDirectories: true)
        try #"{"name": "my project"}"#.write(toFile: foreign + "/model.json", atomically: true, encoding: .utf8)
        try "data".write(toFile: foreign + "/thesis.tex", atomically: true, encoding: .utf8)
        let fit = ["fit", "--data", data, "--solver", "dlae", "--lambda", "1", "--output"]
        try ToolBadInputTests.expectCleanFailure(fit + [foreign], "is not a model folder written by edlae")
        #expect(try String(contentsOfFile: foreign + "/model.json", encoding: .utf8) == #"{"name": "my project"}"#)
        // A model folder with an extra file: refused, nothing touched.
        let model = scratch.path("model")
        #expect(try ToolBadInputTests.run(fit + [model]).status == 0)
        try "results".write(toFile: model + "/notes.txt", atomically: true, encoding: .utf8)
        try ToolBadInputTests.expectCleanFailure(fit + [model], "holds files that are not part of the model (notes.txt)", "--force")
        // --force writes the model's files and deletes nothing.
        let forced = try ToolBadInputTests.run(fit + [model, "--force"])
        #expect(forced.status == 0, "\(forced.errors)")
        #expect(try fm.contentsOfDirectory(atPath: model).sorted() == ["B.npy", "model.json", "notes.txt"])
        let forcedForeign = try ToolBadInputTests.run(fit + [foreign, "--force"])
        #expect(forcedForeign.status == 0, "\(forcedForeign.errors)")
        #expect(try fm.contentsOfDirectory(atPath: foreign).sorted() == ["B.npy", "model.json", "thesis.tex"])
        #expect(try ModelArchive.load(from: foreign).model.itemCount == 3)
        // A file as the destination is refused even with --force.
        try "x".write(toFile: scratch.path("file"), atomically: true, encoding: .utf8)
        try ToolBadInputTests.expectCleanFailure(fit + [scratch.path("file"), "--force"], "is not a model folder")
    }
}
