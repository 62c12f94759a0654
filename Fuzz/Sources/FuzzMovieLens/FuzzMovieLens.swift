import EDLAECore
import FuzzSupport

/// Reads the input as a MovieLens `ratings.csv` (`userId,movieId,rating,timestamp`, header
/// optional). The first byte chooses the binarisation threshold; the rest is the text.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzMovieLens(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let bytes = inputBytes(data, size)
    guard let selector = bytes.first else { return 0 }
    let thresholds: [InteractionDataset.RatingThreshold] = [.above(3.5), .atLeast(0), .atLeast(4), .above(-1)]
    let text = String(decoding: bytes.dropFirst(), as: UTF8.self)
    do {
        let dataset = try InteractionDataset(movieLensRatingsText: text, sourceName: "ratings.dat",
                                             keeping: thresholds[Int(selector) % thresholds.count])
        checkConsistency(dataset)
    } catch {
        _ = error.description
    }
    return 0
}

/// The executable's entry point: libFuzzer's driver with this harness.
@main
enum Harness {
    static func main() {
        exit(runFuzzer(target: fuzzMovieLens))
    }
}
