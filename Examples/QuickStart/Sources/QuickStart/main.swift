// Loads a `user,item` CSV file, fits full-rank EDLAE and low-rank DLAE, saves the EDLAE model as a
// folder and reloads it, and prints the top 10 items of the first user from the reloaded model.
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
    let training = TrainingData(data.interactions)
    print("\(data.interactions.userCount) users x \(data.interactions.itemCount) items")

    // 2. Two solvers through the same protocol: full-rank EDLAE (Eq. 8 of Steck 2020) and
    //    low-rank DLAE (rank 50).
    let regularization = try Regularization(dropout: 0.75, l2: 30)
    let edlae = EDLAE(regularization: regularization)
    let model = try edlae.fit(training)
    let lowRank = try LowRankDLAE(regularization: regularization, rank: 50).fit(training)
    print("EDLAE: \(model.itemCount) x \(model.itemCount); low-rank DLAE: rank \(lowRank.rank ?? 0)")

    // 3. Save the EDLAE model (model.json + B.npy; name and hyperparameters from the solver) and
    //    load it back.
    try ModelArchive(model: model, solver: edlae, itemIDs: data.items.identifiers).save(to: modelFolder)
    let archive = try ModelArchive.load(from: modelFolder)
    let settings = archive.hyperparameters.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }
    print("saved and reloaded \(modelFolder): solver \(archive.solver), \(settings.joined(separator: ", "))")

    // 4. Top 10 unseen items of the first user, by the reloaded model, in the file's ids.
    let user = data.interactions.rows([0])
    let scores = archive.model.scores(for: user).row(0)
    let top10 = archive.model.recommendations(for: user, count: 10)[0]
    print("top 10 for user \(data.users.identifier(at: 0)) (has \(user.items(ofUser: 0).count) items):")
    for (rank, item) in top10.enumerated() {
        print("\(rank + 1)\t\(archive.itemIDs[item])\t\(scores[item])")
    }
} catch {
    print("QuickStart failed: \(error)")
    exit(1)
}
