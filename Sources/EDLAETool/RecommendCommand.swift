import ArgumentParser
import EDLAECore
import EDLAEMetrics
import EDLAESolvers
import Foundation

/// `edlae recommend`: top-N items for one history, or for every user of a file, from a saved model.
struct Recommend: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Recommend items from a saved model folder: for one history (--items) or for every user of a file (--histories).",
        discussion: """
            Scores are x B (or x U V^T) for the binary row x of a user's items; the best --count items are \
            returned with their scores, the user's own items left out (unless --keep-history), and never an \
            item without training interactions. One history prints `rank<TAB>item<TAB>score[<TAB>name]` \
            lines (or one JSON object with --json); --histories FILE (user,item lines, e.g. the training \
            file) prints `user,rank,item,score[,name]` CSV lines (or one JSON object per user with --json).
            """)

    @Option(name: .long, help: ArgumentHelp("The model folder written by `edlae fit`.", valueName: "dir"))
    var model: String

    @Option(name: .long, help: ArgumentHelp("Comma-separated external ids of one user's items.", valueName: "id,id,..."))
    var items: String?

    @Option(name: .long, help: ArgumentHelp("A csv of user,item lines (header optional): recommend for every user in it.", valueName: "file"))
    var histories: String?

    @Option(name: .long, help: "How many items to recommend per user (1 or more; above the number of items gives them all).")
    var count: Int = 10

    @Flag(name: .long, help: "Allow the user's own items in the recommendations.")
    var keepHistory = false

    @Option(name: .long, help: ArgumentHelp("Comma-separated item ids never to recommend.", valueName: "id,id,..."))
    var exclude: String?

    @Option(name: .long, help: ArgumentHelp("Comma-separated item ids: recommend only among these.", valueName: "id,id,..."))
    var candidates: String?

    @Flag(name: .long, help: "Leave out item ids the model does not know instead of failing.")
    var ignoreUnknown = false

    @Flag(name: .long, help: "Print JSON (one object; one per line with --histories).")
    var json = false

    @OptionGroup var outputOptions: OutputOptions

    func validate() throws {
        guard (items == nil) != (histories == nil) else {
            throw ValidationError("give either --items (one history) or --histories FILE (many users)")
        }
        guard count >= 1 else { throw ValidationError("--count must be at least 1, got \(count)") }
    }

    static func idList(_ text: String?) -> [String]? {
        text.map { $0.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty } }
    }

    func run() throws {
        let recommender = try Recommender.load(from: model)
        let options = RecommendationOptions(count: count, keepsHistory: keepHistory, excluded: Self.idList(exclude) ?? [],
                                            candidates: Self.idList(candidates),
                                            unknownItems: ignoreUnknown ? .ignore : .fail)
        if let items {
            let history = Self.idList(items) ?? []
            guard !history.isEmpty else {
                throw ToolError.invalidOption("--items is empty: give the ids of the user's items, e.g. --items "
                                              + recommender.itemIDs.prefix(2).joined(separator: ","))
            }
            let result = try recommender.recommendations(forHistory: history, options: options)
            if json {
                try printJSON(RecommendationLine(user: nil, items: result))
            } else {
                for (rank, r) in result.enumerated() {
                    print("\(rank + 1)\t\(r.item)\t\(String(format: "%.6g", r.score))" + (r.name.map { "\t\($0)" } ?? ""))
                }
            }
            return
        }
        let (users, lists) = try Self.readHistories(histories!)
        progress("recommending for \(users.count) users from \(histories!)")
        let results = try recommender.recommendations(forHistories: lists, options: options)
        var output = ""
        if !json { output += "user,rank,item,score" + (recommender.itemNames == nil ? "" : ",name") + "\n" }
        for (user, result) in zip(users, results) {
            if json {
                output += String(decoding: try JSONLines.encode(RecommendationLine(user: user, items: result)), as: UTF8.self) + "\n"
            } else {
                for (rank, r) in result.enumerated() {
                    output += "\(csvField(user)),\(rank + 1),\(csvField(r.item)),\(String(format: "%.6g", r.score))"
                        + (r.name.map { "," + csvField($0) } ?? "") + "\n"
                }
            }
        }
        FileHandle.standardOutput.write(Data(output.utf8))
    }

    /// The users of a `user,item` file in first-seen order, with their items' ids.
    static func readHistories(_ path: String) throws -> (users: [String], histories: [[String]]) {
        let dataset = try InteractionDataset(contentsOfCSVFile: path, options: CSVReadingOptions(identifiers: .mapped))
        let x = dataset.interactions
        let users = dataset.users.identifiers, items = dataset.items.identifiers
        let histories = (0..<x.userCount).map { user in x.items(ofUser: user).map { items[Int($0)] } }
        return (users, histories)
    }

    func printJSON(_ value: RecommendationLine) throws {
        FileHandle.standardOutput.write(try JSONLines.encode(value))
        print()
    }
}

/// One user's recommendations as JSON: `{"user": ..., "items": [{"item", "index", "score", "name"}]}`.
struct RecommendationLine: Codable {
    var user: String?
    var items: [Recommendation]
}

/// Compact JSON with sorted keys, one value per line.
enum JSONLines {
    static func encode<T: Encodable>(_ value: T) throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return try encoder.encode(value)
    }
}

/// A CSV field, quoted when it holds a comma, a quote or a line break.
func csvField(_ text: String) -> String {
    guard text.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return text }
    return "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\""
}
