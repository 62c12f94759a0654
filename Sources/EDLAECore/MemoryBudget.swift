import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A limit on the memory a fit may allocate, checked before its large (`m` x `m`) buffers exist.
///
/// A fit estimates what it needs (e.g. with ``bytes(forSquareMatrices:order:)``) and calls
/// ``check(bytes:purpose:)``; past the limit it throws
/// ``LinearAlgebraError/exceedsMemoryBudget(needed:available:purpose:)``, whose message states
/// both sizes in GiB, instead of being killed by the system halfway through.
///
/// ```swift
/// let budget = MemoryBudget()                       // the machine's physical memory
/// try budget.check(bytes: MemoryBudget.bytes(forSquareMatrices: 3, order: m),
///                  purpose: "EDLAE fit with \(m) items")
/// ```
public struct MemoryBudget: Sendable, Equatable, CustomStringConvertible {
    /// The most bytes a checked computation may need.
    public var limit: Int

    /// A budget of `limit` bytes; by default the memory of this machine
    /// (``systemMemory``: physical memory, or a lower container limit).
    /// - Precondition: `limit >= 0`.
    /// - Complexity: O(1) with a limit; reads one small file for the default.
    public init(limit: Int? = nil) {
        let value = limit ?? MemoryBudget.systemMemory
        precondition(value >= 0, "A memory budget must be non-negative, got \(value) bytes")
        self.limit = value
    }

    /// The budget the solvers check before allocating their m x m buffers, for the current task:
    /// by default the machine's memory. Set a lower one for a scope with
    /// `MemoryBudget.$current.withValue(MemoryBudget(limit: bytes)) { try solver.fit(data) }`.
    @TaskLocal public static var current = MemoryBudget()

    /// Throws when `needed` bytes exceed ``limit``.
    /// - Parameters:
    ///   - needed: the estimated bytes of the computation.
    ///   - purpose: what the memory is for, e.g. `"EDLAE fit with 20000 items"`; it starts the message.
    /// - Throws: ``LinearAlgebraError/exceedsMemoryBudget(needed:available:purpose:)``.
    /// - Complexity: O(1).
    public func check(bytes needed: Int, purpose: String) throws(LinearAlgebraError) {
        if needed > limit {
            throw .exceedsMemoryBudget(needed: needed, available: limit, purpose: purpose)
        }
    }

    /// The bytes of `count` dense `order` x `order` `Double` matrices, `count * order^2 * 8`
    /// (saturating at `Int.max` instead of overflowing).
    /// - Precondition: `count >= 0` and `order >= 0`.
    /// - Complexity: O(1).
    public static func bytes(forSquareMatrices count: Int, order: Int) -> Int {
        bytes(forMatrices: count, rows: order, columns: order)
    }

    /// The bytes of `count` dense `rows` x `columns` `Double` matrices (saturating at `Int.max`).
    /// - Precondition: all arguments are non-negative.
    /// - Complexity: O(1).
    public static func bytes(forMatrices count: Int, rows: Int, columns: Int) -> Int {
        precondition(count >= 0 && rows >= 0 && columns >= 0,
                     "Matrix count and shape must be non-negative, got \(count) x \(rows)x\(columns)")
        var total = MemoryLayout<Double>.stride
        for factor in [count, rows, columns] {
            let (product, overflow) = total.multipliedReportingOverflow(by: factor)
            if overflow { return Int.max }
            total = product
        }
        return total
    }

    /// The physical memory of this machine, `sysconf(_SC_PHYS_PAGES) * sysconf(_SC_PAGESIZE)`.
    /// - Complexity: O(1).
    public static var physicalMemory: Int {
        let pages = sysconf(Int32(_SC_PHYS_PAGES)), pageSize = sysconf(Int32(_SC_PAGESIZE))
        guard pages > 0, pageSize > 0 else { return Int.max }
        let (bytes, overflow) = pages.multipliedReportingOverflow(by: pageSize)
        return overflow ? Int.max : bytes
    }

    /// The memory limit of this process's control group (Linux cgroup v2 `memory.max`, or v1
    /// `memory.limit_in_bytes`), if one is set; `nil` when unlimited or unknown.
    /// - Complexity: reads one small file.
    public static var containerMemoryLimit: Int? {
        for path in ["/sys/fs/cgroup/memory.max", "/sys/fs/cgroup/memory/memory.limit_in_bytes"] {
            guard let text = try? String(contentsOfFile: path, encoding: .utf8) else { continue }
            // "max" (v2) or a huge sentinel (v1) means no limit.
            if let bytes = Int(text.trimmingCharacters(in: .whitespacesAndNewlines)), bytes > 0,
               bytes < physicalMemory {
                return bytes
            }
        }
        return nil
    }

    /// The memory a budget gets by default: ``physicalMemory``, or ``containerMemoryLimit`` when lower.
    /// - Complexity: reads one small file.
    public static var systemMemory: Int {
        Swift.min(physicalMemory, containerMemoryLimit ?? Int.max)
    }

    /// The memory the kernel reports as available for new allocations without swapping
    /// (`MemAvailable` in `/proc/meminfo`); `nil` where that file or field does not exist.
    /// - Complexity: reads one small file.
    public static var availableMemory: Int? {
        guard let text = try? String(contentsOfFile: "/proc/meminfo", encoding: .utf8) else { return nil }
        for line in text.split(separator: "\n") where line.hasPrefix("MemAvailable:") {
            // "MemAvailable:   12345678 kB"
            let fields = line.split(separator: " ", omittingEmptySubsequences: true)
            guard fields.count >= 2, let kibibytes = Int(fields[1]) else { return nil }
            let (bytes, overflow) = kibibytes.multipliedReportingOverflow(by: 1024)
            return overflow ? Int.max : bytes
        }
        return nil
    }

    /// A budget of the memory available right now (``availableMemory``, falling back to
    /// ``systemMemory``): stricter than the default when other processes hold memory.
    /// - Complexity: reads one or two small files.
    public static func currentlyAvailable() -> MemoryBudget {
        MemoryBudget(limit: Swift.min(availableMemory ?? systemMemory, systemMemory))
    }

    /// The limit in GiB, e.g. `memory budget 15.50 GiB`.
    public var description: String { "memory budget \(LinearAlgebraError.gibibytes(limit)) GiB" }
}
