import Foundation
import TestSupport
import XCTest

/// Export streams: a 64 MB message goes mbox → Maildir → mbox with flat memory (peak RSS under
/// 40 MB), byte-identical.
final class ExportLargeMessageTests: XCTestCase {
    func testSixtyFourMegabyteMessageRoundTripsInFlatMemory() throws {
        guard FileManager.default.fileExists(atPath: "/proc/self/status") else {
            throw XCTSkip("peak RSS is sampled from /proc (Linux)")
        }
        let dir = try TemporaryDirectory(prefix: "export-large")
        defer { dir.remove() }
        let source = dir.path + "/big.mbox"
        try Data().write(to: URL(fileURLWithPath: source))
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: source))
        let head = "From big@example.org Fri Mar  1 12:00:00 2024\nSubject: big\n"
            + "Date: Fri, 1 Mar 2024 12:00:00 +0000\n\n"
        try handle.write(contentsOf: Data(head.utf8))
        // 64 KiB blocks of text lines, some of them quoted `From ` lines.
        var block = ""
        var line = 0
        while block.utf8.count < 65_536 - 80 {
            block += line % 50 == 0
                ? ">From line \(line) of a long body\n" : "line \(line) of a long body, some words\n"
            line += 1
        }
        let data = Data(block.utf8)
        for _ in 0..<(64 << 20) / data.count { try handle.write(contentsOf: data) }
        try handle.write(contentsOf: Data("the end\n\n".utf8))
        try handle.close()

        let toMaildir = try ExtractLargeMessageTests.runMeasured(
            ["export", "--quiet", "--from", source, "--to", dir.path + "/md", "--format", "maildir"])
        XCTAssertEqual(toMaildir.status, 0)
        XCTAssertLessThan(Double(toMaildir.peakKB) / 1024, 40, "peak RSS (MB) exporting to Maildir")
        let back = try ExtractLargeMessageTests.runMeasured(
            ["export", "--quiet", "--from", dir.path + "/md", "--to", dir.path + "/back.mbox", "--format", "mbox"])
        XCTAssertEqual(back.status, 0)
        XCTAssertLessThan(Double(back.peakKB) / 1024, 40, "peak RSS (MB) exporting to mbox")
        XCTAssertNoThrow(try runProgram("/usr/bin/cmp", [source, dir.path + "/back.mbox"]), "byte-identical")
    }
}
