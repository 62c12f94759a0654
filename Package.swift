// swift-tools-version: 6.1
import PackageDescription

let package = Package(
    name: "EDLAE",
    products: [
        .library(name: "EDLAECore", targets: ["EDLAECore"]),
        .library(name: "EDLAESolvers", targets: ["EDLAESolvers"]),
        .library(name: "EDLAEMetrics", targets: ["EDLAEMetrics"]),
        .executable(name: "edlae", targets: ["EDLAETool"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
    ],
    targets: [
        // The one target that touches C: CBLAS and LAPACKE from Debian's OpenBLAS and LAPACKE, and
        // ARPACK-ng's C bindings (implicitly restarted Lanczos).
        .systemLibrary(
            name: "_CLinearAlgebra",
            pkgConfig: "openblas",
            providers: [.apt(["libopenblas-dev", "liblapacke-dev", "libarpack2-dev"])]
        ),
        .target(name: "EDLAECore", dependencies: ["_CLinearAlgebra"]),
        .target(name: "EDLAESolvers", dependencies: ["EDLAECore", "_CLinearAlgebra"]),
        .target(name: "EDLAEMetrics", dependencies: ["EDLAECore", "EDLAESolvers"]),
        .executableTarget(
            name: "EDLAETool",
            dependencies: [
                "EDLAECore", "EDLAESolvers", "EDLAEMetrics",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .testTarget(name: "EDLAECoreTests", dependencies: ["EDLAECore"]),
        .testTarget(name: "EDLAESolversTests", dependencies: ["EDLAECore", "EDLAESolvers"]),
        .testTarget(name: "EDLAEMetricsTests", dependencies: ["EDLAECore", "EDLAESolvers", "EDLAEMetrics"]),
        .testTarget(name: "EDLAEToolTests", dependencies: ["EDLAETool", "EDLAEMetrics"]),
    ],
    swiftLanguageModes: [.v6]
)
