// swift-tools-version: 6.1
import PackageDescription

let package = Package(
    name: "AsyncMaturity",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "maturity", targets: ["maturity"]),
    ],
    dependencies: [
        .package(url: "https://github.com/groue/GRDB.swift", exact: "7.10.0"),
        .package(url: "https://github.com/apple/swift-argument-parser", exact: "1.8.2"),
        .package(url: "https://github.com/apple/swift-crypto", exact: "3.12.3"),
        .package(url: "https://github.com/LebJe/TOMLKit", exact: "0.6.0"),
        .package(url: "https://github.com/weichsel/ZIPFoundation", exact: "0.9.20"),
    ],
    targets: [
        .systemLibrary(name: "CCSV", path: "Sources/CCSV"),
        .systemLibrary(name: "CICal", path: "Sources/CICal", pkgConfig: "libical"),
        .executableTarget(name: "maturity", dependencies: ["MaturityCLI"]),
        .target(name: "MaturityCLI", dependencies: [
            "MaturityCore", "MaturityImport", "MaturityMetrics", "MaturityReport", "MaturitySample",
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
            .product(name: "GRDB", package: "GRDB.swift"),
        ]),
        .target(name: "MaturityCore", dependencies: [
            .product(name: "GRDB", package: "GRDB.swift"),
            .product(name: "GRDBSQLite", package: "GRDB.swift"),
            .product(name: "Crypto", package: "swift-crypto"),
        ]),
        .target(name: "MaturityImport", dependencies: [
            "MaturityCore", "CCSV", "CICal",
            .product(name: "ZIPFoundation", package: "ZIPFoundation"),
        ], resources: [.copy("Resources"), .copy("Calendar/Resources/windowsZones.tsv")]),
        .target(name: "MaturityMetrics", dependencies: [
            "MaturityCore",
            .product(name: "GRDB", package: "GRDB.swift"),
            .product(name: "TOMLKit", package: "TOMLKit"),
        ], resources: [.copy("Resources/default-rubric.toml")]),
        .target(name: "MaturityReport", dependencies: ["MaturityCore", "MaturityMetrics"]),
        .target(name: "MaturitySample", dependencies: ["MaturityCore"]),
        .target(name: "MaturityTestSupport", dependencies: [
                    "MaturityCore", "MaturityImport", "MaturityMetrics", "MaturityCLI",
                    .product(name: "GRDB", package: "GRDB.swift"),
                ],
                path: "Tests/MaturityTestSupport",
                resources: [.copy("Conformance")]),
        .testTarget(name: "MaturityCoreTests", dependencies: ["MaturityCore", "MaturityTestSupport"]),
        .testTarget(name: "MaturityImportTests", dependencies: [
            "MaturityImport", "MaturityTestSupport", .product(name: "GRDB", package: "GRDB.swift"),
        ], resources: [.copy("Fixtures")]),
        .testTarget(name: "MaturityMetricsTests", dependencies: ["MaturityMetrics", "MaturityTestSupport"]),
        .testTarget(name: "MaturityReportTests", dependencies: ["MaturityReport", "MaturityTestSupport"], resources: [.copy("Snapshots")]),
        .testTarget(name: "MaturitySampleTests", dependencies: ["MaturitySample", "MaturityTestSupport"]),
        .testTarget(name: "MaturityCLITests", dependencies: ["MaturityCLI", "MaturityTestSupport"]),
    ],
    swiftLanguageModes: [.v6]
)
