import ArchiverEngine
import Foundation
import MailStore
import TestSupport
import XCTest

/// `MailboxExporter`: mbox ↔ Maildir, byte for byte, flags, date range, reruns.
final class ExportTests: XCTestCase {
    private var directory: TemporaryDirectory!

    override func setUpWithError() throws {
        directory = try TemporaryDirectory(prefix: "popvault-export")
    }
    override func tearDown() { directory.remove() }

    private func path(_ name: String) -> String { directory.path + "/" + name }

    @discardableResult
    private func export(
        _ inputs: [String], to destination: String, _ format: ExportFormat, dates: ExportDateRange = .init(),
        batchSize: Int = 2, chunkSize: Int = 7
    ) throws -> ExportSummary {
        let exporter = try MailboxExporter(options: ExportOptions(
            destination: destination, format: format, dates: dates, readChunkSize: chunkSize, batchSize: batchSize))
        for input in inputs { try exporter.export(path: input) }
        let summary = try exporter.finish()
        XCTAssertEqual(summary.inputErrors, [])
        return summary
    }

    func testMboxToMaildirToMboxIsByteIdentical() throws {
        try ExportFixtures.writeMbox(path("source.mbox"))
        let toMaildir = try export([path("source.mbox")], to: path("maildir"), .maildir)
        XCTAssertEqual(toMaildir.exported, 5)
        let files = try ExportFixtures.maildirFiles(path("maildir"))
        XCTAssertEqual(files.count, 5)
        XCTAssertFalse(files.contains { $0.hasPrefix("tmp/") })
        // Each file holds exactly the unquoted message, in source order by name.
        let reader = MaildirReader(path: path("maildir"))
        let ordered = try reader.messageFiles()
        let contents = try ordered.map { try ExportFixtures.read(path("maildir/" + $0)) }
        XCTAssertEqual(contents, ExportFixtures.contentsAsRead)

        let back = try export([path("maildir")], to: path("back.mbox"), .mbox)
        XCTAssertEqual(back.exported, 5)
        XCTAssertEqual(try ExportFixtures.read(path("back.mbox")), try ExportFixtures.read(path("source.mbox")),
                       "mbox → Maildir → mbox gives the same bytes, From lines included")
    }

    func testEveryReadChunkSizeGivesTheSameExport() throws {
        try ExportFixtures.writeMbox(path("source.mbox"))
        let source = try ExportFixtures.read(path("source.mbox"))
        var maildirs: Set<[String]> = []
        for chunkSize in [1, 2, 3, 5, 64, 1 << 16] {
            let maildir = path("maildir-\(chunkSize)")
            try export([path("source.mbox")], to: maildir, .maildir, chunkSize: chunkSize)
            maildirs.insert(try ExportFixtures.maildirFiles(maildir))
            let mbox = path("back-\(chunkSize).mbox")
            try export([maildir], to: mbox, .mbox, chunkSize: chunkSize)
            XCTAssertEqual(try ExportFixtures.read(mbox), source, "read \(chunkSize) bytes at a time")
        }
        XCTAssertEqual(maildirs.count, 1, "the same names whatever the chunking")
    }

    func testGzipSourceGivesTheSameMaildirAndRerunsWriteNothing() throws {
        try ExportFixtures.writeMbox(path("source.mbox"))
        try export([path("source.mbox")], to: path("maildir"), .maildir)
        let first = try ExportFixtures.maildirFiles(path("maildir"))
        try runProgram("/bin/gzip", ["-k", path("source.mbox")])
        let again = try export([path("source.mbox.gz")], to: path("maildir"), .maildir)
        XCTAssertEqual(again.exported, 0, "the .gz holds the same messages: nothing new")
        XCTAssertEqual(again.alreadyExported, 5)
        XCTAssertEqual(try ExportFixtures.maildirFiles(path("maildir")), first)

        try export([path("source.mbox.gz")], to: path("out.mbox"), .mbox)
        let rerun = try export([path("source.mbox.gz")], to: path("out.mbox"), .mbox)
        XCTAssertEqual(rerun.exported, 0)
        XCTAssertEqual(rerun.alreadyExported, 5)
        XCTAssertEqual(try ExportFixtures.read(path("out.mbox")), try ExportFixtures.read(path("source.mbox")))
    }

    func testFlagsGoFromStatusHeadersToMaildirAndBack() throws {
        try ExportFixtures.writeMbox(path("source.mbox"))
        try export([path("source.mbox")], to: path("maildir"), .maildir)
        let files = try MaildirReader(path: path("maildir")).messageFiles()
        let flags = files.map { MaildirFlags(maildirFile: $0) }
        XCTAssertEqual(flags, [
            MaildirFlags(flags: "FRS", isNew: false),  // Status: RO, X-Status: AF
            MaildirFlags(flags: "", isNew: true),  // no Status
            MaildirFlags(flags: "", isNew: false),  // Status: O
            MaildirFlags(flags: "", isNew: true),
            MaildirFlags(flags: "DF", isNew: false),  // X-Status: FT (flagged, draft)
        ])
        XCTAssertTrue(files[0].hasPrefix("cur/") && files[0].hasSuffix(":2,FRS"))
        XCTAssertTrue(files[1].hasPrefix("new/") && !files[1].contains(":2,"))
        XCTAssertTrue(files[2].hasSuffix(":2,"))

        // A Maildir message without Status headers gets them, derived from its flags.
        let plain = Array("Subject: from a mail reader\nDate: Mon, 1 Apr 2024 00:00:00 +0000\n\nbody\n".utf8)
        try Data(plain).write(to: URL(fileURLWithPath: path("maildir/cur/1711929600.M1P1.host:2,PRST")))
        try export([path("maildir")], to: path("flags.mbox"), .mbox)
        let text = String(decoding: try ExportFixtures.read(path("flags.mbox")), as: UTF8.self)
        XCTAssertTrue(text.contains("Date: Mon, 1 Apr 2024 00:00:00 +0000\nStatus: RO\nX-Status: AD\n\nbody\n"), text)
        XCTAssertTrue(text.contains("From MAILER-DAEMON Mon Apr  1 00:00:00 2024\nSubject: from a mail reader\n"))
        // … and back: the same flags (P, passed, has no mbox form).
        try export([path("flags.mbox")], to: path("again"), .maildir)
        let again = try MaildirReader(path: path("again")).messageFiles().map { MaildirFlags(maildirFile: $0) }
        XCTAssertEqual(again.last, MaildirFlags(flags: "RST", isNew: false))
        XCTAssertEqual(Array(again.dropLast()), flags)
    }

    func testSinceAndUntilSelectByDateHeader() throws {
        try ExportFixtures.writeMbox(path("source.mbox"))
        let february = ExportDateRange(
            since: ExportDateRange.parse("2024-02-01", endOfDay: false),
            until: ExportDateRange.parse("2024-03-01", endOfDay: true))
        let summary = try export([path("source.mbox")], to: path("range"), .maildir, dates: february)
        XCTAssertEqual(summary.exported, 2, "6 Feb and 1 Mar (the until day is included)")
        XCTAssertEqual(summary.outsideDates, 3, "January, 3 March, and the undated message")
        let contents = try MaildirReader(path: path("range")).messageFiles()
            .map { try ExportFixtures.read(path("range/" + $0)) }
        XCTAssertEqual(contents, [ExportFixtures.contentsAsRead[1], ExportFixtures.contentsAsRead[2]])

        let since = ExportDateRange(since: ExportDateRange.parse("2024-03-01T12:00:01Z", endOfDay: false))
        XCTAssertEqual(try export([path("source.mbox")], to: path("since.mbox"), .mbox, dates: since).exported, 1)
        let until = ExportDateRange(until: ExportDateRange.parse("2024-02-06T08:09:10+01:00", endOfDay: true))
        XCTAssertEqual(try export([path("source.mbox")], to: path("until.mbox"), .mbox, dates: until).exported, 2)
    }

    func testAnMboxShorterThanItsResumeStateIsRefused() throws {
        try ExportFixtures.writeMbox(path("source.mbox"))
        try export([path("source.mbox")], to: path("out.mbox"), .mbox)
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: path("out.mbox")))
        try handle.truncate(atOffset: 10)
        try handle.close()
        let options = ExportOptions(destination: path("out.mbox"), format: .mbox)
        XCTAssertThrowsError(try MailboxExporter(options: options)) {
            guard case ExportError.state(let file, let reason) = $0 else { return XCTFail("\($0)") }
            XCTAssertTrue(file.hasSuffix("/.out.mbox.popvault-export"), file)
            XCTAssertTrue(reason.contains("remove the state file"), reason)
        }
    }

    func testDestinationCannotBeASource() throws {
        try ExportFixtures.writeMbox(path("source.mbox"))
        let exporter = try MailboxExporter(options: ExportOptions(destination: path("source.mbox"), format: .mbox))
        XCTAssertThrowsError(try exporter.export(path: path("source.mbox"))) { error in
            guard case ExportError.usage = error else { return XCTFail("\(error)") }
        }
        XCTAssertThrowsError(try MailboxExporter(options: ExportOptions(destination: directory.path, format: .mbox)))
    }

    func testUnreadableInputIsReportedAndTheOthersAreExported() throws {
        try ExportFixtures.writeMbox(path("source.mbox"))
        let exporter = try MailboxExporter(options: ExportOptions(destination: path("out"), format: .maildir))
        try exporter.export(path: path("missing.mbox"))
        try exporter.export(path: path("source.mbox"))
        let summary = try exporter.finish()
        XCTAssertEqual(summary.exported, 5)
        XCTAssertEqual(summary.inputErrors.count, 1)
    }
}
