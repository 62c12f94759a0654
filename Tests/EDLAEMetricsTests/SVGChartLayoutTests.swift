import EDLAECore
import EDLAEMetrics
import EDLAESolvers
import Foundation
import Testing
#if canImport(FoundationXML)
    import FoundationXML
#endif

/// Layout of the package's one chart writer: legend right of the plotting area, 1-2-5 tick steps,
/// and the learning-dynamics chart built on it.
@Suite struct SVGChartLayoutTests {
    /// The `x` attribute of every `<text>` element whose content is `label`.
    static func textX(_ svg: String, _ label: String) -> [Double] {
        svg.split(separator: "\n").filter { $0.hasPrefix("<text") && $0.hasSuffix(">\(label)</text>") }.compactMap { line in
            line.components(separatedBy: "x=\"").dropFirst().first?.split(separator: "\"").first.flatMap { Double($0) }
        }
    }

    /// The right end of the x axis: the largest `x2` of the black lines.
    static func plotRight(_ svg: String) -> Double {
        svg.split(separator: "\n").filter { $0.hasPrefix("<line") && $0.contains("stroke=\"black\"") }.compactMap { line in
            line.components(separatedBy: "x2=\"").dropFirst().first?.split(separator: "\"").first.flatMap { Double($0) }
        }.max() ?? .infinity
    }

    /// Tick labels below the x axis (text anchored in the middle, other than the axis label).
    static func xTickLabels(_ svg: String, axisLabel: String) -> [Double] {
        svg.split(separator: "\n").filter { $0.hasPrefix("<text") && $0.contains("text-anchor=\"middle\">") && !$0.contains(axisLabel) }
            .compactMap { Double($0.split(separator: ">")[1].split(separator: "<")[0]) }
    }

    /// Whether consecutive ticks differ by one step of 1, 2 or 5 times a power of ten.
    static func isOneTwoFive(_ ticks: [Double]) -> Bool {
        guard ticks.count >= 2 else { return false }
        let step = ticks[1] - ticks[0]
        let mantissa = step / pow(10, log10(step).rounded(.down))
        let evenlySpaced = zip(ticks.dropFirst(), ticks).allSatisfy { abs(($0 - $1) - step) < 1e-9 * step }
        return evenlySpaced && [1.0, 2, 5].contains { abs(mantissa - $0) < 1e-9 }
    }

    @Test func legendIsRightOfThePlotEvenForLongNames() {
        let long = "a rather long legend entry that names a solver and its settings"
        let chart = SVGChart(title: "t", xLabel: "rank k", yLabel: "y",
                             series: [.init(name: long, points: [(0, 0.1), (7, 0.37)]), .init(name: "b", points: [(0, 0.2), (7, 0.3)])])
        let svg = chart.render()
        let right = Self.plotRight(svg)
        #expect(right < chart.width)
        for label in [long, "b"] {
            let x = Self.textX(svg, label)
            #expect(x.count == 1 && x[0] > right, "\(label) at \(x), plot ends at \(right)")
            // The text fits in the picture: about 6.5 px per character at 12 px.
            #expect(x[0] + 6.5 * Double(label.count) <= chart.width + 1)
        }
        let ticks = Self.xTickLabels(svg, axisLabel: "rank k")
        #expect(Self.isOneTwoFive(ticks), "\(ticks)")
        #expect(ticks.first! <= 0 && ticks.last! >= 7)
    }

    @Test func learningDynamicsChart() throws {
        let simulate = { (regularizer: LearningDynamicsSimulator.Regularizer) in
            try LearningDynamicsSimulator(eigenvalues: [2, 1, 0.5], sampleCount: 20, learningRate: 0.5, epochs: 130,
                                          regularizer: regularizer, recordEvery: 5).run()
        }
        let runs = [try simulate(.none), try simulate(.gaussianNoise(variance: 0.05))]
        let chart = SVGChart.learningDynamics(runs, title: "dynamics")
        let svg = chart.render()
        #expect((try? XMLDocument(xmlString: svg)) != nil)
        // One analytic curve per run and direction; the simulated values as circles.
        #expect(svg.components(separatedBy: "<path").count - 1 == 2 * 3)
        #expect(svg.contains("r=\"2.8\" fill=\"white\""))
        // The legend names each run once, outside the plotting area, with the directions' eigenvalues.
        let right = Self.plotRight(svg)
        for run in runs {
            let x = Self.textX(svg, run.label)
            #expect(x.count == 1 && x[0] > right)
        }
        #expect(svg.contains(">lambda = 0.5</text>") && svg.contains(">run</text>"))
        // Epochs 0 ... 130 on 1-2-5 ticks covering the run.
        let ticks = Self.xTickLabels(svg, axisLabel: "epoch")
        #expect(Self.isOneTwoFive(ticks), "\(ticks)")
        #expect(ticks.first == 0 && ticks.last! >= 130)
    }

    @Test func panelsSideBySide() {
        let a = SVGChart.histograms(title: "a", xLabel: "x", [("U", Histogram([0.1, 0.2], bins: 2, range: 0...1), false)])
        let document = SVGChart.sideBySide([a, a])
        #expect(document.hasPrefix("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"\(Int(2 * a.width))\""))
        #expect(document.contains("<svg x=\"\(Int(a.width))\" "))
        #expect((try? XMLDocument(xmlString: document)) != nil)
    }
}
