// swift-tools-version: 6.1
// libFuzzer harnesses for the interaction readers and the .npy decoder. Build and run them with
// `scripts/fuzz.sh` (they link only with `-sanitize=fuzzer`, which supplies the libFuzzer driver).
import PackageDescription

let package = Package(
    name: "EDLAEFuzz",
    dependencies: [.package(name: "EDLAE", path: "..")],
    targets: [
        .target(name: "FuzzSupport", dependencies: [.product(name: "EDLAECore", package: "EDLAE")]),
        .executableTarget(name: "FuzzCSV", dependencies: [
            "FuzzSupport", .product(name: "EDLAECore", package: "EDLAE"),
        ]),
        .executableTarget(name: "FuzzMovieLens", dependencies: [
            "FuzzSupport", .product(name: "EDLAECore", package: "EDLAE"),
        ]),
        .executableTarget(name: "FuzzMatrixMarket", dependencies: [
            "FuzzSupport", .product(name: "EDLAECore", package: "EDLAE"),
        ]),
        .executableTarget(name: "FuzzNumPy", dependencies: [
            "FuzzSupport", .product(name: "EDLAECore", package: "EDLAE"),
            .product(name: "EDLAESolvers", package: "EDLAE"),
        ]),
    ],
    swiftLanguageModes: [.v6]
)
