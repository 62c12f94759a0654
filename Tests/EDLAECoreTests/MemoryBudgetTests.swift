import EDLAECore
import Foundation
import Testing

@Suite struct MemoryBudgetTests {
    @Test func estimatesDenseBuffers() {
        #expect(MemoryBudget.bytes(forSquareMatrices: 3, order: 1000) == 24_000_000)
        #expect(MemoryBudget.bytes(forMatrices: 2, rows: 10, columns: 7) == 1120)
        #expect(MemoryBudget.bytes(forSquareMatrices: 0, order: 5) == 0)
        // Saturates instead of overflowing; negative sizes count as 0.
        #expect(MemoryBudget.bytes(forSquareMatrices: 4, order: 1 << 31) == Int.max)
        #expect(MemoryBudget.bytes(forMatrices: 1, rows: -3, columns: 4) == 0)
        #expect(MemoryBudget.sum([Int.max, 1]) == Int.max)
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
        #expect(error?.description == "EDLAE fit with 1000 items needs 22.89 MiB but only 1.00 MiB are available "
                + "(memory budget; set EDLAE_MEMORY_BUDGET, e.g. 8G, to change it, or use less data)")
    }

    @Test func fixedBudgetCountsResidentMemory() throws {
        let budget = MemoryBudget(limit: 100)
        try budget.check(bytes: 60, resident: 40, purpose: "fits")
        #expect(throws: LinearAlgebraError.exceedsMemoryBudget(needed: 101, available: 100, purpose: "one byte over")) {
            try budget.check(bytes: 61, resident: 40, purpose: "one byte over")
        }
        #expect(MemoryBudget(limit: -5).limit == 0)
    }

    /// The default budget is the memory available now (MemAvailable and the control group's
    /// headroom), read at each check, not the physical memory.
    @Test func automaticBudgetIsTheAvailableMemory() throws {
        let physical = MemoryBudget.physicalMemory
        #expect(physical == sysconf(Int32(_SC_PHYS_PAGES)) * sysconf(Int32(_SC_PAGESIZE)))
        #expect(physical > 1 << 26)
        let budget = MemoryBudget.automatic
        #expect(budget.isAutomatic)
        let now = MemoryBudget.availableNow
        #expect(now > 0 && now <= physical)
        // (MemAvailable moves between two readings, so only the control group's bound is compared.)
        if let limit = MemoryBudget.containerMemoryLimit { #expect(now <= limit) }
        try budget.check(bytes: MemoryBudget.bytes(forSquareMatrices: 1, order: 100), purpose: "small")
        let error = #expect(throws: LinearAlgebraError.self) {
            try budget.check(bytes: physical + 1, purpose: "more than the machine")
        }
        guard case .exceedsMemoryBudget(let needed, let available, _)? = error else {
            Issue.record("expected exceedsMemoryBudget, got \(String(describing: error))"); return
        }
        #expect(needed == physical + 1 && available <= physical)
        #expect(!MemoryBudget.currentlyAvailable().isAutomatic)
    }

    @Test func sizesParseInBinaryUnits() {
        #expect(MemoryBudget.parseSize("123") == 123)
        #expect(MemoryBudget.parseSize("512M") == 512 << 20)
        #expect(MemoryBudget.parseSize("8G") == 8 << 30)
        #expect(MemoryBudget.parseSize("1.5k") == 1536)
        #expect(MemoryBudget.parseSize("2GB") == 2 << 30)
        for bad in ["", "-1", "lots", "1e30", "inf", "nan", "8X"] { #expect(MemoryBudget.parseSize(bad) == nil, "\(bad)") }
    }

    /// The Gram matrix of integer ids with a large gap (1, 2, 60000: 60001 columns, 28.8 GB) is
    /// refused before anything of that size is allocated.
    @Test func gramOfGappedIdsIsRefused() {
        let x = InteractionMatrix(users: 3, items: 60_001, triplets: [(0, 1, 1), (1, 2, 1), (2, 60_000, 1)])
        let error = MemoryBudget.$current.withValue(MemoryBudget(limit: 1 << 30)) {
            #expect(throws: LinearAlgebraError.self) { try x.gram() }
        }
        guard case .exceedsMemoryBudget(let needed, let available, let purpose)? = error else {
            Issue.record("expected exceedsMemoryBudget, got \(String(describing: error))"); return
        }
        #expect(needed >= 60_001 * 60_001 * 8 && available == 1 << 30)
        #expect(purpose.contains("60001 items"))
    }

    /// Every allocation sized by data goes through the budget: dense batches, scores, the
    /// synthetic generator and the checked matrix initialiser.
    @Test func dataSizedAllocationsAreChecked() {
        let x = InteractionMatrix(users: 1000, items: 1000, triplets: [(0, 0, 1)])
        MemoryBudget.$current.withValue(MemoryBudget(limit: 1 << 20)) {
            #expect(throws: LinearAlgebraError.self) { try x.denseRows(0..<1000) }
            #expect(throws: LinearAlgebraError.self) { try Matrix<Double>(zeroedRows: 1000, columns: 1000) }
            #expect(throws: LinearAlgebraError.self) { try Matrix<Double>(zeroedRows: -1, columns: 3) }
            #expect(throws: LinearAlgebraError.self) { try Matrix<Double>(zeroedRows: Int.max, columns: 3) }
            #expect(throws: LinearAlgebraError.self) {
                try SyntheticInteractions(users: 200_000, items: 2000, density: 0.01).generate()
            }
            #expect((try? x.denseRows(0..<10))?.rows == 10)
        }
    }
}
