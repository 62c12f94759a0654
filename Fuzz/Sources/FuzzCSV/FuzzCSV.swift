import EDLAECore
import FuzzSupport

/// Reads the input as a `user,item[,value]` CSV file. The first byte chooses the options (header
/// mode, identifier mode, duplicate rule, delimiter) so every combination is explored; the rest is
/// the text. Any outcome other than a dataset or an `InteractionReadError` (a trap, a sanitizer
/// report, a hang) is a bug.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzCSV(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let bytes = inputBytes(data, size)
    guard let selector = bytes.first else { return 0 }
    let headers: [CSVReadingOptions.Header] = [.automatic, .present, .absent]
    let identifiers: [CSVReadingOptions.IdentifierMode] = [.automatic, .mapped, .indices]
    let duplicates: [InteractionMatrix.DuplicatePolicy] = [.keepMaximum, .sum, .keepLast]
    let delimiters: [Unicode.Scalar] = [",", "\t", ";"]
    let options = CSVReadingOptions(
        header: headers[Int(selector) % 3],
        identifiers: identifiers[Int(selector / 3) % 3],
        duplicates: duplicates[Int(selector / 9) % 3],
        delimiter: delimiters[Int(selector / 27) % 3])
    let text = String(decoding: bytes.dropFirst(), as: UTF8.self)
    MemoryBudget.$current.withValue(fuzzMemoryBudget) {
    do {
        let dataset = try InteractionDataset(csvText: text, sourceName: "fuzz.csv", options: options)
        checkConsistency(dataset)
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
        exit(runFuzzer(target: fuzzCSV))
    }
}
