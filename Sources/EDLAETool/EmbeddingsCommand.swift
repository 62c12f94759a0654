import ArgumentParser
import EDLAEMetrics

/// `edlae embeddings`: the embedding statistics of Fig. 1 (centre and right) of Steck 2020.
struct Embeddings: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Cosine similarities of the embeddings of similar items (Fig. 1 centre/right of Steck 2020).",
        discussion: "Neighbourhoods are the 10 largest entries of each column of the full-rank EDLAE matrix (Eq. 8); for each low-rank model, the median pairwise cosine similarity of the neighbours' encoder rows U and decoder rows V is computed per item, and its distribution over items is reported.")

    @OptionGroup var dataOptions: DataOptions
    @OptionGroup var protocolOptions: ProtocolOptions
    @OptionGroup var solverOptions: SolverOptions

    @Option(name: .long, help: "Comma-separated low-rank solvers to analyse.")
    var solvers: String = "teacher-student,dlae-lowrank"

    @Option(name: .long, help: "Neighbourhood size.")
    var neighbors: Int = 10

    @Option(name: .long, help: ArgumentHelp("Write the histograms to this SVG file.", valueName: "file.svg"))
    var plot: String?

    func run() throws {
        let (splits, _, _, _) = try protocolOptions.splits(dataOptions)
        let data = TrainingData(splits[0].training)
        let m = data.itemCount
        guard neighbors >= 2, neighbors < m else { throw ToolError.invalidOption("--neighbors must be in 2..<\(m)") }
        let teacherSettings = try solverOptions.settings(seed: protocolOptions.seed, name: "edlae")
        progress("fitting full-rank EDLAE (Eq. 8) for the neighbourhoods")
        let teacher = try SolverCatalog.makeSolver(teacherSettings).fit(data).denseWeights()
        var histograms = [(name: String, histogram: Histogram, dashed: Bool)]()
        let quantiles = [0.1, 0.25, 0.5, 0.75, 0.9]
        var lines = [pad("model", 28) + quantiles.map { pad("q\(Int($0 * 100))", 9) }.joined()]
        for name in solvers.split(separator: ",").map({ $0.trimmingCharacters(in: .whitespaces) }) {
            let settings = try solverOptions.settings(seed: protocolOptions.seed, name: name)
            let model = try SolverCatalog.makeSolver(settings).fit(data)
            guard let u = model.encoder, let v = model.decoder else {
                throw ToolError.invalidOption("\(name) gives a full-rank model; the analysis needs a factored one (U, V)")
            }
            let analysis = EmbeddingSimilarityAnalysis(similarity: teacher, encoder: u, decoder: v, neighbors: neighbors)
            for (part, values, dashed) in [("U", analysis.encoderMedians, false), ("V", analysis.decoderMedians, true)] {
                let sorted = values.filter { !$0.isNaN }.sorted()
                let row = quantiles.map { q -> String in
                    guard !sorted.isEmpty else { return pad("-", 9) }
                    return pad(String(format: "%.3f", sorted[min(sorted.count - 1, Int(q * Double(sorted.count)))]), 9)
                }
                lines.append(pad("\(name) k=\(settings.rank) \(part)", 28) + row.joined())
                histograms.append(("\(name) \(part)", Histogram(values, bins: 40, range: -1...1), dashed))
            }
        }
        print(lines.joined(separator: "\n"))
        if let plot {
            let chart = SVGChart.histograms(title: "Median cosine similarity of similar items' embeddings",
                                            xLabel: "median pairwise cosine similarity", histograms)
            try chart.write(to: plot)
            progress("wrote \(plot)")
        }
    }
}
