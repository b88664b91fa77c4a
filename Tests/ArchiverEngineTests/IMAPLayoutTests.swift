@testable import ArchiverEngine
import XCTest

/// Fixture tables for the pieces of IMAP archiving that need no source: the status-line injector
/// (fed in every split, byte by byte too), the folder layout and the flag mappings.
final class IMAPLayoutTests: XCTestCase {
    private let lines = Array("Status: RO\n".utf8)

    /// (input, expected output) with `lines` injected.
    private var injectorFixtures: [(String, String)] {
        [
            ("A: 1\r\nB: 2\r\n\r\nbody\r\n", "A: 1\r\nB: 2\r\nStatus: RO\n\r\nbody\r\n"),
            ("A: 1\nB: 2\n\nbody\n", "A: 1\nB: 2\nStatus: RO\n\nbody\n"),
            ("A: 1\r\n folded\r\n\r\n\r\n", "A: 1\r\n folded\r\nStatus: RO\n\r\n\r\n"),
            ("\r\nbody only\r\n", "Status: RO\n\r\nbody only\r\n"),
            ("A: 1\r\n", "A: 1\r\nStatus: RO\n"),
            ("A: 1", "A: 1\nStatus: RO\n"),
            ("A: 1\r\n\r", "A: 1\r\n\r\nStatus: RO\n"),
            ("A: 1\r\n\rX: 2\r\n\r\nb", "A: 1\r\n\rX: 2\r\nStatus: RO\n\r\nb"),
            ("", "Status: RO\n"),
            ("A: x\r\n\r\nB: not a header\r\n\r\n", "A: x\r\nStatus: RO\n\r\nB: not a header\r\n\r\n"),
            // Courier-IMAP serving a Maildir file stored with CRLF: every line ends in CR CR LF.
            ("A: 1\r\r\nB: 2\r\r\n\r\r\nbody\r\r\n", "A: 1\r\r\nB: 2\r\r\nStatus: RO\n\r\r\nbody\r\r\n"),
            ("\r\r\nbody\r\r\n", "Status: RO\n\r\r\nbody\r\r\n"),
            ("A: 1\r\r\n\r\rX: 2\r\r\n\r\r\nb", "A: 1\r\r\n\r\rX: 2\r\r\nStatus: RO\n\r\r\nb"),
            ("A: 1\r\n\r\r", "A: 1\r\n\r\r\nStatus: RO\n"),
            // Three CRs are not an empty line: the header block goes on to the end.
            ("A: 1\r\n\r\r\r\nb", "A: 1\r\n\r\r\r\nb\nStatus: RO\n"),
        ]
    }

    private func inject(_ input: [UInt8], cuts: [Int], lines: [UInt8]) throws -> [UInt8] {
        var injector = StatusLineInjector(lines: lines)
        var output: [UInt8] = []
        var start = 0
        for cut in cuts + [input.count] {
            try input[start..<cut].withUnsafeBytes { chunk in
                try injector.feed(chunk) { output.append(contentsOf: $0) }
            }
            start = cut
        }
        try injector.finish { output.append(contentsOf: $0) }
        return output
    }

    func testInjectorInEverySplit() throws {
        for (input, expected) in injectorFixtures {
            let bytes = Array(input.utf8)
            XCTAssertEqual(try inject(bytes, cuts: [], lines: lines), Array(expected.utf8),
                           "whole: \(input.debugDescription)")
            XCTAssertEqual(try inject(bytes, cuts: Array(0..<bytes.count), lines: lines), Array(expected.utf8),
                           "byte by byte: \(input.debugDescription)")
            for first in 0...bytes.count {
                for second in first...bytes.count {
                    XCTAssertEqual(try inject(bytes, cuts: [first, second], lines: lines), Array(expected.utf8),
                                   "cut at \(first), \(second): \(input.debugDescription)")
                }
            }
            XCTAssertEqual(try inject(bytes, cuts: [bytes.count / 2], lines: []), bytes, "no flags: unchanged")
        }
    }

    func testFolderLayout() {
        let cases: [(IMAPFolder, String, String)] = [
            (IMAPFolder(name: "INBOX", delimiter: "/"), "", "INBOX.mbox"),
            (IMAPFolder(name: "inbox", delimiter: "."), "", "INBOX.mbox"),
            (IMAPFolder(name: "Work/Sub", delimiter: "/"), ".Work.Sub", "Work.Sub.mbox"),
            (IMAPFolder(name: "Work.Sub", delimiter: "."), ".Work.Sub", "Work.Sub.mbox"),
            (IMAPFolder(name: "v1.2/notes", delimiter: "/"), ".v1%2E2.notes", "v1%2E2.notes.mbox"),
            (IMAPFolder(name: "../etc", delimiter: "/"), ".%2E%2E.etc", "%2E%2E.etc.mbox"),
            (IMAPFolder(name: "a/b", delimiter: "."), ".a%2Fb", "a%2Fb.mbox"),
            (IMAPFolder(name: "x\u{1B}[31m%", delimiter: nil), ".x%1B[31m%25", "x%1B[31m%25.mbox"),
            (IMAPFolder(name: "a//b", delimiter: "/"), ".a.%.b", "a.%.b.mbox"),
            (IMAPFolder(name: "其他文件夹", delimiter: "/"), ".其他文件夹", "其他文件夹.mbox"),
            (IMAPFolder(name: "INBOX/Sub", delimiter: "/"), ".INBOX.Sub", "INBOX.Sub.mbox"),
        ]
        for (folder, maildir, mbox) in cases {
            XCTAssertEqual(IMAPFolderLayout.maildirDirectory(for: folder), maildir, folder.name)
            XCTAssertEqual(IMAPFolderLayout.mboxFile(for: folder), mbox, folder.name)
        }
    }

    func testLongFolderNamesStayUniqueAndFit() {
        let base = String(repeating: "文", count: 90)
        let first = IMAPFolderLayout.maildirDirectory(for: IMAPFolder(name: base + "a", delimiter: "/"))
        let second = IMAPFolderLayout.maildirDirectory(for: IMAPFolder(name: base + "b", delimiter: "/"))
        XCTAssertNotEqual(first, second)
        XCTAssertLessThanOrEqual(first.utf8.count, 255)
        XCTAssertTrue(first.contains("~"))
        let escapes = String(repeating: ".", count: 120)
        let cut = IMAPFolderLayout.mboxFile(for: IMAPFolder(name: escapes, delimiter: "/"))
        XCTAssertLessThanOrEqual(cut.utf8.count, 255)
        XCTAssertNil(cut.range(of: "%~"), "never cut inside an escape")
        XCTAssertNil(cut.range(of: "%2~"))
    }

    func testFlagMappings() {
        let all: IMAPMessageFlags = [.seen, .answered, .flagged, .deleted, .draft]
        XCTAssertEqual(all.maildirInfo, "DFRST")
        XCTAssertEqual(IMAPMessageFlags(maildirInfo: "DFRST"), all)
        XCTAssertEqual(IMAPMessageFlags(names: ["\\SEEN", "\\Flagged", "$Junk", "\\Recent"]), [.seen, .flagged])
        XCTAssertEqual(String(decoding: all.mboxStatusLines, as: UTF8.self), "Status: RO\nX-Status: AFTD\n")
        XCTAssertEqual(IMAPMessageFlags([.answered]).mboxStatusLines, Array("X-Status: A\n".utf8))
        XCTAssertEqual(IMAPMessageFlags().mboxStatusLines, [])
        XCTAssertEqual(IMAPMessageFlags().maildirInfo, "")
    }

    func testSelection() {
        let listed = [
            IMAPFolder(name: "INBOX", delimiter: "/"), IMAPFolder(name: "Sent", delimiter: "/"),
            IMAPFolder(name: "Parent", delimiter: "/", isSelectable: false),
            IMAPFolder(name: "Parent/Child", delimiter: "/"),
        ]
        XCTAssertEqual(IMAPFolderSelection().apply(to: listed).selected.map(\.name), ["INBOX", "Sent", "Parent/Child"])
        let chosen = IMAPFolderSelection(folders: ["Inbox", "Parent", "Parent/Child"], exclude: ["Parent/Child"])
        let result = chosen.apply(to: listed)
        XCTAssertEqual(result.selected.map(\.name), ["INBOX"])
        XCTAssertEqual(result.missing, ["Parent"], "a \\Noselect folder cannot be archived")
    }
}
