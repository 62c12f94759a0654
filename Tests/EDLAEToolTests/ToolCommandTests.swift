import EDLAECore
import EDLAEMetrics
import EDLAESolvers
import Foundation
import Testing

/// The subcommands as a user runs them: external ids through `fit` and `recommend`, one-line
/// errors, every solver name reachable, and the dynamics CSV.
@Suite struct ToolCommandTests {
    /// A scratch directory removed after the test.
    final class Scratch {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("edlae-tool-\(UUID().uuidString)")
        init() throws { try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true) }
        deinit { try? FileManager.default.removeItem(at: url) }
        func path(_ name: String) -> String { url.appendingPathComponent(name).path }
    }

    /// Baskets with text ids in which `bread` always comes with `butter`.
    static let baskets: String = {
        var random = SplitMix64(seed: 7)
        let items = ["milk", "bread", "butter", "eggs", "cheese", "jam", "tea", "coffee"]
        var lines = ["user,item"]
        for user in 0..<80 {
            var basket = Set<String>()
            while basket.count < 3 { basket.insert(items[Int(random.next() % UInt64(items.count))]) }
            if basket.contains("bread") { basket.insert("butter") }
            lines += basket.sorted().map { "shopper-\(user),\($0)" }
        }
        return lines.joined(separator: "\n") + "\n"
    }()

    @Test func fitAndRecommendSpeakTheFilesItemIDs() throws {
        let tool = try #require(ToolLocation.executable)
        let scratch = try Scratch()
        try Self.baskets.write(toFile: scratch.path("baskets.csv"), atomically: true, encoding: .utf8)
        let fit = try ToolLocation.run(tool, ["fit", "--data", scratch.path("baskets.csv"), "--solver", "dlae",
                                              "--lambda", "1", "--output", scratch.path("model")])
        #expect(fit.status == 0, "\(fit.errors)")
        let recommend = try ToolLocation.run(tool, ["recommend", "--model", scratch.path("model"),
                                                    "--items", "bread,milk", "--count", "3"])
        #expect(recommend.status == 0, "\(recommend.errors)")
        let lines = recommend.output.split(separator: "\n").map { $0.split(separator: "\t").map(String.init) }
        #expect(lines.count == 3)
        #expect(lines.map { $0[0] } == ["1", "2", "3"])
        let recommended = lines.map { $0[1] }
        // Text ids out, the given items excluded, and butter (always bought with bread) first.
        #expect(Set(recommended).isSubset(of: ["butter", "eggs", "cheese", "jam", "tea", "coffee"]))
        #expect(recommended.first == "butter")
        let unknown = try ToolLocation.run(tool, ["recommend", "--model", scratch.path("model"), "--items", "caviar"])
        #expect(unknown.status != 0)
        #expect(unknown.errors.contains("unknown item ids (1): caviar"))
    }

    @Test func errorsAreOneLineMessages() throws {
        let tool = try #require(ToolLocation.executable)
        let scratch = try Scratch()
        try "user,item\n0,1\n1,2,3,4\n".write(toFile: scratch.path("bad.csv"), atomically: true, encoding: .utf8)
        let cases: [([String], String)] = [
            (["evaluate", "--data", scratch.path("bad.csv")], "bad.csv:3: expected 2 or 3 columns, found 4"),
            (["evaluate", "--data", scratch.path("baskets.csv")], "baskets.csv"),
            (["fit", "--data", scratch.path("bad.csv"), "--output", scratch.path("m")], "bad.csv:3:"),
            (["evaluate", "--data", scratch.path("bad.csv"), "--solver", "nonsense"], "unknown solver 'nonsense'"),
        ]
        for (arguments, fragment) in cases {
            let result = try ToolLocation.run(tool, arguments)
            #expect(result.status == 1, "\(arguments)")
            let errorLines = result.errors.split(separator: "\n").filter { $0.hasPrefix("Error:") }
            #expect(errorLines.count == 1, "\(arguments): \(result.errors)")
            #expect(result.errors.contains(fragment), "\(arguments): \(result.errors)")
        }
        // Invalid hyperparameters of each kind of solver reach the user as the solver's message.
        try Self.baskets.write(toFile: scratch.path("baskets.csv"), atomically: true, encoding: .utf8)
        let solverCases: [([String], String)] = [
            (["--solver", "dlae", "--dropout", "1.5"], "invalid dropout p 1.5"),
            (["--solver", "admm", "--rank", "50"], "rank 50 is out of range: valid range is 1...8"),
            (["--solver", "admm", "--rank", "2", "--omega=-1"], "invalid omega -1.0"),
            (["--solver", "weight-decay", "--lambda=-2"], "invalid weight decay lambda -2.0"),
            (["--solver", "edlae-emphasis", "--emphasis", "1"], "--emphasis takes two numbers"),
            (["--solver", "sampled", "--learning-rate", "0"], "invalid learning rate 0.0"),
        ]
        for (options, fragment) in solverCases {
            let result = try ToolLocation.run(tool, ["fit", "--data", scratch.path("baskets.csv"), "--output",
                                                     scratch.path("m")] + options)
            #expect(result.status == 1, "\(options)")
            #expect(result.errors.split(separator: "\n").last.map { $0.hasPrefix("Error: ") && $0.contains(fragment) } == true,
                    "\(options): \(result.errors)")
        }
    }

    @Test func everySolverNameFitsAndSavesAModel() throws {
        let tool = try #require(ToolLocation.executable)
        let scratch = try Scratch()
        try Self.baskets.write(toFile: scratch.path("baskets.csv"), atomically: true, encoding: .utf8)
        for kind in SolverKind.allCases {
            let name = kind.name
            let rank = kind.rankUse == .required ? ["--rank", "3"] : []
            let epochs = kind.uses(.epochs) ? ["--epochs", "3"] : []
            let result = try ToolLocation.run(tool, ["fit", "--data", scratch.path("baskets.csv"), "--solver", name,
                                                     "--lambda", "1", "--output", scratch.path(name)] + rank + epochs)
            #expect(result.status == 0, "\(name): \(result.errors)")
            let archive = try ModelArchive.load(from: scratch.path(name))
            #expect(archive.solver == name)
            #expect(archive.model.rank == (rank.isEmpty ? nil : 3), "\(name)")
            #expect(archive.itemIDs.sorted() == ["bread", "butter", "cheese", "coffee", "eggs", "jam", "milk", "tea"])
        }
    }

    @Test func dynamicsWritesTheTrajectoriesAsCSV() throws {
        let tool = try #require(ToolLocation.executable)
        let scratch = try Scratch()
        let result = try ToolLocation.run(tool, ["dynamics", "--epochs", "400", "--record-every", "100",
                                                 "--plot", scratch.path("d.svg")])
        #expect(result.status == 0, "\(result.errors)")
        let lines = result.output.split(separator: "\n")
        #expect(lines.first == "run,time,direction,eigenvalue,analytic,simulated")
        // 3 runs x 5 recorded epochs (0, 100, ..., 400) x 4 directions.
        #expect(lines.count == 1 + 3 * 5 * 4)
        // Expected-gradient simulation follows the analytic curve (Sources/EDLAESolvers/EDLAESolvers.docc/LearningDynamicsDerivation.md measures
        // at most 0.0025 for these settings); 0.02 leaves room for the forward-Euler error only.
        for line in lines.dropFirst() {
            let fields = line.split(separator: ",")
            let analytic = try #require(Double(fields[4])), simulated = try #require(Double(fields[5]))
            #expect(abs(analytic - simulated) < 0.02, "\(line)")
        }
        let svg = try String(contentsOfFile: scratch.path("d.svg"), encoding: .utf8)
        #expect(svg.hasPrefix("<svg") && svg.contains("WDAE") && svg.hasSuffix("</svg>\n"))
    }
}
