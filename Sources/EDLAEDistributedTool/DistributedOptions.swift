import ArgumentParser
import EDLAECore
import EDLAEDistributed
import EDLAEMetrics
import EDLAESolvers
import Foundation

extension DistributedFullRankSolver.Model: ExpressibleByArgument {}

/// The data: a csv file (as `edlae --data`) or the synthetic generator.
struct DistributedDataOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp("Interaction csv file: user,item[,rating], header optional.", valueName: "file"))
    var data: String?

    @Option(name: .long, help: "csv ids: indices (non-negative integers are the indices), mapped (any text, first-seen order), or auto.")
    var ids: String = "auto"

    @Option(name: .long, help: ArgumentHelp("Keep interactions with a rating above R (default: keep all).", valueName: "R"))
    var minRating: Double?

    @Option(name: .long, help: ArgumentHelp("Instead of --data: synthetic users,items,density,seed (SyntheticInteractions).", valueName: "u,m,d,s"))
    var synthetic: String?

    /// The binarisation of the values (as `edlae`: none unless --min-rating).
    var binarization: StrongGeneralizationProtocol.Binarization {
        minRating.map { .threshold($0, strict: true) } ?? .keepAll
    }

    /// The interactions and the item ids. Every process calls this on the same file.
    func load() throws -> (interactions: InteractionMatrix, itemIDs: [String]) {
        if let synthetic {
            let parts = synthetic.split(separator: ",").map { String($0).trimmingCharacters(in: .whitespaces) }
            guard parts.count == 4, let users = Int(parts[0]), let items = Int(parts[1]),
                  let density = Double(parts[2]), let seed = UInt64(parts[3]) else {
                throw ValidationError("--synthetic takes users,items,density,seed, got '\(synthetic)'")
            }
            let x = try SyntheticInteractions(users: users, items: items, density: density, seed: seed).generate()
            return (x, (0..<x.itemCount).map(String.init))
        }
        guard let data else { throw ValidationError("--data FILE or --synthetic u,m,d,s is required") }
        let dataset = try Self.read(data, ids: ids)
        return (dataset.interactions, dataset.items.identifiers)
    }
}

extension DistributedDataOptions {
    /// Reads a csv file as `edlae --ids` does.
    static func read(_ path: String, ids: String) throws -> InteractionDataset {
        switch ids {
        case "indices": return try InteractionDataset(contentsOfCSVFile: path, options: .init(identifiers: .indices))
        case "mapped": return try InteractionDataset(contentsOfCSVFile: path, options: .init(identifiers: .mapped))
        case "auto":
            do {
                return try InteractionDataset(contentsOfCSVFile: path, options: .init(identifiers: .indices))
            } catch {
                switch error.reason {
                case .invalidIdentifier, .identifierTooLarge:
                    return try InteractionDataset(contentsOfCSVFile: path, options: .init(identifiers: .mapped))
                default:
                    throw error
                }
            }
        default:
            throw ValidationError("--ids: '\(ids)' is not auto, indices or mapped")
        }
    }
}

/// The model and the ScaLAPACK layout.
struct DistributedSolverOptions: ParsableArguments {
    @Option(name: .long, help: "Solver: dlae (Eq. 5) or edlae (Eq. 8).")
    var solver: DistributedFullRankSolver.Model = .edlae

    @Option(name: .long, help: "Dropout probability p (Lambda = p/(1-p) dMat(diag G) + lambda I).")
    var dropout: Double = 0.25

    @Option(name: [.customLong("lambda")], help: "L2 weight lambda.")
    var l2: Double = 10

    @Option(name: .long, help: "ScaLAPACK block size nb.")
    var blockSize: Int = 64

    @Option(name: .long, help: ArgumentHelp("Process grid RxC (default: the squarest for the process count).", valueName: "RxC"))
    var grid: String?

    func makeSolver() throws -> DistributedFullRankSolver {
        guard blockSize >= 1 else { throw ValidationError("--block-size must be at least 1, got \(blockSize)") }
        return DistributedFullRankSolver(model: solver, regularization: try Regularization(dropout: dropout, l2: l2),
                                         blockSize: blockSize)
    }

    func gridShape() throws -> ProcessGridShape? {
        guard let grid else { return nil }
        let parts = grid.lowercased().split(separator: "x")
        guard parts.count == 2, let r = Int(parts[0]), let c = Int(parts[1]), r >= 1, c >= 1 else {
            throw ValidationError("--grid takes RxC with R, C >= 1, got '\(grid)'")
        }
        return ProcessGridShape(rows: r, columns: c)
    }
}

/// Keeps the interactions `binarization` keeps, all with value 1; drops users with fewer than
/// `minimum` of them (as `edlae fit`).
func binarized(_ x: InteractionMatrix, _ binarization: StrongGeneralizationProtocol.Binarization,
               minimumPerUser minimum: Int?) -> InteractionMatrix {
    var starts = [0], columns = [Int32]()
    for user in 0..<x.userCount {
        let kept = zip(x.items(ofUser: user), x.values(ofUser: user)).filter { binarization.keeps($0.1) }.map(\.0)
        if let minimum, kept.count < minimum { continue }
        columns.append(contentsOf: kept)
        starts.append(columns.count)
    }
    return InteractionMatrix(userCount: starts.count - 1, itemCount: x.itemCount, rowStarts: starts,
                             columnIndices: columns, values: [Double](repeating: 1, count: columns.count))
}

/// Seconds since `start` (monotonic).
func seconds(since start: DispatchTime) -> Double {
    Double(DispatchTime.now().uptimeNanoseconds - start.uptimeNanoseconds) / 1e9
}

/// This process's peak resident set size in bytes (`VmHWM` of /proc/self/status), or 0.
func peakResidentBytes() -> Double {
    guard let text = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8) else { return 0 }
    for line in text.split(separator: "\n") where line.hasPrefix("VmHWM:") {
        let parts = line.split(separator: " ", omittingEmptySubsequences: true)
        if parts.count >= 2, let kib = Double(parts[1]) { return kib * 1024 }
    }
    return 0
}
