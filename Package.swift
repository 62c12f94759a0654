// swift-tools-version: 6.1
import PackageDescription

let package = Package(
    name: "EDLAE",
    products: [
        // `import EDLAE` brings all three libraries; each can be depended on alone.
        .library(name: "EDLAE", targets: ["EDLAE"]),
        .library(name: "EDLAECore", targets: ["EDLAECore"]),
        .library(name: "EDLAESolvers", targets: ["EDLAESolvers"]),
        .library(name: "EDLAEMetrics", targets: ["EDLAEMetrics"]),
        .executable(name: "edlae", targets: ["EDLAETool"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        // `swift package generate-documentation` (scripts/docs.sh); a plugin, linked into nothing.
        .package(url: "https://github.com/swiftlang/swift-docc-plugin", from: "1.5.0"),
    ],
    targets: [
        // The one C target, imported by EDLAECore only: CBLAS and LAPACKE from Debian's OpenBLAS and
        // LAPACKE, and ARPACK-ng's C bindings (implicitly restarted Lanczos); its module map links all three.
        .systemLibrary(
            name: "_CLinearAlgebra",
            pkgConfig: "openblas",
            providers: [.apt(["libopenblas-dev", "liblapacke-dev", "libarpack2-dev"])]
        ),
        .target(name: "EDLAECore", dependencies: ["_CLinearAlgebra"]),
        .target(name: "EDLAESolvers", dependencies: ["EDLAECore"]),
        .target(name: "EDLAEMetrics", dependencies: ["EDLAECore", "EDLAESolvers"]),
        .target(name: "EDLAE", dependencies: ["EDLAECore", "EDLAESolvers", "EDLAEMetrics"]),
        .executableTarget(
            name: "EDLAETool",
            dependencies: [
                "EDLAECore", "EDLAESolvers", "EDLAEMetrics",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        // Test support shared by the test targets (not API): the real data sets, the seeded test data
        // generator and the solver conformance checks.
        .target(name: "_EDLAETestSupport", dependencies: ["EDLAECore", "EDLAESolvers"], path: "Tests/_EDLAETestSupport"),
        .testTarget(name: "EDLAECoreTests", dependencies: ["EDLAECore", "_EDLAETestSupport"]),
        .testTarget(name: "EDLAESolversTests", dependencies: ["EDLAECore", "EDLAESolvers", "_EDLAETestSupport"]),
        .testTarget(name: "EDLAEMetricsTests", dependencies: ["EDLAECore", "EDLAESolvers", "EDLAEMetrics", "_EDLAETestSupport"]),
        .testTarget(name: "EDLAEToolTests", dependencies: ["EDLAETool", "EDLAECore", "EDLAESolvers", "EDLAEMetrics", "_EDLAETestSupport"]),
    ],
    swiftLanguageModes: [.v6]
)
