#if canImport(Glibc)
@_exported import Glibc
#endif

/// The signature of a libFuzzer entry point, `int LLVMFuzzerTestOneInput(const uint8_t *, size_t)`.
public typealias FuzzTarget = @convention(c) (UnsafePointer<UInt8>?, Int) -> CInt

@_silgen_name("LLVMFuzzerRunDriver")
private func LLVMFuzzerRunDriver(
    _ argc: UnsafeMutablePointer<CInt>,
    _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>>,
    _ target: FuzzTarget
) -> CInt

/// Hands the command line to libFuzzer's driver, which runs `target` on generated inputs.
///
/// Each harness is an ordinary Swift executable whose `@main` calls this function with the
/// process's arguments (libFuzzer flags such as `-max_total_time=300` and corpus folders), so
/// libFuzzer's own `main` is never linked. `LLVMFuzzerRunDriver` exists only when the harness is
/// built with `-sanitize=fuzzer`; without it the harness does not link.
public func runFuzzer(target: FuzzTarget) -> CInt {
    var count = CommandLine.argc
    var vector = CommandLine.unsafeArgv
    return LLVMFuzzerRunDriver(&count, &vector, target)
}

/// The fuzzer's input as a buffer (libFuzzer may pass a null pointer for an empty input).
public func inputBytes(_ data: UnsafePointer<UInt8>?, _ size: Int) -> UnsafeBufferPointer<UInt8> {
    guard let data, size > 0 else { return UnsafeBufferPointer(start: nil, count: 0) }
    return UnsafeBufferPointer(start: data, count: size)
}

import EDLAECore

/// Traps unless `dataset` is a well-formed sparse matrix: consistent CSR arrays, column indices
/// inside the item range, identifier maps of the matrix's shape, and finite non-negative values.
/// A reader that returns a dataset must return one that passes.
public func checkConsistency(_ dataset: InteractionDataset) {
    let matrix = dataset.interactions
    precondition(matrix.rowStarts.count == matrix.userCount + 1, "rowStarts has the wrong length")
    precondition(matrix.rowStarts.first == 0 && matrix.rowStarts.last == matrix.nonzeroCount,
                 "rowStarts does not span the entries")
    precondition(zip(matrix.rowStarts, matrix.rowStarts.dropFirst()).allSatisfy { $0 <= $1 },
                 "rowStarts decreases")
    precondition(matrix.values.count == matrix.nonzeroCount, "values and column indices differ in length")
    precondition(matrix.columnIndices.allSatisfy { $0 >= 0 && Int($0) < matrix.itemCount },
                 "a column index lies outside the items")
    precondition(matrix.values.allSatisfy { $0.isFinite && $0 >= 0 }, "a value is negative or not finite")
    precondition(dataset.users.count == matrix.userCount && dataset.items.count == matrix.itemCount,
                 "identifier maps do not match the matrix shape")
}

/// The memory budget the harnesses read under: 32 MiB, far below libFuzzer's `-rss_limit_mb`,
/// so an input that names a huge id or shape must be refused by the readers' budget check
/// (``InteractionReadError/Reason/exceedsMemoryBudget(users:items:needed:available:)``) instead of
/// allocating it. The budget also bounds the work per input: the readers and the round trip make
/// several O(users) passes, and at 256 MiB a Matrix Market header of 8,888,888 rows with 4 entries
/// took more than libFuzzer's 10 s per input in the instrumented build (found by the CI smoke run);
/// 32 MiB allows about 2 million rows.
public let fuzzMemoryBudget = MemoryBudget(limit: 32 << 20)
