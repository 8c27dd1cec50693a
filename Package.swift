// swift-tools-version:6.0
import PackageDescription

// Dependencies point one way: hweplan -> PlanSession -> PlanWorkbook -> PlanRender -> PlanLanguage + PlanModel
// -> PlanSupport. PlanModel depends on no workbook code.
// The core targets (PlanSupport, PlanModel, PlanLanguage, PlanSession, PlanRender) use no package
// dependencies and touch no terminal, file or clock; only the executable does. (CLane is this package's
// own C header, not a dependency.)
let package = Package(
    name: "hweplan",
    products: [
        .executable(name: "hweplan", targets: ["hweplan"]),
        .executable(name: "hweplan-bench", targets: ["hweplan-bench"]),
        .executable(name: "hweplan-fuzz", targets: ["hweplan-fuzz"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/x-sheep/swift-property-based", from: "2.0.0"),
    ],
    targets: [
        .target(name: "PlanSupport", linkerSettings: [.linkedLibrary("m", .when(platforms: [.linux]))]),
        // One header of vector operations Swift's SIMD types lack (Sources/CLane/include/CLane.h).
        .target(name: "CLane"),
        // The engine is optimised in debug builds too: the tests run it some hundreds of thousands of times
        // (Monte Carlo in SIMD lanes is ten times slower unoptimised), and what they check is its figures.
        .target(name: "PlanModel", dependencies: ["PlanSupport", "CLane"],
                swiftSettings: [.unsafeFlags(["-O"], .when(configuration: .debug))]),
        .target(name: "PlanLanguage", dependencies: ["PlanSupport"]),
        // PlanRender words every result and diagnostic: it reads the language's diagnostics and command table.
        .target(name: "PlanRender", dependencies: ["PlanModel", "PlanLanguage", "PlanSupport"]),
        // Debian's zlib for the DEFLATE entries of .xlsx files (docs/DECISIONS.md: why not CoreXLSX).
        .systemLibrary(name: "CZlib", pkgConfig: "zlib", providers: [.apt(["zlib1g-dev"])]),
        // The planning workbook: `model template` writes the model as one, `model load` reads one back.
        .target(name: "PlanWorkbook", dependencies: ["PlanModel", "PlanRender", "PlanSupport", "CZlib"]),
        .target(name: "PlanSession", dependencies: ["PlanModel", "PlanLanguage", "PlanRender", "PlanSupport", "PlanWorkbook"]),
        .systemLibrary(name: "CEditLine", pkgConfig: "libedit", providers: [.apt(["libedit-dev"])]),
        .target(name: "CEditShim", dependencies: ["CEditLine"]),
        .executableTarget(
            name: "hweplan",
            dependencies: [
                "PlanSession", "CEditShim",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]),
        .executableTarget(name: "hweplan-bench", dependencies: ["PlanSession"]),
        // Coverage-guided fuzzing (make fuzz builds it with -sanitize=fuzzer); built plainly, a corpus runner.
        .executableTarget(name: "hweplan-fuzz", dependencies: ["PlanSession"]),
        // What the test targets share: the repository's paths, fixtures and one golden comparer (RECORD=1).
        .target(name: "TestSupport", path: "Tests/TestSupport"),
        .testTarget(name: "PlanSupportTests", dependencies: ["PlanSupport", "TestSupport"]),
        .testTarget(name: "PlanModelTests", dependencies: ["PlanModel", "TestSupport"], exclude: ["Models"]),
        .testTarget(
            name: "PlanLanguageTests",
            dependencies: ["PlanLanguage", "TestSupport", .product(name: "PropertyBased", package: "swift-property-based")],
            exclude: ["Parse", "Malformed"]),
        .testTarget(name: "PlanRenderTests", dependencies: ["PlanRender", "TestSupport"], exclude: ["Golden"]),
        .testTarget(name: "PlanSessionTests", dependencies: ["PlanSession", "TestSupport"]),
        .testTarget(name: "PlanWorkbookTests", dependencies: ["PlanWorkbook", "PlanModel", "PlanRender", "TestSupport"]),
        .testTarget(name: "HweplanTests", dependencies: ["PlanSession", "TestSupport"], exclude: ["Transcripts", "Golden", "Fuzz", "Xlsx", "Report"]),
    ],
    swiftLanguageModes: [.v5]
)
