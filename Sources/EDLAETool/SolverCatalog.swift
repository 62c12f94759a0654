import ArgumentParser
import EDLAECore
import EDLAEMetrics
import EDLAESolvers

extension SolverKind: ExpressibleByArgument {}

extension Hyperparameter {
    /// The command-line option that sets the hyperparameter.
    var option: String {
        switch self {
        case .dropout: "--dropout"
        case .lambda: "--lambda"
        case .omega: "--omega"
        case .rank: "--rank"
        case .epochs: "--epochs"
        case .emphasis: "--emphasis"
        case .seed: "--seed"
        case .learningRate: "--learning-rate"
        case .learningRateDecay: "--learning-rate-decay"
        case .batchSize: "--batch-size"
        case .precision: "--precision"
        }
    }

    /// The solvers of the catalog that use the hyperparameter, for error messages.
    var users: [SolverKind] { SolverKind.allCases.filter { $0.uses(self) } }
}

extension SolverKind {
    /// `name: summary` lines of every solver, for help texts.
    static var helpList: String {
        allCases.map { "\($0.name) (\($0.summary))" }.joined(separator: "; ")
    }

    /// `admm 20, als-zero-diag 20, ...`: each iterative solver's default epochs, for help texts.
    static var defaultEpochsList: String {
        allCases.compactMap { kind in kind.defaultEpochs.map { "\(kind.name) \($0)" } }.joined(separator: ", ")
    }

    /// Each iterative solver's short schedule (`edlae demo`), for help texts.
    static var shortScheduleList: String {
        allCases.compactMap { kind in kind.shortScheduleEpochs.map { "\(kind.name) \($0)" } }.joined(separator: ", ")
    }

    /// `1,0.1 for edlae-emphasis, 1,1 for sampled`: the default emphasis weights, for help texts.
    static var defaultEmphasisList: String {
        allCases.compactMap { kind in
            kind.defaultEmphasis.map { "\(compactNumber($0.dropped)),\(compactNumber($0.kept)) for \(kind.name)" }
        }.joined(separator: ", ")
    }

    /// Parses a comma-separated list of solver names.
    /// - Throws: ``ToolError/unknownSolver(_:)``.
    static func list(_ text: String) throws -> [SolverKind] {
        try text.split(separator: ",").map { part in
            let name = part.trimmingCharacters(in: .whitespaces)
            guard let kind = SolverKind(name: name) else { throw ToolError.unknownSolver(name) }
            return kind
        }
    }
}

extension SolverConfiguration {
    /// `p=0.25 lambda=10 k=100` etc.: the hyperparameters of a table row, in a fixed order.
    var shortDescription: String {
        let values = hyperparameters
        let order: [(String, String)] = [("dropout", "p"), ("lambda", "lambda"), ("omega", "omega"), ("rank", "k"),
                                          ("emphasisA", "a"), ("emphasisB", "b"), ("epochs", "epochs"),
                                          ("learningRate", "lr")]
        return order.compactMap { key, label in values[key].map { "\(label)=\(compactNumber($0))" } }
            .joined(separator: " ")
    }
}

/// `10`, `0.25`, `1e-05`: the shortest readable form of a hyperparameter.
func compactNumber(_ value: Double) -> String {
    if value == value.rounded(), abs(value) < 1e15 { return String(Int(value)) }
    return "\(value)"
}

extension SolverConfiguration {
    /// The same configuration at a grid point (`omega` and `rank` where the point sets them).
    func at(_ point: HyperparameterPoint) -> SolverConfiguration {
        var configuration = self
        configuration.dropout = point.dropout
        configuration.l2 = point.l2
        if let omega = point.omega { configuration.omega = omega }
        if let rank = point.rank { configuration.rank = rank }
        return configuration
    }
}
