import Foundation
import TestSupport
import XCTest

/// Golden manifests: each fixture message of `ExtractFixtures` is extracted (`--inline`, so that the cid
/// image counts too) and the manifest compared byte for byte with `Golden/<fixture>.jsonl`. Runs are
/// deterministic; the only run-specific text, the temporary directory in `source`, is written as `$DIR`.
///
/// To change the goldens deliberately (after a change of the manifest format or of a rule):
///
///     POPVAULT_UPDATE_GOLDEN=1 swift test --filter ExtractGoldenTests
///     git diff Tests/popvaultTests/Golden      # review, then commit the new goldens with the change
///
/// A regenerate cannot hide a regression: before anything is compared or written, the manifest must show
/// the facts each fixture was written to test (which parts are attachments, their bytes' SHA-256 computed
/// here from the fixture's own content, decoded names and safe paths), and the files must hold those bytes.
/// A manifest failing them is neither accepted nor written. A run that rewrites a golden also fails, so
/// that a regenerate left switched on (in CI, say) cannot pass unnoticed.
final class ExtractGoldenTests: XCTestCase {
    var dir: TemporaryDirectory!

    override func setUpWithError() throws {
        dir = try TemporaryDirectory(prefix: "golden")
        guard FileManager.default.isExecutableFile(atPath: PopvaultProcess.binary.path) else {
            throw XCTSkip("popvault binary not built at \(PopvaultProcess.binary.path)")
        }
    }

    override func tearDown() { dir.remove() }

    /// `Tests/popvaultTests/Golden`, found from this file's path (no SwiftPM resources needed).
    static let goldenDirectory = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("Golden")

    static var updating: Bool { ProcessInfo.processInfo.environment["POPVAULT_UPDATE_GOLDEN"] == "1" }

    func testNamesMessage() throws {
        try check("names", input: ExtractFixtures.namesMessage(), file: "names.eml", facts: GoldenFacts.names(0))
    }

    func testNestedMessage() throws {
        try check("nested", input: ExtractFixtures.nestedMessage(), file: "nested.eml", facts: GoldenFacts.nested(0))
    }

    func testUndatedMessage() throws {
        try check("undated", input: ExtractFixtures.undatedMessage(), file: "undated.eml",
                  facts: GoldenFacts.undated(0))
    }

    func testMbox() throws {
        let facts = GoldenFacts.names(0) + GoldenFacts.nested(1) + GoldenFacts.undated(2)
        try check("mbox", input: ExtractFixtures.mbox(), file: "in.mbox", facts: facts)
    }

    /// Extracts `input` (written to `file`), checks `facts`, and compares its manifest with `Golden/<name>.jsonl`
    /// (or rewrites it, failing the run, with `POPVAULT_UPDATE_GOLDEN=1`).
    func check(_ name: String, input: String, file: String, facts: [GoldenFacts]) throws {
        let inputPath = dir.url.appendingPathComponent(file).path
        try Data(input.utf8).write(to: URL(fileURLWithPath: inputPath))
        let manifestPath = dir.url.appendingPathComponent("manifest.jsonl").path
        let out = dir.url.appendingPathComponent("out").path
        let result = try PopvaultProcess.run([
            "extract", "--inline", "--quiet", inputPath, "--to", out, "--manifest", manifestPath,
        ])
        XCTAssertEqual(result.status, 0, result.stderr)

        let lines = try ManifestLines(path: manifestPath)
        let found = try lines.objects.map { try GoldenFacts(manifestObject: $0) }
        XCTAssertEqual(found.map(\.description), facts.map(\.description), "\(file): manifest facts")
        let listing = try OutputListing(root: out)
        XCTAssertEqual(listing.files.keys.sorted(), Set(facts.map(\.path)).sorted(), "\(file): files written")
        let written = facts.map { listing.files[$0.path].map(sha256Hex) }
        XCTAssertEqual(written, facts.map(\.sha256), "\(file): bytes of the files written")
        let factsHold = found.map(\.description) == facts.map(\.description)
            && listing.files.count == facts.count && written == facts.map(\.sha256)
        let manifest = lines.text.replacingOccurrences(of: dir.url.path, with: "$DIR")
        let golden = Self.goldenDirectory.appendingPathComponent("\(name).jsonl")
        let expected = try? Data(contentsOf: golden)
        guard Array(manifest.utf8) != expected.map(Array.init) else { return }

        if Self.updating {
            // Only a manifest that passed the facts above may become the golden.
            guard factsHold else {
                return XCTFail("\(golden.lastPathComponent) not rewritten: the manifest fails the checks above")
            }
            try Data(manifest.utf8).write(to: golden)
            XCTFail("rewrote \(golden.path) (POPVAULT_UPDATE_GOLDEN=1); review `git diff` and commit, then rerun "
                + "without POPVAULT_UPDATE_GOLDEN: a regenerating run never passes")
            return
        }
        guard let expected else {
            return XCTFail("\(golden.path) missing: create it with POPVAULT_UPDATE_GOLDEN=1 (see the type's comment)")
        }
        XCTAssertEqual(
            manifest, String(decoding: expected, as: UTF8.self),
            "manifest of \(file) differs from \(golden.path) (a deliberate change: POPVAULT_UPDATE_GOLDEN=1)")
    }
}
