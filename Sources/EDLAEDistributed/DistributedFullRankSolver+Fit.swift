import EDLAECore
import EDLAEMetrics
#if Distributed
import _CScaLAPACK
import EDLAESolvers
import Foundation

extension DistributedFullRankSolver {
    /// This process's part of `B`, fitted on `x` (the same interactions on every process).
    ///
    /// Collective: every process of `grid` calls it with the same `x`.
    /// - Throws: ``DistributedError/failed(rank:message:)`` on every process when the local
    ///   array exceeds the memory budget on some process, or when `G + Lambda` is not positive
    ///   definite (the message of ``SolverError/notPositiveDefinite(item:hint:)``: the first
    ///   failing item and the hint to raise lambda).
    /// - Complexity: O(m^3 / P) flops per process (`m^3 / 3` for `pdpotrf`, `2 m^3 / 3` for
    ///   `pdpotri`), O(m^2 / P) memory per process plus ScaLAPACK's panel buffers (O(m nb)).
    /// - Parameter phases: called on every process with each phase's name (`gram`,
    ///   `pdpotrf+pdpotri`, `mirror`, `weights`), its wall-clock seconds and the CPU seconds this
    ///   process used in it (user + system, all its threads).
    public func fit(_ x: InteractionMatrix, on grid: ProcessGrid,
                    phases: ((_ name: String, _ wall: Double, _ cpu: Double) -> Void)? = nil) throws(DistributedError) -> BlockCyclicMatrix {
        func cpuSeconds() -> Double {
            var usage = rusage()
            getrusage(RUSAGE_SELF.rawValue, &usage)
            return Double(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec)
                + Double(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6
        }
        var clock = DispatchTime.now(), cpu = cpuSeconds()
        func phase(_ name: String) {
            let now = DispatchTime.now(), cpuNow = cpuSeconds()
            phases?(name, Double(now.uptimeNanoseconds - clock.uptimeNanoseconds) / 1e9, cpuNow - cpu)
            clock = now
            cpu = cpuNow
        }
        let m = x.itemCount
        let layout = grid.layout(order: m, blockSize: blockSize)
        let lambda = weights(for: x)
        var descriptor = try grid.agree { () throws -> [Int32] in
            guard m >= 1 else { throw DistributedError.unsupportedSize("the data have no items") }
            return try Self.descriptor(layout, context: grid.context)
        }
        var a = try grid.agree { try BlockCyclicMatrix.regularizedGram(of: x, lambda: lambda, layout: layout) }
        phase("gram")
        var uplo = CChar(UInt8(ascii: "L"))
        var n = Int32(m), one: Int32 = 1, info: Int32 = 0
        a.local.withUnsafeMutableBufferPointer {
            pdpotrf_(&uplo, &n, $0.baseAddress, &one, &one, &descriptor, &info)
        }
        try grid.agree { try Self.check(info, routine: "pdpotrf", lambda: lambda) }
        a.local.withUnsafeMutableBufferPointer {
            pdpotri_(&uplo, &n, $0.baseAddress, &one, &one, &descriptor, &info)
        }
        try grid.agree { try Self.check(info, routine: "pdpotri", lambda: lambda) }
        phase("pdpotrf+pdpotri")
        Self.mirrorLowerTriangle(&a, descriptor: &descriptor)
        phase("mirror")
        switch model {
        case .edlae:
            a.formEDLAEWeights(diagonal: grid.sum(a.diagonalContribution))
        case .dlae:
            a.formDLAEWeights(lambda: lambda)
        }
        phase("weights")
        return a
    }

    /// The ScaLAPACK array descriptor of `layout`'s matrix in `context`.
    static func descriptor(_ layout: BlockCyclicLayout, context: Int32) throws(DistributedError) -> [Int32] {
        // ScaLAPACK indexes local arrays with 32-bit integers: each local array stays below 2^31 entries.
        guard let m = Int32(exactly: layout.order), let nb = Int32(exactly: layout.blockSize),
              let lld = Int32(exactly: layout.leadingDimension),
              Int32(exactly: layout.leadingDimension * layout.localColumnCount) != nil else {
            throw .unsupportedSize("the local array (\(layout.leadingDimension) x \(layout.localColumnCount)) exceeds ScaLAPACK's 32-bit indices: use more processes")
        }
        var descriptor = [Int32](repeating: 0, count: 9)
        var zero: Int32 = 0, context = context, rows = m, columns = m, mb = nb, nbc = nb, ld = lld, info: Int32 = 0
        descinit_(&descriptor, &rows, &columns, &mb, &nbc, &zero, &zero, &context, &ld, &info)
        guard info == 0 else { throw .mpi("descinit rejected argument \(-info)") }
        return descriptor
    }

    /// Throws for a ScaLAPACK `info`: positive is a leading minor that is not positive definite
    /// (the 1-based item of the first failure); negative is an argument error (a bug here).
    static func check(_ info: Int32, routine: String, lambda: [Double]) throws {
        if info > 0 { throw notPositiveDefinite(item: Int(info) - 1, lambda: lambda) }
        if info < 0 { throw DistributedError.mpi("\(routine) rejected argument \(-info)") }
    }

    /// Fills the strict upper triangle from the lower one: for each block column `J` (global
    /// columns `j0 ..< j0 + w`), `A(0..<j0, J) = A(J, 0..<j0)^T` by `pdtran` (disjoint parts of
    /// the same matrix), then the diagonal blocks locally. Collective.
    /// - Complexity: O(m^2 / 2) entries moved in total, m / nb calls.
    static func mirrorLowerTriangle(_ a: inout BlockCyclicMatrix, descriptor: inout [Int32]) {
        let m = a.layout.order, nb = a.layout.blockSize
        var alpha = 1.0, beta = 0.0, one: Int32 = 1
        a.local.withUnsafeMutableBufferPointer { local in
            for j0 in stride(from: nb, to: m, by: nb) {
                var rows = Int32(j0), columns = Int32(Swift.min(nb, m - j0))
                var firstRowOfA = Int32(j0 + 1), firstColumnOfC = Int32(j0 + 1)
                pdtran_(&rows, &columns, &alpha, local.baseAddress, &firstRowOfA, &one, &descriptor,
                        &beta, local.baseAddress, &one, &firstColumnOfC, &descriptor)
            }
        }
        a.mirrorLowerTriangleOfDiagonalBlocks()
    }
}
#endif
