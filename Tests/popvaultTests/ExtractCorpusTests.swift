import Foundation
import TestSupport
import XCTest

/// Runs `popvault extract` over the shared corpus of public test messages (not part of the project:
/// `../shared/corpus/mime` next to the repository) and checks safety, not exact results.
final class ExtractCorpusTests: XCTestCase {
    static let corpus = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("../shared/corpus/mime").standardizedFileURL.path

    func testCorpusStaysInsideTheOutputDirectoryWithSafeNames() throws {
        guard FileManager.default.fileExists(atPath: Self.corpus) else {
            throw XCTSkip("no corpus at \(Self.corpus)")
        }
        guard FileManager.default.isExecutableFile(atPath: PopvaultProcess.binary.path) else {
            throw XCTSkip("popvault binary not built")
        }
        let dir = try TemporaryDirectory(prefix: "extract-corpus")
        defer { dir.remove() }
        var inputs: [String] = []
        let walker = FileManager.default.enumerator(atPath: Self.corpus)
        while let relative = walker?.nextObject() as? String {
            var isDirectory: ObjCBool = false
            let full = (Self.corpus as NSString).appendingPathComponent(relative)
            if FileManager.default.fileExists(atPath: full, isDirectory: &isDirectory), !isDirectory.boolValue {
                inputs.append(full)
            }
        }
        inputs.sort()
        let out = dir.url.appendingPathComponent("out").path
        let manifest = dir.url.appendingPathComponent("m.jsonl").path
        let result = try PopvaultProcess.run(
            ["extract", "--quiet", "--inline", "--to", out, "--manifest", manifest] + inputs, timeout: 600)
        XCTAssertTrue([0, 65].contains(result.status), "status \(result.status): \(result.stderr.suffix(2000))")

        let listing = try OutputListing(root: out)
        XCTAssertGreaterThan(listing.files.count, 100)
        XCTAssertEqual(listing.outside, [])
        XCTAssertEqual(listing.hidden, [])
        for path in listing.files.keys {
            let components = path.split(separator: "/")
            XCTAssertLessThanOrEqual(components.count, 2, path)
            if let name = components.last { XCTAssertNil(NameOracle.violation(String(name)), path.debugDescription) }
        }
        let lines = try ManifestLines(path: manifest)
        // A foreign mbox whose reading took a heuristic has a line of its own (messages, defects).
        let parts = lines.objects.filter { $0["messages"] == nil }
        XCTAssertEqual(parts.count, listing.files.count)
        for mailbox in lines.objects where mailbox["messages"] != nil {
            XCTAssertFalse((mailbox["defects"] as? [String] ?? []).isEmpty, "\(mailbox)")
        }
        for object in parts {
            let path = try XCTUnwrap(object["path"] as? String)
            XCTAssertEqual(listing.files[path].map(\.count), object["size"] as? Int, path)
        }
    }
}

/// An independent statement of the output name rules (issue 4 item 3), to check real output.
enum NameOracle {
    static let devices: Set<String> =
        Set(["CON", "PRN", "AUX", "NUL"] + (0...9).flatMap { ["COM\($0)", "LPT\($0)"] })

    static func violation(_ name: String) -> String? {
        if name.isEmpty || name == "." || name == ".." { return "empty or dot" }
        if name.hasPrefix(".") || name.hasPrefix("-") { return "leading dot or dash" }
        if name.utf8.count > 255 { return "longer than 255 bytes" }
        if name.contains("/") || name.contains("\\") { return "separator" }
        if name != name.precomposedStringWithCanonicalMapping { return "not NFC" }
        if let last = name.unicodeScalars.last, last == "." || last == " " { return "trailing dot or space" }
        for scalar in name.unicodeScalars {
            let v = scalar.value
            if v < 0x20 || (0x7F...0x9F).contains(v) { return "control U+\(String(v, radix: 16))" }
            if (0x202A...0x202E).contains(v) || (0x2066...0x2069).contains(v) { return "bidi control" }
        }
        let stem = name.split(separator: ".", omittingEmptySubsequences: false)[0]
        if devices.contains(stem.uppercased().trimmingCharacters(in: .whitespaces)) { return "device name" }
        return nil
    }
}
