// swift-tools-version: 6.1
import PackageDescription

let package = Package(
  name: "speccheck",
  platforms: [.macOS(.v15)],
  products: [
    .executable(name: "speccheck", targets: ["speccheck"]),
    // For users' test targets: the value type and adapter protocol that tests generated
    // by `speccheck testgen --lang swift` use. Depends on no other module of speccheck.
    .library(name: "SpecTestKit", targets: ["SpecTestKit"]),
  ],
  dependencies: [
    .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0")
  ],
  targets: [
    .target(name: "SpecSyntax"),
    .target(name: "SpecTestKit"),
    .target(name: "SpecSemantics", dependencies: ["SpecSyntax"]),
    .target(name: "SpecEngine"),
    .target(name: "SpecRuntime", dependencies: ["SpecSyntax", "SpecSemantics", "SpecEngine"]),
    .target(name: "SpecTrace", dependencies: ["SpecSyntax", "SpecSemantics", "SpecRuntime"]),
    .systemLibrary(name: "CZ3", pkgConfig: "z3", providers: [.apt(["libz3-dev"])]),
    .target(
      name: "SpecSolver",
      dependencies: ["SpecSyntax", "SpecSemantics", "SpecRuntime", "SpecEngine"]),
    .target(name: "SpecZ3", dependencies: ["SpecSolver", "CZ3"]),
    .target(
      name: "SpecDriver",
      dependencies: [
        "SpecSyntax", "SpecSemantics", "SpecRuntime", "SpecTrace", "SpecSolver", "SpecZ3",
      ]),
    .target(
      name: "SpecExplore",
      dependencies: ["SpecSyntax", "SpecSemantics", "SpecRuntime", "SpecEngine", "SpecTrace"]),
    .executableTarget(
      name: "speccheck",
      dependencies: [
        "SpecDriver", "SpecExplore", "SpecSyntax", "SpecTrace",
        .product(name: "ArgumentParser", package: "swift-argument-parser"),
      ]),
    .testTarget(name: "SpecSyntaxTests", dependencies: ["SpecSyntax"]),
    .testTarget(
      name: "SpecExploreTests",
      dependencies: [
        "SpecExplore", "SpecDriver", "SpecTrace", "SpecRuntime", "SpecSemantics", "SpecSyntax",
        "SpecEngine", "speccheck",
      ]),
    .testTarget(
      name: "SpecManifestTests", dependencies: ["SpecDriver", "SpecEngine", "SpecSyntax"]),
    .testTarget(
      name: "SpecSemanticsTests", dependencies: ["SpecSemantics", "SpecSyntax", "SpecDriver"]),
    .testTarget(
      name: "SpecDriverTests", dependencies: ["SpecDriver", "SpecSyntax", "SpecSemantics"]),
    .testTarget(
      name: "SpecCITests", dependencies: ["SpecDriver", "SpecSyntax"], exclude: ["Fixtures"]),
    .testTarget(
      name: "SpecSolverTests",
      dependencies: [
        "SpecSolver", "SpecZ3", "SpecDriver", "SpecRuntime", "SpecTrace", "SpecSemantics",
        "SpecSyntax",
      ]),
    .testTarget(name: "SpecEngineTests", dependencies: ["SpecEngine"]),
    .testTarget(name: "SpecTestKitTests", dependencies: ["SpecTestKit"]),
    .testTarget(
      name: "SpecTestgenTests", dependencies: ["SpecTrace", "SpecDriver", "speccheck"],
      exclude: ["Fixtures"]),
    .testTarget(
      name: "SpecCheckTests",
      dependencies: [
        "SpecDriver", "SpecRuntime", "SpecTrace", "SpecSemantics", "SpecSyntax", "SpecEngine",
      ]),
  ]
)
