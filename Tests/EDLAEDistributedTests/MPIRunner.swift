import EDLAECore
import EDLAEMetrics
import EDLAESolvers
import Foundation

/// Runs `edlae-distributed` under `mpirun` for the end-to-end tests. They run only when the
/// package is built with the `Distributed` trait and `EDLAE_DISTRIBUTED_EXECUTABLE` names the
/// built executable (scripts/test-distributed.sh sets it); `mpirun` must be on the PATH.
enum MPIRunner {
    /// The executable, when the end-to-end tests are enabled.
    static let executable: String? = {
        #if Distributed
        guard let path = ProcessInfo.processInfo.environment["EDLAE_DISTRIBUTED_EXECUTABLE"],
              FileManager.default.isExecutableFile(atPath: path) else { return nil }
        return path
        #else
        return nil
        #endif
    }()

    /// Whether the end-to-end tests run.
    static var isEnabled: Bool { executable != nil && mpirun != nil }

    static let mpirun: String? = {
        let paths = (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin").split(separator: ":")
        return paths.map { "\($0)/mpirun" }.first { FileManager.default.isExecutableFile(atPath: $0) }
    }()

    /// What a run printed and how it ended.
    struct Outcome {
        var status: Int32
        var standardOutput: String
        var standardError: String
    }

    /// `mpirun --allow-run-as-root --oversubscribe -np processes edlae-distributed arguments`,
    /// one OpenBLAS thread per process; killed after `timeout` seconds (status 124).
    static func run(processes: Int, _ arguments: [String], timeout: Double = 240) throws -> Outcome {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: mpirun!)
        process.arguments = ["--allow-run-as-root", "--oversubscribe", "-np", "\(processes)",
                             "-x", "OPENBLAS_NUM_THREADS=1", executable!] + arguments
        var environment = ProcessInfo.processInfo.environment
        environment["OPENBLAS_NUM_THREADS"] = "1"
        process.environment = environment
        let output = Pipe(), error = Pipe()
        process.standardOutput = output
        process.standardError = error
        try process.run()
        // Read both pipes while the job runs (a full pipe would block it).
        nonisolated(unsafe) var outData = Data(), errData = Data()
        let group = DispatchGroup()
        DispatchQueue.global().async(group: group) { outData = output.fileHandleForReading.readDataToEndOfFile() }
        DispatchQueue.global().async(group: group) { errData = error.fileHandleForReading.readDataToEndOfFile() }
        let deadline = Date().addingTimeInterval(timeout)
        while process.isRunning && Date() < deadline { Thread.sleep(forTimeInterval: 0.05) }
        var timedOut = false
        if process.isRunning { timedOut = true; process.terminate() }
        process.waitUntilExit()
        group.wait()
        return Outcome(status: timedOut ? 124 : process.terminationStatus,
                       standardOutput: String(decoding: outData, as: UTF8.self),
                       standardError: String(decoding: errData, as: UTF8.self))
    }

    /// A fresh temporary directory.
    static func temporaryDirectory() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("edlae-distributed-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }
}
