import EDLAECore
import EDLAEDistributed
import EDLAEMetrics
import EDLAESolvers
import Foundation
import Testing

/// The local steps of the distributed fit (Gram blocks, mirroring the diagonal blocks, forming B,
/// writing B.npy at offsets), each checked against the single-machine computation by simulating
/// every process of a grid.
struct BlockCyclicAssemblyTests {
    static let grids: [(ProcessGridShape, Int)] = [
        (ProcessGridShape(rows: 1, columns: 1), 7), (ProcessGridShape(rows: 1, columns: 2), 5),
        (ProcessGridShape(rows: 2, columns: 2), 6), (ProcessGridShape(rows: 2, columns: 3), 64),
    ]

    /// Every process's part, for `body` to build from a layout.
    static func parts(order: Int, grid: ProcessGridShape, blockSize: Int,
                      _ body: (BlockCyclicLayout) throws -> BlockCyclicMatrix) rethrows -> [BlockCyclicMatrix] {
        var parts = [BlockCyclicMatrix]()
        for r in 0..<grid.rows {
            for c in 0..<grid.columns {
                parts.append(try body(BlockCyclicLayout(order: order, blockSize: blockSize, grid: grid, row: r, column: c)))
            }
        }
        return parts
    }

    /// The global matrix assembled from all parts.
    static func collect(_ parts: [BlockCyclicMatrix]) -> Matrix<Double> {
        let m = parts[0].layout.order
        var full = Matrix<Double>(rows: m, columns: m, repeating: .nan)
        for part in parts {
            let layout = part.layout
            for lc in 0..<layout.localColumnCount {
                for lr in 0..<layout.localRowCount {
                    full[layout.globalRow(ofLocal: lr), layout.globalColumn(ofLocal: lc)] = part[localRow: lr, localColumn: lc]
                }
            }
        }
        return full
    }

    @Test("Local Gram blocks plus Lambda equal G + Lambda of one machine, bit for bit (same summation order)")
    func gramBlocks() throws {
        let x = try SyntheticInteractions(users: 300, items: 37, density: 0.15, seed: 5).generate()
        let g = try x.gram()
        #expect(x.gramDiagonal == g.diagonal)
        let lambda = try Regularization(dropout: 0.3, l2: 2).weights(itemCounts: x.gramDiagonal)
        var expected = g
        expected.addToDiagonal(lambda)
        for (grid, nb) in Self.grids {
            let parts = try Self.parts(order: 37, grid: grid, blockSize: nb) {
                try BlockCyclicMatrix.regularizedGram(of: x, lambda: lambda, layout: $0)
            }
            #expect(Self.collect(parts) == expected)
        }
    }

    @Test("The local arrays respect the memory budget")
    func memoryBudget() throws {
        let x = try SyntheticInteractions(users: 50, items: 100, density: 0.1, seed: 1).generate()
        let layout = BlockCyclicLayout(order: 100, blockSize: 8, grid: ProcessGridShape(rows: 1, columns: 2), row: 0, column: 0)
        #expect(throws: LinearAlgebraError.self) {
            try MemoryBudget.$current.withValue(MemoryBudget(limit: 8 * 100 * 50 - 1)) {
                _ = try BlockCyclicMatrix.regularizedGram(of: x, lambda: [Double](repeating: 1, count: 100), layout: layout)
            }
        }
    }

    @Test("Mirrored lower triangle, then B formed locally, equals single-machine EDLAE and DLAE")
    func weightsFromInverse() throws {
        let x = try SyntheticInteractions(users: 400, items: 29, density: 0.2, seed: 9).generate()
        let regularization = try Regularization(dropout: 0.5, l2: 3)
        let lambda = regularization.weights(itemCounts: x.gramDiagonal)
        let data = try TrainingData(x)
        var c = data.gram
        c.addToDiagonal(lambda)
        try c.invertPositiveDefinite()
        // What pdpotri leaves: the lower triangle of C, the upper one still holding G + Lambda;
        // off the diagonal blocks the upper part is mirrored by pdtran (here: copied directly).
        let edlae = try EDLAE(regularization: regularization).fit(data).denseWeights()
        let dlae = try DLAE(regularization: regularization).fit(data).denseWeights()
        for (grid, nb) in Self.grids {
            let lowerOnly = Matrix<Double>(rows: 29, columns: 29) { i, j in
                i >= j || i / nb != j / nb ? c[i, j] : -7  // garbage in the upper part of diagonal blocks
            }
            var parts = Self.parts(order: 29, grid: grid, blockSize: nb) { BlockCyclicMatrix(distributing: lowerOnly, layout: $0) }
            for p in parts.indices { parts[p].mirrorLowerTriangleOfDiagonalBlocks() }
            #expect(Self.collect(parts) == c)
            let diagonal = parts.map(\.diagonalContribution).reduce([Double](repeating: 0, count: 29)) { zip($0, $1).map(+) }
            #expect(diagonal == c.diagonal)
            var e = parts, d = parts
            for p in parts.indices {
                e[p].formEDLAEWeights(diagonal: diagonal)
                d[p].formDLAEWeights(lambda: lambda)
            }
            // Same operations in the same order as EDLAE.fit / DLAE.fit on the same C: equal bits.
            #expect(Self.collect(e) == edlae)
            #expect(Self.collect(d) == dlae)
        }
    }

    @Test("Every process writing its runs at their offsets produces the file NumPyArray writes")
    func fileRuns() throws {
        let m = 23
        let full = Matrix<Double>(rows: m, columns: m) { i, j in Double(i) - 0.5 * Double(j) + 1e-3 * Double(i * j) }
        let expected = NumPyArray.encode(full)
        let header = NumPyArray.header(rows: m, columns: m)
        #expect(expected.prefix(header.count) == header)
        #expect(header.count % 64 == 0)
        for (grid, nb) in Self.grids + [(ProcessGridShape(rows: 4, columns: 1), 3)] {
            var file = [UInt8](header) + [UInt8](repeating: 0xAB, count: 8 * m * m)
            var written = [Int](repeating: 0, count: m * m)
            let parts = Self.parts(order: m, grid: grid, blockSize: nb) { BlockCyclicMatrix(distributing: full, layout: $0) }
            for part in parts {
                for run in part.fileRuns(dataStart: header.count) {
                    for t in 0..<run.count {
                        var bits = part.local[run.localOffset + t].bitPattern.littleEndian
                        withUnsafeBytes(of: &bits) { for k in 0..<8 { file[run.fileOffset + 8 * t + k] = $0[k] } }
                        written[(run.fileOffset - header.count) / 8 + t] += 1
                    }
                }
            }
            #expect(written.allSatisfy { $0 == 1 })
            #expect(Data(file) == expected)
        }
    }
}
