import EDLAECore
import EDLAESolvers
import Foundation
import Testing
@testable import EDLAEMetrics
#if canImport(FoundationXML)
    import FoundationXML
#endif

@Suite struct DiagnosticsTests {
    let x = randomInteractions(users: 120, items: 12, minimum: 2, maximum: 8, seed: 31)

    /// `||X - X B||^2 + sum_i lambda_i ||B_i,:||^2` with dense X, for comparison.
    func directObjective(_ b: Matrix<Double>, lambda: [Double]) throws -> Double {
        let dense = try x.denseRows(0..<x.userCount)
        let residual = dense - dense * b
        var penalty = 0.0
        for i in 0..<b.rows { for j in 0..<b.columns { penalty += lambda[i] * b[i, j] * b[i, j] } }
        return residual.frobeniusNorm * residual.frobeniusNorm + penalty
    }

    @Test func objectiveMatchesTheDirectComputation() throws {
        let data = try TrainingData(x)
        let regularization = try Regularization(dropout: 0.3, l2: 2)
        let lambda = regularization.weights(itemCounts: data.itemCounts)
        let dlae = try DLAE(regularization: regularization).fit(data)
        var rng = SplitMix64(seed: 4)
        let u = Matrix<Double>(rows: 12, columns: 3) { _, _ in rng.nextUnitDouble() - 0.5 }
        let v = Matrix<Double>(rows: 12, columns: 3) { _, _ in rng.nextUnitDouble() - 0.5 }
        let factored = LinearAutoencoder(encoder: u, decoder: v)
        for model in [dlae, factored] {
            for zero in [false, true] {
                var b = model.denseWeights()
                if zero { b.diagonal = [Double](repeating: 0, count: 12) }
                let expected = try directObjective(b, lambda: lambda)
                let value = ModelDiagnostics.objective(model, gram: data.gram, lambda: lambda, zeroDiagonal: zero)
                // Two exact formulas for the same quantity (~1e3): relative 1e-10 covers rounding.
                #expect(abs(value - expected) <= 1e-10 * abs(expected))
            }
        }
        // DLAE minimises Eq. 4: perturbing B increases the objective.
        var perturbed = dlae.denseWeights()
        perturbed[2, 5] += 1e-3
        #expect(ModelDiagnostics.objective(LinearAutoencoder(full: perturbed), gram: data.gram, lambda: lambda)
                > ModelDiagnostics.objective(dlae, gram: data.gram, lambda: lambda))
    }

    @Test func fullRankEDLAEMinimisesTheZeroDiagonalObjective() throws {
        // Eq. 8 minimises Eq. 4 subject to diag(B) = 0, and Eq. 10's objective equals Eq. 4's on
        // zero-diagonal matrices: DLAE with its diagonal removed, and small zero-diagonal
        // perturbations of EDLAE, are feasible points that cannot do better.
        let data = try TrainingData(x)
        let regularization = try Regularization(dropout: 0.4, l2: 3)
        let lambda = regularization.weights(itemCounts: data.itemCounts)
        let edlae = try EDLAE(regularization: regularization).fit(data)
        let dlae = try DLAE(regularization: regularization).fit(data)
        let best = ModelDiagnostics.objective(edlae, gram: data.gram, lambda: lambda, zeroDiagonal: true)
        #expect(best == ModelDiagnostics.objective(edlae, gram: data.gram, lambda: lambda))
        #expect(best < ModelDiagnostics.objective(dlae, gram: data.gram, lambda: lambda, zeroDiagonal: true))
        var perturbed = edlae.denseWeights()
        perturbed[1, 7] += 1e-3
        #expect(best < ModelDiagnostics.objective(LinearAutoencoder(full: perturbed), gram: data.gram, lambda: lambda, zeroDiagonal: true))
        // Without the constraint DLAE is better (Eq. 4 is DLAE's objective).
        #expect(ModelDiagnostics.objective(dlae, gram: data.gram, lambda: lambda) < best)
    }

    @Test func diagonalShares() throws {
        let regularization = try Regularization(dropout: 0.3, l2: 2)
        let edlae = try EDLAE(regularization: regularization).fit(x)
        let dlae = try DLAE(regularization: regularization).fit(x)
        #expect(ModelDiagnostics.diagonalAbsoluteShare(edlae) == 0)
        #expect(ModelDiagnostics.diagonalAbsoluteShare(dlae) > 0)
        let factored = LinearAutoencoder(encoder: Matrix([[1, 2], [0, 1], [3, -1]]), decoder: Matrix([[1, 0], [2, 1], [0, 1]]))
        let b = factored.denseWeights()   // [[1, 4, 2], [0, 1, 1], [3, 5, -1]]
        let absolute = b.withUnsafeBufferPointer { $0.reduce(0) { $0 + abs($1) } }
        #expect(ModelDiagnostics.diagonalAbsoluteShare(factored) == 3 / absolute)       // |1| + |1| + |-1| = 3 of 18
        #expect(abs(ModelDiagnostics.diagonalSquaredShare(factored) - 3 / (b.frobeniusNorm * b.frobeniusNorm)) < 1e-15)
    }

    @Test func embeddingAnalysisOnAHandExample() throws {
        // Column 0 of B ranks items 3 > 2 > 1 (item 0 itself excluded); with 2 neighbours the set is
        // {3, 2}. U rows 2 and 3 are orthogonal (cosine 0); V rows 2 and 3 are parallel (cosine 1).
        var b = Matrix<Double>(rows: 5, columns: 5)
        b[1, 0] = 0.1; b[2, 0] = 0.5; b[3, 0] = 0.9; b[4, 0] = -1
        let u = Matrix<Double>([[1, 0], [1, 1], [1, 0], [0, 2], [1, 1]])
        let v = Matrix<Double>([[1, 0], [1, 1], [3, 0], [2, 0], [1, 1]])
        let analysis = try EmbeddingSimilarityAnalysis(similarity: b, encoder: u, decoder: v, neighbors: 2, factors: .asFitted)
        #expect(analysis.encoderMedians[0] == 0)
        #expect(abs(analysis.decoderMedians[0] - 1) < 1e-15)
        // With 3 neighbours {3, 2, 1}: U cosines (2,3) 0, (2,1) 1/sqrt2, (3,1) 1/sqrt2 -> median 1/sqrt2.
        let three = try EmbeddingSimilarityAnalysis(similarity: b, encoder: u, decoder: v, neighbors: 3, factors: .asFitted)
        #expect(abs(three.encoderMedians[0] - 1 / 2.0.squareRoot()) < 1e-15)
        #expect(median([3, 1, 2, 10]) == 2.5)
        let histogram = Histogram([-1, -0.5, 0, 0.2, 1, .nan], bins: 4, range: -1...1)
        #expect(histogram.counts == [1, 1, 2, 1])
    }
}

@Suite struct GridSearchTests {
    @Test func picksTheBestValidationPointAndRecordsFailures() throws {
        let x = randomInteractions(users: 300, items: 30, minimum: 5, maximum: 12, seed: 12)
        let split = try StrongGeneralizationProtocol(seed: 2).split(x)
        let grid = HyperparameterGrid(dropouts: [0.1, 0.5, 1.5], l2s: [1, 50])
        #expect(grid.points.count == 6)
        let search = GridSearch(metric: .ndcg(10))
        let result = try search.run(grid, on: split) { point in
            EDLAE(regularization: try Regularization(dropout: point.dropout, l2: point.l2))
        }
        #expect(result.trials.filter { $0.failure != nil }.count == 2)   // p = 1.5 is invalid
        let best = result.trials.compactMap { t in t.validation.map { (t.point, $0.mean) } }.max { $0.1 < $1.1 }!
        #expect(result.best.point == best.0)
        // The reported test score is the best point's model evaluated on the test users.
        let model = try EDLAE(regularization: Regularization(dropout: best.0.dropout, l2: best.0.l2)).fit(split.training)
        #expect(result.test.values == (try search.evaluator.evaluate(model, on: split.test)).values)
    }
}

@Suite struct SVGChartTests {
    @Test func lineChartHasAxesTicksLabelsAndLegend() {
        let chart = SVGChart(title: "nDCG & rank", xLabel: "rank k", yLabel: "nDCG@100",
                             series: [.init(name: "admm", points: [(10, 0.2), (100, 0.35), (1000, 0.4)]),
                                      .init(name: "dlae-lowrank", points: [(10, 0.21), (100, 0.3)], dashed: true)],
                             logarithmicX: true)
        let svg = chart.render()
        #expect(svg.hasPrefix("<svg xmlns=\"http://www.w3.org/2000/svg\""))
        #expect(svg.hasSuffix("</svg>\n"))
        #expect(svg.contains("nDCG &amp; rank"))                 // escaped title
        #expect(svg.contains(">rank k</text>") && svg.contains(">nDCG@100</text>"))
        #expect(svg.contains(">admm</text>") && svg.contains(">dlae-lowrank</text>"))
        #expect(svg.contains(">10</text>") && svg.contains(">100</text>") && svg.contains(">1000</text>"))
        #expect(svg.contains("stroke-dasharray"))
        // Well-formed XML.
        #expect((try? XMLDocument(xmlString: svg)) != nil)
    }

    @Test func niceTicksAndHistogramChart() {
        let ticks = SVGChart.niceTicks(0, 1)
        #expect(ticks.count == 6 && zip(ticks, [0, 0.2, 0.4, 0.6, 0.8, 1]).allSatisfy { abs($0 - $1) < 1e-12 })
        #expect(SVGChart.logTicks(10, 500) == [10, 20, 50, 100, 200, 500])
        #expect(SVGChart.decimals(forStep: 0.0005) == 4)
        #expect(SVGChart.decimals(forStep: 0.2) == 1)
        #expect(SVGChart.decimals(forStep: 0.01) == 2)
        #expect(SVGChart.decimals(forStep: 50) == 0)
        // A narrow y range (two nDCG values 0.0018 apart) still gets distinct tick labels.
        let narrow = SVGChart(title: "t", xLabel: "x", yLabel: "y",
                              series: [.init(name: "a", points: [(10, 0.3374), (100, 0.3392)])]).render()
        let labels = narrow.split(separator: "\n").filter { $0.contains("text-anchor=\"end\"") }
            .map { $0.split(separator: ">")[1].split(separator: "<")[0] }
        #expect(labels.count >= 3 && Set(labels).count == labels.count)
        let chart = SVGChart.histograms(title: "medians", xLabel: "cosine",
                                        [("U", Histogram([0.1, 0.2, 0.9], bins: 4, range: -1...1), false)])
        #expect((try? XMLDocument(xmlString: chart.render())) != nil)
    }
}
