import Foundation

/// A small, dependency-free SVG chart: line charts (Fig. 1 left of Steck 2020: nDCG@100 against
/// the rank) and step histograms (Fig. 1 centre and right: distributions of cosine similarities),
/// with axes, ticks at "nice" values, axis labels, a title and a legend.
public struct SVGChart: Sendable {
    /// How a series is drawn.
    public enum Style: Sendable, Equatable {
        /// Points joined by straight lines, with a marker at each point.
        case line
        /// A step outline: `points` are `(left edge, count)` pairs plus a final `(right edge, 0)`.
        case steps
    }

    /// One named data series.
    public struct Series: Sendable {
        /// The legend entry.
        public var name: String
        /// The data points (see ``Style`` for steps).
        public var points: [(x: Double, y: Double)]
        /// How the series is drawn.
        public var style: Style
        /// Whether the line is dashed.
        public var dashed: Bool

        /// A series with the given values.
        /// - Complexity: O(1).
        public init(name: String, points: [(x: Double, y: Double)], style: Style = .line, dashed: Bool = false) {
            self.name = name
            self.points = points
            self.style = style
            self.dashed = dashed
        }
    }

    /// The chart's title.
    public var title: String
    /// The x-axis label.
    public var xLabel: String
    /// The y-axis label.
    public var yLabel: String
    /// The series, drawn in order (the legend lists them in the same order).
    public var series: [Series]
    /// A base-10 logarithmic x axis (for ranks 10 ... m).
    public var logarithmicX: Bool
    /// Width and height in pixels.
    public var width = 720.0, height = 480.0

    /// A chart of `series` with the given labels, 720 x 480 pixels.
    /// - Complexity: O(1).
    public init(title: String, xLabel: String, yLabel: String, series: [Series], logarithmicX: Bool = false) {
        self.title = title
        self.xLabel = xLabel
        self.yLabel = yLabel
        self.series = series
        self.logarithmicX = logarithmicX
    }

    /// A chart of histograms drawn as overlaid step outlines.
    public static func histograms(title: String, xLabel: String, _ histograms: [(name: String, histogram: Histogram, dashed: Bool)]) -> SVGChart {
        SVGChart(title: title, xLabel: xLabel, yLabel: "items", series: histograms.map { entry in
            var points = zip(entry.histogram.edges, entry.histogram.counts).map { (x: $0.0, y: Double($0.1)) }
            points.append((x: entry.histogram.edges.last!, y: 0))
            return Series(name: entry.name, points: points, style: .steps, dashed: entry.dashed)
        })
    }

    private static let palette = ["#1f77b4", "#d62728", "#2ca02c", "#000000", "#9467bd", "#ff7f0e", "#8c564b", "#17becf"]

    /// The SVG document.
    /// - Complexity: O(total points).
    public func render() -> String {
        let left = 80.0, right = 170.0, top = 50.0, bottom = 60.0
        let plotWidth = width - left - right, plotHeight = height - top - bottom
        let all = series.flatMap(\.points).filter { $0.x.isFinite && $0.y.isFinite && (!logarithmicX || $0.x > 0) }
        var xMin = all.map(\.x).min() ?? 0, xMax = all.map(\.x).max() ?? 1
        var yMin = Swift.min(all.map(\.y).min() ?? 0, series.contains { $0.style == .steps } ? 0 : .infinity)
        var yMax = all.map(\.y).max() ?? 1
        if xMax <= xMin { xMin -= 0.5; xMax += 0.5 }
        if yMax <= yMin { yMin -= 0.5; yMax += 0.5 }
        let yTicks = Self.niceTicks(yMin, yMax)
        yMin = Swift.min(yMin, yTicks.first!); yMax = Swift.max(yMax, yTicks.last!)
        let xTicks: [Double]
        if logarithmicX {
            xTicks = Self.logTicks(xMin, xMax)
        } else {
            xTicks = Self.niceTicks(xMin, xMax)
            xMin = Swift.min(xMin, xTicks.first!); xMax = Swift.max(xMax, xTicks.last!)
        }
        func px(_ x: Double) -> Double {
            let t = logarithmicX ? (log10(x) - log10(xMin)) / (log10(xMax) - log10(xMin)) : (x - xMin) / (xMax - xMin)
            return left + t * plotWidth
        }
        func py(_ y: Double) -> Double { top + (1 - (y - yMin) / (yMax - yMin)) * plotHeight }
        func f(_ v: Double) -> String { String(format: "%.2f", v) }

        var svg = """
        <svg xmlns="http://www.w3.org/2000/svg" width="\(Int(width))" height="\(Int(height))" viewBox="0 0 \(Int(width)) \(Int(height))" font-family="Helvetica, Arial, sans-serif" font-size="12">
        <rect width="100%" height="100%" fill="white"/>
        <text x="\(f(left + plotWidth / 2))" y="28" text-anchor="middle" font-size="16">\(Self.escape(title))</text>

        """
        // Grid and ticks.
        let yDecimals = Self.decimals(forStep: yTicks.count > 1 ? yTicks[1] - yTicks[0] : 1)
        let xDecimals = logarithmicX ? nil : Self.decimals(forStep: xTicks.count > 1 ? xTicks[1] - xTicks[0] : 1)
        for t in yTicks where t >= yMin && t <= yMax {
            svg += "<line x1=\"\(f(left))\" y1=\"\(f(py(t)))\" x2=\"\(f(left + plotWidth))\" y2=\"\(f(py(t)))\" stroke=\"#e0e0e0\"/>\n"
            svg += "<text x=\"\(f(left - 8))\" y=\"\(f(py(t) + 4))\" text-anchor=\"end\">\(Self.label(t, decimals: yDecimals))</text>\n"
        }
        for t in xTicks where t >= xMin && t <= xMax {
            svg += "<line x1=\"\(f(px(t)))\" y1=\"\(f(top + plotHeight))\" x2=\"\(f(px(t)))\" y2=\"\(f(top + plotHeight + 5))\" stroke=\"black\"/>\n"
            svg += "<text x=\"\(f(px(t)))\" y=\"\(f(top + plotHeight + 20))\" text-anchor=\"middle\">\(Self.label(t, decimals: xDecimals))</text>\n"
        }
        // Axes and labels.
        svg += "<line x1=\"\(f(left))\" y1=\"\(f(top + plotHeight))\" x2=\"\(f(left + plotWidth))\" y2=\"\(f(top + plotHeight))\" stroke=\"black\"/>\n"
        svg += "<line x1=\"\(f(left))\" y1=\"\(f(top))\" x2=\"\(f(left))\" y2=\"\(f(top + plotHeight))\" stroke=\"black\"/>\n"
        svg += "<text x=\"\(f(left + plotWidth / 2))\" y=\"\(f(height - 15))\" text-anchor=\"middle\" font-size=\"14\">\(Self.escape(xLabel))</text>\n"
        svg += "<text x=\"20\" y=\"\(f(top + plotHeight / 2))\" text-anchor=\"middle\" font-size=\"14\" transform=\"rotate(-90 20 \(f(top + plotHeight / 2)))\">\(Self.escape(yLabel))</text>\n"
        // Series.
        for (index, s) in series.enumerated() {
            let color = Self.palette[index % Self.palette.count]
            let dash = s.dashed ? " stroke-dasharray=\"6 4\"" : ""
            let points = s.points.filter { $0.x.isFinite && $0.y.isFinite && (!logarithmicX || $0.x > 0) }
            guard !points.isEmpty else { continue }
            var path = ""
            switch s.style {
            case .line:
                path = points.map { "\(f(px($0.x))),\(f(py($0.y)))" }.joined(separator: " L ")
                svg += "<path d=\"M \(path)\" fill=\"none\" stroke=\"\(color)\" stroke-width=\"2\"\(dash)/>\n"
                for p in points {
                    svg += "<circle cx=\"\(f(px(p.x)))\" cy=\"\(f(py(p.y)))\" r=\"3\" fill=\"\(color)\"/>\n"
                }
            case .steps:
                var d = "M \(f(px(points[0].x))),\(f(py(0)))"
                for (i, p) in points.enumerated() {
                    d += " L \(f(px(p.x))),\(f(py(i == points.count - 1 ? 0 : p.y)))"
                    if i + 1 < points.count { d += " L \(f(px(points[i + 1].x))),\(f(py(p.y)))" }
                }
                svg += "<path d=\"\(d)\" fill=\"\(color)\" fill-opacity=\"0.12\" stroke=\"\(color)\" stroke-width=\"2\"\(dash)/>\n"
            }
        }
        // Legend.
        for (index, s) in series.enumerated() {
            let color = Self.palette[index % Self.palette.count]
            let y = top + 10 + Double(index) * 20
            let dash = s.dashed ? " stroke-dasharray=\"6 4\"" : ""
            svg += "<line x1=\"\(f(left + plotWidth + 15))\" y1=\"\(f(y))\" x2=\"\(f(left + plotWidth + 40))\" y2=\"\(f(y))\" stroke=\"\(color)\" stroke-width=\"2\"\(dash)/>\n"
            svg += "<text x=\"\(f(left + plotWidth + 46))\" y=\"\(f(y + 4))\">\(Self.escape(s.name))</text>\n"
        }
        svg += "</svg>\n"
        return svg
    }

    /// Writes the SVG to `path` (atomically: temporary file, then rename).
    public func write(to path: String) throws {
        let url = URL(fileURLWithPath: path)
        let temporary = url.deletingLastPathComponent().appendingPathComponent(".\(url.lastPathComponent).tmp-\(UUID().uuidString)")
        try Data(render().utf8).write(to: temporary)
        guard rename(temporary.path, url.path) == 0 else {
            try? FileManager.default.removeItem(at: temporary)
            throw CocoaError(.fileWriteUnknown, userInfo: [NSFilePathErrorKey: path])
        }
    }

    /// About five ticks at multiples of 1, 2 or 5 times a power of ten covering `[low, high]`.
    static func niceTicks(_ low: Double, _ high: Double) -> [Double] {
        let raw = (high - low) / 5
        let magnitude = pow(10, (log10(raw)).rounded(.down))
        let step = [1.0, 2, 5, 10].map { $0 * magnitude }.first { $0 >= raw } ?? 10 * magnitude
        let first = (low / step).rounded(.down)
        var ticks = [Double]()
        var i = first
        while i * step <= high + step * 1e-9 { ticks.append(i * step); i += 1 }
        if ticks.isEmpty || ticks.last! < high { ticks.append(i * step) }
        return ticks
    }

    /// Ticks at 1, 2 and 5 times the powers of ten within `[low, high]`.
    static func logTicks(_ low: Double, _ high: Double) -> [Double] {
        var ticks = [Double]()
        var decade = pow(10, log10(low).rounded(.down))
        while decade <= high {
            for factor in [1.0, 2, 5] where decade * factor >= low * (1 - 1e-12) && decade * factor <= high * (1 + 1e-12) {
                ticks.append(decade * factor)
            }
            decade *= 10
        }
        return ticks
    }

    /// Enough decimals to tell ticks `step` apart (0.0005 -> 4, 0.2 -> 1, 50 -> 0).
    static func decimals(forStep step: Double) -> Int {
        guard step > 0, step.isFinite else { return 0 }
        return max(0, Int((-log10(step) - 1e-9).rounded(.up)))
    }

    /// A tick label with `decimals` decimals, or the shortest form when `nil` (logarithmic axes).
    private static func label(_ v: Double, decimals: Int?) -> String {
        if let decimals { return String(format: "%.\(decimals)f", v) }
        if v == v.rounded(), abs(v) < 1e15 { return String(Int(v)) }
        return String(format: "%g", v)
    }

    private static func escape(_ text: String) -> String {
        text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
            .replacingOccurrences(of: ">", with: "&gt;").replacingOccurrences(of: "\"", with: "&quot;")
    }
}
