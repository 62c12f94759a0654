// The Swift side of compare.sh: generates the benchmark data once, writes it for the NumPy/SciPy
// reference, times this library and the bare LAPACK floor on it, and prints JSON.
//
//     edlae-bench-cli run --items 4000 --data-dir DIR [--ranks 10,200,400] [--repeat 3] [--epochs 3]
//     edlae-bench-cli rss --items 4000 --model edlae|dlae|floor
//     edlae-bench-cli serve --items 4000 --users 20000 --data-dir DIR [--count 20] [--repeat 2]
//     edlae-bench-cli sparse-scores --items 4000 [--users 512] [--ratios 256,128,64,32,16,8]
//     edlae-bench-cli teacher-student --items 4000 --data-dir DIR [--ranks 10,50,100,200] [--precision single]
//     edlae-bench-cli eigen-crossover --items 4000 [--ranks 10,50,100,200,400] [--precision single]
//     edlae-bench-cli write-csv --users 136000 --items 20000 --density 0.00735 --order user|random --output FILE
//     edlae-bench-cli read-csv --file FILE [--ids default|indices|mapped]
import BenchmarkWorkloads
import EDLAECore
import EDLAESolvers
import Foundation
import _CLinearAlgebra

func option(_ name: String, _ fallback: String) -> String {
    let arguments = CommandLine.arguments
    if let index = arguments.firstIndex(of: "--" + name), index + 1 < arguments.count { return arguments[index + 1] }
    return fallback
}

/// Best wall time in seconds over `repeats` runs of `body` (each run gets fresh input from `prepare`).
func bestTime<Input>(_ repeats: Int, prepare: () throws -> Input, _ body: (inout Input) throws -> Void) rethrows -> Double {
    var best = Double.infinity
    for _ in 0..<max(1, repeats) {
        var input = try prepare()
        let start = DispatchTime.now().uptimeNanoseconds
        try body(&input)
        best = min(best, Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9)
    }
    return best
}

/// User plus system CPU seconds of this process so far (all threads).
func cpuSeconds() -> Double {
    var usage = rusage()
    getrusage(RUSAGE_SELF.rawValue, &usage)
    return Double(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) + Double(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6
}

func peakResidentKilobytes() -> Int {
    var usage = rusage()
    getrusage(RUSAGE_SELF.rawValue, &usage)
    return usage.ru_maxrss
}

/// The current resident set size (VmRSS of /proc/self/status), 0 where that file does not exist.
func currentResidentKilobytes() -> Int {
    guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8),
          let line = status.split(separator: "\n").first(where: { $0.hasPrefix("VmRSS:") }) else { return 0 }
    return Int(line.split(separator: " ").dropFirst().first ?? "0") ?? 0
}

func sum(_ matrix: Matrix<Double>) -> Double { matrix.withUnsafeBufferPointer { $0.reduce(0, +) } }

func emit(_ object: [String: Any]) {
    let data = try! JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .prettyPrinted])
    FileHandle.standardOutput.write(data)
    FileHandle.standardOutput.write("\n".data(using: .utf8)!)
}

/// Writes `X` as little-endian int32 (user, item) pairs: what reference.py reads.
func write(_ x: InteractionMatrix, to path: String) throws {
    var pairs = [Int32](); pairs.reserveCapacity(2 * x.nonzeroCount)
    for user in 0..<x.userCount {
        for item in x.items(ofUser: user) { pairs.append(Int32(user)); pairs.append(item) }
    }
    let data = pairs.withUnsafeBufferPointer { Data(buffer: $0) }
    try data.write(to: URL(fileURLWithPath: path))
}

let command = CommandLine.arguments.dropFirst().first ?? "run"
let m = Int(option("items", "1000"))!

switch command {
case "serve":
    // Batch serving (Recommender.recommendations(for:)): top-`count` for `users` users against a dense
    // m x m B. B's values do not change the work, so it is a cheap formula, written to B.npy for
    // serve_reference.py; the users are the library's synthetic data, written as int32 pairs.
    let users = Int(option("users", "10000"))!, count = Int(option("count", "20"))!
    let repeats = Int(option("repeat", "2"))!
    let directory = option("data-dir", ".results")
    let x = try SyntheticInteractions(users: users, items: m, density: 0.01, seed: 20_201_201).generate()
    try write(x, to: "\(directory)/serve-x-\(m).i32")
    let b = Matrix<Double>(rows: m, columns: m) { i, j in sin(Double(i) + 2.7 * Double(j)) }
    try NumPyArray.write(b, to: "\(directory)/serve-B-\(m).npy")
    let recommender = try Recommender(model: LinearAutoencoder(full: b), itemIDs: (0..<m).map(String.init),
                                      solver: EDLAE(regularization: Regularization(dropout: 0, l2: 1)))
    var checksum = 0
    let seconds = try bestTime(repeats, prepare: { () }) { _ in
        let result = try recommender.recommendations(for: x, options: .init(count: count))
        checksum = result.reduce(0) { $0 + ($1.first?.index ?? 0) }
    }
    emit(["side": "swift", "items": m, "users": users, "count": count, "seconds": seconds,
          "usersPerSecond": Double(users) / seconds, "checksumFirstItems": checksum,
          "openblasCore": String(cString: openblas_get_corename()), "openblasConfig": String(cString: openblas_get_config()),
          "openblasThreads": Int(openblas_get_num_threads())])
case "sparse-scores":
    // Scoring a batch of sparse users against a dense m x m B: the sparse product
    // (InteractionMatrix.product(rows:times:)) against dgemm on the densified rows, for users
    // holding `m / ratio` items on average; where the sparse product stops winning sets
    // InteractionMatrix.prefersSparseProduct(rows:).
    let users = Int(option("users", "512"))!, repeats = Int(option("repeat", "2"))!
    let ratios = option("ratios", "256,128,64,32,16,8").split(separator: ",").compactMap { Double($0) }
    let b = Matrix<Double>(rows: m, columns: m) { i, j in sin(Double(i) + 2.7 * Double(j)) }
    var rows = [[String: Any]]()
    for ratio in ratios {
        let x = try SyntheticInteractions(users: users, items: m, density: 1 / ratio, seed: 7).generate()
        let range = 0..<users
        let sparse = try bestTime(repeats, prepare: {}) { _ in _ = try x.product(rows: range, times: b) }
        let dense = try bestTime(repeats, prepare: {}) { _ in _ = try x.denseRows(range) * b }
        rows.append(["itemsPerUser": Double(x.nonzeroCount) / Double(users), "m_over_itemsPerUser": Double(m * users) / Double(x.nonzeroCount),
                     "sparseSeconds": sparse, "denseSeconds": dense, "denseOverSparse": dense / sparse,
                     "prefersSparse": x.prefersSparseProduct(rows: range)])
    }
    emit(["items": m, "users": users, "rows": rows, "openblasCore": String(cString: openblas_get_corename()),
          "openblasThreads": Int(openblas_get_num_threads())])
case "teacher-student":
    // Whole Algorithm 1 fits (TeacherStudent on the shared G, EigenpairMethod.automatic) for each
    // rank in one precision, beside teacher_student_reference.py on the same data (written to
    // --data-dir as x-M.i32): the side-by-side of teacher_student.sh.
    let repeats = Int(option("repeat", "1"))!
    let ranks = option("ranks", "10,50,100,200").split(separator: ",").compactMap { Int($0) }
    let precision: Precision = option("precision", "double") == "single" ? .single : .double
    let workload = Workload(items: m)
    try write(workload.interactions, to: "\(option("data-dir", ".results"))/x-\(m).i32")
    let data = TrainingData(gram: workload.gram)
    // The cost model is timed on first use: do that before the clock runs.
    let costModel = precision == .single ? EigenpairMethod.costModelDescription(Float.self)
        : EigenpairMethod.costModelDescription(Double.self)
    var rows = [[String: Any]]()
    for k in ranks {
        let solver = try TeacherStudent(regularization: workload.regularization, rank: k, precision: precision)
        var eigensum = 0.0
        let seconds = try bestTime(repeats, prepare: {}) { _ in
            let model = try solver.fit(data)
            eigensum = model.diagonal.reduce(0, +)
        }
        let method = precision == .single ? EigenpairMethod.automatic.resolved(order: m, count: k, scalar: Float.self)
            : EigenpairMethod.automatic.resolved(order: m, count: k, scalar: Double.self)
        rows.append(["rank": k, "seconds": seconds, "method": "\(method)", "diagonalSum": eigensum])
    }
    emit(["side": "swift", "items": m, "precision": precision.rawValue, "rows": rows, "costModel": costModel,
          "openblasCore": String(cString: openblas_get_corename()), "openblasConfig": String(cString: openblas_get_config()),
          "openblasThreads": Int(openblas_get_num_threads())])
case "eigen-crossover":
    // The eigenproblem of Algorithm 1 (B^T (G + Lambda) B, the benchmark workload) for each rank:
    // syevr on the index range against ARPACK's Lanczos, the products Lanczos took, and what
    // EigenpairMethod.automatic picks; in single precision with --precision single.
    let repeats = Int(option("repeat", "1"))!
    let ranks = option("ranks", "10,50,100,200,400").split(separator: ",").compactMap { Int($0) }
    let single = option("precision", "double") == "single"
    let workload = Workload(items: m)
    let student = try LeanTeacherStudent.studentGram(gram: workload.gram, lambda: workload.lambda)
    let studentSingle = Matrix<Float>(rows: m, columns: m) { i, j in Float(student[i, j]) }
    func time(_ k: Int, _ method: EigenpairMethod) throws -> (seconds: Double, products: Int) {
        var products = 0
        let seconds = try bestTime(repeats, prepare: {}) { _ in
            if single {
                var a = studentSingle
                a.addToDiagonal(0)  // a private copy: syevr works in place
                products = try (consume a).largestEigenpairs(count: k, method: method).matrixVectorProducts
            } else {
                var a = student
                a.addToDiagonal(0)
                products = try (consume a).largestEigenpairs(count: k, method: method).matrixVectorProducts
            }
        }
        return (seconds, products)
    }
    var rows = [[String: Any]]()
    for k in ranks {
        let reduction = try time(k, .fullReduction), lanczos = try time(k, .implicitlyRestartedLanczos)
        let automatic = single ? EigenpairMethod.automatic.resolved(order: m, count: k, scalar: Float.self)
            : EigenpairMethod.automatic.resolved(order: m, count: k, scalar: Double.self)
        rows.append(["rank": k, "syevrSeconds": reduction.seconds, "lanczosSeconds": lanczos.seconds,
                     "lanczosProducts": lanczos.products, "automatic": "\(automatic)",
                     "faster": lanczos.seconds < reduction.seconds ? "implicitlyRestartedLanczos" : "fullReduction"])
    }
    emit(["items": m, "precision": single ? "single" : "double", "rows": rows,
          "costModel": single ? EigenpairMethod.costModelDescription(Float.self) : EigenpairMethod.costModelDescription(Double.self),
          "openblasCore": String(cString: openblas_get_corename()), "openblasThreads": Int(openblas_get_num_threads())])
case "write-csv":
    // A `user,item` file from the library's generator (seeded): lines by user, items ascending
    // (`--order user`, as MovieLens ratings files are sorted), or in a seeded random order.
    let users = Int(option("users", "136000"))!, density = Double(option("density", "0.00735"))!
    let x = try SyntheticInteractions(users: users, items: m, density: density, seed: UInt64(option("seed", "1"))!).generate()
    var order = Array(0..<x.nonzeroCount)
    var rowOf = [Int32](repeating: 0, count: x.nonzeroCount)
    for user in 0..<x.userCount { for position in x.rowStarts[user]..<x.rowStarts[user + 1] { rowOf[position] = Int32(user) } }
    if option("order", "user") == "random" {
        var generator = SplitMix64(seed: 99)
        for i in stride(from: order.count - 1, to: 0, by: -1) { order.swapAt(i, Int(generator.next() % UInt64(i + 1))) }
    }
    let path = option("output", "/tmp/interactions.csv")
    guard let file = fopen(path, "w") else { fatalError("cannot write \(path)") }
    fputs("user,item\n", file)
    var line = [UInt8]()
    for position in order {
        line.removeAll(keepingCapacity: true)
        line.append(contentsOf: "\(rowOf[position]),\(x.columnIndices[position])\n".utf8)
        fwrite(line, 1, line.count, file)
    }
    fclose(file)
    emit(["users": x.userCount, "items": x.itemCount, "lines": x.nonzeroCount, "path": path])

case "read-csv":
    // Reads a CSV file with the library's default options and reports time and peak RSS (the
    // process's own; run it under /usr/bin/time -v for the same number from outside).
    let path = option("file", "/tmp/interactions.csv")
    let baseline = peakResidentKilobytes()
    let start = DispatchTime.now().uptimeNanoseconds
    let ids = option("ids", "default")   // default: the reader's default options; or indices, mapped
    let options = ids == "indices" ? CSVReadingOptions(identifiers: .indices)
        : ids == "mapped" ? CSVReadingOptions(identifiers: .mapped) : CSVReadingOptions()
    let data = try InteractionDataset(contentsOfCSVFile: path, options: options)
    let seconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
    let x = data.interactions
    emit(["file": path, "ids": ids, "seconds": seconds, "users": x.userCount, "items": x.itemCount, "nnz": x.nonzeroCount,
          "value_sum": x.values.reduce(0, +), "peak_rss_kb": peakResidentKilobytes(), "rss_before_read_kb": baseline,
          "bytes_per_interaction": Double(peakResidentKilobytes()) * 1024 / Double(x.nonzeroCount)])

case "rss":
    let model = option("model", "edlae")
    let workload = Workload(items: m)
    let data = TrainingData(gram: workload.gram)
    let before = currentResidentKilobytes()
    let cpuBefore = cpuSeconds()
    let start = DispatchTime.now().uptimeNanoseconds
    var checksum = 0.0
    switch model {
    case "dlae": checksum = sum(try DLAE(regularization: workload.regularization).fit(data).denseWeights())
    case "edlae": checksum = sum(try EDLAE(regularization: workload.regularization).fit(data).denseWeights())
    default:
        var a = workload.regularizedGram()
        Kernels.choleskyInverseFloor(&a)
        checksum = a[m - 1, m - 1]
    }
    let seconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
    emit(["items": m, "model": model, "seconds": seconds, "cpu_seconds": cpuSeconds() - cpuBefore, "checksum": checksum,
          "rss_before_fit_kb": before, "peak_rss_kb": peakResidentKilobytes(),
          "matrix_kb": m * m * 8 / 1024])

default:
    let repeats = Int(option("repeat", "3"))!
    let epochs = Int(option("epochs", "4"))!
    let ranks = option("ranks", "10,\(m / 20),\(m / 10)").split(separator: ",").map { Int($0)! }
    let directory = option("data-dir", NSTemporaryDirectory())
    let workload = Workload(items: m)
    let x = workload.interactions
    try write(x, to: "\(directory)/x-\(m).i32")
    var results: [String: Any] = [
        "items": m, "users": x.userCount, "nnz": x.nonzeroCount, "density": x.density,
        "openblas_core": String(cString: openblas_get_corename()),
        "openblas_config": String(cString: openblas_get_config()),
        "openblas_threads": Int(openblas_get_num_threads()),
        "dropout": Workload.dropout, "l2": Workload.l2, "omega": Workload.omega, "repeat": repeats,
    ]
    var timings: [String: Double] = [:]
    var flops: [String: Double] = [:]
    var checks: [String: Double] = [:]

    timings["gram"] = bestTime(repeats, prepare: {}) { _ in _ = try! x.gram() }
    flops["gram"] = OperationCounts.sparseGram(x)
    checks["gram_sum"] = sum(workload.gram)

    timings["floor_potrf_potri"] = bestTime(repeats, prepare: { workload.regularizedGram() }) { Kernels.choleskyInverseFloor(&$0) }
    flops["floor_potrf_potri"] = OperationCounts.choleskyInverse(m)

    let data = TrainingData(gram: workload.gram)
    let dlae = DLAE(regularization: workload.regularization), edlae = EDLAE(regularization: workload.regularization)
    timings["dlae"] = try bestTime(repeats, prepare: {}) { _ in _ = try dlae.fit(data) }
    timings["edlae"] = try bestTime(repeats, prepare: {}) { _ in _ = try edlae.fit(data) }
    flops["dlae"] = OperationCounts.fullRank(m); flops["edlae"] = OperationCounts.fullRank(m)
    timings["lean_dlae"] = bestTime(repeats, prepare: {}) { _ in _ = LeanFullRank.fit(.dlae, gram: workload.gram, lambda: workload.lambda) }
    timings["lean_edlae"] = bestTime(repeats, prepare: {}) { _ in _ = LeanFullRank.fit(.edlae, gram: workload.gram, lambda: workload.lambda) }
    flops["lean_dlae"] = OperationCounts.fullRank(m); flops["lean_edlae"] = OperationCounts.fullRank(m)
    checks["lean_dlae_sum"] = sum(LeanFullRank.fit(.dlae, gram: workload.gram, lambda: workload.lambda))
    checks["lean_edlae_sum"] = sum(LeanFullRank.fit(.edlae, gram: workload.gram, lambda: workload.lambda))
    checks["dlae_sum"] = sum(try dlae.fit(data).denseWeights())
    checks["edlae_sum"] = sum(try edlae.fit(data).denseWeights())

    let square = Kernels.randomMatrix(rows: m, columns: m, seed: 1)
    timings["dgemm_mmm"] = bestTime(repeats, prepare: { Matrix<Double>(rows: m, columns: m) }) { Kernels.gemm(&$0, square, square) }
    flops["dgemm_mmm"] = OperationCounts.gemm(m, m, m)

    let student = try LeanTeacherStudent.studentGram(gram: workload.gram, lambda: workload.lambda)
    // --table1-ranks: extra ranks timed for Algorithm 1 and ADMM only (the Table 1 crossover).
    let table1Ranks = option("table1-ranks", "").split(separator: ",").compactMap { Int($0) }.filter { !ranks.contains($0) }
    for k in ranks + table1Ranks {
        let tableOnly = table1Ranks.contains(k)
        let tall = Kernels.randomMatrix(rows: m, columns: k, seed: 2)
        timings["dgemm_mmk_\(k)"] = bestTime(repeats, prepare: { Matrix<Double>(rows: m, columns: k) }) { Kernels.gemm(&$0, square, tall) }
        flops["dgemm_mmk_\(k)"] = OperationCounts.gemm(m, k, m)

        // The library's solvers. Per-epoch (per-sweep) times are the difference between fits of
        // 1 + epochs and 1 epoch (sweep), divided by epochs: the one-time inverse cancels.
        let regularization = workload.regularization
        let teacherStudent = try TeacherStudent(regularization: regularization, rank: k)
        timings["teacher_student_\(k)"] = try bestTime(repeats, prepare: {}) { _ in _ = try teacherStudent.fit(data) }
        flops["teacher_student_\(k)"] = OperationCounts.teacherStudent(m, k)
        func admm(_ epochs: Int) throws -> ADMMLowRankEDLAE {
            try ADMMLowRankEDLAE(regularization: regularization, rank: k, omega: Workload.omega,
                                 stoppingRule: StoppingRule(maxIterations: epochs))
        }
        func als(_ sweeps: Int) throws -> NearOrthogonalALS {
            try NearOrthogonalALS(regularization: regularization, rank: k, stoppingRule: StoppingRule(maxIterations: sweeps))
        }
        let admmOne = try bestTime(repeats, prepare: {}) { _ in _ = try admm(1).fit(data) }
        let admmMore = try bestTime(repeats, prepare: {}) { _ in _ = try admm(1 + epochs).fit(data) }
        timings["admm_epoch_\(k)"] = max(0, admmMore - admmOne) / Double(epochs)
        timings["admm_setup_\(k)"] = max(0, admmOne - timings["admm_epoch_\(k)"]!)
        flops["admm_epoch_\(k)"] = OperationCounts.admmEpoch(m, k)
        if tableOnly { continue }
        let alsOne = try bestTime(repeats, prepare: {}) { _ in _ = try als(1).fit(data) }
        let alsMore = try bestTime(repeats, prepare: {}) { _ in _ = try als(1 + epochs).fit(data) }
        timings["als_iteration_\(k)"] = max(0, alsMore - alsOne) / Double(epochs)
        flops["als_iteration_\(k)"] = OperationCounts.alsIteration(m, k)

        // The same computations composed in the benchmark package from library primitives
        // (BenchmarkWorkloads/Lean*.swift): what the arrangement alone costs.
        timings["lean_teacher_student_\(k)"] = try bestTime(repeats, prepare: {}) { _ in
            _ = try LeanTeacherStudent.fit(gram: workload.gram, lambda: workload.lambda, rank: k)
        }
        flops["lean_teacher_student_\(k)"] = OperationCounts.teacherStudent(m, k)
        checks["teacher_student_\(k)_eigensum"] =
            try LeanTeacherStudent.fit(gram: workload.gram, lambda: workload.lambda, rank: k).values.reduce(0, +)
        timings["partial_eigen_\(k)"] = try bestTime(repeats, prepare: { var copy = student; copy.addToDiagonal(0); return copy }) {
            var a = Matrix<Double>(rows: 0, columns: 0)
            swap(&a, &$0)                       // a holds the only reference: dsyevr works in place
            _ = try (consume a).largestEigenpairs(count: k)
        }
        flops["partial_eigen_\(k)"] = OperationCounts.partialEigen(m, k)

        var leanADMM = try LeanADMM(gram: workload.gram, lambda: workload.lambda, omega: Workload.omega, rank: k)
        timings["lean_admm_epoch_\(k)"] = bestTime(repeats, prepare: {}) { _ in for _ in 0..<epochs { leanADMM.epoch() } } / Double(epochs)
        flops["lean_admm_epoch_\(k)"] = OperationCounts.admmEpoch(m, k)
        var leanALS = try LeanALS(gram: workload.gram, lambda: workload.lambda, rank: k)
        timings["lean_als_iteration_\(k)"] = try bestTime(repeats, prepare: {}) { _ in try leanALS.iteration() }
        flops["lean_als_iteration_\(k)"] = OperationCounts.alsIteration(m, k)
    }
    results["ranks"] = ranks
    results["table1_ranks"] = table1Ranks
    results["seconds"] = timings
    results["flops"] = flops
    results["gflops"] = Dictionary(uniqueKeysWithValues: timings.compactMap { key, t in t > 0 ? flops[key].map { (key, $0 / t / 1e9) } : nil })
    results["checks"] = checks
    emit(results)
}
