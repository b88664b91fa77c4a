import ArchiveConfig
import ArchiverEngine
import Foundation
import Ledger
import MailStore
import TestSupport
import XCTest

/// `verify`, `export --account` and `extract --account` on an IMAP account's archive: a Maildir++
/// tree or one mbox per folder, whose ledger locations are relative to the account's directory.
final class IMAPArchiveReadingTests: XCTestCase {
    private var directory: TemporaryDirectory!

    override func setUpWithError() throws {
        directory = try TemporaryDirectory(prefix: "popvault-imap-reading")
    }

    override func tearDown() {
        directory.remove()
    }

    private typealias Fixture = IMAPArchiveFixture

    /// A message with one attachment, `<tag>.pdf`.
    private static func message(_ tag: String) -> [UInt8] {
        let text = """
            From: a@example.org
            Subject: \(tag)
            Message-ID: <\(tag)@example.org>
            Date: Sun, 22 Nov 2026 03:10:33 +0000
            MIME-Version: 1.0
            Content-Type: multipart/mixed; boundary="x"

            --x
            Content-Type: text/plain

            body of \(tag)
            From the middle of \(tag)
            --x
            Content-Type: application/pdf
            Content-Disposition: attachment; filename="\(tag).pdf"

            PDF \(tag)
            --x--

            """
        return Array(text.utf8)
    }

    /// Five messages in four folders, most with flags (so mbox records get `Status:` lines).
    private func archive(_ format: ArchiveTarget.Format) async throws -> Fixture {
        let source = ScriptedIMAPSource()
        for name in ["INBOX", "Work", "Work/Sub", "其他文件夹"] { source.add(folder: name) }
        source.append(Self.message("inbox-1"), to: "INBOX", flags: [.seen])
        source.append(Self.message("inbox-2"), to: "INBOX")
        source.append(Self.message("work-1"), to: "Work", flags: [.flagged, .answered])
        source.append(Self.message("sub-1"), to: "Work/Sub", flags: [.seen, .deleted])
        source.append(Self.message("other-1"), to: "其他文件夹")
        let fixture = try Fixture(directory: directory, format: format)
        let result = await fixture.archiver().run { source }
        XCTAssertNil(result.failure)
        XCTAssertEqual(result.report.fetched, 5)
        return fixture
    }

    private func target(_ fixture: Fixture) -> ArchiveVerifier.Target {
        ArchiveVerifier.Target(
            account: "imap", format: fixture.format == .maildir ? .maildir : .mbox, path: fixture.accountPath.path,
            protocolName: "imap")
    }

    private func config(_ format: ArchiveTarget.Format) throws -> PopvaultConfig {
        try PopvaultConfig.parse(
            """
            [archive]
            root = "\(directory.path)"
            [[account]]
            name = "imap"
            protocol = "imap"
            host = "imap.example.org"
            user = "me"
            password_env = "UNUSED"
            format = "\(format.rawValue)"
            path = "mail"
            """, file: directory.path + "/config.toml", environment: ["HOME": directory.path])
    }

    /// Flips the case of the first byte of `marker` in `path`.
    private func flip(_ marker: String, in path: String) throws {
        var data = try Data(contentsOf: URL(fileURLWithPath: path))
        let range = try XCTUnwrap(data.range(of: Data(marker.utf8)), "\(marker) in \(path)")
        data[range.lowerBound] ^= 0x20
        try data.write(to: URL(fileURLWithPath: path))
    }

    func testMaildirTreeVerifiesEveryFolderAndFindsStrayFilesInSubfolders() async throws {
        let fixture = try await archive(.maildir)
        let clean = try ArchiveVerifier(ledger: fixture.ledger).verify(target(fixture))
        XCTAssertEqual(clean.checked, 5)
        XCTAssertEqual(clean.matched, 5)
        XCTAssertEqual(clean.findings, [])

        let root = fixture.accountPath.path
        let sub = try XCTUnwrap(fixture.maildirFiles().first { $0.hasPrefix(".Work.Sub/cur/") })
        try flip("From the middle", in: root + "/" + sub)
        let stray = root + "/.其他文件夹/new/stray.host"
        try Data(Self.message("stray")).write(to: URL(fileURLWithPath: stray))
        let found = try ArchiveVerifier(ledger: fixture.ledger).verify(target(fixture))
        XCTAssertEqual(found.matched, 4)
        XCTAssertEqual(found.findings.map(\.kind), [.altered, .unrecorded])
        XCTAssertEqual(found.findings.map(\.location), [root + "/" + sub, stray])
        XCTAssertEqual(found.findings.first?.key.flatMap(LedgerMessage.imapKeyComponents)?.folder, "Work/Sub")

        try flip("from the middle", in: root + "/" + sub)
        let repaired = try ArchiveVerifier(ledger: fixture.ledger, repair: true).verify(target(fixture))
        XCTAssertEqual(repaired.repaired, 1)
        XCTAssertTrue(repaired.isConsistent)
        let after = try ArchiveVerifier(ledger: fixture.ledger).verify(target(fixture))
        XCTAssertEqual(after.findings, [])
        XCTAssertEqual(after.matched, 6)
    }

    func testMboxFoldersVerifyTheStoredBytesWithTheirStatusLines() async throws {
        let fixture = try await archive(.mbox)
        let flagged = try fixture.recorded().filter { $0.key.hasPrefix("Work\t") }
        XCTAssertEqual(flagged.count, 1)
        XCTAssertNotEqual(flagged.first?.sha256, flagged.first?.sourceSHA256, "X-Status: was added")
        let clean = try ArchiveVerifier(ledger: fixture.ledger).verify(target(fixture))
        XCTAssertEqual(clean.checked, 5)
        XCTAssertEqual(clean.matched, 5)
        XCTAssertEqual(clean.findings, [])

        let root = fixture.accountPath.path
        try flip("From the middle of work-1", in: root + "/Work.mbox")
        let strayRecord = "From x Mon Jan  1 00:00:00 2024\n" + String(decoding: Self.message("late"), as: UTF8.self)
        let handle = try XCTUnwrap(FileHandle(forWritingAtPath: root + "/Work.Sub.mbox"))
        try handle.seekToEnd()
        try handle.write(contentsOf: Data(strayRecord.utf8))
        try handle.close()
        // A folder mbox the ledger does not name: found, but not repaired.
        try Data(strayRecord.utf8).write(to: URL(fileURLWithPath: root + "/Stray.mbox"))

        let found = try ArchiveVerifier(ledger: fixture.ledger, repair: true).verify(target(fixture))
        XCTAssertEqual(found.matched, 4)
        XCTAssertEqual(found.findings.map(\.kind), [.altered, .unrecorded, .unrecorded])
        XCTAssertEqual(found.findings.map { ($0.location as NSString).lastPathComponent.split(separator: "@")[0] },
                       ["Work.mbox", "Work.Sub.mbox", "Stray.mbox"])
        XCTAssertEqual(found.findings.map { $0.repairedKey != nil }, [false, true, false])
        XCTAssertFalse(found.isConsistent)
    }

    func testMaildirTreeExportsAndExtractsEveryFolder() async throws {
        try await exportAndExtract(.maildir)
    }

    func testMboxFoldersExportAndExtractEveryFolder() async throws {
        try await exportAndExtract(.mbox)
    }

    private func exportAndExtract(_ format: ArchiveTarget.Format) async throws {
        _ = try await archive(format)
        let config = try config(format)
        let archived = try ArchivedMessages.load(config: config, account: "imap")
        XCTAssertEqual(archived.locations.count, 5)

        let out = directory.path + "/attachments"
        let extractor = try AttachmentExtractor(options: ExtractOptions(outputDirectory: out, layout: .flat))
        try extractor.extract(.archived(archived))
        let extracted = try extractor.finish()
        XCTAssertEqual(extracted.errors, 0, "\(format): \(extracted.inputErrors)")
        XCTAssertEqual(extracted.messages, 5)
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: out).sorted(),
                       ["inbox-1.pdf", "inbox-2.pdf", "other-1.pdf", "sub-1.pdf", "work-1.pdf"])

        let exported = directory.path + "/exported"
        let exporter = try MailboxExporter(options: ExportOptions(destination: exported, format: .maildir))
        try exporter.export(ArchivedExport.load(config: config, account: "imap"))
        let summary = try exporter.finish()
        XCTAssertEqual(summary.inputErrors, [], "\(format)")
        XCTAssertEqual(summary.exported, 5)
        let subjects = try MaildirReader(path: exported).messageFiles().map { file in
            let text = try String(contentsOfFile: exported + "/" + file, encoding: .utf8)
            return text.split(separator: "\n").first { $0.hasPrefix("Subject: ") }.map { String($0.dropFirst(9)) }
        }
        XCTAssertEqual(subjects.compactMap { $0 }.sorted(), ["inbox-1", "inbox-2", "other-1", "sub-1", "work-1"])
    }
}
