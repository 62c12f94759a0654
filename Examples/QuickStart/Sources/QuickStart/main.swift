// Loads a `user,item` CSV file, fits full-rank EDLAE and low-rank DLAE, saves the EDLAE recommender as
// a folder and reloads it, recommends for a new user given by item ids and for a batch of users, and
// prints the top 10 items of the first user.
//
//     swift run QuickStart ../../../shared/data/epub.csv [model-folder]
import EDLAE
import Foundation

let arguments = CommandLine.arguments
guard arguments.count >= 2 else {
    print("usage: QuickStart FILE.csv [MODEL-FOLDER]")
    exit(2)
}
let modelFolder = arguments.count >= 3
    ? arguments[2]
    : FileManager.default.temporaryDirectory.appendingPathComponent("quickstart-model-\(getpid())").path

do {
    // 1. Data: the file's own ids are kept (item index -> id in `data.items`).
    let data = try InteractionDataset(contentsOfCSVFile: arguments[1])
    let training = try TrainingData(data.interactions)
    print("\(data.interactions.userCount) users x \(data.interactions.itemCount) items")

    // 2. Two solvers through the same protocol: full-rank EDLAE (Eq. 8 of Steck 2020) and
    //    low-rank DLAE (rank 50).
    let regularization = try Regularization(dropout: 0.75, l2: 30)
    let edlae = EDLAE(regularization: regularization)
    let model = try edlae.fit(training)
    let lowRank = try LowRankDLAE(regularization: regularization, rank: 50).fit(training)
    print("EDLAE: \(model.itemCount) x \(model.itemCount); low-rank DLAE: rank \(lowRank.rank ?? 0)")

    // 3. A recommender answers in the file's ids, with scores; it records the solver, its
    //    hyperparameters and each item's training count, so it never recommends an unseen item.
    let recommender = try Recommender(model: model, itemIDs: data.items.identifiers, solver: edlae,
                                      itemInteractionCounts: data.interactions.itemInteractionCounts)
    try recommender.save(to: modelFolder)                               // model.json + B.npy
    let reloaded = try Recommender.load(from: modelFolder)
    let settings = reloaded.hyperparameters.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }
    print("saved and reloaded \(modelFolder): solver \(reloaded.solver), \(settings.joined(separator: ", "))")

    // 4. A new user given only item ids (fold-in), and a batch of known users.
    let newUser = try reloaded.recommendations(forHistory: Array(data.items.identifiers.prefix(3)),
                                               options: RecommendationOptions(count: 3))
    print("new user: " + newUser.map { "\($0.item) (\(String(format: "%.3f", $0.score)))" }.joined(separator: ", "))
    let batch = try reloaded.recommendations(for: data.interactions.rows(Array(0..<100)))
    print("batch: top 10 for \(batch.count) users")

    // 5. Top 10 unseen items of the first user, in the file's ids.
    print("top 10 for user \(data.users.identifier(at: 0)) (has \(data.interactions.items(ofUser: 0).count) items):")
    for (rank, item) in batch[0].enumerated() {
        print("\(rank + 1)\t\(item.item)\t\(item.score)")
    }
} catch {
    print("QuickStart failed: \(error)")
    exit(1)
}
