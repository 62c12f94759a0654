import EDLAECore
import EDLAEMetrics
import EDLAESolvers
import Foundation
import Testing

@Suite struct NumPyArrayTests {
    let matrix = Matrix<Double>([[1, -2.5, 3], [4, 5e-300, .pi]])

    @Test func roundTripAndLayout() throws {
        let data = NumPyArray.encode(matrix)
        #expect(Array(data.prefix(8)) == [0x93] + Array("NUMPY".utf8) + [1, 0])
        // Header padded so the data start at a multiple of 64; 6 doubles follow.
        let headerLength = Int(data[8]) | Int(data[9]) << 8
        #expect((10 + headerLength) % 64 == 0)
        #expect(data.count == 10 + headerLength + 6 * 8)
        #expect(try NumPyArray.decode(data) == matrix)
    }

    @Test func readsCOrderAndVersion2() throws {
        // Hand-built C-order file: element (i, j) at i * 3 + j.
        func file(major: UInt8, header: String, values: [Double]) -> Data {
            var h = header
            let prefix = major == 1 ? 10 : 12
            h += String(repeating: " ", count: (64 - (prefix + h.utf8.count + 1) % 64) % 64) + "\n"
            var d = Data([0x93] + Array("NUMPY".utf8) + [major, 0])
            let n = h.utf8.count
            d.append(contentsOf: major == 1 ? [UInt8(n & 0xFF), UInt8(n >> 8)] : [UInt8(n & 0xFF), UInt8(n >> 8), 0, 0])
            d.append(contentsOf: Array(h.utf8))
            for v in values { withUnsafeBytes(of: v.bitPattern.littleEndian) { d.append(contentsOf: $0) } }
            return d
        }
        let c = file(major: 1, header: "{'descr': '<f8', 'fortran_order': False, 'shape': (2, 3), }",
                     values: [1, -2.5, 3, 4, 5e-300, .pi])
        #expect(try NumPyArray.decode(c) == matrix)
        let v2 = file(major: 2, header: "{'descr': '<f8', 'fortran_order': False, 'shape': (2, 3), }",
                      values: [1, -2.5, 3, 4, 5e-300, .pi])
        #expect(try NumPyArray.decode(v2) == matrix)
    }

    @Test func corruptionsGiveTypedErrors() {
        let good = NumPyArray.encode(matrix)
        let headerEnd = 10 + (Int(good[8]) | Int(good[9]) << 8)
        func replacingHeader(_ old: String, _ new: String) -> Data {
            var text = String(decoding: good[10..<headerEnd], as: UTF8.self).replacingOccurrences(of: old, with: new)
            while text.utf8.count < headerEnd - 10 { text.insert(" ", at: text.index(before: text.endIndex)) }
            return good[0..<10] + Data(text.utf8) + good[headerEnd...]
        }
        #expect(throws: NumPyArrayError.truncated(path: "<data>", expectedBytes: good.count, foundBytes: good.count - 5)) {
            try NumPyArray.decode(good.dropLast(5))
        }
        #expect(throws: NumPyArrayError.truncated(path: "<data>", expectedBytes: headerEnd, foundBytes: 40)) {
            try NumPyArray.decode(good.prefix(40))
        }
        #expect(throws: NumPyArrayError.trailingBytes(path: "<data>", count: 3)) {
            try NumPyArray.decode(good + Data([1, 2, 3]))
        }
        #expect(throws: NumPyArrayError.notNumPy(path: "<data>")) { try NumPyArray.decode(Data("PK\u{3}\u{4}zipfile".utf8)) }
        #expect(throws: NumPyArrayError.unsupportedVersion(path: "<data>", major: 3, minor: 0)) {
            var d = good; d[6] = 3; return try NumPyArray.decode(d)
        }
        #expect(throws: NumPyArrayError.unsupportedDataType(path: "<data>", descr: "<f4")) {
            try NumPyArray.decode(replacingHeader("<f8", "<f4"))
        }
        #expect(throws: NumPyArrayError.unsupportedDataType(path: "<data>", descr: ">f8")) {
            try NumPyArray.decode(replacingHeader("<f8", ">f8"))
        }
        #expect(throws: NumPyArrayError.unsupportedShape(path: "<data>", shape: [6])) {
            try NumPyArray.decode(replacingHeader("(2, 3)", "(6,)"))
        }
        #expect(throws: NumPyArrayError.self) { try NumPyArray.decode(replacingHeader("True", "Maybe")) }
        #expect(throws: NumPyArrayError.self) { try NumPyArray.decode(replacingHeader("'shape'", "'shope'")) }
    }

    @Test(.enabled(if: pythonWithNumPy, "python3 with NumPy is not installed"))
    func numpyReadsOurFilesAndWeReadNumpys() throws {
        let directory = temporaryDirectory()
        let ours = directory.appendingPathComponent("ours.npy").path
        try NumPyArray.write(matrix, to: ours)
        let printed = try runPython("import numpy as np; a = np.load('\(ours)'); print(a.dtype, a.shape, repr(a.tolist()))")
        #expect(printed.trimmingCharacters(in: .whitespacesAndNewlines)
                == "float64 (2, 3) [[1.0, -2.5, 3.0], [4.0, 5e-300, 3.141592653589793]]")
        let theirs = directory.appendingPathComponent("theirs.npy").path
        try runPython("import numpy as np; np.save('\(theirs)', np.arange(12, dtype='<f8').reshape(3, 4) / 7)")
        let read = try NumPyArray.read(theirs)
        #expect(read == Matrix(rows: 3, columns: 4) { i, j in Double(i * 4 + j) / 7 })
    }
}

@Suite struct ModelArchiveTests {
    let full = LinearAutoencoder(full: Matrix([[0, 0.5, -1], [0.25, 0, 2], [1e-3, 3, 0]]))
    let factored = LinearAutoencoder(encoder: Matrix([[1, 2], [3, 4], [5, 6]]), decoder: Matrix([[0.5, 0], [0, 0.5], [1, 1]]))

    func save(_ model: LinearAutoencoder, to directory: URL) throws {
        try ModelArchive(model: model, solver: "edlae", hyperparameters: ["dropout": 0.25, "lambda": 10],
                         itemIDs: ["apple", "bread", "milk"]).save(to: directory.path)
    }

    @Test func roundTripsFullAndFactoredModels() throws {
        let base = temporaryDirectory()
        for (name, model) in [("full", full), ("factored", factored)] {
            let folder = base.appendingPathComponent(name)
            try save(model, to: folder)
            let loaded = try ModelArchive.load(from: folder.path)
            #expect(loaded.model.denseWeights() == model.denseWeights())
            #expect(loaded.model.rank == model.rank)
            #expect(loaded.itemIDs == ["apple", "bread", "milk"])
            #expect(loaded.hyperparameters == ["dropout": 0.25, "lambda": 10])
            #expect(loaded.solver == "edlae")
        }
        // No temporary folders are left next to the targets.
        #expect(try FileManager.default.contentsOfDirectory(atPath: base.path).sorted() == ["factored", "full"])
    }

    @Test func savingReplacesAnExistingModelButNotOtherFolders() throws {
        let base = temporaryDirectory()
        let folder = base.appendingPathComponent("model")
        try save(full, to: folder)
        try save(factored, to: folder)
        let loaded = try ModelArchive.load(from: folder.path)
        #expect(loaded.model.rank == 2)
        #expect(!FileManager.default.fileExists(atPath: folder.appendingPathComponent("B.npy").path))
        let other = base.appendingPathComponent("documents")
        try FileManager.default.createDirectory(at: other, withIntermediateDirectories: true)
        try "keep me".write(to: other.appendingPathComponent("notes.txt"), atomically: true, encoding: .utf8)
        #expect(throws: ModelArchiveError.destinationNotAModel(path: other.path)) { try save(full, to: other) }
        #expect(FileManager.default.fileExists(atPath: other.appendingPathComponent("notes.txt").path))
    }

    @Test func corruptFoldersGiveTypedErrors() throws {
        let base = temporaryDirectory()
        func fresh(_ name: String, _ model: LinearAutoencoder? = nil) throws -> URL {
            let folder = base.appendingPathComponent(name)
            try save(model ?? full, to: folder)
            return folder
        }
        func editManifest(_ folder: URL, _ edit: (inout [String: Any]) -> Void) throws {
            let url = folder.appendingPathComponent("model.json")
            var object = try JSONSerialization.jsonObject(with: Data(contentsOf: url)) as! [String: Any]
            edit(&object)
            try JSONSerialization.data(withJSONObject: object).write(to: url)
        }
        // Missing manifest.
        let a = try fresh("a")
        try FileManager.default.removeItem(at: a.appendingPathComponent("model.json"))
        #expect(throws: ModelArchiveError.missingFile(path: a.appendingPathComponent("model.json").path)) {
            try ModelArchive.load(from: a.path)
        }
        // Missing weights.
        let b = try fresh("b")
        try FileManager.default.removeItem(at: b.appendingPathComponent("B.npy"))
        #expect(throws: ModelArchiveError.missingFile(path: b.appendingPathComponent("B.npy").path)) {
            try ModelArchive.load(from: b.path)
        }
        // Truncated weights.
        let c = try fresh("c")
        let npy = c.appendingPathComponent("B.npy")
        try Data(contentsOf: npy).dropLast(8).write(to: npy)
        do { _ = try ModelArchive.load(from: c.path); Issue.record("truncated B.npy accepted") }
        catch { guard case .array(.truncated) = error else { Issue.record("unexpected \(error)"); return } }
        // Truncated manifest.
        let d = try fresh("d")
        let manifest = d.appendingPathComponent("model.json")
        try Data(contentsOf: manifest).prefix(30).write(to: manifest)
        do { _ = try ModelArchive.load(from: d.path); Issue.record("truncated manifest accepted") }
        catch { guard case .malformedManifest = error else { Issue.record("unexpected \(error)"); return } }
        // Shape disagreeing with the manifest (U of rank 2 while the manifest says 1).
        let e = try fresh("e", factored)
        try editManifest(e) { $0["rank"] = 1 }
        do { _ = try ModelArchive.load(from: e.path); Issue.record("shape mismatch accepted") }
        catch { guard case .shapeMismatch(_, [3, 1], [3, 2]) = error else { Issue.record("unexpected \(error)"); return } }
        // Item ids of the wrong count, a future format version, NaN weights.
        let f = try fresh("f")
        try editManifest(f) { $0["itemIDs"] = ["apple"] }
        do { _ = try ModelArchive.load(from: f.path); Issue.record("item id count accepted") }
        catch { guard case .inconsistent = error else { Issue.record("unexpected \(error)"); return } }
        let g = try fresh("g")
        try editManifest(g) { $0["formatVersion"] = 2 }
        #expect(throws: ModelArchiveError.unsupportedFormatVersion(path: g.appendingPathComponent("model.json").path, version: 2)) {
            try ModelArchive.load(from: g.path)
        }
        let h = try fresh("h")
        try NumPyArray.write(Matrix<Double>(rows: 3, columns: 3, repeating: .nan), to: h.appendingPathComponent("B.npy").path)
        #expect(throws: ModelArchiveError.nonFiniteWeights(path: h.appendingPathComponent("B.npy").path)) {
            try ModelArchive.load(from: h.path)
        }
    }

    @Test(.enabled(if: pythonWithNumPy, "python3 with NumPy is not installed"))
    func numpyComputesTheSameScores() throws {
        let folder = temporaryDirectory().appendingPathComponent("m")
        try save(factored, to: folder)
        // x = [1, 0, 1]: scores x U V^T.
        let out = try runPython("""
        import numpy as np, json
        d = '\(folder.path)'
        m = json.load(open(d + '/model.json'))
        U, V = np.load(d + '/U.npy'), np.load(d + '/V.npy')
        x = np.array([1.0, 0.0, 1.0])
        print(m['weights'], m['rank'], repr((x @ U @ V.T).tolist()))
        """)
        let x = Matrix<Double>([[1, 0, 1]])
        let expected = factored.scores(for: x).row(0)
        #expect(out.trimmingCharacters(in: .whitespacesAndNewlines) == "factored 2 \(expected)")
    }
}
