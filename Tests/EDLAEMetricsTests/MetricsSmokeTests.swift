import Testing
import EDLAEMetrics

@Test func metricsModuleReexportsCore() {
    #expect(Matrix<Double>.identity(2).trace == 2)
}
