import EDLAECore
import EDLAEMetrics
import EDLAESolvers
import Foundation
import Testing

/// `--ids`: by default integer ids with gaps give one item per distinct id, carried into the model
/// folder and back out of `recommend`; `--ids indices` is the explicit opt-in to ids as positions.
@Suite struct IdentifierOptionTests {
    /// 60 users over 6 items whose ids have gaps (up to 193609, as MovieLens `movieId`s); item
    /// 500 always comes with item 193609.
    static let gappedItems: String = {
        var random = SplitMix64(seed: 11)
        let items = [193_609, 10, 500, 7, 4_242, 31]
        var lines = ["user,item"]
        for user in 0..<60 {
            var basket = Set<Int>()
            while basket.count < 3 { basket.insert(items[Int(random.next() % UInt64(items.count))]) }
            if basket.contains(500) { basket.insert(193_609) }
            lines += basket.map { "\(1_000 + 7 * user),\($0)" }
        }
        return lines.joined(separator: "\n") + "\n"
    }()

    @Test func integerIdsWithGapsGiveOneItemPerIdFromFileToModelToRecommendation() throws {
        let tool = try #require(ToolLocation.executable)
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("edlae-ids-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let data = directory.appendingPathComponent("ratings.csv").path
        let model = directory.appendingPathComponent("model").path
        try Self.gappedItems.write(toFile: data, atomically: true, encoding: .utf8)

        let fit = try ToolLocation.run(tool, ["fit", "--data", data, "--solver", "dlae", "--lambda", "1", "--output", model])
        #expect(fit.status == 0, "\(fit.errors)")
        let archive = try ModelArchive.load(from: model)
        #expect(archive.model.itemCount == 6)
        #expect(archive.itemIDs == ["7", "10", "31", "500", "4242", "193609"])   // ascending ids, one per item

        let recommend = try ToolLocation.run(tool, ["recommend", "--model", model, "--items", "500", "--count", "5"])
        #expect(recommend.status == 0, "\(recommend.errors)")
        let recommended = recommend.output.split(separator: "\n").map { String($0.split(separator: "\t")[1]) }
        #expect(recommended.count == 5)
        #expect(Set(recommended) == ["7", "10", "31", "4242", "193609"])
        #expect(recommended.first == "193609")
    }

    @Test func indicesIsTheExplicitOptInToIdsAsPositions() throws {
        let tool = try #require(ToolLocation.executable)
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("edlae-ids-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let data = directory.appendingPathComponent("small.csv").path
        try "user,item\n0,3\n0,40\n2,3\n2,17\n5,40\n5,17\n".write(toFile: data, atomically: true, encoding: .utf8)
        for (ids, itemCount) in [([String](), 3), (["--ids", "auto"], 3), (["--ids", "mapped"], 3), (["--ids", "indices"], 41)] {
            let model = directory.appendingPathComponent("model-\(ids.last ?? "default")").path
            let fit = try ToolLocation.run(tool, ["fit", "--data", data, "--solver", "dlae", "--lambda", "1", "--output", model] + ids)
            #expect(fit.status == 0, "\(ids): \(fit.errors)")
            #expect(try ModelArchive.load(from: model).model.itemCount == itemCount, "\(ids)")
        }
    }
}
