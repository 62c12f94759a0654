// swift-tools-version: 6.1
// Benchmarks for the EDLAE library, kept in their own package so that the library's users never
// resolve benchmark dependencies. Run from this directory:
//     swift package --disable-sandbox benchmark          (package-benchmark suites)
//     ./compare.sh                                       (side by side with NumPy/SciPy and LAPACK)
import PackageDescription

// A path dependency's identity is the name of its folder (`main`, `EDLAE`, a CI checkout's name...),
// so it is derived here rather than spelled out.
let libraryPackage = Context.packageDirectory.split(separator: "/").dropLast().last.map(String.init) ?? "EDLAE"

let package = Package(
    name: "EDLAEBenchmarks",
    dependencies: [
        .package(path: "../"),
        // The default traits of ordo-one/benchmark pull a package that is not mirrored here;
        // MallocInterposer alone keeps the malloc counters.
        .package(url: "https://github.com/ordo-one/benchmark", from: "1.38.1", traits: ["MallocInterposer"]),
    ],
    targets: [
        // Seeded synthetic data, operation counts and the benchmarked computations, shared by the
        // package-benchmark suite and the side-by-side command-line tool.
        .target(
            name: "BenchmarkWorkloads",
            dependencies: [
                .product(name: "EDLAECore", package: libraryPackage),
                .product(name: "EDLAESolvers", package: libraryPackage),
            ]
        ),
        .executableTarget(
            name: "edlae-bench-cli",
            dependencies: ["BenchmarkWorkloads"]
        ),
        // Single against double precision: the LAPACK floor, the whole full-rank fit against it, and
        // the peak RSS of the one-buffer fit.
        .executableTarget(
            name: "edlae-precision-bench",
            dependencies: [
                .product(name: "EDLAECore", package: libraryPackage),
                .product(name: "EDLAESolvers", package: libraryPackage),
            ]
        ),
        .executableTarget(
            name: "EDLAEBenchmarks",
            dependencies: [
                "BenchmarkWorkloads",
                .product(name: "Benchmark", package: "benchmark"),
            ],
            path: "Benchmarks/EDLAEBenchmarks",
            plugins: [.plugin(name: "BenchmarkPlugin", package: "benchmark")]
        ),
    ],
    swiftLanguageModes: [.v6]
)
