import ArgumentParser
import EDLAECore
import EDLAEMetrics
import EDLAESolvers

/// `edlae fit`: train on all the data and save the model folder.
struct Fit: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Fit a solver on every user of the data and save the model as a folder (model.json + .npy).")

    @OptionGroup var dataOptions: DataOptions
    @OptionGroup var solverOptions: SolverOptions

    @Option(name: .long, help: "Drop users with fewer interactions (no filter unless given).")
    var minUserInteractions: Int?

    @Option(name: .long, help: "Seed of solvers with a random initialisation.")
    var seed: UInt64 = 98765

    @Option(name: .long, help: ArgumentHelp(
        "The model folder to write. An existing folder is replaced (atomically) only when it is an edlae model folder holding nothing else.",
        valueName: "dir"))
    var output: String

    @Option(name: .long, help: ArgumentHelp(
        "Item names, one per line in item-id order (line i names item id i, as ../shared/data/*_items.txt), shown by `recommend`.",
        valueName: "file"))
    var itemNames: String?

    @OptionGroup var outputOptions: OutputOptions

    @Flag(name: .long, help: """
        Write model.json and the weight files into an existing folder that is not a plain model folder, \
        overwriting only those files (nothing is deleted).
        """)
    var force = false

    func validate() throws {
        if let minUserInteractions {
            try require(minUserInteractions, in: 0...largestCount, option: "--min-user-interactions")
        }
    }

    func run() throws {
        try solverOptions.checkUsed(by: [try solverOptions.solver()])
        let configuration = try solverOptions.configuration(seed: seed)  // fail before loading
        // Refuse a destination that cannot be written before the (possibly long) fit.
        try OutputLocation.checkWritable(output)
        try ModelArchive.checkDestination(output, replacing: force ? .modelFilesOnly : .modelFolderOnly)
        let names = try itemNames.map { try ItemNames.read($0) }
        let loaded = try dataOptions.load()
        let binarization = dataOptions.binarization
        let x = loaded.interactions
        var starts = [0], columns = [Int32]()
        for user in 0..<x.userCount {
            let kept = zip(x.items(ofUser: user), x.values(ofUser: user)).filter { binarization.keeps($0.1) }.map(\.0)
            if let minimum = minUserInteractions, kept.count < minimum { continue }
            columns.append(contentsOf: kept)
            starts.append(columns.count)
        }
        let training = InteractionMatrix(userCount: starts.count - 1, itemCount: x.itemCount, rowStarts: starts,
                                         columnIndices: columns, values: [Double](repeating: 1, count: columns.count))
        let solver = try configuration.makeSolver()
        progress("\(solver.name): fitting on \(training.userCount) users x \(training.itemCount) items")
        let observer = outputOptions.iterationObserver(label: solver.name)
        let (model, seconds) = try timed { try solver.fit(training, observer: observer) }
        progress("fitted in \(String(format: "%.2f", seconds)) s")
        let archive = ModelArchive(model: model, solver: solver, itemIDs: loaded.itemIDs,
                                   itemInteractionCounts: training.itemInteractionCounts,
                                   itemNames: try names.map { try ItemNames.align($0, to: loaded.itemIDs) })
        try archive.save(to: output, replacing: force ? .modelFilesOnly : .modelFolderOnly)
        print("saved \(solver.name) model (\(model.itemCount) items\(model.rank.map { ", rank \($0)" } ?? "")) to \(output)")
    }
}
