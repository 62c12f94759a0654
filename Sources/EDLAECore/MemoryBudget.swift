import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A limit on the memory a computation may allocate, checked before its large buffers exist.
///
/// Every allocation whose size comes from data or options (the Gram matrix, score matrices,
/// dense batches, the CSR arrays a reader is about to build, a solver's m x m buffers) estimates
/// its bytes and calls ``check(bytes:resident:purpose:)`` first; past the limit it throws
/// ``LinearAlgebraError/exceedsMemoryBudget(needed:available:purpose:)``, whose message states both
/// sizes, instead of being stopped by the system halfway through.
///
/// Two kinds of budget:
/// - ``automatic`` (the default): the memory available *now*, read at each check from
///   `MemAvailable` in `/proc/meminfo` and, when the process runs in a control group with a memory
///   limit, that limit minus the group's current usage (cgroup v2 `memory.max - memory.current`,
///   v1 `memory.limit_in_bytes - memory.usage_in_bytes`); the smaller of the two counts. Memory that
///   is already allocated (a resident Gram matrix) is already missing from it.
/// - a fixed limit, ``init(limit:)``: at most `limit` bytes for the computation as a whole,
///   including the buffers it keeps resident.
///
/// How to change it: in code, for a scope,
/// `MemoryBudget.$current.withValue(MemoryBudget(limit: 8 << 30)) { try solver.fit(data) }`;
/// for a whole process (the `edlae` tool included), the environment variable `EDLAE_MEMORY_BUDGET`
/// (bytes, or a number with a `K`, `M`, `G` or `T` suffix in powers of 1024, e.g. `12G`; `auto` is
/// the default), read once when ``current`` is first used.
///
/// ```swift
/// try MemoryBudget.current.check(bytes: MemoryBudget.bytes(forSquareMatrices: 3, order: m),
///                                purpose: "EDLAE fit with \(m) items")
/// ```
public struct MemoryBudget: Sendable, Equatable, CustomStringConvertible {
    /// A fixed limit in bytes, or `nil` for the memory available at each check.
    public let fixedLimit: Int?

    /// Requests below this many bytes pass an ``automatic`` budget without reading `/proc`
    /// (1 MiB: small buffers are not worth a system call each).
    public static let automaticCheckThreshold = 1 << 20

    /// A budget of `limit` bytes for a computation as a whole; a negative `limit` counts as 0.
    /// - Complexity: O(1).
    public init(limit: Int) {
        self.fixedLimit = Swift.max(limit, 0)
    }

    private init(fixedLimit: Int?) { self.fixedLimit = fixedLimit }

    /// The budget of the memory available at each check (see the type's documentation).
    public static let automatic = MemoryBudget(fixedLimit: nil)

    /// Whether the limit is read from the system at each check.
    public var isAutomatic: Bool { fixedLimit == nil }

    /// The bytes this budget allows now: the fixed limit, or ``availableNow`` for ``automatic``.
    /// - Complexity: O(1) for a fixed limit; reads two or three small files for ``automatic``.
    public var limit: Int { fixedLimit ?? MemoryBudget.availableNow }

    /// The budget in force for the current task: ``automatic``, or what `EDLAE_MEMORY_BUDGET` says.
    /// Set another for a scope with `MemoryBudget.$current.withValue(MemoryBudget(limit: bytes)) { ... }`.
    @TaskLocal public static var current = MemoryBudget.fromEnvironment()

    /// Throws when `needed` bytes (new allocations) exceed what the budget allows.
    ///
    /// `resident` is memory the computation keeps alive that was allocated before (e.g. the Gram
    /// matrix a solver reads): a fixed budget counts it as part of the computation; the automatic
    /// budget does not, since it is already missing from the available memory.
    /// - Parameters:
    ///   - needed: the estimated bytes of the new allocations.
    ///   - resident: bytes already held by the computation (default 0).
    ///   - purpose: what the memory is for, e.g. `"EDLAE fit with 20000 items"`; it starts the message.
    /// - Throws: ``LinearAlgebraError/exceedsMemoryBudget(needed:available:purpose:)``.
    /// - Complexity: O(1); an automatic budget reads two or three small files for requests of
    ///   at least ``automaticCheckThreshold`` bytes.
    public func check(bytes needed: Int, resident: Int = 0, purpose: String) throws(LinearAlgebraError) {
        if let fixedLimit {
            let (total, overflow) = needed.addingReportingOverflow(Swift.max(resident, 0))
            if overflow || total > fixedLimit {
                throw .exceedsMemoryBudget(needed: overflow ? Int.max : total, available: fixedLimit, purpose: purpose)
            }
            return
        }
        guard needed >= Self.automaticCheckThreshold else { return }
        let available = Self.availableNow
        if needed > available {
            throw .exceedsMemoryBudget(needed: needed, available: available, purpose: purpose)
        }
    }

    /// The bytes of `count` dense `order` x `order` `Double` matrices, `count * order^2 * 8`
    /// (saturating at `Int.max` instead of overflowing; negative arguments count as 0).
    /// - Complexity: O(1).
    public static func bytes(forSquareMatrices count: Int, order: Int) -> Int {
        bytes(forMatrices: count, rows: order, columns: order)
    }

    /// The bytes of `count` dense `rows` x `columns` `Double` matrices (saturating at `Int.max`;
    /// negative arguments count as 0).
    /// - Complexity: O(1).
    public static func bytes(forMatrices count: Int, rows: Int, columns: Int) -> Int {
        product([count, rows, columns, MemoryLayout<Double>.stride])
    }

    /// The product of non-negative `factors` (negative ones count as 0), saturating at `Int.max`.
    /// - Complexity: O(factors.count).
    public static func product(_ factors: [Int]) -> Int {
        var total = 1
        for factor in factors {
            let (product, overflow) = total.multipliedReportingOverflow(by: Swift.max(factor, 0))
            if overflow { return Int.max }
            total = product
        }
        return total
    }

    /// The sum of non-negative `terms`, saturating at `Int.max`.
    /// - Complexity: O(terms.count).
    public static func sum(_ terms: [Int]) -> Int {
        var total = 0
        for term in terms {
            let (sum, overflow) = total.addingReportingOverflow(Swift.max(term, 0))
            if overflow { return Int.max }
            total = sum
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
        cgroupValue(["/sys/fs/cgroup/memory.max", "/sys/fs/cgroup/memory/memory.limit_in_bytes"])
            .flatMap { $0 < physicalMemory ? $0 : nil }  // "max" (v2) or a huge sentinel (v1): no limit
    }

    /// The memory this process's control group uses now (cgroup v2 `memory.current`, v1
    /// `memory.usage_in_bytes`); `nil` when unknown.
    /// - Complexity: reads one small file.
    public static var containerMemoryUsage: Int? {
        cgroupValue(["/sys/fs/cgroup/memory.current", "/sys/fs/cgroup/memory/memory.usage_in_bytes"])
    }

    private static func cgroupValue(_ paths: [String]) -> Int? {
        for path in paths {
            guard let text = try? String(contentsOfFile: path, encoding: .utf8) else { continue }
            if let bytes = Int(text.trimmingCharacters(in: .whitespacesAndNewlines)), bytes >= 0 { return bytes }
            return nil
        }
        return nil
    }

    /// The machine's memory: ``physicalMemory``, or ``containerMemoryLimit`` when lower.
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

    /// What the automatic budget allows now: the smaller of ``availableMemory`` (or
    /// ``systemMemory`` where `/proc/meminfo` does not exist) and the control group's headroom
    /// ``containerMemoryLimit`` minus ``containerMemoryUsage`` when a limit is set.
    /// - Complexity: reads two or three small files.
    public static var availableNow: Int {
        var available = availableMemory ?? systemMemory
        if let limit = containerMemoryLimit {
            available = Swift.min(available, Swift.max(0, limit - (containerMemoryUsage ?? 0)))
        }
        return available
    }

    /// A fixed budget of the memory available right now (``availableNow``).
    /// - Complexity: reads two or three small files.
    public static func currentlyAvailable() -> MemoryBudget {
        MemoryBudget(limit: availableNow)
    }

    /// The budget `EDLAE_MEMORY_BUDGET` names (see the type's documentation), or ``automatic``
    /// when it is unset, `auto`, or not a size (a malformed value is reported once on standard
    /// error, so a typo does not silently lift a limit).
    /// - Complexity: O(1).
    public static func fromEnvironment() -> MemoryBudget {
        guard let text = ProcessInfo.processInfo.environment["EDLAE_MEMORY_BUDGET"], text != "auto" else {
            return .automatic
        }
        guard let bytes = parseSize(text) else {
            FileHandle.standardError.write(Data("warning: EDLAE_MEMORY_BUDGET='\(text)' is not a size such as 8G or 500M; using the available memory\n".utf8))
            return .automatic
        }
        return MemoryBudget(limit: bytes)
    }

    /// Parses `123`, `512M`, `8G`, `1.5T` (powers of 1024) into bytes; `nil` for anything else or
    /// a size above `Int.max`.
    /// - Complexity: O(text.count).
    public static func parseSize(_ text: String) -> Int? {
        var digits = text.trimmingCharacters(in: .whitespaces).uppercased()
        if digits.hasSuffix("B") { digits.removeLast() }
        var scale = 1.0
        if let last = digits.last, let power = ["K": 1, "M": 2, "G": 3, "T": 4][String(last)] {
            scale = pow(1024, Double(power))
            digits.removeLast()
        }
        guard let value = Double(digits), value.isFinite, value >= 0 else { return nil }
        let bytes = (value * scale).rounded(.down)
        guard bytes < 9.2e18 else { return nil }
        return Int(bytes)
    }

    /// `memory budget 15.50 GiB`, or `memory budget: available memory (15.50 GiB now)`.
    public var description: String {
        if let fixedLimit { return "memory budget \(LinearAlgebraError.byteSize(fixedLimit))" }
        return "memory budget: available memory (\(LinearAlgebraError.byteSize(MemoryBudget.availableNow)) now)"
    }
}
