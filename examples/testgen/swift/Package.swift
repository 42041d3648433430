// swift-tools-version: 6.1
import PackageDescription

// The worked example's Swift side: two implementations of Bank.spec's account (buggy and
// fixed) and the tests `speccheck testgen` generated for them, over SpecTestKit from the
// speccheck repository three levels up (a path dependency, as a user's package would
// depend on speccheck's URL).
//
// SwiftPM names a path dependency after its directory, which is whatever the clone is
// called, so the name is computed rather than spelled.
let speccheckPath = "../../.."
let speccheckIdentity = String(
  Context.packageDirectory.split(separator: "/").dropLast(3).last ?? "speccheck")

let package = Package(
  name: "BankExample",
  platforms: [.macOS(.v15)],
  dependencies: [.package(path: speccheckPath)],
  targets: [
    .target(name: "Bank"),
    .testTarget(
      name: "BankTests",
      dependencies: ["Bank", .product(name: "SpecTestKit", package: speccheckIdentity)]),
  ]
)
