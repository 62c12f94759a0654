import ArgumentParser
import EDLAECore
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
