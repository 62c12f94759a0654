import EDLAECore
import EDLAESolvers

extension SVGChart {
    /// The chart of Figs. 2-4 of Pretorius et al. (2018): the mapping `w = w2 w1` of every
    /// eigen-direction against the epoch, the analytic curve (Eq. 5 for noise, Eq. 7 for weight
    /// decay) as a line and the simulated values as open circles (about 30 per curve); one colour
    /// per trajectory (AE, DAE, WDAE, ...), one dash pattern per direction, and a legend in three
    /// sections (runs, directions, marks) to the right of the plot. The y axis starts at 0.
    ///
    /// - Parameters:
    ///   - trajectories: the runs, each with the same directions.
    ///   - title: the chart's title.
    /// - Complexity: O(total points).
    public static func learningDynamics(_ trajectories: [LearningDynamicsTrajectory],
                                        title: String = "Learning dynamics per eigen-direction") -> SVGChart {
        var series = [Series]()
        for (index, trajectory) in trajectories.enumerated() {
            for j in trajectory.eigenvalues.indices {
                let run = trajectory.points(direction: j)
                guard !run.isEmpty else { continue }
                let dash = dashPatterns[j % dashPatterns.count]
                series.append(Series(name: "\(trajectory.label), direction \(j)", points: run.map { ($0.time, $0.analytic) },
                                     dashPattern: dash, marker: SVGChart.Marker.none, colorIndex: index, isInLegend: false))
                let step = Swift.max(1, run.count / 30)
                let sampled = stride(from: 0, to: run.count, by: step).map { run[$0] }
                series.append(Series(name: "\(trajectory.label), direction \(j), simulated", points: sampled.map { ($0.time, $0.simulated) },
                                     style: .markers, marker: .circle, colorIndex: index, isInLegend: false))
            }
        }
        var chart = SVGChart(title: title, xLabel: "epoch (one full-batch gradient step each)",
                             yLabel: "mapping w = w2 w1 of the direction", series: series)
        chart.yIncludesZero = true
        chart.width = 980
        chart.height = 540
        let eigenvalues = trajectories.first?.eigenvalues ?? []
        chart.legend = [
            LegendSection(title: "run", entries: trajectories.indices.map {
                LegendEntry(label: trajectories[$0].label, colorIndex: $0)
            }),
            LegendSection(title: "direction (eigenvalue)", entries: eigenvalues.indices.map {
                LegendEntry(label: "lambda = \(shortNumber(eigenvalues[$0]))", dashPattern: dashPatterns[$0 % dashPatterns.count])
            }),
            LegendSection(entries: [LegendEntry(label: "analytic (Eq. 5 / Eq. 7)"),
                                    LegendEntry(label: "simulated gradient descent", showsLine: false, marker: .circle)]),
        ]
        return chart
    }

    /// `2`, `1.5`: integers without a decimal point.
    private static func shortNumber(_ value: Double) -> String {
        value == value.rounded() && abs(value) < 1e15 ? String(Int(value)) : "\(value)"
    }
}
