import EDLAECore
import FuzzSupport

/// Reads the input as Matrix Market coordinate text; the first byte chooses the duplicate rule.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzMatrixMarket(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let bytes = inputBytes(data, size)
    guard let selector = bytes.first else { return 0 }
    let duplicates: [InteractionMatrix.DuplicatePolicy] = [.sum, .keepMaximum, .keepLast]
    let text = String(decoding: bytes.dropFirst(), as: UTF8.self)
    MemoryBudget.$current.withValue(fuzzMemoryBudget) {
    do {
        let dataset = try InteractionDataset(matrixMarketText: text, sourceName: "fuzz.mtx",
                                             duplicates: duplicates[Int(selector) % 3])
        checkConsistency(dataset)
        // What was read must survive a write and a second read unchanged.
        let again = try InteractionDataset(matrixMarketText: dataset.interactions.matrixMarketText(), sourceName: "again.mtx",
                                           duplicates: duplicates[Int(selector) % 3])
        precondition(again.interactions == dataset.interactions, "Matrix Market round trip changed the matrix")
    } catch {
        _ = String(describing: error)
    }
    }
    return 0
}

/// The executable's entry point: libFuzzer's driver with this harness.
@main
enum Harness {
    static func main() {
        exit(runFuzzer(target: fuzzMatrixMarket))
    }
}
