import ArgumentParser
import EDLAECore
import EDLAEMetrics
import EDLAESolvers

/// `edlae sweep`: nDCG@100 against the rank (Fig. 1, left, of Steck 2020).
struct Sweep: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "nDCG@100 of the low-rank solvers against the rank k (Fig. 1 left of Steck 2020).")

    @OptionGroup var dataOptions: DataOptions
    @OptionGroup var protocolOptions: ProtocolOptions
    @OptionGroup var solverOptions: SolverOptions

    @OptionGroup var outputOptions: OutputOptions

    @Option(name: .long, help: ArgumentHelp("Comma-separated ranks.", valueName: "k,k,..."))
    var ranks: String = "10,20,50,100,200"

    @Option(name: .long, help: "Comma-separated solvers; a full-rank one (e.g. edlae) is drawn as a constant reference line.")
    var solvers: String = "admm,teacher-student,als-zero-diag,dlae-lowrank,edlae"

    @Option(name: .long, help: ArgumentHelp("Write the chart to this SVG file.", valueName: "file.svg"))
    var plot: String?

    func run() throws {
        let rankList: [Int] = try parseList(ranks, option: "--ranks")
        let kinds = try SolverKind.list(solvers)
        try solverOptions.checkUsed(by: kinds, refusing: [.rank: "--ranks"])
        let (splits, _, _, _) = try protocolOptions.splits(dataOptions)
        let m = splits[0].itemCount
        let metric = RankingMetric.ndcg(100)
        var series = [SVGChart.Series]()
        var table = [String: [Int: MetricSummary]]()
        for kind in kinds {
            let name = kind.name
            var points = [(x: Double, y: Double)]()
            if kind.rankUse != .required {
                // A full-rank solver: one fit, drawn as a constant reference line over the ranks.
                let configuration = try solverOptions.configuration(seed: protocolOptions.seed, kind: kind)
                let s = try runEvaluation(configuration, on: splits, metrics: [metric], output: outputOptions).report.summary(metric)
                for k in rankList where k >= 1 && k <= m { table[name, default: [:]][k] = s }
                let xs = rankList.filter { $0 >= 1 && $0 <= m }.map(Double.init)
                if let first = xs.min(), let last = xs.max() { points = [(first, s.mean), (last, s.mean)] }
                series.append(.init(name: name + " (full rank)", points: points, dashed: true))
                continue
            }
            for k in rankList where k >= 1 && k <= m {
                var configuration = try solverOptions.configuration(seed: protocolOptions.seed, kind: kind)
                configuration.rank = k
                let run = try runEvaluation(configuration, on: splits, metrics: [metric], label: "\(name) k=\(k)", output: outputOptions)
                let s = run.report.summary(metric)
                table[name, default: [:]][k] = s
                points.append((Double(k), s.mean))
            }
            series.append(.init(name: name, points: points))
        }
        guard !table.isEmpty else { throw ToolError.invalidOption("--solvers: name at least one solver") }
        let usedRanks = rankList.filter { $0 >= 1 && $0 <= m }
        let columns = kinds.map(\.name).filter { table[$0] != nil }
        print(pad("rank", 8) + columns.map { pad($0, 22) }.joined())
        for k in usedRanks {
            print(pad("\(k)", 8) + columns.map { name in
                pad(table[name]?[k].map { formatSummary($0.mean, $0.standardError) } ?? "-", 22)
            }.joined())
        }
        if let plot {
            let base = try solverOptions.configuration(seed: protocolOptions.seed, kind: kinds[0])
            let title = "nDCG@100 against the rank k (\(m) items, p = \(compactNumber(base.dropout)), lambda = \(compactNumber(base.l2)))"
            let chart = SVGChart(title: title, xLabel: "rank k", yLabel: "nDCG@100 (\(splits.count > 1 ? "\(splits.count) folds" : "test users"))",
                                 series: series, logarithmicX: true)
            try chart.write(to: plot)
            progress("wrote \(plot)")
        }
    }
}
