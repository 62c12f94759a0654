import EDLAECore
import Foundation
import Testing

@Suite struct MemoryBudgetTests {
    @Test func estimatesDenseBuffers() {
        #expect(MemoryBudget.bytes(forSquareMatrices: 3, order: 1000) == 24_000_000)
        #expect(MemoryBudget.bytes(forMatrices: 2, rows: 10, columns: 7) == 1120)
        #expect(MemoryBudget.bytes(forSquareMatrices: 0, order: 5) == 0)
        // Saturates instead of overflowing.
        #expect(MemoryBudget.bytes(forSquareMatrices: 4, order: 1 << 31) == Int.max)
    }

    @Test func tinyLimitRejectsWithNeededAndAvailable() throws {
        let budget = MemoryBudget(limit: 1 << 20)
        try budget.check(bytes: 1 << 20, purpose: "exactly the limit")
        let needed = MemoryBudget.bytes(forSquareMatrices: 3, order: 1000)
        let error = #expect(throws: LinearAlgebraError.self) {
            try budget.check(bytes: needed, purpose: "EDLAE fit with 1000 items")
        }
        #expect(error == .exceedsMemoryBudget(needed: 24_000_000, available: 1 << 20,
                                              purpose: "EDLAE fit with 1000 items"))
        // 24e6 bytes = 0.02 GiB, 1 MiB = 0.00 GiB (two decimals).
        #expect(error?.description == "EDLAE fit with 1000 items needs 0.02 GiB but only 0.00 GiB are available (memory budget)")
    }

    @Test func defaultLimitIsTheMachinesMemory() throws {
        let physical = MemoryBudget.physicalMemory
        #expect(physical == sysconf(Int32(_SC_PHYS_PAGES)) * sysconf(Int32(_SC_PAGESIZE)))
        #expect(physical > 1 << 26)
        let budget = MemoryBudget()
        #expect(budget.limit == MemoryBudget.systemMemory)
        #expect(budget.limit <= physical && budget.limit > 0)
        try budget.check(bytes: MemoryBudget.bytes(forSquareMatrices: 1, order: 100), purpose: "small")
        #expect(throws: LinearAlgebraError.self) {
            try budget.check(bytes: MemoryBudget.bytes(forSquareMatrices: 1, order: 1 << 30), purpose: "huge")
        }
        if let available = MemoryBudget.availableMemory {
            #expect(available > 0 && available <= physical)
            #expect(MemoryBudget.currentlyAvailable().limit <= budget.limit)
        }
    }
}
