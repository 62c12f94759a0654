import EDLAECore
import Foundation

/// A fitted ``LinearAutoencoder`` with what is needed to use it later, stored as a folder:
///
///     model.json   ModelArchiveManifest: solver, hyperparameters, shapes, item ids, versions
///     B.npy        full-rank weights (m x m), or
///     U.npy V.npy  encoder and decoder (m x k each), B = U V^T
///
/// The `.npy` files are NumPy format 1.0, little-endian float64 (`<f8`), or float32 (`<f4`) for a
/// single-precision model (``LinearAutoencoder/precision``), Fortran order (``NumPyArray``):
/// `numpy.load(folder + "/B.npy")` returns `B`, and `x @ B` (or `x @ U @ V.T`) gives the scores.
///
/// ``save(to:replacing:)`` is atomic and never destroys what it did not write: the folder is
/// written under a hidden temporary name next to the target and renamed into place; an existing
/// folder is replaced only when its manifest identifies it as a model folder of this library and
/// it holds nothing but the manifest and the files the manifest lists (see
/// `ModelArchive+Saving.swift`). ``load(from:)`` validates everything
/// (manifest fields, file list, shapes against the manifest, finite weights, item id count) and
/// throws ``ModelArchiveError`` for a truncated or inconsistent folder.
public struct ModelArchive: Sendable {
    /// The version of this library written into every manifest.
    public static let libraryVersion = LibraryVersion.current
    /// The manifest's file name.
    public static let manifestName = "model.json"

    /// The model.
    public let model: LinearAutoencoder
    /// The solver's command-line name (e.g. `edlae`).
    public let solver: String
    /// Hyperparameters by name (e.g. `dropout`, `lambda`, `omega`, `rank`, `epochs`).
    public let hyperparameters: [String: Double]
    /// The external id of each item column `0..<m`.
    public let itemIDs: [String]
    /// How many training interactions each item had, when known.
    public let itemInteractionCounts: [Int]?
    /// A display name of each item, when known.
    public let itemNames: [String]?

    /// - Precondition: `itemIDs.count == model.itemCount`, and the optional per-item lists have
    ///   `model.itemCount` entries too.
    public init(model: LinearAutoencoder, solver: String, hyperparameters: [String: Double], itemIDs: [String],
                itemInteractionCounts: [Int]? = nil, itemNames: [String]? = nil) {
        precondition(itemIDs.count == model.itemCount, "\(itemIDs.count) item ids for a model of \(model.itemCount) items")
        precondition((itemInteractionCounts?.count ?? model.itemCount) == model.itemCount,
                     "\(itemInteractionCounts?.count ?? 0) interaction counts for a model of \(model.itemCount) items")
        precondition((itemNames?.count ?? model.itemCount) == model.itemCount,
                     "\(itemNames?.count ?? 0) item names for a model of \(model.itemCount) items")
        self.model = model
        self.solver = solver
        self.hyperparameters = hyperparameters
        self.itemIDs = itemIDs
        self.itemInteractionCounts = itemInteractionCounts
        self.itemNames = itemNames
    }

    /// A fitted model with the solver that fitted it: its name and hyperparameters come from the
    /// solver itself (``AutoencoderSolver/configuration``).
    /// - Precondition: `itemIDs.count == model.itemCount`.
    public init(model: LinearAutoencoder, solver: any AutoencoderSolver, itemIDs: [String],
                itemInteractionCounts: [Int]? = nil, itemNames: [String]? = nil) {
        self.init(model: model, solver: solver.name, hyperparameters: solver.configuration.hyperparameters,
                  itemIDs: itemIDs, itemInteractionCounts: itemInteractionCounts, itemNames: itemNames)
    }

    /// The catalog entry and hyperparameters stored in the archive, or `nil` when the solver name is
    /// not in the catalog or a stored value is not valid.
    public var configuration: SolverConfiguration? {
        SolverKind(name: solver).flatMap { try? SolverConfiguration(kind: $0, hyperparameters: hyperparameters) }
    }

    /// The manifest describing this archive.
    public var manifest: ModelArchiveManifest {
        ModelArchiveManifest(libraryVersion: Self.libraryVersion, solver: solver, hyperparameters: hyperparameters,
                             itemCount: model.itemCount, rank: model.rank,
                             weights: model.rank == nil ? .full : .factored,
                             files: model.rank == nil ? ["B.npy"] : ["U.npy", "V.npy"], itemIDs: itemIDs,
                             dataType: model.precision == .single ? ModelArchiveManifest.singleDataType
                                 : ModelArchiveManifest.doubleDataType,
                             itemInteractionCounts: itemInteractionCounts, itemNames: itemNames)
    }

    /// Reads and validates the folder `directory`.
    /// - Throws: ``ModelArchiveError``.
    /// - Complexity: O(m^2) or O(m k).
    public static func load(from directory: String) throws(ModelArchiveError) -> ModelArchive {
        let base = URL(fileURLWithPath: directory)
        let manifestPath = base.appendingPathComponent(manifestName).path
        guard FileManager.default.fileExists(atPath: manifestPath) else { throw .missingFile(path: manifestPath) }
        let manifest: ModelArchiveManifest
        do {
            let data = try Data(contentsOf: URL(fileURLWithPath: manifestPath))
            manifest = try JSONDecoder().decode(ModelArchiveManifest.self, from: data)
        } catch {
            throw .malformedManifest(path: manifestPath, reason: "\(error)")
        }
        guard manifest.format == ModelArchiveManifest.formatName else {
            throw .malformedManifest(path: manifestPath, reason: "format '\(manifest.format)' is not '\(ModelArchiveManifest.formatName)'")
        }
        guard manifest.formatVersion == ModelArchiveManifest.currentFormatVersion else {
            throw .unsupportedFormatVersion(path: manifestPath, version: manifest.formatVersion)
        }
        guard manifest.itemCount >= 1 else {
            throw .malformedManifest(path: manifestPath, reason: "itemCount \(manifest.itemCount) is not positive")
        }
        guard manifest.itemIDs.count == manifest.itemCount else {
            throw .inconsistent(path: manifestPath, reason: "\(manifest.itemIDs.count) item ids for \(manifest.itemCount) items")
        }
        guard Set(manifest.itemIDs).count == manifest.itemIDs.count else {
            throw .inconsistent(path: manifestPath, reason: "item ids are not unique")
        }
        guard manifest.dataType == ModelArchiveManifest.doubleDataType
                || manifest.dataType == ModelArchiveManifest.singleDataType else {
            throw .malformedManifest(path: manifestPath, reason: "dataType '\(manifest.dataType)' is not '<f8' or '<f4'")
        }
        let single = manifest.dataType == ModelArchiveManifest.singleDataType
        if let counts = manifest.itemInteractionCounts, counts.count != manifest.itemCount || counts.contains(where: { $0 < 0 }) {
            throw .inconsistent(path: manifestPath, reason: "\(counts.count) item interaction counts for \(manifest.itemCount) items, or a negative count")
        }
        if let names = manifest.itemNames, names.count != manifest.itemCount {
            throw .inconsistent(path: manifestPath, reason: "\(names.count) item names for \(manifest.itemCount) items")
        }
        let m = manifest.itemCount
        func array<Scalar: MatrixScalar>(_ name: String, columns: Int, as _: Scalar.Type = Double.self)
            throws(ModelArchiveError) -> Matrix<Scalar> {
            guard manifest.files.contains(name) else {
                throw .inconsistent(path: manifestPath, reason: "files \(manifest.files) do not list \(name)")
            }
            let path = base.appendingPathComponent(name).path
            guard FileManager.default.fileExists(atPath: path) else { throw .missingFile(path: path) }
            let matrix: Matrix<Scalar>
            do { matrix = try NumPyArray.read(path, as: Scalar.self) } catch { throw .array(error) }
            guard matrix.rows == m, matrix.columns == columns else {
                throw .shapeMismatch(path: path, expected: [m, columns], found: [matrix.rows, matrix.columns])
            }
            guard matrix.withUnsafeBufferPointer({ $0.allSatisfy(\.isFinite) }) else {
                throw .nonFiniteWeights(path: path)
            }
            return matrix
        }
        let model: LinearAutoencoder
        switch manifest.weights {
        case .full:
            guard manifest.rank == nil else {
                throw .inconsistent(path: manifestPath, reason: "a full-rank model has no rank, found \(manifest.rank!)")
            }
            model = single
                ? LinearAutoencoder(full: try array("B.npy", columns: m, as: Float.self))
                : LinearAutoencoder(full: try array("B.npy", columns: m))
        case .factored:
            guard let k = manifest.rank, k >= 1, k <= m else {
                throw .inconsistent(path: manifestPath, reason: "a factored model needs a rank in 1...\(m), found \(manifest.rank.map(String.init) ?? "none")")
            }
            model = single
                ? LinearAutoencoder(encoder: try array("U.npy", columns: k, as: Float.self),
                                    decoder: try array("V.npy", columns: k, as: Float.self))
                : LinearAutoencoder(encoder: try array("U.npy", columns: k), decoder: try array("V.npy", columns: k))
        }
        return ModelArchive(model: model, solver: manifest.solver, hyperparameters: manifest.hyperparameters,
                            itemIDs: manifest.itemIDs, itemInteractionCounts: manifest.itemInteractionCounts,
                            itemNames: manifest.itemNames)
    }
}
