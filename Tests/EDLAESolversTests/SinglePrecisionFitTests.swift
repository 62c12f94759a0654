import EDLAECore
import EDLAESolvers
import Foundation
import Testing
import _EDLAETestSupport

/// DLAE and EDLAE in single precision: half the memory, the same model to the accuracy `Float`
/// allows, saved as `<f4` and loaded back.
@Suite("Full-rank fits in single precision")
struct SinglePrecisionFitTests {
    static let x = TestInteractions.random(users: 400, items: 60, density: 0.15, seed: 91, everyItemSeen: true)

    /// `|B_single - B_double| <= 4 m u_Float kappa(G + Lambda) max(1, max |B|)`: the forward error of a
    /// Cholesky inverse in `Float` (Higham Thm. 14.5 with the constant rounded up), carried into `B`.
    @Test(arguments: [SolverKind.dlae, .edlae])
    func agreesWithDoubleToFloatAccuracy(kind: SolverKind) throws {
        let single = try SolverConfiguration(kind: kind, dropout: 0.3, l2: 4, precision: .single).makeSolver().fit(Self.x)
        let double = try SolverConfiguration(kind: kind, dropout: 0.3, l2: 4).makeSolver().fit(Self.x)
        #expect(single.precision == .single && double.precision == .double)
        let data = try TrainingData(Self.x)
        var regularized = data.gram
        regularized.addToDiagonal(try Regularization(dropout: 0.3, l2: 4).weights(itemCounts: data.itemCounts))
        let eigenvalues = try regularized.symmetricEigendecomposition().values
        let condition = eigenvalues.max()! / eigenvalues.min()!
        let b = double.denseWeights(), s = single.denseWeights()
        let scale = Swift.max(1, b.withUnsafeBufferPointer { $0.map(abs).max()! })
        let bound = 4 * Double(Self.x.itemCount) * Double(Float.ulpOfOne / 2) * condition * scale
        let difference = zip(b.withUnsafeBufferPointer(Array.init), s.withUnsafeBufferPointer(Array.init)).map { abs($0 - $1) }.max()!
        #expect(difference <= bound, "\(kind): \(difference) > \(bound)")
        #expect(difference > 0, "\(kind): single precision gave the double-precision model bit for bit")
        // From a shared TrainingData (with or without X) the single-precision path gives the same model.
        let shared = try SolverConfiguration(kind: kind, dropout: 0.3, l2: 4, precision: .single).makeSolver().fit(data)
        #expect(shared.denseWeights() == s)
    }

    @Test func savedAsFloat32AndLoadedBack() throws {
        let solver = try SolverConfiguration(kind: .edlae, dropout: 0.3, l2: 4, precision: .single).makeSolver()
        let recommender = try Recommender(model: solver.fit(Self.x), itemIDs: (0..<60).map { "i\($0)" }, solver: solver)
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("edlae-single-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        try recommender.save(to: folder.path)
        #expect(try NumPyArray.dataType(ofFile: folder.appendingPathComponent("B.npy").path) == "<f4")
        let size = try FileManager.default.attributesOfItem(atPath: folder.appendingPathComponent("B.npy").path)[.size] as? Int
        #expect(size.map { $0 < 60 * 60 * 4 + 256 } == true)
        let loaded = try Recommender.load(from: folder.path)
        #expect(loaded.model.precision == .single)
        #expect(loaded.configuration?.precision == .single)
        #expect(loaded.model.denseWeights() == recommender.model.denseWeights())
        #expect(try loaded.recommendations(forHistory: ["i1", "i2"]) == recommender.recommendations(forHistory: ["i1", "i2"]))
    }
}
