import EDLAECore

/// The contents of `model.json` (see ``ModelArchive``).
public struct ModelArchiveManifest: Codable, Sendable, Equatable {
    /// The kind of weights.
    public enum WeightsKind: String, Codable, Sendable { case full, factored }

    /// The value of ``format``.
    public static let formatName = "edlae-model"
    /// The only ``formatVersion`` this library reads and writes.
    public static let currentFormatVersion = 1

    /// Always `edlae-model`.
    public var format: String
    /// The folder layout's version (1).
    public var formatVersion: Int
    /// The library version that wrote the folder.
    public var libraryVersion: String
    /// The solver's command-line name.
    public var solver: String
    /// Hyperparameters by name.
    public var hyperparameters: [String: Double]
    /// `m`.
    public var itemCount: Int
    /// `k` of a factored model; absent for a full-rank one.
    public var rank: Int?
    /// `full` (B.npy) or `factored` (U.npy, V.npy).
    public var weights: WeightsKind
    /// The array files in the folder.
    public var files: [String]
    /// The external id of each item column.
    public var itemIDs: [String]

    /// A manifest with every field given; ``format`` and ``formatVersion`` are this library's.
    /// - Complexity: O(m) (the item ids).
    public init(libraryVersion: String, solver: String, hyperparameters: [String: Double], itemCount: Int,
                rank: Int?, weights: WeightsKind, files: [String], itemIDs: [String]) {
        format = Self.formatName
        formatVersion = Self.currentFormatVersion
        self.libraryVersion = libraryVersion
        self.solver = solver
        self.hyperparameters = hyperparameters
        self.itemCount = itemCount
        self.rank = rank
        self.weights = weights
        self.files = files
        self.itemIDs = itemIDs
    }
}
