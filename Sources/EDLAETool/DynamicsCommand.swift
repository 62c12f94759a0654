import ArgumentParser
import EDLAECore
import EDLAEMetrics
import EDLAESolvers
import Foundation

/// Which gradient `edlae dynamics` follows (`--gradient`).
enum DynamicsGradient: String, CaseIterable, ExpressibleByArgument {
    case expected, sampled
}

/// How `edlae dynamics` starts the weights (`--initialization`).
enum DynamicsInitialization: String, CaseIterable, ExpressibleByArgument {
    case balanced, decoupled, random
}

/// `edlae dynamics`: the learning dynamics of linear autoencoders with noise or weight decay
/// (Pretorius, Kroon and Kamper 2018), simulated against the analytic curves.
struct Dynamics: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Learning dynamics of linear denoising vs weight-decayed autoencoders (Pretorius et al. 2018): simulated against analytic.",
        discussion: """
            Gradient descent on a two-layer linear autoencoder over N samples whose summed covariance has the \
            given eigenvalues. For each run and eigen-direction the mapping w = w2 w1 is recorded every \
            --record-every epochs next to the analytic curve (Eq. 5 for noise, Eq. 7 with the corrected \
            exponent for weight decay). Runs: ae (no regulariser), dae (Gaussian noise, epsilon = --noise), \
            wdae (weight decay, N*gamma = --weight-decay, default the equivalent of the noise at eigenvalue 1: \
            epsilon/(1+epsilon)), dropout (inverted dropout with --dropout; the number of eigenvalues must be \
            a power of two). CSV columns: run,time,direction,eigenvalue,analytic,simulated. A summary \
            (largest deviation, epochs to 90% of each fixed point) goes to standard error.
            """)

    @Option(name: .long, help: ArgumentHelp("Eigenvalues of the summed input covariance, one per direction.", valueName: "l,l,..."))
    var eigenvalues: String = "2,1.5,1,0.5"

    @Option(name: .long, help: "Comma-separated runs: ae, dae, wdae, dropout.")
    var runs: String = "ae,dae,wdae"

    @Option(name: .long, help: "Number of samples N.")
    var samples: Int = 200

    @Option(name: .long, help: "Learning rate alpha (tau = N / alpha).")
    var learningRate: Double = 0.5

    @Option(name: .long, help: "Full-batch epochs.")
    var epochs: Int = 5000

    @Option(name: .long, help: "Record the mappings every this many epochs.")
    var recordEvery: Int = 25

    @Option(name: .long, help: "Noise epsilon = N s^2 of the Gaussian DAE.")
    var noise: Double = 1

    @Option(name: .long, help: "Weight decay N*gamma of the WDAE (default: epsilon / (1 + epsilon), equivalent to the noise at eigenvalue 1).")
    var weightDecay: Double?

    @Option(name: .long, help: "Dropout probability of the dropout run.")
    var dropout: Double = 0.2

    @Option(name: .long, help: "Gradient: expected (over the noise; the paper's loss) or sampled (fresh noise each epoch).")
    var gradient: DynamicsGradient = .expected

    @Option(name: .long, help: "Initial weights: balanced (w1 = w2), decoupled (unbalanced per direction) or random (coupled).")
    var initialization: DynamicsInitialization = .balanced

    @Option(name: .long, help: "Scale of the initial weights.")
    var initialScale: Double = 0.05

    @Option(name: .long, help: "Seed of the data, initial weights and noise.")
    var seed: UInt64 = 0

    @Option(name: .long, help: ArgumentHelp("Write the CSV to this file instead of standard output.", valueName: "file.csv"))
    var output: String?

    @Option(name: .long, help: ArgumentHelp("Write a chart of analytic (lines) and simulated (circles) mappings.", valueName: "file.svg"))
    var plot: String?

    func validate() throws {
        try require(samples, in: 1...largestCount, option: "--samples")
        try require(epochs, in: 1...largestEpochCount, option: "--epochs")
        try require(recordEvery, in: 1...epochs, option: "--record-every", " (the number of epochs)")
    }

    func run() throws {
        let spectrum: [Double] = try parseList(eigenvalues, option: "--eigenvalues")
        let runNames = runs.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces).lowercased() }
        guard !runNames.isEmpty else { throw ToolError.invalidOption("--runs: name at least one of ae, dae, wdae, dropout") }
        let penalty = weightDecay ?? noise / (1 + noise)
        let start: LearningDynamicsSimulator.Initialization
        switch initialization {
        case .balanced: start = .balanced(scale: initialScale)
        case .decoupled: start = .decoupled(scale: initialScale)
        case .random: start = .random(scale: initialScale)
        }
        var trajectories = [LearningDynamicsTrajectory]()
        for name in runNames {
            let regularizer: LearningDynamicsSimulator.Regularizer
            switch name {
            case "ae": regularizer = .none
            case "dae": regularizer = .gaussianNoise(variance: noise / Double(max(samples, 1)))
            case "wdae": regularizer = .weightDecay(gamma: penalty / Double(max(samples, 1)))
            case "dropout": regularizer = .dropoutNoise(probability: dropout)
            default: throw ToolError.invalidOption("--runs: unknown run '\(name)' (ae, dae, wdae, dropout)")
            }
            let simulator = try LearningDynamicsSimulator(
                eigenvalues: spectrum, sampleCount: samples, learningRate: learningRate, epochs: epochs,
                regularizer: regularizer, initialization: start, gradient: gradient == .expected ? .expected : .sampled, recordEvery: recordEvery, seed: seed)
            progress("simulating \(name): \(epochs) epochs, tau = \(compactNumber(simulator.tau))")
            trajectories.append(try simulator.run())
        }
        let csv = LearningDynamicsTrajectory.csv(trajectories)
        if let output {
            try Data(csv.utf8).write(to: URL(fileURLWithPath: output), options: .atomic)
            progress("wrote \(output)")
        } else {
            print(csv, terminator: "")
        }
        progress(summary(trajectories, eigenvalues: spectrum))
        if let plot {
            let chart = SVGChart.learningDynamics(
                trajectories,
                title: "Learning dynamics per eigen-direction: N = \(samples), learning rate \(compactNumber(learningRate)), \(initialization.rawValue) start")
            try chart.write(to: plot)
            progress("wrote \(plot)")
        }
    }

    /// Per run: the largest deviation from the analytic curve, and per direction the fixed point and
    /// the epochs until the simulated mapping reaches 90% of it.
    private func summary(_ trajectories: [LearningDynamicsTrajectory], eigenvalues: [Double]) -> String {
        var lines = [pad("run", 34) + pad("max |analytic - simulated|", 28)
                     + eigenvalues.map { pad("lambda=\(compactNumber($0)): fixed, t90", 28) }.joined()]
        for trajectory in trajectories {
            var line = pad(trajectory.label, 34) + pad(String(format: "%.4g", trajectory.maximumDeviation), 28)
            for j in eigenvalues.indices {
                let time = trajectory.timeToReach(fraction: 0.9, direction: j).map { String(format: "%.0f", $0) } ?? "never"
                line += pad(String(format: "%.3f, ", trajectory.fixedPoint(direction: j)) + time, 28)
            }
            lines.append(line)
        }
        return lines.joined(separator: "\n")
    }
}
