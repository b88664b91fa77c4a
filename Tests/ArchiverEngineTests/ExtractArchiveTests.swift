import ArchiveConfig
import ArchiverEngine
import Foundation
import Ledger
import TestSupport
import XCTest

/// `extract --account`: the messages a fetch recorded in the ledger, and only those.
final class ExtractArchiveTests: XCTestCase {
    private var directory: TemporaryDirectory!

    override func setUpWithError() throws {
        directory = try TemporaryDirectory(prefix: "popvault-extract-archive")
    }
    override func tearDown() { directory.remove() }

    private func message(_ index: Int) -> (String, [UInt8]) {
        let text = """
            From: a@example.org
            Subject: report \(index)
            Message-ID: <r\(index)@example.org>
            Date: Sun, 22 Nov 2026 03:10:33 +0000
            MIME-Version: 1.0
            Content-Type: multipart/mixed; boundary="x"

            --x
            Content-Type: text/plain

            body
            --x
            Content-Type: application/pdf
            Content-Disposition: attachment; filename="report-\(index).pdf"

            PDF \(index)
            From the middle of a line-start
            --x--

            """
        return ("UID\(index)", Array(text.utf8))
    }

    private func config(format: String, path: String) throws -> PopvaultConfig {
        try PopvaultConfig.parse(
            """
            [archive]
            root = "\(directory.path)"
            [[account]]
            name = "work"
            host = "pop.example.org"
            user = "me"
            password_env = "UNUSED"
            format = "\(format)"
            path = "\(path)"
            """, file: directory.path + "/config.toml", environment: ["HOME": directory.path])
    }

    private func archive(_ format: ArchiveTarget.Format, path: String) async throws {
        let ledger = try ArchiveLedger(path: directory.path + "/popvault.sqlite")
        let archiver = AccountArchiver(
            ledger: ledger, archiveRoot: directory.url,
            target: ArchiveTarget(
                account: "work", format: format, path: directory.url.appendingPathComponent(path), deletion: .never),
            options: FetchOptions(batchMessages: 2))
        let messages = (1...3).map(message)
        let result = await archiver.run { ScriptedMailSource(messages: messages) }
        XCTAssertNil(result.failure)
    }

    private func extract(_ archive: ArchivedMessages) throws -> (ExtractSummary, [String]) {
        let out = directory.path + "/out"
        let extractor = try AttachmentExtractor(options: ExtractOptions(outputDirectory: out, layout: .flat))
        try extractor.extract(.archived(archive))
        let summary = try extractor.finish()
        return (summary, try FileManager.default.contentsOfDirectory(atPath: out).sorted())
    }

    func testMaildirAccountReadsOnlyRecordedMessages() async throws {
        try await archive(.maildir, path: "work")
        // A stray file the ledger does not know is not extracted.
        try Data(message(9).1).write(to: directory.url.appendingPathComponent("work/new/stray.host"))
        let archived = try ArchivedMessages.load(config: config(format: "maildir", path: "work"), account: "work")
        XCTAssertEqual(archived.locations.count, 3)
        let (summary, files) = try extract(archived)
        XCTAssertEqual(files, ["report-1.pdf", "report-2.pdf", "report-3.pdf"])
        XCTAssertEqual(summary.messages, 3)
        XCTAssertEqual(summary.errors, 0)
    }

    func testMboxAccountSkipsUnrecordedTailAndReportsMissingFiles() async throws {
        try await archive(.mbox, path: "work.mbox")
        let mbox = directory.url.appendingPathComponent("work.mbox")
        let handle = try FileHandle(forWritingTo: mbox)
        try handle.seekToEnd()
        let stray = "From x Mon Jan  1 00:00:00 2024\n" + String(decoding: message(7).1, as: UTF8.self)
        try handle.write(contentsOf: Data(stray.utf8))
        try handle.close()
        let config = try config(format: "mbox", path: "work.mbox")
        let archived = try ArchivedMessages.load(config: config, account: "work")
        let (summary, files) = try extract(archived)
        XCTAssertEqual(files, ["report-1.pdf", "report-2.pdf", "report-3.pdf"])
        XCTAssertEqual(summary.messages, 3)

        try FileManager.default.removeItem(at: mbox)
        try FileManager.default.removeItem(atPath: directory.path + "/out")
        let (missing, _) = try extract(archived)
        XCTAssertEqual(missing.inputErrors.count, 1)
        XCTAssertThrowsError(try ArchivedMessages.load(config: config, account: "other"))
    }
}
