import EDLAEMetrics
import Foundation

/// The chart of `edlae dynamics --plot`: the mapping `w = w2 w1` of every eigen-direction against
/// the epoch, analytic curves as lines and simulated values as open circles; one colour per run
/// (AE, DAE, WDAE, ...), one dash pattern per direction, the legend outside the plotting area, and
/// ticks at 1-2-5 steps.
struct DynamicsChart {
    var trajectories: [LearningDynamicsTrajectory]
    var title: String
    var width = 980.0, height = 540.0

    private static let palette = ["#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#ff7f0e", "#8c564b"]
    private static let dashes = ["", "8 4", "2 3", "10 3 2 3", "4 4", "1 2"]

    func render() -> String {
        let left = 70.0, right = 280.0, top = 50.0, bottom = 60.0
        let plotWidth = width - left - right, plotHeight = height - top - bottom
        let points = trajectories.flatMap(\.points)
        let maxTime = max(points.map(\.time).max() ?? 1, 1)
        let maxValue = max(points.flatMap { [$0.analytic, $0.simulated] }.filter(\.isFinite).max() ?? 1, 1e-12)
        let xTicks = Self.ticks(upTo: maxTime), yTicks = Self.ticks(upTo: maxValue)
        let xMax = xTicks.last!, yMax = yTicks.last!
        func px(_ t: Double) -> Double { left + t / xMax * plotWidth }
        func py(_ v: Double) -> Double { top + (1 - min(max(v, 0), yMax) / yMax) * plotHeight }
        func f(_ v: Double) -> String { String(format: "%.1f", v) }
        let yStep = yTicks.count > 1 ? yTicks[1] - yTicks[0] : 1
        let yDecimals = max(0, Int((-log10(yStep) - 1e-9).rounded(.up)))

        var svg = """
        <svg xmlns="http://www.w3.org/2000/svg" width="\(Int(width))" height="\(Int(height))" viewBox="0 0 \(Int(width)) \(Int(height))" font-family="Helvetica, Arial, sans-serif" font-size="12">
        <rect width="100%" height="100%" fill="white"/>
        <text x="\(f(left + plotWidth / 2))" y="28" text-anchor="middle" font-size="15">\(Self.escape(title))</text>

        """
        for t in yTicks {
            svg += "<line x1=\"\(f(left))\" y1=\"\(f(py(t)))\" x2=\"\(f(left + plotWidth))\" y2=\"\(f(py(t)))\" stroke=\"#e6e6e6\"/>\n"
            svg += "<text x=\"\(f(left - 8))\" y=\"\(f(py(t) + 4))\" text-anchor=\"end\">\(String(format: "%.\(yDecimals)f", t))</text>\n"
        }
        for t in xTicks {
            svg += "<line x1=\"\(f(px(t)))\" y1=\"\(f(top + plotHeight))\" x2=\"\(f(px(t)))\" y2=\"\(f(top + plotHeight + 5))\" stroke=\"black\"/>\n"
            svg += "<text x=\"\(f(px(t)))\" y=\"\(f(top + plotHeight + 20))\" text-anchor=\"middle\">\(compactNumber(t))</text>\n"
        }
        svg += "<line x1=\"\(f(left))\" y1=\"\(f(top + plotHeight))\" x2=\"\(f(left + plotWidth))\" y2=\"\(f(top + plotHeight))\" stroke=\"black\"/>\n"
        svg += "<line x1=\"\(f(left))\" y1=\"\(f(top))\" x2=\"\(f(left))\" y2=\"\(f(top + plotHeight))\" stroke=\"black\"/>\n"
        svg += "<text x=\"\(f(left + plotWidth / 2))\" y=\"\(f(height - 15))\" text-anchor=\"middle\" font-size=\"14\">epoch (one full-batch gradient step each)</text>\n"
        svg += "<text x=\"20\" y=\"\(f(top + plotHeight / 2))\" text-anchor=\"middle\" font-size=\"14\" transform=\"rotate(-90 20 \(f(top + plotHeight / 2)))\">mapping w = w2 w1 of the direction</text>\n"

        for (index, trajectory) in trajectories.enumerated() {
            let colour = Self.palette[index % Self.palette.count]
            for j in trajectory.eigenvalues.indices {
                let run = trajectory.points(direction: j)
                guard !run.isEmpty else { continue }
                let dash = Self.dashes[j % Self.dashes.count]
                let path = run.map { "\(f(px($0.time))),\(f(py($0.analytic)))" }.joined(separator: " ")
                svg += "<polyline fill=\"none\" stroke=\"\(colour)\" stroke-width=\"1.6\"\(dash.isEmpty ? "" : " stroke-dasharray=\"\(dash)\"") points=\"\(path)\"/>\n"
                let step = max(1, run.count / 30)
                for point in stride(from: 0, to: run.count, by: step).map({ run[$0] }) {
                    svg += "<circle cx=\"\(f(px(point.time)))\" cy=\"\(f(py(point.simulated)))\" r=\"2.8\" fill=\"white\" stroke=\"\(colour)\"/>\n"
                }
            }
        }

        // Legend: runs (colours), then directions (dash patterns), then the marks.
        let legendX = left + plotWidth + 20
        var y = top + 8
        svg += "<text x=\"\(f(legendX))\" y=\"\(f(y))\" font-weight=\"bold\">run</text>\n"
        for (index, trajectory) in trajectories.enumerated() {
            y += 18
            let colour = Self.palette[index % Self.palette.count]
            svg += "<line x1=\"\(f(legendX))\" y1=\"\(f(y - 4))\" x2=\"\(f(legendX + 24))\" y2=\"\(f(y - 4))\" stroke=\"\(colour)\" stroke-width=\"2.5\"/>\n"
            svg += "<text x=\"\(f(legendX + 30))\" y=\"\(f(y))\">\(Self.escape(trajectory.label))</text>\n"
        }
        y += 28
        svg += "<text x=\"\(f(legendX))\" y=\"\(f(y))\" font-weight=\"bold\">direction (eigenvalue)</text>\n"
        for (j, eigenvalue) in (trajectories.first?.eigenvalues ?? []).enumerated() {
            y += 18
            let dash = Self.dashes[j % Self.dashes.count]
            svg += "<line x1=\"\(f(legendX))\" y1=\"\(f(y - 4))\" x2=\"\(f(legendX + 24))\" y2=\"\(f(y - 4))\" stroke=\"black\" stroke-width=\"1.6\"\(dash.isEmpty ? "" : " stroke-dasharray=\"\(dash)\"")/>\n"
            svg += "<text x=\"\(f(legendX + 30))\" y=\"\(f(y))\">lambda = \(compactNumber(eigenvalue))</text>\n"
        }
        y += 28
        svg += "<line x1=\"\(f(legendX))\" y1=\"\(f(y - 4))\" x2=\"\(f(legendX + 24))\" y2=\"\(f(y - 4))\" stroke=\"black\" stroke-width=\"1.6\"/>\n"
        svg += "<text x=\"\(f(legendX + 30))\" y=\"\(f(y))\">analytic (Eq. 5 / Eq. 7)</text>\n"
        y += 18
        svg += "<circle cx=\"\(f(legendX + 12))\" cy=\"\(f(y - 4))\" r=\"2.8\" fill=\"white\" stroke=\"black\"/>\n"
        svg += "<text x=\"\(f(legendX + 30))\" y=\"\(f(y))\">simulated gradient descent</text>\n"
        svg += "</svg>\n"
        return svg
    }

    /// Ticks `0, s, 2s, ...` at a 1-2-5 step `s`, about five of them, the last at or above `maximum`.
    static func ticks(upTo maximum: Double) -> [Double] {
        let raw = maximum / 5
        let magnitude = pow(10, log10(raw).rounded(.down))
        let step = [1.0, 2, 5, 10].map { $0 * magnitude }.first { $0 >= raw * (1 - 1e-6) } ?? 10 * magnitude
        let count = Int((maximum / step - 1e-6).rounded(.up))
        return (0...max(count, 1)).map { Double($0) * step }
    }

    private static func escape(_ text: String) -> String {
        text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
            .replacingOccurrences(of: ">", with: "&gt;")
    }
}
