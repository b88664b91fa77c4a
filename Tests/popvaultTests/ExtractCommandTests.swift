import Foundation
import TestSupport
import XCTest

final class ExtractCommandTests: XCTestCase {
    var dir: TemporaryDirectory!

    override func setUpWithError() throws {
        dir = try TemporaryDirectory(prefix: "extract")
        guard FileManager.default.isExecutableFile(atPath: PopvaultProcess.binary.path) else {
            throw XCTSkip("popvault binary not built at \(PopvaultProcess.binary.path)")
        }
    }

    override func tearDown() { dir.remove() }

    func path(_ name: String) -> String { dir.url.appendingPathComponent(name).path }

    func write(_ text: String, to name: String) throws -> String {
        try Data(text.utf8).write(to: URL(fileURLWithPath: path(name)))
        return path(name)
    }

    func testExtractsAttachmentsWithSafeDecodedNames() throws {
        let mbox = try write(ExtractFixtures.mbox(), to: "in.mbox")
        let result = try PopvaultProcess.run(["extract", mbox, "--to", path("out"), "--manifest", path("m.jsonl")])
        XCTAssertEqual(result.status, 0, result.stderr)
        let tree = try OutputListing(root: path("out"))
        XCTAssertEqual(
            tree.files.keys.sorted(),
            [
                "2024-03/[31mevil.sh", "2024-03/_CON.txt", "2024-03/发票.pdf", "2024-03/季度报告 2024.xlsx",
                "2024-05/copy.pdf", "2024-05/inner.txt", "2024-05/part-3.1.txt", "unknown-date/attachment.bin",
            ].sorted())
        XCTAssertEqual(tree.files["2024-03/发票.pdf"], ExtractFixtures.pdf)
        XCTAssertEqual(tree.files["2024-03/季度报告 2024.xlsx"], ExtractFixtures.sheet)
        XCTAssertEqual(tree.files["2024-05/copy.pdf"], ExtractFixtures.pdf)
        XCTAssertEqual(tree.files["2024-05/inner.txt"], ExtractFixtures.nestedFile)
        XCTAssertEqual(tree.files["2024-03/[31mevil.sh"], Array("echo pwned".utf8))
        XCTAssertEqual(tree.files["unknown-date/attachment.bin"], Array("raw bytes".utf8))
        XCTAssertTrue(tree.modes.values.allSatisfy { $0 == 0o600 }, "\(tree.modes)")
        XCTAssertTrue(tree.hidden.isEmpty, "temporary files left: \(tree.hidden)")

        let manifest = try ManifestLines(path: path("m.jsonl"))
        XCTAssertEqual(manifest.objects.count, 8)
        let pdf = try XCTUnwrap(manifest.objects.first { $0["path"] as? String == "2024-03/发票.pdf" })
        XCTAssertEqual(pdf["source"] as? String, mbox)
        XCTAssertEqual(pdf["message"] as? Int, 0)
        XCTAssertEqual(pdf["message_id"] as? String, "<names@example.com>")
        XCTAssertEqual(pdf["part"] as? String, "2")
        XCTAssertEqual(pdf["content_type"] as? String, "application/pdf")
        XCTAssertEqual(pdf["disposition"] as? String, "attachment")
        XCTAssertEqual(pdf["original_name"] as? String, "发票.pdf")
        XCTAssertEqual(pdf["size"] as? Int, ExtractFixtures.pdf.count)
        XCTAssertEqual(pdf["sha256"] as? String, sha256Hex(ExtractFixtures.pdf))
        XCTAssertEqual(pdf["defects"] as? [String], [])
        let evil = try XCTUnwrap(manifest.objects.first { $0["path"] as? String == "2024-03/[31mevil.sh" })
        XCTAssertEqual(evil["original_name"] as? String, "../../\u{1B}[31mevil.sh")
        XCTAssertFalse(manifest.text.contains("\u{1B}"), "the manifest must not carry raw escapes")
        let inner = try XCTUnwrap(manifest.objects.first { $0["path"] as? String == "2024-05/inner.txt" })
        XCTAssertEqual(inner["part"] as? String, "3.2")
        XCTAssertEqual(inner["message"] as? Int, 1)
        XCTAssertTrue(result.stderr.contains("extracted 8 parts"), result.stderr)
    }

    func testInlineFlatOnlyAndDedupe() throws {
        let mbox = try write(ExtractFixtures.mbox(), to: "in.mbox")
        var result = try PopvaultProcess.run(["extract", "--flat", "--inline", "--dedupe", mbox, "--to", path("all")])
        XCTAssertEqual(result.status, 0, result.stderr)
        let all = try OutputListing(root: path("all"))
        XCTAssertEqual(all.files["part-1.2.png"], ExtractFixtures.image)
        XCTAssertNil(all.files.keys.first { $0.contains("/") })
        XCTAssertEqual(all.inodes["copy.pdf"], all.inodes["发票.pdf"], "a duplicate is a hard link to the first copy")
        XCTAssertTrue(result.stderr.contains("1 duplicates"), result.stderr)

        result = try PopvaultProcess.run([
            "extract", "--flat", "--dedupe-skip", "--only", "application/PDF", "--only", "*.XLSX", mbox,
            "--to", path("some"), "--manifest", path("some.jsonl"),
        ])
        XCTAssertEqual(result.status, 0, result.stderr)
        XCTAssertEqual(
            try OutputListing(root: path("some")).files.keys.sorted(), ["发票.pdf", "季度报告 2024.xlsx"].sorted())
        let copy = try XCTUnwrap(
            ManifestLines(path: path("some.jsonl")).objects.first { $0["original_name"] as? String == "copy.pdf" })
        XCTAssertEqual(copy["path"] as? String, "发票.pdf")
        XCTAssertEqual(copy["duplicate_of"] as? String, "发票.pdf")
    }

    func testTwoRunsGiveIdenticalTreesAndNeverOverwrite() throws {
        let mbox = try write(ExtractFixtures.mbox(), to: "in.mbox")
        for run in ["one", "two"] {
            let result = try PopvaultProcess.run([
                "extract", mbox, "--to", path(run), "--manifest", path("\(run).jsonl"), "--inline",
            ])
            XCTAssertEqual(result.status, 0, result.stderr)
        }
        XCTAssertEqual(try OutputListing(root: path("one")).files, try OutputListing(root: path("two")).files)
        XCTAssertEqual(
            try String(contentsOfFile: path("one.jsonl"), encoding: .utf8),
            try String(contentsOfFile: path("two.jsonl"), encoding: .utf8))

        let again = try PopvaultProcess.run(["extract", mbox, "--to", path("one")])
        XCTAssertEqual(again.status, 0, again.stderr)
        let tree = try OutputListing(root: path("one"))
        XCTAssertEqual(tree.files["2024-03/发票 (2).pdf"], ExtractFixtures.pdf)
        XCTAssertEqual(tree.files["2024-03/_CON (2).txt"], Array("device".utf8))
        XCTAssertEqual(tree.files["2024-05/copy.pdf"], ExtractFixtures.pdf)
    }

    func testMaildirEmlAndGzipInputs() throws {
        let maildir = path("Maildir")
        for sub in ["cur", "new", "tmp"] {
            try FileManager.default.createDirectory(atPath: "\(maildir)/\(sub)", withIntermediateDirectories: true)
        }
        _ = try write(ExtractFixtures.nestedMessage(), to: "Maildir/cur/1700000000.M1P1.host:2,S")
        let eml = try write(ExtractFixtures.undatedMessage(), to: "lone.eml")
        _ = try write(ExtractFixtures.mbox(), to: "box.mbox")
        let gzip = Process()
        gzip.executableURL = URL(fileURLWithPath: "/bin/sh")
        gzip.arguments = ["-c", "gzip -c '\(path("box.mbox"))' > '\(path("box.mbox.gz"))'"]
        try gzip.run()
        gzip.waitUntilExit()
        XCTAssertEqual(gzip.terminationStatus, 0)

        let result = try PopvaultProcess.run([
            "extract", maildir, eml, path("box.mbox.gz"), "--to", path("out"), "--manifest", path("m.jsonl"),
        ])
        XCTAssertEqual(result.status, 0, result.stderr)
        let manifest = try ManifestLines(path: path("m.jsonl"))
        XCTAssertEqual(manifest.objects.count, 3 + 1 + 8)
        XCTAssertEqual(manifest.objects[0]["message"] as? String, "cur/1700000000.M1P1.host:2,S")
        XCTAssertEqual(manifest.objects[3]["source"] as? String, eml)
        let tree = try OutputListing(root: path("out"))
        XCTAssertEqual(tree.files["unknown-date/attachment (2).bin"], Array("raw bytes".utf8))
        XCTAssertEqual(tree.files["2024-03/发票.pdf"], ExtractFixtures.pdf)
    }

    func testErrorsAndExitCodes() throws {
        let mbox = try write(ExtractFixtures.mbox(), to: "in.mbox")
        let missing = try PopvaultProcess.run(["extract", path("missing.mbox"), mbox, "--to", path("out")])
        XCTAssertEqual(missing.status, 74, missing.stderr)
        XCTAssertTrue(missing.stderr.contains("missing.mbox"), missing.stderr)
        XCTAssertEqual(try OutputListing(root: path("out")).files.count, 8, "the other input was still extracted")

        let notDir = try write("x", to: "file")
        XCTAssertEqual(try PopvaultProcess.run(["extract", mbox, "--to", notDir]).status, 64)
        XCTAssertEqual(try PopvaultProcess.run(["extract", "--to", path("o")]).status, 64)
        XCTAssertEqual(try PopvaultProcess.run(["extract", mbox, "--to", path("o"), "--only", "/pdf"]).status, 64)
        let both = try PopvaultProcess.run(["extract", mbox, "--to", path("o"), "--dedupe", "--dedupe-skip"])
        XCTAssertEqual(both.status, 64)
    }

    func testUnparsableMessageExits65AndTheRestIsExtracted() throws {
        // Nesting far deeper than any parser limit allows.
        var deep = "From: x@example.com\nSubject: deep\nMIME-Version: 1.0\n"
        deep += "Content-Type: multipart/mixed; boundary=\"b0\"\n\n"
        for level in 0..<300 {
            deep += "--b\(level)\nContent-Type: multipart/mixed; boundary=\"b\(level + 1)\"\n\n"
        }
        let mbox = try write(
            "From a Mon Jan  1 00:00:00 2024\n" + deep + "\n\nFrom b Mon Jan  1 00:00:00 2024\n"
                + ExtractFixtures.undatedMessage() + "\n", to: "deep.mbox")
        let result = try PopvaultProcess.run(["extract", mbox, "--to", path("out"), "--report", "json"])
        XCTAssertEqual(result.status, 65, result.stderr)
        let tree = try OutputListing(root: path("out"))
        XCTAssertEqual(tree.files["unknown-date/attachment.bin"], Array("raw bytes".utf8))
        let report = try XCTUnwrap(
            JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any], result.stdout)
        XCTAssertEqual(report["messages"] as? Int, 2)
        XCTAssertEqual((report["message_errors"] as? [String])?.count, 1)
    }

    func testPlantedSymlinksNeverLeadOutside() throws {
        let mbox = try write(ExtractFixtures.mbox(), to: "in.mbox")
        let outside = path("outside")
        try FileManager.default.createDirectory(atPath: outside, withIntermediateDirectories: true)
        let victim = try write("keep me", to: "outside/victim")
        try FileManager.default.createDirectory(atPath: path("out/2024-05"), withIntermediateDirectories: true)
        // A file name planted as a symlink to a file outside, and a month directory planted as one.
        try FileManager.default.createSymbolicLink(atPath: path("out/2024-05/copy.pdf"), withDestinationPath: victim)
        try FileManager.default.createSymbolicLink(atPath: path("out/2024-03"), withDestinationPath: outside)

        let result = try PopvaultProcess.run(["extract", mbox, "--to", path("out")])
        XCTAssertEqual(result.status, 74, result.stderr)
        XCTAssertEqual(try String(contentsOfFile: victim, encoding: .utf8), "keep me")
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: outside), ["victim"])

        try FileManager.default.removeItem(atPath: path("out/2024-03"))
        let again = try PopvaultProcess.run(["extract", mbox, "--to", path("out")])
        XCTAssertEqual(again.status, 0, again.stderr)
        XCTAssertEqual(try String(contentsOfFile: victim, encoding: .utf8), "keep me")
        XCTAssertEqual(try OutputListing(root: path("out")).files["2024-05/copy (2).pdf"], ExtractFixtures.pdf)
    }

    func testHelpListsTheOptions() throws {
        let result = try PopvaultProcess.run(["extract", "--help"])
        XCTAssertEqual(result.status, 0)
        for option in ["--to", "--flat", "--only", "--inline", "--dedupe", "--manifest", "--quiet", "--report"] {
            XCTAssertTrue(result.stdout.contains(option), "help lacks \(option):\n\(result.stdout)")
        }
    }
}
