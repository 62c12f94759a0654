import ArgumentParser
import EDLAECore
import EDLAEDistributed
import EDLAEMetrics
import EDLAESolvers
import Foundation

/// `edlae-distributed fit`: fit on every user and write the model folder that `edlae recommend` reads.
struct DistributedFit: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "fit",
        abstract: "Fit DLAE/EDLAE on every user and write the model folder (model.json + B.npy) that `edlae recommend --model` reads.")

    @OptionGroup var dataOptions: DistributedDataOptions
    @OptionGroup var solverOptions: DistributedSolverOptions

    @Option(name: .long, help: "Drop users with fewer interactions (no filter unless given).")
    var minUserInteractions: Int?

    @Option(name: .long, help: ArgumentHelp("The model folder to write (replaced atomically; on a file system every process sees).", valueName: "dir"))
    var output: String

    @Flag(name: .long, help: "Print one JSON line with the phase timings and every process's peak resident memory.")
    var resources = false

    func run() throws {
        let solver = try solverOptions.makeSolver()
        let shape = try solverOptions.gridShape()
        #if Distributed
        try withProcessGrid(shape) { grid in
            let start = DispatchTime.now()
            let (loaded, itemIDs) = try grid.agree { try dataOptions.load() }
            let x = binarized(loaded, dataOptions.binarization, minimumPerUser: minUserInteractions)
            let loadSeconds = seconds(since: start)
            progress(grid.rank, "\(solver.name): \(x.userCount) users x \(x.itemCount) items on a \(grid.shape) grid, block \(solver.blockSize)")
            let fitStart = DispatchTime.now()
            var phases = [String: Double](), cpu = [Double]()
            let b = try solver.fit(x, on: grid) { name, wall, seconds in
                phases[name] = wall
                if name == "pdpotrf+pdpotri" { cpu = [seconds] }
            }
            let fitSeconds = seconds(since: fitStart)
            let writeStart = DispatchTime.now()
            try DistributedModelFolder.write(b, solver: solver.name, hyperparameters: solver.hyperparameters,
                                             itemIDs: itemIDs, to: output, grid: grid)
            let writeSeconds = seconds(since: writeStart)
            let peaks = grid.gather([peakResidentBytes()])
            let inverseCPU = grid.gather(cpu)
            if grid.rank == 0 {
                print("saved \(solver.name) model (\(x.itemCount) items) to \(output)")
                if resources, let peaks {
                    let line: [String: Any] = [
                        "processes": grid.processCount, "grid": grid.shape.description, "items": x.itemCount,
                        "blockSize": solver.blockSize, "load": loadSeconds, "fit": fitSeconds, "write": writeSeconds, "phases": phases,
                        "peakResidentBytes": peaks.map { $0.first ?? 0 },
                        "inverseCPUSeconds": (inverseCPU ?? []).map { $0.first ?? 0 },
                    ]
                    let data = try JSONSerialization.data(withJSONObject: line, options: [.sortedKeys])
                    print(String(decoding: data, as: UTF8.self))
                }
            }
        }
        #else
        try withProcessGrid(shape) { _ in }
        #endif
    }
}
