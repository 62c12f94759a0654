import ArgumentParser
import EDLAECore
import EDLAEDistributed
import EDLAEMetrics
import EDLAESolvers
import Foundation

/// `edlae-distributed`: full-rank DLAE / EDLAE on ScaLAPACK, run under `mpirun`.
@main
struct EDLAEDistributedCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "edlae-distributed",
        abstract: "Full-rank DLAE/EDLAE on a process grid (ScaLAPACK over MPI); run under mpirun.",
        discussion: "Every process reads the data; the m x m matrix is only ever held in block-cyclic pieces. Build with `swift build --traits Distributed`.",
        subcommands: [DistributedFit.self, DistributedEvaluate.self])
}

#if Distributed
/// Runs `body` with the process grid and ends MPI; an error ends every process with status 1,
/// its message printed once (by rank 0).
func withProcessGrid(_ shape: ProcessGridShape?, _ body: (ProcessGrid) throws -> Void) throws {
    let grid: ProcessGrid
    do { grid = try ProcessGrid(shape: shape) } catch {
        // Every process fails alike here; Open MPI's launcher tells each its rank.
        if (ProcessInfo.processInfo.environment["OMPI_COMM_WORLD_RANK"] ?? "0") == "0" {
            FileHandle.standardError.write(Data("edlae-distributed: error: \(error)\n".utf8))
        }
        throw ExitCode(1)
    }
    do {
        try body(grid)
    } catch let error as DistributedError {
        if grid.rank == 0 { FileHandle.standardError.write(Data("edlae-distributed: error: \(error)\n".utf8)) }
        grid.finish()
        throw ExitCode(1)
    } catch {
        // Not agreed on (a bug): end every process rather than leave some waiting.
        FileHandle.standardError.write(Data("edlae-distributed: rank \(grid.rank): \(error)\n".utf8))
        grid.abort()
    }
    grid.finish()
}
#else
/// Without the `Distributed` trait there is no MPI: say how to build it.
func withProcessGrid(_ shape: ProcessGridShape?, _ body: (Never) throws -> Void) throws {
    FileHandle.standardError.write(Data(("edlae-distributed was built without MPI: build with `swift build --traits Distributed` "
        + "(needs libscalapack-openmpi-dev, libopenmpi-dev, openmpi-bin)\n").utf8))
    throw ExitCode(2)
}
#endif

/// Progress on standard error, from rank 0 only.
func progress(_ rank: Int, _ message: String) {
    if rank == 0 { FileHandle.standardError.write(Data("\(message)\n".utf8)) }
}
