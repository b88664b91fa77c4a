import ArchiverEngine
import Foundation
import TestSupport
import XCTest

/// `extract` over mbox files other programs wrote (issue 14 item 1): every message found, every
/// attachment written, and the heuristics taken in the manifest.
final class ExtractDialectTests: XCTestCase {
    private var directory: TemporaryDirectory!

    override func setUpWithError() throws { directory = try TemporaryDirectory(prefix: "popvault-extract-dialects") }
    override func tearDown() { directory?.remove() }

    func testEveryDialectGivesEveryMessageAndAttachment() throws {
        for dialect in MboxDialect.all {
            let mbox = directory.path + "/\(dialect.name).mbox"
            try Data(dialect.bytes).write(to: URL(fileURLWithPath: mbox))
            let out = directory.path + "/\(dialect.name)-out"
            let manifest = directory.path + "/\(dialect.name).jsonl"
            let extractor = try AttachmentExtractor(
                options: ExtractOptions(outputDirectory: out, layout: .flat, manifestPath: manifest))
            try extractor.extract(path: mbox)
            let summary = try extractor.finish()
            XCTAssertEqual(summary.messages, 3, dialect.name)
            XCTAssertEqual(summary.errors, 0, dialect.name)
            XCTAssertEqual(
                try FileManager.default.contentsOfDirectory(atPath: out).sorted(),
                ["note-0.txt", "note-1.txt", "note-2.txt"], dialect.name)
            let lines = try String(contentsOfFile: manifest, encoding: .utf8).split(separator: "\n")
                .map { try JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any] ?? [:] }
            let mailbox = lines.filter { $0["messages"] != nil }
            // A From_ line without a blank line before it, or a body `From ` line, is a heuristic.
            let expectsLine = dialect.pythonMessages != dialect.messages
                || ["apple-mail", "google-takeout", "thunderbird"].contains(dialect.name)
            XCTAssertEqual(mailbox.count, expectsLine ? 1 : 0, dialect.name)
            XCTAssertEqual(lines.count - mailbox.count, 3, dialect.name)
            if let line = mailbox.first {
                XCTAssertEqual(line["source"] as? String, mbox)
                XCTAssertEqual(line["messages"] as? Int, 3)
                let defects = line["defects"] as? [String] ?? []
                XCTAssertFalse(defects.isEmpty, dialect.name)
                XCTAssertEqual(summary.defects, defects.count, dialect.name)
            }
        }
    }
}
