// Single against double precision: the LAPACK floor of a full-rank fit (potrf + potri at order m)
// and the peak memory of the one-buffer path (G built into the buffer, factorised and inverted
// there). Prints JSON with the OpenBLAS build and kernel that ran.
//
//     edlae-precision-bench lapack --items 4000 [--repeat 3]
//     edlae-precision-bench rss --items 4000 --precision single|double [--path one-buffer|two-buffers]
//
// `rss` is meant to run once per process (peak RSS is a per-process high-water mark).
import EDLAECore
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

let mode = CommandLine.arguments.dropFirst().first ?? "lapack"
let m = Int(option("items", "4000"))!
switch mode {
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
    FileHandle.standardError.write("usage: edlae-precision-bench lapack|rss --items M [--precision single|double] [--path one-buffer|two-buffers]\n".data(using: .utf8)!)
    exit(2)
}
