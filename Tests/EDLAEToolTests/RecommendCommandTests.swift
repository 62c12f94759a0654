import EDLAECore
import EDLAESolvers
import Foundation
import Testing

/// `edlae recommend` and `fit`'s serving options, from the shell.
@Suite("edlae recommend: JSON, batches, exclusions, names")
struct RecommendCommandTests {
    /// Fits `dlae` on the baskets of ``ToolCommandTests`` (item ids are text) with names from a file.
    static func fittedModel(_ scratch: ToolCommandTests.Scratch) throws -> URL {
        let tool = try #require(ToolLocation.executable)
        try ToolCommandTests.baskets.write(toFile: scratch.path("baskets.csv"), atomically: true, encoding: .utf8)
        let fit = try ToolLocation.run(tool, ["fit", "--data", scratch.path("baskets.csv"), "--solver", "dlae",
                                              "--lambda", "1", "--output", scratch.path("model"), "--quiet"])
        #expect(fit.status == 0, "\(fit.errors)")
        #expect(!fit.errors.contains("fitting"), "--quiet printed progress: \(fit.errors)")
        return tool
    }

    @Test func jsonAndOptions() throws {
        let scratch = try ToolCommandTests.Scratch()
        let tool = try Self.fittedModel(scratch)
        let result = try ToolLocation.run(tool, ["recommend", "--model", scratch.path("model"), "--items", "bread",
                                                 "--count", "9223372036854775807", "--exclude", "milk",
                                                 "--candidates", "butter,milk,tea,bread", "--json"])
        #expect(result.status == 0, "\(result.errors)")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(result.output.utf8)) as? [String: Any])
        let items = try #require(object["items"] as? [[String: Any]])
        // Candidates minus the history (bread) and the exclusion (milk); a huge count gives them all.
        #expect(items.compactMap { $0["item"] as? String } == ["butter", "tea"])
        #expect(items.allSatisfy { $0["score"] is Double })
    }

    @Test func batchOfHistoriesAsCSVAndJSONLines() throws {
        let scratch = try ToolCommandTests.Scratch()
        let tool = try Self.fittedModel(scratch)
        try "user,item\nann,bread\nann,milk\nbob,tea\n".write(toFile: scratch.path("h.csv"), atomically: true, encoding: .utf8)
        let csv = try ToolLocation.run(tool, ["recommend", "--model", scratch.path("model"), "--histories", scratch.path("h.csv"),
                                              "--count", "2"])
        #expect(csv.status == 0, "\(csv.errors)")
        let lines = csv.output.split(separator: "\n").map(String.init)
        #expect(lines.first == "user,rank,item,score")
        #expect(lines.dropFirst().map { $0.split(separator: ",").prefix(2).joined(separator: ",") }
                == ["ann,1", "ann,2", "bob,1", "bob,2"])
        #expect(lines[1].split(separator: ",")[2] == "butter")
        let json = try ToolLocation.run(tool, ["recommend", "--model", scratch.path("model"), "--histories", scratch.path("h.csv"),
                                               "--count", "2", "--json"])
        let objects = try json.output.split(separator: "\n").map {
            try #require(try JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any])
        }
        #expect(objects.compactMap { $0["user"] as? String } == ["ann", "bob"])
    }

    @Test func badRequestsAreOneLineErrors() throws {
        let scratch = try ToolCommandTests.Scratch()
        let tool = try Self.fittedModel(scratch)
        let cases: [([String], String)] = [
            (["--items", ""], "--items is empty"),
            (["--items", "bread", "--count", "0"], "--count must be at least 1"),
            (["--items", "bread", "--exclude", "caviar"], "unknown item ids (1): caviar"),
            (["--items", "caviar", "--ignore-unknown"], "the history holds no known item"),
        ]
        for (arguments, fragment) in cases {
            let result = try ToolLocation.run(tool, ["recommend", "--model", scratch.path("model")] + arguments)
            #expect((1...127).contains(result.status), "\(arguments)")
            #expect(result.errors.contains(fragment), "\(arguments): \(result.errors)")
            #expect(!result.errors.contains("Stack dump") && !result.errors.contains("Fatal error"), "\(arguments)")
        }
    }

    @Test func itemNamesAreShownBesideTheIds() throws {
        let scratch = try ToolCommandTests.Scratch()
        let tool = try #require(ToolLocation.executable)
        try "user,item\n0,0\n0,1\n1,0\n1,1\n2,1\n2,2\n3,0\n3,2\n".write(toFile: scratch.path("x.csv"), atomically: true, encoding: .utf8)
        try "apples\nbananas\ncherries\n".write(toFile: scratch.path("names.txt"), atomically: true, encoding: .utf8)
        let fit = try ToolLocation.run(tool, ["fit", "--data", scratch.path("x.csv"), "--solver", "edlae", "--lambda", "1",
                                              "--output", scratch.path("m"), "--item-names", scratch.path("names.txt")])
        #expect(fit.status == 0, "\(fit.errors)")
        let result = try ToolLocation.run(tool, ["recommend", "--model", scratch.path("m"), "--items", "0", "--count", "1"])
        let fields = result.output.split(separator: "\n").first?.split(separator: "\t").map(String.init) ?? []
        #expect(fields.count == 4 && fields.last.map { ["bananas", "cherries"].contains($0) } == true, "\(result.output)")
    }

    @Test func fitChecksTheOutputFolderBeforeFitting() throws {
        let scratch = try ToolCommandTests.Scratch()
        let tool = try #require(ToolLocation.executable)
        try ToolCommandTests.baskets.write(toFile: scratch.path("baskets.csv"), atomically: true, encoding: .utf8)
        let result = try ToolLocation.run(tool, ["fit", "--data", scratch.path("baskets.csv"), "--output",
                                                 scratch.path("missing/model")])
        #expect(result.status == 1)
        #expect(result.errors.contains("does not exist") && !result.errors.contains("fitting"), "\(result.errors)")
    }

    @Test func versionIsTheChangelogsVersion() throws {
        let tool = try #require(ToolLocation.executable)
        let result = try ToolLocation.run(tool, ["--version"])
        #expect(result.output.trimmingCharacters(in: .whitespacesAndNewlines) == LibraryVersion.current)
        let changelog = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("CHANGELOG.md")
        let text = try String(contentsOf: changelog, encoding: .utf8)
        let heading = text.split(separator: "\n").first { $0.hasPrefix("## [") && !$0.hasPrefix("## [Unreleased]") }
        #expect(heading?.hasPrefix("## [\(LibraryVersion.current)]") == true, "\(String(describing: heading))")
    }

    @Test func optionsWithoutEffectAreErrors() throws {
        let scratch = try ToolCommandTests.Scratch()
        let tool = try #require(ToolLocation.executable)
        try ToolCommandTests.baskets.write(toFile: scratch.path("baskets.csv"), atomically: true, encoding: .utf8)
        let cases: [([String], String)] = [
            (["fit", "--data", scratch.path("baskets.csv"), "--output", scratch.path("m"), "--solver", "edlae", "--omega", "3"],
             "--omega has no effect on edlae; it is used by admm"),
            (["fit", "--data", scratch.path("baskets.csv"), "--output", scratch.path("m"), "--solver", "dlae", "--rank", "3"],
             "--rank has no effect on dlae"),
            (["tune", "--data", scratch.path("baskets.csv"), "--solver", "dlae", "--dropout", "0.9"], "use --dropouts"),
            (["tune", "--data", scratch.path("baskets.csv"), "--solver", "edlae", "--ranks", "2,3"], "--ranks has no effect on edlae"),
            (["sweep", "--data", scratch.path("baskets.csv"), "--rank", "7"], "use --ranks"),
        ]
        for (arguments, fragment) in cases {
            let result = try ToolLocation.run(tool, arguments)
            #expect(result.status == 1, "\(arguments)")
            #expect(result.errors.contains(fragment), "\(arguments): \(result.errors)")
        }
        // --precision applies to every solver: a factored single-precision model is saved as <f4.
        let single = try ToolLocation.run(tool, ["fit", "--data", scratch.path("baskets.csv"), "--output", scratch.path("m"),
                                                 "--solver", "admm", "--rank", "2", "--precision", "single", "--quiet"])
        #expect(single.status == 0, "\(single.errors)")
        let manifest = try String(contentsOfFile: scratch.path("m/model.json"), encoding: .utf8)
        #expect(manifest.contains("\"dataType\" : \"<f4\""), "\(manifest)")
    }
}
