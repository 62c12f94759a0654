import ArgumentParser

/// `edlae`: linear autoencoders for implicit-feedback recommendation (Steck 2020; Steck & Liang).
@main
struct EDLAECommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "edlae",
        abstract: "Linear autoencoders (DLAE, EDLAE and their low-rank variants) for implicit-feedback recommendation.",
        discussion: "Evaluation follows the strong-generalisation protocol of Liang et al. 2018: models are trained on some users and scored on held-out users.",
        subcommands: [Demo.self, Evaluate.self, Fit.self, Recommend.self, Tune.self, Sweep.self, Embeddings.self],
        defaultSubcommand: nil)
}
