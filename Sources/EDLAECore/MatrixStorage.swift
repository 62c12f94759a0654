#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The heap buffer behind a ``Matrix``: one 64-byte aligned block of `count` scalars.
///
/// Internal: `Matrix` copies it only when a shared buffer is about to be mutated
/// (copy-on-write, checked with `isKnownUniquelyReferenced`).
///
/// Why a class over `posix_memalign` rather than a `ManagedBuffer`: a `ManagedBuffer` places its
/// elements right after the object header, aligned only to the scalar's own alignment (4 or 8
/// bytes), and the standard library offers no way to ask for more. OpenBLAS's kernels load
/// 32- or 64-byte vectors and handle an unaligned head separately, so the alignment of a buffer
/// changes which elements go through which code path, hence the summation order and the last bits
/// of a result. A fixed 64-byte (cache-line) alignment keeps results bitwise reproducible for a
/// seed from run to run, whatever address the allocator returns. The scalars are
/// `BitwiseCopyable` (``MatrixScalar``), so the buffer is copied with `memcpy` and freed without
/// deinitialising its elements.
@usableFromInline
final class _MatrixStorage<Scalar: MatrixScalar>: @unchecked Sendable {
    @usableFromInline let base: UnsafeMutablePointer<Scalar>
    @usableFromInline let count: Int

    /// Allocates `count` uninitialised scalars; `nil` when the byte count overflows or the system
    /// refuses the memory.
    @usableFromInline
    init?(uninitializedCount count: Int) {
        precondition(count >= 0, "Matrix storage count must be non-negative, got \(count)")
        let (bytes, overflow) = Swift.max(count, 1).multipliedReportingOverflow(by: MemoryLayout<Scalar>.stride)
        if overflow { return nil }
        var raw: UnsafeMutableRawPointer?
        guard posix_memalign(&raw, 64, bytes) == 0, let raw else { return nil }
        self.base = raw.bindMemory(to: Scalar.self, capacity: Swift.max(count, 1))
        self.count = count
    }

    /// Allocates or stops with a message naming the size (the non-throwing initialisers use it;
    /// ``Matrix/init(zeroedRows:columns:purpose:)`` throws instead).
    @usableFromInline
    static func allocate(_ count: Int) -> _MatrixStorage {
        guard let storage = _MatrixStorage(uninitializedCount: count) else {
            preconditionFailure("Matrix allocation of \(count) scalars of \(MemoryLayout<Scalar>.stride) bytes failed")
        }
        return storage
    }

    /// A fresh buffer holding the same scalars (the slow path of copy-on-write).
    @inline(never) @usableFromInline
    func copy() -> _MatrixStorage {
        MatrixCopyTracking._recordCopy()
        let new = _MatrixStorage.allocate(count)
        UnsafeMutableRawPointer(new.base).copyMemory(from: base, byteCount: count * MemoryLayout<Scalar>.stride)
        return new
    }

    deinit { free(base) }
}
