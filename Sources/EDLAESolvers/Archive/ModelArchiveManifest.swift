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
    /// The NumPy type of the arrays: `<f8` (little-endian float64), or `<f4` (float32) for a
    /// single-precision model (full rank or factored). Folders written before this field existed
    /// hold `<f8`.
    public var dataType: String
    /// How many training interactions each item had, when the writer knew them (a recommender
    /// never recommends an item with none).
    public var itemInteractionCounts: [Int]?
    /// A display name of each item, when given (`edlae fit --item-names`).
    public var itemNames: [String]?

    /// The ``dataType`` of `Double` arrays.
    public static let doubleDataType = "<f8"
    /// The ``dataType`` of `Float` arrays (single-precision models).
    public static let singleDataType = "<f4"

    /// A manifest with every field given; ``format`` and ``formatVersion`` are this library's.
    /// - Complexity: O(m) (the item ids).
    public init(libraryVersion: String, solver: String, hyperparameters: [String: Double], itemCount: Int,
                rank: Int?, weights: WeightsKind, files: [String], itemIDs: [String],
                dataType: String = ModelArchiveManifest.doubleDataType, itemInteractionCounts: [Int]? = nil,
                itemNames: [String]? = nil) {
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
        self.dataType = dataType
        self.itemInteractionCounts = itemInteractionCounts
        self.itemNames = itemNames
    }

    private enum CodingKeys: String, CodingKey {
        case format, formatVersion, libraryVersion, solver, hyperparameters, itemCount, rank, weights, files, itemIDs
        case dataType, itemInteractionCounts, itemNames
    }

    /// Decodes a manifest; ``dataType`` defaults to `<f8`, the optional lists to `nil`.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        format = try c.decode(String.self, forKey: .format)
        formatVersion = try c.decode(Int.self, forKey: .formatVersion)
        libraryVersion = try c.decode(String.self, forKey: .libraryVersion)
        solver = try c.decode(String.self, forKey: .solver)
        hyperparameters = try c.decode([String: Double].self, forKey: .hyperparameters)
        itemCount = try c.decode(Int.self, forKey: .itemCount)
        rank = try c.decodeIfPresent(Int.self, forKey: .rank)
        weights = try c.decode(WeightsKind.self, forKey: .weights)
        files = try c.decode([String].self, forKey: .files)
        itemIDs = try c.decode([String].self, forKey: .itemIDs)
        dataType = try c.decodeIfPresent(String.self, forKey: .dataType) ?? Self.doubleDataType
        itemInteractionCounts = try c.decodeIfPresent([Int].self, forKey: .itemInteractionCounts)
        itemNames = try c.decodeIfPresent([String].self, forKey: .itemNames)
    }
}
