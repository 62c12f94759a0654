import EDLAECore
import EDLAESolvers
import Foundation

/// The one SVG chart writer of the package: line charts (Fig. 1 left of Steck 2020: nDCG@100
/// against the rank), step histograms (Fig. 1 centre and right: distributions of cosine
/// similarities) and learning-dynamics curves (Figs. 2-4 of Pretorius et al. 2018, see
/// ``learningDynamics(_:title:)``), with axes, ticks at 1-2-5 steps, axis labels, a title and a
/// legend to the right of the plotting area, where it cannot hide a curve.
public struct SVGChart: Sendable {
    /// How a series is drawn.
    public enum Style: Sendable, Equatable {
        /// Points joined by straight lines (with ``Series/marker`` at each point).
        case line
        /// A step outline: `points` are `(left edge, count)` pairs plus a final `(right edge, 0)`.
        case steps
        /// Markers only, no line.
        case markers
    }

    /// The mark drawn at each point of a series.
    public enum Marker: Sendable, Equatable {
        /// No mark.
        case none
        /// A filled dot.
        case dot
        /// An open circle.
        case circle
    }

    /// One named data series.
    public struct Series: Sendable {
        /// The legend entry.
        public var name: String
        /// The data points (see ``Style`` for steps).
        public var points: [(x: Double, y: Double)]
        /// How the series is drawn.
        public var style: Style
        /// Whether the line is dashed (ignored when ``dashPattern`` is set).
        public var dashed: Bool
        /// An explicit SVG dash pattern (e.g. `"8 4"`); `nil` for solid, or `"6 4"` when ``dashed``.
        public var dashPattern: String?
        /// The mark at each point (default: dots on lines, circles on marker series).
        public var marker: Marker
        /// Index into the palette; `nil` for the series' own position in ``SVGChart/series``.
        public var colorIndex: Int?
        /// Whether the automatic legend lists the series.
        public var isInLegend: Bool

        /// A series with the given values.
        /// - Complexity: O(1).
        public init(name: String, points: [(x: Double, y: Double)], style: Style = .line, dashed: Bool = false,
                    dashPattern: String? = nil, marker: Marker? = nil, colorIndex: Int? = nil, isInLegend: Bool = true) {
            self.name = name
            self.points = points
            self.style = style
            self.dashed = dashed
            self.dashPattern = dashPattern
            self.marker = marker ?? (style == .line ? .dot : style == .markers ? .circle : .none)
            self.colorIndex = colorIndex
            self.isInLegend = isInLegend
        }

        /// The dash pattern in force, if any.
        var effectiveDash: String? { dashPattern ?? (dashed ? "6 4" : nil) }
    }

    /// One line of a legend: a sample of the stroke and mark, and a label.
    public struct LegendEntry: Sendable, Equatable {
        /// The text.
        public var label: String
        /// Palette index of the sample; `nil` draws it black.
        public var colorIndex: Int?
        /// SVG dash pattern of the sample line; `nil` for solid.
        public var dashPattern: String?
        /// Whether a line sample is drawn.
        public var showsLine: Bool
        /// The mark drawn in the middle of the sample.
        public var marker: Marker

        /// An entry with the given sample.
        /// - Complexity: O(1).
        public init(label: String, colorIndex: Int? = nil, dashPattern: String? = nil, showsLine: Bool = true, marker: Marker = .none) {
            self.label = label
            self.colorIndex = colorIndex
            self.dashPattern = dashPattern
            self.showsLine = showsLine
            self.marker = marker
        }
    }

    /// A titled group of legend entries.
    public struct LegendSection: Sendable, Equatable {
        /// The bold heading, if any.
        public var title: String?
        /// The entries, top to bottom.
        public var entries: [LegendEntry]

        /// A section with the given heading and entries.
        /// - Complexity: O(1).
        public init(title: String? = nil, entries: [LegendEntry]) {
            self.title = title
            self.entries = entries
        }
    }

    /// The chart's title.
    public var title: String
    /// The x-axis label.
    public var xLabel: String
    /// The y-axis label.
    public var yLabel: String
    /// The series, drawn in order (the automatic legend lists them in the same order).
    public var series: [Series]
    /// A base-10 logarithmic x axis (for ranks 10 ... m).
    public var logarithmicX: Bool
    /// Whether the y axis starts at or below 0 (always for histograms).
    public var yIncludesZero = false
    /// An explicit legend; `nil` lists every series with ``Series/isInLegend``.
    public var legend: [LegendSection]?
    /// Width and height in pixels; the legend's width is taken from the width, the plotting area
    /// gets the rest.
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

    /// A chart of histograms drawn as overlaid step outlines, the y axis from 0.
    /// - Complexity: O(total bins).
    public static func histograms(title: String, xLabel: String, _ histograms: [(name: String, histogram: Histogram, dashed: Bool)]) -> SVGChart {
        var chart = SVGChart(title: title, xLabel: xLabel, yLabel: "items", series: histograms.map { entry in
            var points = zip(entry.histogram.edges, entry.histogram.counts).map { (x: $0.0, y: Double($0.1)) }
            points.append((x: entry.histogram.edges.last!, y: 0))
            return Series(name: entry.name, points: points, style: .steps, dashed: entry.dashed)
        })
        chart.yIncludesZero = true
        return chart
    }

    /// The colours of the series, in order (index ``Series/colorIndex`` modulo the count).
    public static let palette = ["#1f77b4", "#d62728", "#2ca02c", "#000000", "#9467bd", "#ff7f0e", "#8c564b", "#17becf"]

    /// Dash patterns for series told apart by dash (solid first).
    public static let dashPatterns: [String?] = [nil, "8 4", "2 3", "10 3 2 3", "4 4", "1 2"]

    /// The legend in force: ``legend``, or one entry per legend series.
    var legendSections: [LegendSection] {
        if let legend { return legend }
        let entries = series.enumerated().filter { $0.element.isInLegend }.map { index, s in
            LegendEntry(label: s.name, colorIndex: s.colorIndex ?? index, dashPattern: s.effectiveDash,
                        showsLine: s.style != .markers, marker: s.marker)
        }
        return entries.isEmpty ? [] : [LegendSection(entries: entries)]
    }

    /// The width the legend needs (about 6.5 px per character of 12 px Helvetica, plus the sample).
    var legendWidth: Double {
        let sections = legendSections
        let characters = sections.flatMap { section in section.entries.map(\.label.count) + [section.title?.count ?? 0] }.max() ?? 0
        return characters == 0 ? 20 : 60 + 6.5 * Double(characters)
    }

    /// The SVG document.
    /// - Complexity: O(total points).
    public func render() -> String {
        let left = 80.0, right = legendWidth, top = 50.0, bottom = 60.0
        let plotWidth = Swift.max(width - left - right, 100), plotHeight = height - top - bottom
        let all = series.flatMap(\.points).filter { $0.x.isFinite && $0.y.isFinite && (!logarithmicX || $0.x > 0) }
        var xMin = all.map(\.x).min() ?? 0, xMax = all.map(\.x).max() ?? 1
        var yMin = all.map(\.y).min() ?? 0, yMax = all.map(\.y).max() ?? 1
        if yIncludesZero || series.contains(where: { $0.style == .steps }) { yMin = Swift.min(yMin, 0) }
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
        func dashAttribute(_ pattern: String?) -> String { pattern.map { " stroke-dasharray=\"\($0)\"" } ?? "" }
        func mark(_ marker: Marker, _ x: Double, _ y: Double, _ color: String) -> String {
            switch marker {
            case .none: return ""
            case .dot: return "<circle cx=\"\(f(x))\" cy=\"\(f(y))\" r=\"3\" fill=\"\(color)\"/>\n"
            case .circle: return "<circle cx=\"\(f(x))\" cy=\"\(f(y))\" r=\"2.8\" fill=\"white\" stroke=\"\(color)\"/>\n"
            }
        }

        var svg = """
        <svg xmlns="http://www.w3.org/2000/svg" width="\(Int(width))" height="\(Int(height))" \
        viewBox="0 0 \(Int(width)) \(Int(height))" font-family="Helvetica, Arial, sans-serif" font-size="12">
        <rect width="100%" height="100%" fill="white"/>
        <text x="\(f(width / 2))" y="28" text-anchor="middle" font-size="15">\(Self.escape(title))</text>

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
        let middle = f(top + plotHeight / 2)
        svg += "<text x=\"20\" y=\"\(middle)\" text-anchor=\"middle\" font-size=\"14\" transform=\"rotate(-90 20 \(middle))\">"
            + "\(Self.escape(yLabel))</text>\n"
        // Series.
        for (index, s) in series.enumerated() {
            let color = Self.color(s.colorIndex ?? index)
            let dash = dashAttribute(s.effectiveDash)
            let points = s.points.filter { $0.x.isFinite && $0.y.isFinite && (!logarithmicX || $0.x > 0) }
            guard !points.isEmpty else { continue }
            switch s.style {
            case .line:
                let path = points.map { "\(f(px($0.x))),\(f(py($0.y)))" }.joined(separator: " L ")
                svg += "<path d=\"M \(path)\" fill=\"none\" stroke=\"\(color)\" stroke-width=\"2\"\(dash)/>\n"
            case .steps:
                var d = "M \(f(px(points[0].x))),\(f(py(0)))"
                for (i, p) in points.enumerated() {
                    d += " L \(f(px(p.x))),\(f(py(i == points.count - 1 ? 0 : p.y)))"
                    if i + 1 < points.count { d += " L \(f(px(points[i + 1].x))),\(f(py(p.y)))" }
                }
                svg += "<path d=\"\(d)\" fill=\"\(color)\" fill-opacity=\"0.12\" stroke=\"\(color)\" stroke-width=\"2\"\(dash)/>\n"
            case .markers:
                break
            }
            if s.style != .steps {
                for p in points { svg += mark(s.marker, px(p.x), py(p.y), color) }
            }
        }
        // Legend, right of the plotting area.
        let legendX = left + plotWidth + 20
        var y = top + 4
        for (number, section) in legendSections.enumerated() {
            if number > 0 { y += 12 }
            if let heading = section.title {
                y += 16
                svg += "<text x=\"\(f(legendX))\" y=\"\(f(y))\" font-weight=\"bold\">\(Self.escape(heading))</text>\n"
            }
            for entry in section.entries {
                y += 18
                let color = entry.colorIndex.map(Self.color) ?? "black"
                if entry.showsLine {
                    svg += "<line x1=\"\(f(legendX))\" y1=\"\(f(y - 4))\" x2=\"\(f(legendX + 28))\" y2=\"\(f(y - 4))\" "
                        + "stroke=\"\(color)\" stroke-width=\"2\"\(dashAttribute(entry.dashPattern))/>\n"
                }
                svg += mark(entry.marker, legendX + 14, y - 4, color)
                svg += "<text x=\"\(f(legendX + 36))\" y=\"\(f(y))\">\(Self.escape(entry.label))</text>\n"
            }
        }
        svg += "</svg>\n"
        return svg
    }

    /// One SVG document with `charts` side by side (each at its own width, all at the tallest
    /// height), e.g. one histogram panel per model.
    /// - Complexity: O(total points).
    public static func sideBySide(_ charts: [SVGChart]) -> String {
        var x = 0.0, panels = ""
        for chart in charts {
            panels += chart.render().replacingOccurrences(of: "<svg ", with: "<svg x=\"\(Int(x))\" ")
            x += chart.width
        }
        let height = Int(charts.map(\.height).max() ?? 0)
        return "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"\(Int(x))\" height=\"\(height)\" viewBox=\"0 0 \(Int(x)) \(height)\">\n"
            + panels + "</svg>\n"
    }

    /// Writes the SVG to `path` (atomically: temporary file, then rename).
    /// - Throws: a file-system error when the file cannot be written.
    public func write(to path: String) throws {
        try Self.write(render(), to: path)
    }

    /// Writes an SVG document (e.g. from ``sideBySide(_:)``) to `path` (atomically: temporary file,
    /// then rename).
    /// - Throws: a file-system error when the file cannot be written.
    public static func write(_ document: String, to path: String) throws {
        let url = URL(fileURLWithPath: path)
        let temporary = url.deletingLastPathComponent().appendingPathComponent(".\(url.lastPathComponent).tmp-\(UUID().uuidString)")
        try Data(document.utf8).write(to: temporary)
        guard rename(temporary.path, url.path) == 0 else {
            try? FileManager.default.removeItem(at: temporary)
            throw CocoaError(.fileWriteUnknown, userInfo: [NSFilePathErrorKey: path])
        }
    }

    /// About five ticks at multiples of 1, 2 or 5 times a power of ten covering `[low, high]`.
    static func niceTicks(_ low: Double, _ high: Double) -> [Double] {
        let raw = (high - low) / 5
        let magnitude = pow(10, (log10(raw)).rounded(.down))
        let step = [1.0, 2, 5, 10].map { $0 * magnitude }.first { $0 >= raw * (1 - 1e-9) } ?? 10 * magnitude
        let first = (low / step + 1e-9).rounded(.down)
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

    private static func color(_ index: Int) -> String { palette[((index % palette.count) + palette.count) % palette.count] }

    /// A tick label with `decimals` decimals, or the shortest form when `nil` (logarithmic axes).
    private static func label(_ v: Double, decimals: Int?) -> String {
        if let decimals {
            let text = String(format: "%.\(decimals)f", v)
            return text.hasPrefix("-") && Double(text) == 0 ? String(text.dropFirst()) : text
        }
        if v == v.rounded(), abs(v) < 1e15 { return String(Int(v)) }
        return String(format: "%g", v)
    }

    static func escape(_ text: String) -> String {
        text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
            .replacingOccurrences(of: ">", with: "&gt;").replacingOccurrences(of: "\"", with: "&quot;")
    }
}
