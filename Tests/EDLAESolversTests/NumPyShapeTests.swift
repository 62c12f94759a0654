import EDLAECore
import EDLAESolvers
import Foundation
import Testing

/// Shapes a `.npy` header may declare but no matrix of this library can hold.
@Suite struct NumPyShapeTests {
    /// Found by the fuzz smoke run: a C-order header declaring 0 x 8116926300306043334 holds no
    /// value (so its byte count checks out) but has a dimension beyond BLAS's 32-bit integers; it
    /// stopped the process while building the matrix. Now a typed error.
    @Test func dimensionBeyondInt32IsRefused() throws {
        var header = "{'descr': '<f8', 'fortran_order': False, 'shape': (0, 8116926300306043334), }"
        header += String(repeating: " ", count: (64 - (10 + header.utf8.count + 1) % 64) % 64) + "\n"
        var bytes: [UInt8] = [0x93] + Array("NUMPY".utf8) + [1, 0]
        bytes += [UInt8(header.utf8.count & 0xFF), UInt8(header.utf8.count >> 8)] + Array(header.utf8)
        #expect(throws: NumPyArrayError.unsupportedShape(path: "x.npy", shape: [0, 8116926300306043334])) {
            try NumPyArray.decode(Data(bytes), path: "x.npy")
        }
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("edlae-shape-\(UUID().uuidString).npy").path
        defer { try? FileManager.default.removeItem(atPath: file) }
        try Data(bytes).write(to: URL(fileURLWithPath: file))
        #expect(throws: NumPyArrayError.unsupportedShape(path: file, shape: [0, 8116926300306043334])) {
            try NumPyArray.read(file)
        }
    }
}
