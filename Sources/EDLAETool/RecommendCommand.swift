import ArgumentParser
import EDLAEMetrics

/// `edlae recommend`: top-N items for one basket of items, from a saved model.
struct Recommend: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Recommend items for a user given by the items they have, using a saved model folder.")

    @Option(name: .long, help: ArgumentHelp("The model folder written by `edlae fit`.", valueName: "dir"))
    var model: String

    @Option(name: .long, help: ArgumentHelp("Comma-separated external ids of the user's items.", valueName: "id,id,..."))
    var items: String

    @Option(name: .long, help: "How many items to recommend (a count above the number of items gives all of them).")
    var count: Int = 10

    func validate() throws {
        guard count >= 1 else { throw ValidationError("--count must be at least 1, got \(count)") }
    }

    func run() throws {
        let archive = try ModelArchive.load(from: model)
        var index = [String: Int]()
        for (i, id) in archive.itemIDs.enumerated() { index[id] = i }
        let ids = items.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        guard !ids.isEmpty else {
            throw ToolError.invalidOption("--items is empty: give the ids of the user's items, e.g. --items \(archive.itemIDs.prefix(2).joined(separator: ","))")
        }
        let unknown = ids.filter { index[$0] == nil }
        guard unknown.isEmpty else { throw ToolError.unknownItems(unknown) }
        let m = archive.model.itemCount
        let columns = ids.map { index[$0]! }
        let x = Matrix<Double>(rows: 1, columns: m) { _, j in columns.contains(j) ? 1 : 0 }
        let scores = archive.model.scores(for: x).row(0)
        for (rank, item) in TopKSelection.topIndices(of: scores, count: count, excluding: columns).enumerated() {
            print("\(rank + 1)\t\(archive.itemIDs[item])\t\(String(format: "%.6g", scores[item]))")
        }
    }
}
