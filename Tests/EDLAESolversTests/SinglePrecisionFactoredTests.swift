import EDLAECore
import EDLAESolvers
import Foundation
import Testing
import _EDLAETestSupport

/// A factored model held in single precision (``LinearAutoencoder/Weights/factoredSingle(encoder:decoder:)``):
/// saved as `<f4` `U.npy` and `V.npy`, loaded back unchanged, and served.
@Suite("Factored models in single precision")
struct SinglePrecisionFactoredTests {
    static let x = TestInteractions.random(users: 300, items: 50, density: 0.15, seed: 17, everyItemSeen: true)
    static let ids = (0..<50).map { "i\($0)" }

    @Test func savedAsFloat32LoadedAndServed() throws {
        let solver = try LowRankDLAE(regularization: Regularization(dropout: 0.3, l2: 4), rank: 6, precision: .single)
        let model = try solver.fit(Self.x)
        guard case .factoredSingle(let u, let v) = model.weights else {
            Issue.record("expected factoredSingle, got \(model.weights)"); return
        }
        #expect(model.precision == .single && model.rank == 6 && model.itemCount == 50)
        #expect(model.factors(as: Float.self)?.encoder == u)
        #expect(model.encoder == Matrix<Double>(converting: u) && model.decoder == Matrix<Double>(converting: v))
        let recommender = try Recommender(model: model, itemIDs: Self.ids, solver: solver)
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("edlae-factored-single-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        try recommender.save(to: folder.path)
        for name in ["U.npy", "V.npy"] {
            #expect(try NumPyArray.dataType(ofFile: folder.appendingPathComponent(name).path) == "<f4")
        }
        let manifest = try JSONDecoder().decode(
            ModelArchiveManifest.self, from: Data(contentsOf: folder.appendingPathComponent("model.json")))
        #expect(manifest.dataType == "<f4" && manifest.weights == .factored && manifest.rank == 6)
        #expect(manifest.hyperparameters["precision"] == 32)
        let loaded = try Recommender.load(from: folder.path)
        guard case .factoredSingle(let loadedU, let loadedV) = loaded.model.weights else {
            Issue.record("loaded as \(loaded.model.weights)"); return
        }
        #expect(loadedU == u && loadedV == v)
        #expect(loaded.configuration?.precision == .single)
        let history = ["i1", "i2", "i7"]
        #expect(try loaded.recommendations(forHistory: history) == recommender.recommendations(forHistory: history))
    }

    /// Serving computes `(x U) V^T` in `Float`: each score is within `gamma_(m + k) |x| |U| |V|^T`
    /// (two products of lengths m and k, Higham Eq. 3.13) of the exact score of the `Float` factors,
    /// computed here in `Double` from the same (exactly converted) factors.
    @Test func scoresAgreeWithDoubleProductOfTheSameFactors() throws {
        let model = try WeightDecayAutoencoder(l2: 1, rank: 5, precision: .single).fit(Self.x)
        let (u, v) = try #require(model.factors(as: Double.self))
        let rows = try Self.x.denseRows(0..<40)
        let single = model.scores(for: rows)
        let exact = (rows * u).timesTranspose(v)
        let absolute = { (a: Matrix<Double>) in a.mapElements(abs) }
        let magnitude = (absolute(rows) * absolute(u)).timesTranspose(absolute(v))
        let n = Double(Self.x.itemCount + 5), unit = Double(Float.unitRoundoff)
        let gamma = n * unit / (1 - n * unit)
        for i in 0..<single.rows {
            for j in 0..<single.columns {
                // The input rows are 0/1, exact in Float; the scores are rounded once more to Float.
                let bound = gamma * magnitude[i, j] + unit * abs(exact[i, j])
                #expect(abs(single[i, j] - exact[i, j]) <= bound, "(\(i), \(j))")
            }
        }
        #expect(single != exact)
    }
}
