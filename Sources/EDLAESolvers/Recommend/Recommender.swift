import EDLAECore

/// A fitted model with its item identifiers: recommendations in the data's own ids, with scores.
///
/// ```swift
/// let data = try InteractionDataset(contentsOfCSVFile: "ratings.csv")
/// let solver = try SolverConfiguration(kind: .edlae, dropout: 0.25, l2: 10).makeSolver()
/// let recommender = try Recommender(fitting: solver, on: data)
/// let top10 = try recommender.recommendations(forHistory: ["item 17", "item 4"])   // a new user
/// try recommender.save(to: "model")                                                // model.json + B.npy
/// ```
///
/// A history is folded in as the binary row `x` of its items; the scores are `x B` (or `x U V^T`),
/// and the best `count` eligible items are returned by ``/EDLAECore/TopKSelection`` (ties by the lower column).
/// Eligible means: not in the history (unless ``RecommendationOptions/keepsHistory``), not excluded,
/// a candidate when candidates are given, and seen in training when the model knows the counts.
public struct Recommender: Sendable {
    /// The model, `B` or `U V^T`.
    public let model: LinearAutoencoder
    /// The external id of each item column `0..<m`.
    public let itemIDs: [String]
    /// The solver's command-line name (``SolverKind/name``).
    public let solver: String
    /// The solver's hyperparameters (``SolverConfiguration/hyperparameters``).
    public let hyperparameters: [String: Double]
    /// How many training interactions each item had, when known.
    public let itemInteractionCounts: [Int]?
    /// A display name of each item, when known.
    public let itemNames: [String]?
    let columns: [String: Int]

    /// Pairs `model` with the ids of its columns and the solver that fitted it.
    /// - Throws: ``RecommenderError/invalidItemIDs(reason:)`` when the ids are not `m` distinct
    ///   strings or a per-item list has another length.
    /// - Complexity: O(m).
    public init(model: LinearAutoencoder, itemIDs: [String], solver: any AutoencoderSolver,
                itemInteractionCounts: [Int]? = nil, itemNames: [String]? = nil) throws(RecommenderError) {
        try self.init(model: model, itemIDs: itemIDs, solver: solver.name, hyperparameters: solver.configuration.hyperparameters,
                      itemInteractionCounts: itemInteractionCounts, itemNames: itemNames)
    }

    /// The recommender of a model folder's contents.
    /// - Throws: ``RecommenderError/invalidItemIDs(reason:)``.
    /// - Complexity: O(m).
    public init(_ archive: ModelArchive) throws(RecommenderError) {
        try self.init(model: archive.model, itemIDs: archive.itemIDs, solver: archive.solver,
                      hyperparameters: archive.hyperparameters, itemInteractionCounts: archive.itemInteractionCounts,
                      itemNames: archive.itemNames)
    }

    init(model: LinearAutoencoder, itemIDs: [String], solver: String, hyperparameters: [String: Double],
         itemInteractionCounts: [Int]?, itemNames: [String]?) throws(RecommenderError) {
        let m = model.itemCount
        guard itemIDs.count == m else { throw .invalidItemIDs(reason: "\(itemIDs.count) ids for a model of \(m) items") }
        var columns = [String: Int](minimumCapacity: m)
        for (column, id) in itemIDs.enumerated() where columns.updateValue(column, forKey: id) != nil {
            throw .invalidItemIDs(reason: "'\(id)' names two columns")
        }
        guard (itemInteractionCounts?.count ?? m) == m, (itemNames?.count ?? m) == m else {
            throw .invalidItemIDs(reason: "per-item lists of \(itemInteractionCounts?.count ?? m) counts and "
                                  + "\(itemNames?.count ?? m) names for \(m) items")
        }
        self.model = model
        self.itemIDs = itemIDs
        self.solver = solver
        self.hyperparameters = hyperparameters
        self.itemInteractionCounts = itemInteractionCounts
        self.itemNames = itemNames
        self.columns = columns
    }

    /// Fits `solver` on `data` (all its users) and pairs the model with the data's item ids and
    /// per-item interaction counts.
    /// - Throws: the solver's `SolverError`, or `CancellationError`.
    /// - Complexity: the solver's fit, plus O(nnz) for `G` and the counts.
    public init(fitting solver: any AutoencoderSolver, on data: InteractionDataset,
                observer: IterationObserver? = nil) throws {
        let model = try solver.fit(data.interactions, observer: observer)
        try self.init(model: model, itemIDs: data.items.identifiers, solver: solver,
                      itemInteractionCounts: data.interactions.itemInteractionCounts)
    }

    /// Reads a model folder (``ModelArchive/load(from:)``).
    /// - Throws: ``ModelArchiveError`` or ``RecommenderError``.
    /// - Complexity: O(m^2) or O(m k).
    public static func load(from directory: String) throws -> Recommender {
        try Recommender(ModelArchive.load(from: directory))
    }

    /// The model folder's contents.
    public var archive: ModelArchive {
        ModelArchive(model: model, solver: solver, hyperparameters: hyperparameters, itemIDs: itemIDs,
                     itemInteractionCounts: itemInteractionCounts, itemNames: itemNames)
    }

    /// Writes the model folder (``ModelArchive/save(to:replacing:)``).
    /// - Throws: ``ModelArchiveError``.
    /// - Complexity: O(m^2) or O(m k) bytes written.
    public func save(to directory: String) throws(ModelArchiveError) { try archive.save(to: directory) }

    /// The catalog entry and hyperparameters, or `nil` for a solver outside the catalog.
    public var configuration: SolverConfiguration? {
        SolverKind(name: solver).flatMap { try? SolverConfiguration(kind: $0, hyperparameters: hyperparameters) }
    }

    /// `m`.
    public var itemCount: Int { model.itemCount }

    /// The columns of `ids`, in order; unknown ids throw or are left out by `policy`.
    /// - Throws: ``RecommenderError/unknownItems(_:count:)``.
    /// - Complexity: O(ids.count).
    public func columns(of ids: [String], unknown policy: RecommendationOptions.UnknownItems = .fail)
        throws(RecommenderError) -> [Int] {
        var result = [Int](), unknown = [String]()
        result.reserveCapacity(ids.count)
        for id in ids {
            if let column = columns[id] { result.append(column) } else { unknown.append(id) }
        }
        if policy == .fail, !unknown.isEmpty { throw .unknownItems(Array(unknown.prefix(20)), count: unknown.count) }
        return result
    }

    /// The best items for a user given only by the ids of their items (a new user: fold-in).
    /// - Throws: ``RecommenderError/emptyHistory`` (no known item), ``RecommenderError/unknownItems(_:count:)``,
    ///   ``RecommenderError/invalidCount(_:)``.
    /// - Complexity: O(m^2) full rank or O(m k) factored for the scores, O(m log count) to select.
    public func recommendations(forHistory history: [String], options: RecommendationOptions = .init())
        throws(RecommenderError) -> [Recommendation] {
        try recommendations(forHistories: [history], options: options)[0]
    }

    /// The best items for each history of item ids (``recommendations(forHistory:options:)`` for a
    /// batch, scored in blocks; see ``recommendations(for:options:)``).
    /// - Throws: as ``recommendations(forHistory:options:)``; an empty history anywhere is an error.
    public func recommendations(forHistories histories: [[String]], options: RecommendationOptions = .init())
        throws(RecommenderError) -> [[Recommendation]] {
        var triplets = [(user: Int, item: Int, value: Double)]()
        for (user, history) in histories.enumerated() {
            let known = try columns(of: history, unknown: options.unknownItems)
            guard !known.isEmpty else { throw .emptyHistory }
            triplets.append(contentsOf: known.map { (user, $0, 1.0) })
        }
        let users = InteractionMatrix(users: histories.count, items: itemCount, triplets: triplets, duplicates: .keepMaximum)
        return try recommendations(for: users, options: options)
    }
}
