import ArgumentParser
import EDLAEMetrics
import Foundation

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
        var medians = [(name: String, encoder: [Double], decoder: [Double])]()
        let quantiles = [0.1, 0.25, 0.5, 0.75, 0.9]
        var lines = [pad("model", 28) + quantiles.map { pad("q\(Int($0 * 100))", 9) }.joined()]
        for name in solvers.split(separator: ",").map({ $0.trimmingCharacters(in: .whitespaces) }) {
            var settings = try solverOptions.settings(seed: protocolOptions.seed, name: name)
            settings.rankGiven = true
            guard SolverCatalog.isFactored(settings) else {
                throw ToolError.invalidOption("\(name) gives a full-rank model; the analysis needs a factored one (U, V)")
            }
            progress("fitting \(name) k=\(settings.rank)")
            let model = try SolverCatalog.makeSolver(settings).fit(data)
            guard let u = model.encoder, let v = model.decoder else {
                throw ToolError.invalidOption("\(name) gives a full-rank model; the analysis needs a factored one (U, V)")
            }
            let analysis = EmbeddingSimilarityAnalysis(similarity: teacher, encoder: u, decoder: v, neighbors: neighbors)
            for (part, values) in [("U", analysis.encoderMedians), ("V", analysis.decoderMedians)] {
                let sorted = values.filter { !$0.isNaN }.sorted()
                let row = quantiles.map { q -> String in
                    guard !sorted.isEmpty else { return pad("-", 9) }
                    return pad(String(format: "%.3f", sorted[min(sorted.count - 1, Int(q * Double(sorted.count)))]), 9)
                }
                lines.append(pad("\(name) k=\(settings.rank) \(part)", 28) + row.joined())
            }
            medians.append((name, analysis.encoderMedians, analysis.decoderMedians))
        }
        print(lines.joined(separator: "\n"))
        if let plot {
            let rank = try solverOptions.settings(seed: protocolOptions.seed).rank
            try Self.chart(medians, neighbors: neighbors, rank: rank).write(toFile: plot, atomically: true, encoding: .utf8)
            progress("wrote \(plot)")
        }
    }

    /// Fig. 1 centre and right: two panels side by side, the per-item medians of the encoder rows
    /// `U` (left) and the decoder rows `V` (right), one step histogram per model in the same colour
    /// in both panels, over a common range fitted to the data (bins 0.02 wide).
    static func chart(_ medians: [(name: String, encoder: [Double], decoder: [Double])], neighbors: Int, rank: Int) -> String {
        let all = medians.flatMap { $0.encoder + $0.decoder }.filter(\.isFinite)
        let low = max(-1, ((all.min() ?? -1) / 0.1).rounded(.down) * 0.1)
        let high = min(1, ((all.max() ?? 1) / 0.1).rounded(.up) * 0.1)
        let range = high > low ? low...high : -1...1
        let bins = max(1, Int(((range.upperBound - range.lowerBound) / 0.02).rounded()))
        func panel(_ title: String, _ part: KeyPath<(name: String, encoder: [Double], decoder: [Double]), [Double]>) -> String {
            let chart = SVGChart.histograms(
                title: title, xLabel: "median pairwise cosine similarity of the \(neighbors) most similar items",
                medians.map { (name: $0.name, histogram: Histogram($0[keyPath: part], bins: bins, range: range), dashed: false) })
            return chart.render()
        }
        let left = panel("Encoder U, rank \(rank) (Fig. 1 centre)", \.encoder)
        let right = panel("Decoder V, rank \(rank) (Fig. 1 right)", \.decoder).replacingOccurrences(of: "<svg ", with: "<svg x=\"720\" ")
        return "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"1440\" height=\"480\" viewBox=\"0 0 1440 480\">\n"
            + left + right + "</svg>\n"
    }
}
