import ArchiveConfig
import ArchiverEngine
import Foundation
import Ledger
import MailStore
import TestSupport
import XCTest

/// `export --account`: the messages the ledger records, exactly as archived.
final class ExportArchiveTests: XCTestCase {
    private var directory: TemporaryDirectory!

    override func setUpWithError() throws {
        directory = try TemporaryDirectory(prefix: "popvault-export-archive")
    }
    override func tearDown() { directory.remove() }

    private let messages: [(String, [UInt8])] = [
        ("U1", Array("Subject: one\nDate: Mon, 1 Jan 2024 00:00:00 +0000\n\nFrom here\n".utf8)),
        ("U2", Array("Subject: two, no final line end\n\nlast".utf8)),
        ("U3", Array("Subject: three\n\n>From quoted\n\nFrom x\n".utf8)),
    ]

    /// What the archive stores (the scripted server sends them with CRLF).
    private var stored: [[UInt8]] { messages.map(\.1) }

    private func archive(_ format: ArchiveTarget.Format, path: String) async throws -> PopvaultConfig {
        let ledger = try ArchiveLedger(path: directory.path + "/popvault.sqlite")
        await ScriptedArchive.archive(messages, ledger: ledger, root: directory.url, format: format, path: path)
        return try PopvaultConfig.parse(
            """
            [archive]
            root = "\(directory.path)"
            [[account]]
            name = "work"
            host = "pop.example.org"
            user = "me"
            password_env = "UNUSED"
            format = "\(format == .maildir ? "maildir" : "mbox")"
            path = "\(path)"
            """, file: directory.path + "/config.toml", environment: ["HOME": directory.path])
    }

    private func exportAccount(_ config: PopvaultConfig, to destination: String, _ format: ExportFormat) throws
        -> ExportSummary
    {
        let exporter = try MailboxExporter(options: ExportOptions(destination: destination, format: format))
        try exporter.export(ArchivedExport.load(config: config, account: "work"))
        let summary = try exporter.finish()
        XCTAssertEqual(summary.inputErrors, [])
        return summary
    }

    func testMboxAccountExportsTheArchivedBytesExactly() async throws {
        let config = try await archive(.mbox, path: "work.mbox")
        let out = directory.path + "/out"
        XCTAssertEqual(try exportAccount(config, to: out, .maildir).exported, 3)
        let contents = try MaildirReader(path: out).messageFiles().map {
            Array(try Data(contentsOf: URL(fileURLWithPath: out + "/" + $0)))
        }
        XCTAssertEqual(contents, stored, "the Maildir files hold the archived bytes (no added final line end)")
        // Back to mbox: the archive's records again, byte for byte.
        let exporter = try MailboxExporter(
            options: ExportOptions(destination: directory.path + "/back.mbox", format: .mbox))
        try exporter.export(path: out)
        _ = try exporter.finish()
        XCTAssertEqual(try Data(contentsOf: directory.url.appendingPathComponent("back.mbox")),
                       try Data(contentsOf: directory.url.appendingPathComponent("work.mbox")))
    }

    func testMaildirAccountExportsToMboxAndResumesByAccount() async throws {
        let config = try await archive(.maildir, path: "work")
        let mbox = directory.path + "/out.mbox"
        XCTAssertEqual(try exportAccount(config, to: mbox, .mbox).exported, 3)
        let again = try exportAccount(config, to: mbox, .mbox)
        XCTAssertEqual(again.exported, 0)
        XCTAssertEqual(again.alreadyExported, 3)
        let back = directory.path + "/back"
        let exporter = try MailboxExporter(options: ExportOptions(destination: back, format: .maildir))
        try exporter.export(path: mbox)
        _ = try exporter.finish()
        let contents = try MaildirReader(path: back).messageFiles().map {
            Array(try Data(contentsOf: URL(fileURLWithPath: back + "/" + $0)))
        }
        XCTAssertEqual(contents, stored.map { $0.last == 0x0A ? $0 : $0 + [0x0A] })
    }
}
