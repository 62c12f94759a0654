import ArgumentParser
import EDLAECore
import EDLAEMetrics
import EDLAESolvers
import Foundation

/// `edlae embeddings`: the embedding statistics of Fig. 1 (centre and right) of Steck 2020.
struct Embeddings: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Cosine similarities of the embeddings of similar items (Fig. 1 centre/right of Steck 2020).",
        discussion: """
            Neighbourhoods are the 10 largest entries of each column of the full-rank EDLAE matrix (Eq. 8); for \
            each low-rank model, the median pairwise cosine similarity of the neighbours' encoder rows U and \
            decoder rows V is computed per item, and its distribution over items is reported. Factors of U V^T \
            are defined only up to U T, V T^-T, which changes row cosines; --factors balanced (the default) \
            first brings every model to the balanced pair U'^T U' = V'^T V' = diagonal, so that models can be \
            compared; --factors as-fitted keeps each solver's own convention.
            """)

    @OptionGroup var dataOptions: DataOptions
    @OptionGroup var protocolOptions: ProtocolOptions
    @OptionGroup var solverOptions: SolverOptions

    @Option(name: .long, help: "Comma-separated low-rank solvers to analyse (one panel each).")
    var solvers: String = "als-zero-diag,dlae-lowrank"

    @Option(name: .long, help: "balanced (canonical factors with equal diagonal Gram matrices) or as-fitted (each solver's own U, V).")
    var factors: EmbeddingSimilarityAnalysis.Factors = .balanced

    @Option(name: .long, help: "Neighbourhood size.")
    var neighbors: Int = 10

    @Option(name: .long, help: ArgumentHelp("Write the histograms to this SVG file.", valueName: "file.svg"))
    var plot: String?

    func validate() throws {
        try require(neighbors, in: 2...largestCount, option: "--neighbors", " (and below the number of items)")
    }

    func run() throws {
        let (splits, _, _, _) = try protocolOptions.splits(dataOptions)
        let data = try TrainingData(splits[0].training)
        let m = data.itemCount
        guard neighbors >= 2, neighbors < m else { throw ToolError.invalidOption("--neighbors must be in 2..<\(m)") }
        let kinds = try SolverKind.list(solvers)
        try solverOptions.checkUsed(by: kinds + [.edlae])
        let teacherConfiguration = try solverOptions.configuration(seed: protocolOptions.seed, kind: .edlae)
        progress("fitting full-rank EDLAE (Eq. 8) for the neighbourhoods")
        let teacher = try teacherConfiguration.makeSolver().fit(data).denseWeights()
        var medians = [(name: String, encoder: [Double], decoder: [Double])]()
        let quantiles = [0.1, 0.25, 0.5, 0.75, 0.9]
        var lines = [pad("model", 28) + quantiles.map { pad("q\(Int($0 * 100))", 9) }.joined()]
        for kind in kinds {
            let name = kind.name
            var configuration = try solverOptions.configuration(seed: protocolOptions.seed, kind: kind)
            configuration.rank = configuration.rank ?? SolverConfiguration.defaultRank
            guard configuration.isFactored else {
                throw ToolError.invalidOption("\(name) gives a full-rank model; the analysis needs a factored one (U, V)")
            }
            let rank = configuration.effectiveRank ?? 0
            progress("fitting \(name) k=\(rank)")
            let model = try configuration.makeSolver().fit(data)
            guard let fittedU = model.encoder, let fittedV = model.decoder else {
                throw ToolError.invalidOption("\(name) gives a full-rank model; the analysis needs a factored one (U, V)")
            }
            let analysis = try EmbeddingSimilarityAnalysis(similarity: teacher, encoder: fittedU, decoder: fittedV,
                                                           neighbors: neighbors, factors: factors)
            for (part, values) in [("U", analysis.encoderMedians), ("V", analysis.decoderMedians)] {
                let sorted = values.filter { !$0.isNaN }.sorted()
                let row = quantiles.map { q -> String in
                    guard !sorted.isEmpty else { return pad("-", 9) }
                    return pad(String(format: "%.3f", sorted[min(sorted.count - 1, Int(q * Double(sorted.count)))]), 9)
                }
                lines.append(pad("\(name) k=\(rank) \(part)", 28) + row.joined())
            }
            medians.append((name, analysis.encoderMedians, analysis.decoderMedians))
        }
        print(lines.joined(separator: "\n"))
        if let plot {
            let rank = solverOptions.rank ?? SolverConfiguration.defaultRank
            try SVGChart.write(Self.chart(medians, neighbors: neighbors, rank: rank, factors: factors), to: plot)
            progress("wrote \(plot)")
        }
    }

    /// Fig. 1 centre and right: one panel per model, side by side, each with the histograms of the
    /// per-item medians for the encoder rows `U` (solid) and the decoder rows `V` (dashed), over a
    /// common range fitted to the data (bins 0.02 wide) so that the panels compare directly.
    static func chart(_ medians: [(name: String, encoder: [Double], decoder: [Double])], neighbors: Int, rank: Int,
                      factors: EmbeddingSimilarityAnalysis.Factors) -> String {
        let all = medians.flatMap { $0.encoder + $0.decoder }.filter(\.isFinite)
        let low = max(-1, ((all.min() ?? -1) / 0.1).rounded(.down) * 0.1)
        let high = min(1, ((all.max() ?? 1) / 0.1).rounded(.up) * 0.1)
        let range = high > low ? low...high : -1...1
        let bins = max(1, Int(((range.upperBound - range.lowerBound) / 0.02).rounded()))
        let panels = medians.map { model in
            SVGChart.histograms(
                title: "\(model.name), rank \(rank)\(factors == .balanced ? " (balanced factors)" : "")",
                xLabel: "median cosine similarity among the \(neighbors) most similar items",
                [(name: "encoder U", histogram: Histogram(model.encoder, bins: bins, range: range), dashed: false),
                 (name: "decoder V", histogram: Histogram(model.decoder, bins: bins, range: range), dashed: true)])
        }
        return SVGChart.sideBySide(panels)
    }
}

extension EmbeddingSimilarityAnalysis.Factors: ExpressibleByArgument {}
