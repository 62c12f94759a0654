// Single against double precision: the LAPACK floor of a full-rank fit (potrf + potri at order m)
// and the peak memory of the one-buffer path (G built into the buffer, factorised and inverted
// there). Prints JSON with the OpenBLAS build and kernel that ran.
//
//     edlae-precision-bench lapack --items 4000 [--repeat 3]
//     edlae-precision-bench fit --items 4000,8000 [--repeat 2]
//     edlae-precision-bench rss --items 4000 --precision single|double [--path one-buffer|two-buffers]
//
// `rss` is meant to run once per process (peak RSS is a per-process high-water mark).
@_spi(FullRankFit) import EDLAECore
import EDLAESolvers
import Foundation
import _CLinearAlgebra

func option(_ name: String, _ fallback: String) -> String {
    let arguments = CommandLine.arguments
    if let index = arguments.firstIndex(of: "--" + name), index + 1 < arguments.count { return arguments[index + 1] }
    return fallback
}

func seconds(_ body: () throws -> Void) rethrows -> Double {
    let start = DispatchTime.now().uptimeNanoseconds
    try body()
    return Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
}

/// CPU seconds of the calling thread spent in `body`: with `OPENBLAS_NUM_THREADS=1` OpenBLAS
/// computes in the calling thread, so this is the work itself, less disturbed than wall time by
/// other processes sharing the cores.
func threadCPUSeconds(_ body: () throws -> Void) rethrows -> Double {
    func now() -> Double {
        var t = timespec()
        clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t)
        return Double(t.tv_sec) + Double(t.tv_nsec) / 1e9
    }
    let start = now()
    try body()
    return now() - start
}

/// CPU seconds of the whole process (every thread: OpenBLAS's workers, the parallel Gram build)
/// spent in `body`, and its wall seconds.
func processTimes(_ body: () throws -> Void) rethrows -> (cpu: Double, wall: Double) {
    func now() -> Double {
        var t = timespec()
        clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t)
        return Double(t.tv_sec) + Double(t.tv_nsec) / 1e9
    }
    let start = now()
    let wall = try seconds(body)
    return (now() - start, wall)
}

func peakResidentKilobytes() -> Int {
    var usage = rusage()
    getrusage(RUSAGE_SELF.rawValue, &usage)
    return usage.ru_maxrss
}

func currentResidentKilobytes() -> Int {
    guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8),
          let line = status.split(separator: "\n").first(where: { $0.hasPrefix("VmRSS:") }) else { return 0 }
    return Int(line.split(separator: " ").dropFirst().first ?? "0") ?? 0
}

func emit(_ object: [String: Any]) {
    let data = try! JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .prettyPrinted])
    FileHandle.standardOutput.write(data)
    FileHandle.standardOutput.write("\n".data(using: .utf8)!)
}

/// The OpenBLAS build and the kernel it chose on this CPU (or was told to use by OPENBLAS_CORETYPE).
func openBLAS() -> [String: Any] {
    [
        "config": String(cString: openblas_get_config()),
        "corename": String(cString: openblas_get_corename()),
        "threads": Int(openblas_get_num_threads()),
        "OPENBLAS_CORETYPE": ProcessInfo.processInfo.environment["OPENBLAS_CORETYPE"] ?? "",
    ]
}

/// The benchmark data of compare.sh's shape: users = 5 m, about 1% density, seeded.
func interactions(items m: Int) -> InteractionMatrix {
    try! SyntheticInteractions(users: 5 * m, items: m, density: 0.01, seed: 42).generate()
}

/// `G + lambda I` with lambda = 10 in precision `T` (positive definite).
func regularizedGram<T: MatrixScalar>(_ x: InteractionMatrix, as _: T.Type) -> Matrix<T> {
    try! x.gram(as: T.self, addingToDiagonal: [T](repeating: 10, count: x.itemCount))
}

/// Best times over `repeats` of the bare LAPACK calls (potrf then potri on the lower triangle)
/// and of the library's `invertPositiveDefinite()` (finiteness scan, potrf, potri, mirror): wall
/// seconds, and CPU seconds of the calling thread (meaningful with one OpenBLAS thread).
func lapackTimes<T: MatrixScalar>(_ a: Matrix<T>, repeats: Int)
    -> (floor: Double, library: Double, floorCPU: Double, libraryCPU: Double)
{
    let m = Int32(a.rows)
    var floor = Double.infinity, library = Double.infinity
    var floorCPU = Double.infinity, libraryCPU = Double.infinity
    for _ in 0..<repeats {
        var work = a
        work.withUnsafeMutableBufferPointer { _ in }   // own copy, outside the timing
        var cpu = 0.0
        floor = min(floor, seconds {
            cpu = threadCPUSeconds {
                work.withUnsafeMutableBufferPointer { p in
                    precondition(T.potrf(n: m, a: p.baseAddress!, lda: m) == 0)
                    precondition(T.potri(n: m, a: p.baseAddress!, lda: m) == 0)
                }
            }
        })
        floorCPU = min(floorCPU, cpu)
        var other = a
        other.withUnsafeMutableBufferPointer { _ in }
        library = min(library, seconds { cpu = threadCPUSeconds { try! other.invertPositiveDefinite() } })
        libraryCPU = min(libraryCPU, cpu)
    }
    return (floor, library, floorCPU, libraryCPU)
}

/// The whole full-rank fit against its LAPACK floor in precision `T`, best (least CPU) of `repeats`:
/// - `floor`: `potrf` + `potri` on `G + Lambda` (Lambda of EDLAE with p = 0.33, lambda = 10);
/// - `gram`: `G + Lambda` from the interactions into a fresh buffer, both triangles (`gram(as:addingToDiagonal:)`);
/// - `g_to_b`: the library's `G + Lambda -> B` step on the same matrix (`potrf`, `potri`, the fused
///   mirror and scaling pass; no finiteness scan, as in the one-buffer fit);
/// - `one_buffer_weights`: EDLAE's `B` from the interactions without the solver around it (G + Lambda
///   built into the buffer, then `g_to_b`);
/// - `edlae_fit`, `dlae_fit`: `EDLAE(...).fit(x)` / `DLAE(...).fit(x)`, the one-buffer path from the
///   sparse interactions (G built into the buffer, inverted, turned into B, checked usable);
/// - `edlae_fit_training_data`: `EDLAE(...).fit(TrainingData(x))` (a copy of the shared G, scanned).
func fitTimes<T: MatrixScalar>(_ x: InteractionMatrix, as _: T.Type, precision: Precision, repeats: Int) -> [String: Any] {
    let regularization = try! Regularization(dropout: 0.33, l2: 10)
    let lambda = regularization.weights(itemCounts: x.gramDiagonal)
    let a = try! x.gram(as: T.self, addingToDiagonal: lambda.map { T($0) })
    let n = Int32(a.rows)
    let data = try! TrainingData(x)
    var best: [String: (cpu: Double, wall: Double)] = [:]
    func record(_ name: String, _ time: (cpu: Double, wall: Double)) {
        if let old = best[name], old.cpu <= time.cpu { return }
        best[name] = time
    }
    var checksum = 0.0
    for _ in 0..<repeats {
        var work = a
        work.withUnsafeMutableBufferPointer { _ in }   // own copy, outside the timing
        record("floor", processTimes {
            work.withUnsafeMutableBufferPointer { p in
                precondition(T.potrf(n: n, a: p.baseAddress!, lda: n) == 0)
                precondition(T.potri(n: n, a: p.baseAddress!, lda: n) == 0)
            }
        })
        record("gram", processTimes {
            checksum += Double(try! x.gram(as: T.self, addingToDiagonal: lambda.map { T($0) })[1, 0])
        })
        var b = a
        b.withUnsafeMutableBufferPointer { _ in }
        record("g_to_b", processTimes {
            try! b.invertPositiveDefinite(checkingFiniteness: false) { c in
                (c.map { -1 / $0 }, [T](repeating: 0, count: c.count))
            }
        })
        checksum += Double(b[1, 0])
        record("one_buffer_weights", processTimes {
            let weights = try! x.regularizedGramInverse(as: T.self, addingToDiagonal: lambda.map { T($0) }) { c in
                (c.map { -1 / $0 }, [T](repeating: 0, count: c.count))
            }
            checksum += Double(weights[1, 0])
        })
        record("edlae_fit", processTimes {
            checksum += Double(try! EDLAE(regularization: regularization, precision: precision).fit(x).itemCount)
        })
        record("dlae_fit", processTimes {
            checksum += Double(try! DLAE(regularization: regularization, precision: precision).fit(x).itemCount)
        })
        record("edlae_fit_training_data", processTimes {
            checksum += Double(try! EDLAE(regularization: regularization, precision: precision).fit(data).itemCount)
        })
    }
    let floor = best["floor"]!
    var result: [String: Any] = ["checksum": checksum]
    for (name, time) in best {
        result[name] = ["cpu_seconds": time.cpu, "wall_seconds": time.wall,
                        "cpu_over_floor": time.cpu / floor.cpu, "wall_over_floor": time.wall / floor.wall]
    }
    return result
}

let mode = CommandLine.arguments.dropFirst().first ?? "lapack"
let m = Int(option("items", "4000").split(separator: ",").first!)!
switch mode {
case "fit":
    let repeats = Int(option("repeat", "2"))!
    let load = (try? String(contentsOfFile: "/proc/loadavg", encoding: .utf8))?
        .split(separator: " ").prefix(3).joined(separator: " ") ?? ""
    var sizes: [[String: Any]] = []
    for m in option("items", "4000,8000").split(separator: ",").map({ Int($0)! }) {
        let x = interactions(items: m)
        let single = fitTimes(x, as: Float.self, precision: .single, repeats: repeats)
        let double = fitTimes(x, as: Double.self, precision: .double, repeats: repeats)
        func cpu(_ r: [String: Any], _ name: String) -> Double { (r[name] as! [String: Any])["cpu_seconds"] as! Double }
        func wall(_ r: [String: Any], _ name: String) -> Double { (r[name] as! [String: Any])["wall_seconds"] as! Double }
        sizes.append([
            "items": m, "users": x.userCount, "interactions": x.nonzeroCount,
            "single": single, "double": double,
            "single_over_double_cpu": ["floor": cpu(single, "floor") / cpu(double, "floor"),
                                       "edlae_fit": cpu(single, "edlae_fit") / cpu(double, "edlae_fit"),
                                       "dlae_fit": cpu(single, "dlae_fit") / cpu(double, "dlae_fit")],
            "single_over_double_wall": ["floor": wall(single, "floor") / wall(double, "floor"),
                                        "edlae_fit": wall(single, "edlae_fit") / wall(double, "edlae_fit"),
                                        "dlae_fit": wall(single, "dlae_fit") / wall(double, "dlae_fit")],
        ])
    }
    emit([
        "repeat": repeats, "openblas": openBLAS(), "load_average_at_start": load,
        "load_average_at_end": (try? String(contentsOfFile: "/proc/loadavg", encoding: .utf8))?
            .split(separator: " ").prefix(3).joined(separator: " ") ?? "",
        "sizes": sizes,
    ])
case "lapack":
    let repeats = Int(option("repeat", "3"))!
    let x = interactions(items: m)
    let single = lapackTimes(regularizedGram(x, as: Float.self), repeats: repeats)
    let double = lapackTimes(regularizedGram(x, as: Double.self), repeats: repeats)
    emit([
        "items": m, "users": x.userCount, "interactions": x.nonzeroCount, "repeat": repeats,
        "openblas": openBLAS(),
        "potrf_potri_seconds": ["single": single.floor, "double": double.floor],
        "invertPositiveDefinite_seconds": ["single": single.library, "double": double.library],
        "potrf_potri_thread_cpu_seconds": ["single": single.floorCPU, "double": double.floorCPU],
        "invertPositiveDefinite_thread_cpu_seconds": ["single": single.libraryCPU, "double": double.libraryCPU],
        "single_over_double": ["potrf_potri": single.floor / double.floor,
                               "invertPositiveDefinite": single.library / double.library,
                               "potrf_potri_thread_cpu": single.floorCPU / double.floorCPU,
                               "invertPositiveDefinite_thread_cpu": single.libraryCPU / double.libraryCPU],
        "load_average": (try? String(contentsOfFile: "/proc/loadavg", encoding: .utf8))?
            .split(separator: " ").prefix(3).joined(separator: " ") ?? "",
        "gflops": ["single": pow(Double(m), 3) / single.floor / 1e9, "double": pow(Double(m), 3) / double.floor / 1e9],
    ])
case "rss":
    let precision = option("precision", "double")
    let path = option("path", "one-buffer")
    let x = interactions(items: m)
    let before = currentResidentKilobytes()
    let peakBefore = peakResidentKilobytes()
    var checksum = 0.0
    func run<T: MatrixScalar>(_: T.Type) -> Double {
        let diagonal = [T](repeating: 10, count: m)
        switch path {
        case "one-buffer":
            // G built into the buffer, factorised and inverted there.
            let c = try! x.regularizedGramInverse(as: T.self, addingToDiagonal: diagonal)
            return Double(c.trace)
        default:
            // The shared-G path: G kept, a copy regularised and inverted (two m x m buffers).
            let g = try! x.gram(as: T.self)
            var c = g
            c.addToDiagonal(diagonal)
            try! c.invertPositiveDefinite()
            return Double(c.trace) + Double(g.trace) * 0
        }
    }
    let time = seconds { checksum = precision == "single" ? run(Float.self) : run(Double.self) }
    let bytes = precision == "single" ? 4 : 8
    let peak = peakResidentKilobytes()
    emit([
        "items": m, "precision": precision, "path": path, "interactions": x.nonzeroCount,
        "openblas": openBLAS(), "seconds": time, "trace_of_inverse": checksum,
        "matrix_MiB": Double(m * m * bytes) / 1_048_576,
        "rss_before_fit_MiB": Double(before) / 1024,
        "peak_rss_before_fit_MiB": Double(peakBefore) / 1024,
        "peak_rss_MiB": Double(peak) / 1024,
        "peak_minus_rss_before_fit_MiB": Double(peak - before) / 1024,
    ])
default:
    FileHandle.standardError.write("usage: edlae-precision-bench lapack|fit|rss --items M [--precision single|double] [--path one-buffer|two-buffers]\n".data(using: .utf8)!)
    exit(2)
}
