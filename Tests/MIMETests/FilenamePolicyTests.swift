import MIME
import XCTest

final class FilenamePolicyTests: XCTestCase {
    let policy = FilenamePolicy()

    /// Untrusted name → safe name (`nil`: nothing usable, the caller generates one).
    let fixtures: [(String, String?, UInt)] = [
        ("report.pdf", "report.pdf", #line),
        ("../../etc/passwd", "passwd", #line),
        ("..\\..\\Windows\\System32\\evil.dll", "evil.dll", #line),
        ("C:\\Users\\me\\Desktop\\plan.xlsx", "plan.xlsx", #line),
        ("dir/sub/", "sub", #line),
        ("/", nil, #line),
        ("..", nil, #line),
        (".", nil, #line),
        ("../..", nil, #line),
        ("", nil, #line),
        ("   ", nil, #line),
        ("...", nil, #line),
        ("\u{1B}[31mred.txt", "[31mred.txt", #line),
        ("\u{1B}]0;pwned\u{07}title.txt", "]0;pwnedtitle.txt", #line),
        ("\u{9B}31mcsi.txt", "31mcsi.txt", #line),
        ("invoice\u{202E}fdp.exe", "invoicefdp.exe", #line),
        ("a\u{2066}b\u{2069}\u{200F}.txt", "ab.txt", #line),
        ("nul\u{0}byte.txt", "nulbyte.txt", #line),
        ("tab\tand\r\nnewline\u{7F}.txt", "tabandnewline.txt", #line),
        ("CON.txt", "_CON.txt", #line),
        ("con", "_con", #line),
        ("NUL.tar.gz", "_NUL.tar.gz", #line),
        ("Aux", "_Aux", #line),
        ("prn.", "_prn", #line),
        ("com1.log", "_com1.log", #line),
        ("LPT9", "_LPT9", #line),
        ("COM¹.txt", "_COM¹.txt", #line),
        ("CON .txt", "_CON .txt", #line),
        ("COM10.txt", "COM10.txt", #line),
        ("console.txt", "console.txt", #line),
        ("report.pdf...", "report.pdf", #line),
        ("report.pdf . . ", "report.pdf", #line),
        ("  spaced.doc", "spaced.doc", #line),
        (".bashrc", "_.bashrc", #line),
        ("..hidden", "_..hidden", #line),
        ("-rf", "_-rf", #line),
        ("--help.txt", "_--help.txt", #line),
        ("Cafe\u{301}.txt", "Caf\u{E9}.txt", #line),
        ("发票_2024.pdf", "发票_2024.pdf", #line),
        ("a:b*c?.txt", "a:b*c?.txt", #line),
    ]

    func testFixtures() {
        for (raw, expected, line) in fixtures {
            let safe = policy.sanitize(raw)
            // Compared as UTF-8 bytes: String `==` would equate NFD and NFC spellings.
            XCTAssertEqual(
                safe.map { Array($0.utf8) }, expected.map { Array($0.utf8) }, "sanitize(\(raw.debugDescription))",
                line: line)
            if let safe {
                XCTAssertTrue(policy.isSafe(safe), line: line)
            }
        }
    }

    func testUnsafeNamesAreNotSafe() {
        for raw in ["../x", "CON", ".x", "a\u{202E}b", "x.", "Cafe\u{301}"] {
            XCTAssertFalse(policy.isSafe(raw), raw.debugDescription)
        }
    }

    func testLongMultibyteNameIsCutBeforeTheExtensionOnACharacter() throws {
        let raw = String(repeating: "文", count: 100) + ".pdf"  // 304 bytes
        let safe = try XCTUnwrap(policy.sanitize(raw))
        XCTAssertLessThanOrEqual(safe.utf8.count, 255)
        XCTAssertEqual(safe, String(repeating: "文", count: 83) + ".pdf")
        XCTAssertEqual(policy.sanitize(safe), safe)
    }

    func testLongNameKeepsGraphemeClustersWhole() throws {
        let family = "👩‍👩‍👧‍👦"  // one character, 25 bytes
        let raw = String(repeating: family, count: 12) + ".jpeg"
        let safe = try XCTUnwrap(policy.sanitize(raw))
        XCTAssertLessThanOrEqual(safe.utf8.count, 255)
        XCTAssertTrue(safe.hasSuffix(".jpeg"))
        XCTAssertEqual(safe, String(repeating: family, count: 10) + ".jpeg")
    }

    func testLongNameWithoutExtensionOrWithAHugeOne() throws {
        let plain = try XCTUnwrap(policy.sanitize(String(repeating: "é", count: 300)))
        XCTAssertEqual(plain, String(repeating: "é", count: 127))
        let hugeExtension = "x." + String(repeating: "y", count: 300)
        let cut = try XCTUnwrap(policy.sanitize(hugeExtension))
        XCTAssertEqual(cut.utf8.count, 255)
        XCTAssertTrue(cut.hasPrefix("x.yyy"))
        let endsInDot = String(repeating: "a", count: 254) + ".b"
        XCTAssertEqual(policy.sanitize(endsInDot + "cdefgh" + String(repeating: "z", count: 40)).map(\.utf8.count), 254)
    }

    func testCollisionsOnCaseFoldedNFCKey() {
        var allocator = FilenameAllocator()
        XCTAssertEqual(allocator.claim("A.pdf"), "A.pdf")
        XCTAssertEqual(allocator.claim("a.pdf"), "a (2).pdf")
        XCTAssertEqual(allocator.claim("a.PDF"), "a (3).PDF")
        XCTAssertEqual(allocator.claim("a (2).pdf"), "a (2) (2).pdf")
        XCTAssertEqual(allocator.claim("Caf\u{E9}.txt"), "Caf\u{E9}.txt")
        XCTAssertEqual(allocator.claim(policy.sanitize("CAFE\u{301}.TXT")!), "CAF\u{C9} (2).TXT")
        XCTAssertEqual(allocator.claim("archive.tar.gz"), "archive.tar.gz")
        XCTAssertEqual(allocator.claim("ARCHIVE.tar.gz"), "ARCHIVE.tar (2).gz")
        XCTAssertEqual(allocator.claim("README"), "README")
        XCTAssertEqual(allocator.claim("readme"), "readme (2)")
    }

    func testCollisionsWithExistingFilesAndLongNames() {
        var allocator = FilenameAllocator(existing: ["Report.PDF"])
        XCTAssertTrue(allocator.isTaken("report.pdf"))
        XCTAssertEqual(allocator.claim("report.pdf"), "report (2).pdf")
        let long = String(repeating: "文", count: 83) + ".pdf"
        XCTAssertEqual(allocator.claim(long), long)
        let second = allocator.claim(long)
        XCTAssertLessThanOrEqual(second.utf8.count, 255)
        XCTAssertTrue(second.hasSuffix(" (2).pdf"))
        XCTAssertTrue(policy.isSafe(second))
    }

    func testGeneratedNames() {
        XCTAssertEqual(
            policy.generatedName(contentType: "application/pdf", disposition: "attachment", partPath: "2"),
            "attachment.pdf")
        XCTAssertEqual(
            policy.generatedName(contentType: "application/x-unknown", disposition: nil, partPath: "1.2"),
            "part-1.2.bin")
        XCTAssertEqual(
            policy.generatedName(contentType: "IMAGE/PNG; name=x", disposition: "inline", partPath: "3"),
            "part-3.png")
        XCTAssertEqual(
            policy.generatedName(contentType: "message/rfc822", disposition: nil, partPath: "2"), "part-2.eml")
        XCTAssertEqual(policy.generatedName(contentType: "text/x-diff", disposition: nil, partPath: ""), "part.txt")
        XCTAssertEqual(
            policy.generatedName(contentType: "message/external-body", disposition: "attachment", partPath: "2"),
            "part-2.external-body.txt")
    }

    func testDeterministic() {
        let names = fixtures.map(\.0) + ["x.pdf", "X.PDF", "x.pdf"]
        func run() -> [String] {
            var allocator = FilenameAllocator()
            return names.map { allocator.claim(policy.sanitize($0) ?? "part.bin") }
        }
        XCTAssertEqual(run(), run())
    }
}
