import EDLAECore
import EDLAEMetrics
import EDLAESolvers
import Foundation

/// Interaction data as loaded from a file or generated: the matrix (values are ratings, or 1 for
/// implicit feedback) and the external ids of its rows and columns.
struct LoadedData: Sendable {
    var interactions: InteractionMatrix
    var userIDs: [String]
    var itemIDs: [String]

    init(_ dataset: InteractionDataset) {
        interactions = dataset.interactions
        userIDs = dataset.users.identifiers
        itemIDs = dataset.items.identifiers
    }
}

/// The input formats of `--format`.
enum DataFormat: String, CaseIterable, Sendable {
    /// `user,item[,value]` lines with an optional header (``InteractionDataset/init(contentsOfCSVFile:options:)``).
    case csv
    /// MovieLens `ratings.csv`, binarised while reading (``InteractionDataset/init(contentsOfMovieLensRatingsFile:keeping:)``).
    case movielens
    /// Matrix Market coordinate files (``InteractionDataset/init(contentsOfMatrixMarketFile:duplicates:)``).
    case mtx
}

/// How the ids of a `csv` file become row and column indices (`--ids`).
enum IdentifierOption: String, CaseIterable, Sendable {
    /// Contiguous indices: integer ids in ascending order, other ids in first-seen order
    /// (``CSVReadingOptions/IdentifierMode/automatic``).
    case auto
    /// Integer ids are the indices (`0 ..< max id + 1`; ids never seen are empty rows or columns).
    case indices
    /// Any text is an id; indices in first-seen order.
    case mapped

    /// The reader's mode.
    var mode: CSVReadingOptions.IdentifierMode {
        switch self {
        case .auto: .automatic
        case .indices: .indices
        case .mapped: .mapped
        }
    }
}

/// The one place where the command line reads data files and generates synthetic data; both go
/// through the library (`InteractionDataset` readers, `SyntheticInteractions`).
enum DataLoading {
    /// Reads `path` in `format`. `movieLensThreshold` binarises MovieLens ratings while reading;
    /// other formats keep their values (ratings are binarised by the protocol).
    /// - Throws: `InteractionReadError` naming the file and line.
    static func load(_ path: String, format: DataFormat, ids: IdentifierOption = .auto,
                     movieLensThreshold: InteractionDataset.RatingThreshold = .above(3.5)) throws -> LoadedData {
        try InteractionDataset.checkDataFile(path)
        switch format {
        case .csv:
            return LoadedData(try InteractionDataset(contentsOfCSVFile: path, options: .init(identifiers: ids.mode)))
        case .movielens:
            return LoadedData(try InteractionDataset(contentsOfMovieLensRatingsFile: path, keeping: movieLensThreshold))
        case .mtx:
            return LoadedData(try InteractionDataset(contentsOfMatrixMarketFile: path))
        }
    }

    /// The demo's synthetic data set (`SyntheticInteractions` with its default model parameters):
    /// `users` x `items` at `density`, deterministic for `seed`; ids are the indices.
    /// - Throws: `SyntheticInteractions.InvalidParameter`.
    static func synthetic(users: Int, items: Int, density: Double, seed: UInt64) throws -> LoadedData {
        let matrix = try SyntheticInteractions(users: users, items: items, density: density, seed: seed).generate()
        return LoadedData(InteractionDataset(interactions: matrix))
    }
}
