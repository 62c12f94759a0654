import EDLAECore
import EDLAESolvers
import FoundationEssentials
import FuzzSupport

/// Decodes the input as the contents of a `.npy` file. A decoded matrix must hold exactly the
/// declared number of values and survive an encode / decode round trip bit for bit.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzNumPy(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let bytes = inputBytes(data, size)
    do {
        let matrix = try NumPyArray.decode(Data(bytes), path: "fuzz.npy")
        precondition(matrix.rows >= 0 && matrix.columns >= 0 && matrix.count == matrix.rows * matrix.columns,
                     "decoded matrix has an inconsistent shape")
        let again = try NumPyArray.decode(NumPyArray.encode(matrix), path: "again.npy")
        precondition(again.rows == matrix.rows && again.columns == matrix.columns, "round trip changed the shape")
        matrix.withUnsafeBufferPointer { first in
            again.withUnsafeBufferPointer { second in
                precondition(zip(first, second).allSatisfy { $0.bitPattern == $1.bitPattern },
                             "round trip changed a value")
            }
        }
    } catch {
        _ = error.description
    }
    return 0
}

/// The executable's entry point: libFuzzer's driver with this harness.
@main
enum Harness {
    static func main() {
        exit(runFuzzer(target: fuzzNumPy))
    }
}
