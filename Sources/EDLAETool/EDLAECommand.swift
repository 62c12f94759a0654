import ArgumentParser
import EDLAECore
import EDLAEMetrics
import EDLAESolvers
import Foundation

/// `edlae`: linear autoencoders for implicit-feedback recommendation (Steck 2020; Steck & Liang).
@main
struct EDLAECommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "edlae",
        abstract: "Linear autoencoders (DLAE, EDLAE and their low-rank variants) for implicit-feedback recommendation.",
        discussion: "Evaluation follows the strong-generalisation protocol of Liang et al. 2018: models are trained on some users and scored on held-out users.",
        version: LibraryVersion.current,
        subcommands: [Demo.self, Evaluate.self, Fit.self, Recommend.self, Tune.self, Sweep.self, Embeddings.self,
                      Dynamics.self],
        defaultSubcommand: nil)

    /// Parses and runs the subcommand; every error ends the run with a one-line message on standard
    /// error and a non-zero exit status (no stack trace).
    static func main() {
        InterruptHandling.install()
        do {
            var command = try parseAsRoot()
            try command.run()
        } catch let error as ExitCode {
            exit(withError: error)
        } catch let error as CleanExit {
            exit(withError: error)
        } catch let error as ValidationError {
            exit(withError: error)
        } catch {
            if isParserError(error) { exit(withError: error) }
            exit(withError: ToolMessage(description: ToolFailure.message(for: error)))
        }
    }

    /// Whether ArgumentParser produced `error` (it formats those itself, with usage).
    private static func isParserError(_ error: any Error) -> Bool {
        String(reflecting: type(of: error)).hasPrefix("ArgumentParser.")
    }
}

/// SIGINT and SIGTERM end the run after removing the temporary folder of a model save in
/// progress (``ModelArchive/abandonSavesInProgress()``); an old model moved aside is put back.
/// The exit status is 128 + the signal number, as a shell reports a process killed by it.
enum InterruptHandling {
    nonisolated(unsafe) private static var sources = [DispatchSourceSignal]()

    static func install() {
        for signalNumber in [SIGINT, SIGTERM] {
            signal(signalNumber, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: signalNumber, queue: .global())
            source.setEventHandler {
                let removed = ModelArchive.abandonSavesInProgress()
                let name = signalNumber == SIGINT ? "interrupted" : "terminated"
                progress(removed.isEmpty ? "\(name)" : "\(name); removed \(removed.joined(separator: ", "))")
                _exit(128 + signalNumber)  // no atexit handlers while other threads may be inside BLAS
            }
            source.resume()
            sources.append(source)
        }
    }
}
