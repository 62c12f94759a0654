// swift-tools-version: 6.1
// A consumer of the library, as an application outside it would write one: it depends on the
// package two folders up by path. `name: "EDLAE"` fixes the package's identity, so the
// `.product(..., package: "EDLAE")` lines hold whatever the checkout's folder is called (without
// it the identity is that folder's name, e.g. "edlae-swift").
import PackageDescription

let package = Package(
    name: "QuickStart",
    dependencies: [
        .package(name: "EDLAE", path: "../.."),
    ],
    targets: [
        .executableTarget(
            name: "QuickStart",
            dependencies: [.product(name: "EDLAE", package: "EDLAE")]
        ),
    ],
    swiftLanguageModes: [.v6]
)
