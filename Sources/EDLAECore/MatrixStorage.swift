#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The heap buffer behind a ``Matrix``: one 64-byte aligned block of `count` scalars.
///
/// Internal: `Matrix` copies it only when a shared buffer is about to be mutated
/// (copy-on-write, checked with `isKnownUniquelyReferenced`).
@usableFromInline
final class _MatrixStorage<Scalar: MatrixScalar>: @unchecked Sendable {
    @usableFromInline let base: UnsafeMutablePointer<Scalar>
    @usableFromInline let count: Int

    /// Allocates `count` uninitialised scalars; `nil` when the system refuses the memory.
    @usableFromInline
    init?(uninitializedCount count: Int) {
        // `deinit` frees without deinitialising: only trivial scalars may live here.
        assert(_isPOD(Scalar.self), "Matrix storage holds trivial scalars only")
        precondition(count >= 0, "Matrix storage count must be non-negative, got \(count)")
        let (bytes, overflow) = Swift.max(count, 1).multipliedReportingOverflow(by: MemoryLayout<Scalar>.stride)
        if overflow { return nil }
        var raw: UnsafeMutableRawPointer?
        guard posix_memalign(&raw, 64, bytes) == 0, let raw else { return nil }
        self.base = raw.bindMemory(to: Scalar.self, capacity: Swift.max(count, 1))
        self.count = count
    }

    /// Allocates or stops with a message naming the size (the non-throwing initialisers use it;
    /// ``Matrix/init(uninitializedRows:columns:)`` throws instead).
    @usableFromInline
    static func allocate(_ count: Int) -> _MatrixStorage {
        guard let storage = _MatrixStorage(uninitializedCount: count) else {
            preconditionFailure("Matrix allocation of \(count) scalars (\(count * MemoryLayout<Scalar>.stride) bytes) failed")
        }
        return storage
    }

    /// A fresh buffer holding the same scalars (the slow path of copy-on-write).
    @inline(never) @usableFromInline
    func copy() -> _MatrixStorage {
        MatrixCopyTracking._recordCopy()
        let new = _MatrixStorage.allocate(count)
        if _isPOD(Scalar.self) {
            UnsafeMutableRawPointer(new.base).copyMemory(from: base, byteCount: count * MemoryLayout<Scalar>.stride)
        } else {
            new.base.initialize(from: base, count: count)
        }
        return new
    }

    deinit { free(base) }
}
