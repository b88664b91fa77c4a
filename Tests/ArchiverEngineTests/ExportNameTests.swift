import ArchiverEngine
import Foundation
import XCTest

/// The small grammars of export: Maildir names, flags, command-line dates.
final class ExportNameTests: XCTestCase {
    func testMaildirNameCarriesTimeOrderAndSeparator() {
        let hash = String(repeating: "ab", count: 32)
        let key = ExportMaildirName.key(seconds: 42, index: 7, sha256: hash, separator: "a b:c/d,e%")
        XCTAssertEqual(key, "0000000042.I000007.H" + String(hash.prefix(32)) + ".popvault.Fa%20b%3Ac%2Fd%2Ce%25")
        XCTAssertFalse(key.contains("/") || key.contains(":") || key.contains(","))
        XCTAssertEqual(ExportMaildirName.separator(inName: key + ":2,S"), "a b:c/d,e%")
        XCTAssertEqual(ExportMaildirName.seconds(inName: key), 42)
        XCTAssertEqual(ExportMaildirName.seconds(inName: "1700000000.M1P2Q3.host:2,S"), 1_700_000_000)
        XCTAssertNil(ExportMaildirName.separator(inName: "1700000000.M1P2Q3.host"))
        let plain = ExportMaildirName.key(seconds: 1, index: 0, sha256: hash, separator: nil)
        XCTAssertFalse(plain.contains(".F"))
        let long = ExportMaildirName.key(
            seconds: 1, index: 0, sha256: hash, separator: String(repeating: " ", count: 60))
        XCTAssertEqual(long, plain, "a separator too long to encode in a name is not carried")
    }

    func testFlagsBothWays() {
        let fromHeaders = MaildirFlags(status: "RO", xStatus: "AFTD")
        XCTAssertEqual(fromHeaders, MaildirFlags(flags: "SRFDT", isNew: false))
        XCTAssertEqual(fromHeaders.status, "RO")
        XCTAssertEqual(fromHeaders.xStatus, "AFTD")
        XCTAssertEqual(MaildirFlags(status: nil, xStatus: nil), MaildirFlags(flags: "", isNew: true))
        XCTAssertNil(MaildirFlags(flags: "", isNew: true).status)
        XCTAssertEqual(MaildirFlags(flags: "", isNew: false).status, "O")
        XCTAssertEqual(MaildirFlags(status: "O", xStatus: nil), MaildirFlags(flags: "", isNew: false))
        XCTAssertEqual(MaildirFlags(status: nil, xStatus: "F").isNew, false, "a flagged message is not new")
        XCTAssertEqual(MaildirFlags(maildirFile: "cur/1.x:2,SF"), MaildirFlags(flags: "FS", isNew: false))
        XCTAssertEqual(MaildirFlags(maildirFile: "new/1.x"), MaildirFlags(flags: "", isNew: true))
        XCTAssertEqual(MaildirFlags(maildirFile: ".Sent/cur/1.x:2,"), MaildirFlags(flags: "", isNew: false))
        XCTAssertNil(MaildirFlags(flags: "P", isNew: false).xStatus, "passed has no mbox form")
    }

    func testCommandLineDates() {
        XCTAssertEqual(ExportDateRange.parse("2024-02-29", endOfDay: false)?.timeIntervalSince1970, 1_709_164_800)
        XCTAssertEqual(ExportDateRange.parse("2024-02-29", endOfDay: true)?.timeIntervalSince1970, 1_709_251_199)
        XCTAssertEqual(ExportDateRange.parse("2024-02-29T01:02:03Z", endOfDay: true)?.timeIntervalSince1970,
                       1_709_168_523)
        XCTAssertEqual(ExportDateRange.parse("2024-02-29T01:02:03.5-01:30", endOfDay: false)?.timeIntervalSince1970,
                       1_709_168_523 + 5400)
        let malformed = [
            "2023-02-29", "2024-13-01", "2024-1-01", "yesterday", "2024-01-01T25:00:00Z", "2024-01-01T10:00:00",
        ]
        for bad in malformed {
            XCTAssertNil(ExportDateRange.parse(bad, endOfDay: false), bad)
        }
        let range = ExportDateRange(since: Date(timeIntervalSince1970: 10), until: Date(timeIntervalSince1970: 20))
        XCTAssertTrue(range.admits(Date(timeIntervalSince1970: 10)))
        XCTAssertTrue(range.admits(Date(timeIntervalSince1970: 20)))
        XCTAssertFalse(range.admits(Date(timeIntervalSince1970: 21)))
        XCTAssertFalse(range.admits(nil))
        XCTAssertTrue(ExportDateRange().admits(nil))
    }
}
