import EDLAECore
import EDLAESolvers
import Testing
import _EDLAETestSupport

/// The memory budget counts each precision's real buffers: 4 bytes per element in single precision,
/// 8 in double, besides the resident `Double` `G` (8 m^2).
@Suite("The memory budget counts single-precision buffers at 4 bytes")
struct SinglePrecisionBudgetTests {
    /// (solver, m x m buffers of `Float` in single precision): a budget of exactly `8 m^2 + 4 b m^2`
    /// lets the single-precision fit through, one byte less refuses it, and the double-precision fit
    /// (`8 m^2 + 8 b' m^2` with `b'` its own count, `2 b' > b`) is refused.
    /// (The full-rank solvers fit single precision from the interactions in one buffer and count
    /// `G`'s build index instead: `TeacherStudentTests` and `OneBufferFitTests` check those.)
    @Test(arguments: [(SolverKind.lowRankDLAE, 2), (.weightDecay, 1), (.nearOrthogonalALS, 3)])
    func singlePrecisionFitsWhereDoubleDoesNot(kind: SolverKind, buffers: Int) throws {
        let data = SolverConformance.data
        let m = data.itemCount
        let limit = 8 * m * m + buffers * 4 * m * m
        let single = try SolverConformance.configuration(kind, precision: .single).makeSolver()
        let double = try SolverConformance.configuration(kind, precision: .double).makeSolver()
        let model = try MemoryBudget.$current.withValue(MemoryBudget(limit: limit)) { try single.fit(data) }
        #expect(model.precision == .single)
        #expect(throws: SolverError.self, "\(kind): single precision at one byte less") {
            try MemoryBudget.$current.withValue(MemoryBudget(limit: limit - 1)) { try single.fit(data) }
        }
        #expect(throws: SolverError.self, "\(kind): double precision") {
            try MemoryBudget.$current.withValue(MemoryBudget(limit: limit)) { try double.fit(data) }
        }
    }
}
