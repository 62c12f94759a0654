import EDLAECore
import Foundation
import Testing

/// Bad interaction files not covered by the per-reader suites, and inputs found by fuzzing
/// (Fuzz/). Each case is a row of the table in Docs/Reliability.md.
@Suite("Readers refuse bad input with typed errors")
struct ReaderBadInputTests {
    static func reason(_ body: () throws(InteractionReadError) -> InteractionDataset) -> InteractionReadError.Reason? {
        do throws(InteractionReadError) { _ = try body(); return nil } catch { return error.reason }
    }

    @Test("A Matrix Market size line declaring a huge entry count is a count mismatch, not an allocation or a trap")
    func hugeDeclaredEntryCount() {
        // Found by FuzzMatrixMarket: the reader reserved `declared` entries up front, 18 GB for
        // 777777777 and twice as much for a symmetric file.
        let general = "%%MatrixMarket matrix coordinate pattern general\n3 4 777777777\n1 1\n1 4\n"
        #expect(Self.reason { () throws(InteractionReadError) in try InteractionDataset(matrixMarketText: general) }
                == .entryCountMismatch(declared: 777_777_777, found: 2))
        let symmetric = "%%MatrixMarket matrix coordinate pattern symmetric\n3 3 2147483646\n2 1\n"
        #expect(Self.reason { () throws(InteractionReadError) in try InteractionDataset(matrixMarketText: symmetric) }
                == .entryCountMismatch(declared: 2_147_483_646, found: 1))
    }

    @Test("Non-numeric, NaN and infinite fields in the numeric formats", arguments: [
        ("%%MatrixMarket matrix coordinate pattern general\n3 4 1\nx 1\n", InteractionReadError.Reason.invalidIdentifier(field: "row", text: "x")),
        ("%%MatrixMarket matrix coordinate real general\n3 4 1\n1 1 nan\n", .nonFiniteValue(field: "value", text: "nan")),
        ("%%MatrixMarket matrix coordinate real general\n3 4 1\n1 1 -inf\n", .nonFiniteValue(field: "value", text: "-inf")),
        ("%%MatrixMarket matrix coordinate real general\n3 4 1\n1 1 1e999\n", .nonFiniteValue(field: "value", text: "1e999")),
        ("%%MatrixMarket matrix coordinate real general\n3 4 1\n1.5 1 1\n", .invalidIdentifier(field: "row", text: "1.5")),
    ])
    func matrixMarketNumericFields(text: String, expected: InteractionReadError.Reason) {
        #expect(Self.reason { () throws(InteractionReadError) in try InteractionDataset(matrixMarketText: text) } == expected)
    }

    @Test("NaN and infinite ratings in MovieLens files", arguments: ["nan", "inf", "-inf", "1e400"])
    func movieLensNonFiniteRatings(rating: String) {
        let text = "1,2,4,5\n1,3,\(rating),6\n"
        #expect(Self.reason { () throws(InteractionReadError) in try InteractionDataset(movieLensRatingsText: text) }
                == .nonFiniteValue(field: "rating", text: rating))
    }

    @Test("A CSV value of 1e400 overflows to infinity and is refused")
    func csvOverflowingValue() {
        #expect(Self.reason { () throws(InteractionReadError) in try InteractionDataset(csvText: "0,1,1e400\n") }
                == .nonFiniteValue(field: "value", text: "1e400"))
    }

    @Test("Only zero values: the readers report no interactions rather than return an empty dataset")
    func onlyZeroValues() {
        do {
            let csv = Self.reason { () throws(InteractionReadError) in try InteractionDataset(csvText: "u,x,0\nv,y,0\n") }
            let mtx = Self.reason { () throws(InteractionReadError) in
                try InteractionDataset(matrixMarketText: "%%MatrixMarket matrix coordinate real general\n2 2 1\n1 1 0\n")
            }
            #expect(csv == .noInteractions, "CSV of zeros gave \(String(describing: csv))")
            #expect(mtx == .noInteractions, "Matrix Market of zeros gave \(String(describing: mtx))")
        }
    }

    @Test("Bytes that are not UTF-8 are read as text with replacement characters and give a typed error")
    func invalidUTF8() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("edlae-bad-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("binary.csv").path
        try Data([0x30, 0x2C, 0x31, 0x0A, 0xFF, 0xFE, 0x2C, 0x80, 0x0A]).write(to: URL(fileURLWithPath: path))
        // Mapped ids: any bytes are an id, so the file reads; the ids hold the raw bytes decoded.
        let mapped = try InteractionDataset(contentsOfCSVFile: path)
        #expect(mapped.interactions.nonzeroCount == 2)
        // Integer ids: the second line is not a valid user id.
        let error = #expect(throws: InteractionReadError.self) {
            try InteractionDataset(contentsOfCSVFile: path, options: .init(header: .absent, identifiers: .indices))
        }
        #expect(error?.line == 2)
    }

    /// In `.indices` mode the user count is the largest id plus one: `2000000000,0` implies a
    /// 2e9-row matrix whose CSR row starts alone take 16 GB. The readers check the implied shape
    /// against ``MemoryBudget/current`` before allocating it.
    @Test("A huge index or declared shape is checked against the memory budget before allocation")
    func hugeIndexIsCheckedAgainstTheMemoryBudget() {
        let limit = 1 << 20
        let csv = MemoryBudget.$current.withValue(MemoryBudget(limit: limit)) {
            Self.reason { () throws(InteractionReadError) in
                try InteractionDataset(csvText: "2000000000,0\n", options: .init(header: .absent, identifiers: .indices))
            }
        }
        #expect(csv == .exceedsMemoryBudget(users: 2_000_000_001, items: 1, needed: 16 * 2_000_000_002 + 8 + 24,
                                            available: limit))
        let mtx = MemoryBudget.$current.withValue(MemoryBudget(limit: limit)) {
            Self.reason { () throws(InteractionReadError) in
                try InteractionDataset(matrixMarketText: "%%MatrixMarket matrix coordinate pattern general\n900000000 5 1\n1 1\n")
            }
        }
        guard case .exceedsMemoryBudget(900_000_000, 5, _, limit)? = mtx else {
            Issue.record("Matrix Market size line not checked: \(String(describing: mtx))"); return
        }
        // The same files are fine under the default budget when the shape is small.
        #expect(Self.reason { () throws(InteractionReadError) in
            try InteractionDataset(csvText: "2000,0\n", options: .init(header: .absent, identifiers: .indices))
        } == nil)
    }
}
