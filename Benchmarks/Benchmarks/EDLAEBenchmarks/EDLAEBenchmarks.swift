import Benchmark
import BenchmarkWorkloads
import Dispatch
import EDLAECore
import EDLAESolvers

// package-benchmark suites: m in {1000, 2000, 4000}, users = 5 m, about 1% density (SyntheticData).
// Besides time, malloc counts and peak RSS, every benchmark reports MFLOP/s from the standard
// operation count of what it computes (OperationCounts), next to the `dgemm` baseline.
// Run in Benchmarks/: `swift package --disable-sandbox benchmark` (add `--filter "m=1000"` for a
// quick pass). OpenBLAS uses every core unless OPENBLAS_NUM_THREADS says otherwise.

let megaflopsPerSecond = BenchmarkMetric.custom("MFLOP/s", polarity: .prefersLarger, useScalingFactor: false)
let metrics: [BenchmarkMetric] = [.wallClock, .cpuTotal, .mallocCountTotal, .memoryLeaked, .peakMemoryResident, megaflopsPerSecond]

func configuration(_ m: Int) -> Benchmark.Configuration {
    .init(metrics: metrics, timeUnits: .milliseconds,
          maxDuration: .seconds(m >= 4000 ? 15 : 5), maxIterations: m >= 4000 ? 3 : 10)
}

/// Runs `body` once per iteration, timing only `body` and recording its MFLOP/s.
func measure(_ benchmark: Benchmark, flops: Double, _ body: () throws -> Void) rethrows {
    for _ in benchmark.scaledIterations {
        let start = DispatchTime.now().uptimeNanoseconds
        benchmark.startMeasurement()
        try body()
        benchmark.stopMeasurement()
        let seconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
        benchmark.measurement(megaflopsPerSecond, Int(flops / seconds / 1e6))
    }
}

let benchmarks: @Sendable () -> Void = {
    for m in [1000, 2000, 4000] {
        let workload = Workload(items: m)
        let data = TrainingData(gram: workload.gram)
        let square = Kernels.randomMatrix(rows: m, columns: m, seed: 1)

        Benchmark("dgemm m x m x m, m=\(m)", configuration: configuration(m)) { benchmark in
            var c = Matrix<Double>(rows: m, columns: m)
            measure(benchmark, flops: OperationCounts.gemm(m, m, m)) { Kernels.gemm(&c, square, square) }
        }
        Benchmark("Cholesky inverse floor (dpotrf+dpotri), m=\(m)", configuration: configuration(m)) { benchmark in
            var a = workload.regularizedGram()
            // Each iteration inverts a fresh copy; the copy is made outside the measurement.
            for _ in benchmark.scaledIterations {
                a = workload.regularizedGram()
                let start = DispatchTime.now().uptimeNanoseconds
                benchmark.startMeasurement()
                Kernels.choleskyInverseFloor(&a)
                benchmark.stopMeasurement()
                let seconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
                benchmark.measurement(megaflopsPerSecond, Int(OperationCounts.choleskyInverse(m) / seconds / 1e6))
            }
            blackHole(a)
        }
        Benchmark("Gram from sparse X, m=\(m)", configuration: configuration(m)) { benchmark in
            measure(benchmark, flops: OperationCounts.sparseGram(workload.interactions)) {
                blackHole(try! workload.interactions.gram())
            }
        }
        Benchmark("DLAE fit, m=\(m)", configuration: configuration(m)) { benchmark in
            let solver = DLAE(regularization: workload.regularization)
            try measure(benchmark, flops: OperationCounts.fullRank(m)) { blackHole(try solver.fit(data)) }
        }
        Benchmark("EDLAE fit, m=\(m)", configuration: configuration(m)) { benchmark in
            let solver = EDLAE(regularization: workload.regularization)
            try measure(benchmark, flops: OperationCounts.fullRank(m)) { blackHole(try solver.fit(data)) }
        }
        for k in Set([10, 100, m / 10]).sorted() {
            Benchmark("TeacherStudent fit k=\(k), m=\(m)", configuration: configuration(m)) { benchmark in
                let solver = try TeacherStudent(regularization: workload.regularization, rank: k)
                try measure(benchmark, flops: OperationCounts.teacherStudent(m, k)) { blackHole(try solver.fit(data)) }
            }
        }
        for k in Set([100, m / 10]).sorted() {
            // The library's iterative solvers, one epoch / sweep (including their one-time inverse),
            // and the per-epoch cost alone from the benchmark-local arrangement (LeanADMM, LeanALS).
            Benchmark("ADMMLowRankEDLAE fit 1 epoch k=\(k), m=\(m)", configuration: configuration(m)) { benchmark in
                let solver = try ADMMLowRankEDLAE(regularization: workload.regularization, rank: k, omega: Workload.omega,
                                                  stoppingRule: StoppingRule(maxIterations: 1))
                try measure(benchmark, flops: OperationCounts.choleskyInverse(m) + OperationCounts.admmEpoch(m, k)) {
                    blackHole(try solver.fit(data))
                }
            }
            Benchmark("NearOrthogonalALS fit 1 sweep k=\(k), m=\(m)", configuration: configuration(m)) { benchmark in
                let solver = try NearOrthogonalALS(regularization: workload.regularization, rank: k,
                                                   stoppingRule: StoppingRule(maxIterations: 1))
                try measure(benchmark, flops: OperationCounts.choleskyInverse(m) + OperationCounts.alsIteration(m, k)) {
                    blackHole(try solver.fit(data))
                }
            }
            Benchmark("ADMM epoch alone (lean) k=\(k), m=\(m)", configuration: configuration(m)) { benchmark in
                var admm = try LeanADMM(gram: workload.gram, lambda: workload.lambda, omega: Workload.omega, rank: k)
                measure(benchmark, flops: OperationCounts.admmEpoch(m, k)) { admm.epoch() }
            }
            Benchmark("ALS sweep alone (lean) k=\(k), m=\(m)", configuration: configuration(m)) { benchmark in
                var als = try LeanALS(gram: workload.gram, lambda: workload.lambda, rank: k)
                try measure(benchmark, flops: OperationCounts.alsIteration(m, k)) { try als.iteration() }
            }
        }
    }
}
