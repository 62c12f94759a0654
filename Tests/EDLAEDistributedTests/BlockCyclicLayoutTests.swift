import EDLAECore
import EDLAEDistributed
import EDLAEMetrics
import EDLAESolvers
import Testing

/// The block-cyclic bookkeeping, checked by simulating every process of a grid in one.
struct BlockCyclicLayoutTests {
    @Test("Squarest grids", arguments: [(1, 1, 1), (2, 1, 2), (3, 1, 3), (4, 2, 2), (6, 2, 3), (8, 2, 4), (16, 4, 4), (7, 1, 7)])
    func squarestGrid(processes: Int, rows: Int, columns: Int) {
        let shape = ProcessGridShape(processCount: processes)
        #expect(shape.rows == rows && shape.columns == columns)
    }

    @Test("Every global index has exactly one owner and round-trips", arguments: [
        (1, 1, 1), (10, 3, 2), (2000, 64, 2), (2000, 64, 3), (169, 40, 2), (6, 8, 4), (7, 1, 4), (0, 5, 2),
    ])
    func ownership(order: Int, blockSize: Int, processes: Int) {
        var owners = [Int](repeating: 0, count: order)
        var total = 0
        for p in 0..<processes {
            let count = BlockCyclicLayout.localCount(of: order, blockSize: blockSize, coordinate: p, processes: processes)
            total += count
            var previous = -1
            for local in 0..<count {
                let global = BlockCyclicLayout.globalIndex(ofLocal: local, blockSize: blockSize, coordinate: p, processes: processes)
                #expect(global > previous)  // global indices increase with local ones
                previous = global
                #expect(global < order)
                owners[global] += 1
                #expect(BlockCyclicLayout.owner(of: global, blockSize: blockSize, processes: processes) == p)
                #expect(BlockCyclicLayout.localIndex(of: global, blockSize: blockSize, processes: processes) == local)
            }
        }
        #expect(total == order)
        #expect(owners.allSatisfy { $0 == 1 })
    }

    @Test("Distributing a matrix and reading back every local entry reproduces it")
    func distributeAndCollect() {
        let m = 11
        let full = Matrix<Double>(rows: m, columns: m) { i, j in Double(100 * i + j) }
        for (grid, nb) in [(ProcessGridShape(rows: 2, columns: 2), 3), (ProcessGridShape(rows: 1, columns: 3), 4),
                           (ProcessGridShape(rows: 3, columns: 2), 16)] {
            var seen = Matrix<Double>(rows: m, columns: m, repeating: -1)
            for r in 0..<grid.rows {
                for c in 0..<grid.columns {
                    let layout = BlockCyclicLayout(order: m, blockSize: nb, grid: grid, row: r, column: c)
                    let part = BlockCyclicMatrix(distributing: full, layout: layout)
                    #expect(part.local.count == layout.leadingDimension * layout.localColumnCount)
                    for lc in 0..<layout.localColumnCount {
                        for lr in 0..<layout.localRowCount {
                            seen[layout.globalRow(ofLocal: lr), layout.globalColumn(ofLocal: lc)] = part[localRow: lr, localColumn: lc]
                        }
                    }
                }
            }
            #expect(seen == full)
        }
    }
}
