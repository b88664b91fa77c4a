import MIME
import XCTest

final class MIMEParserTests: XCTestCase {
    enum LineEnding: String, CaseIterable {
        case lf, crlf, cr
        func apply(_ s: String) -> String {
            switch self {
            case .lf: return s
            case .crlf: return s.replacingOccurrences(of: "\n", with: "\r\n")
            case .cr: return s.replacingOccurrences(of: "\n", with: "\r")
            }
        }
    }

    /// Every fixture, with every line ending, fed whole, in every two-piece split, and byte by byte,
    /// must give the same events and the expected leaves.
    func testStructureFixturesInEverySplit() throws {
        for fixture in StructureFixture.all + StructureFixture.moreRecoveries + StructureFixture.dashLines {
            for ending in LineEnding.allCases where ending != .cr || fixture.bareCR {
                let label = "\(fixture.name) [\(ending.rawValue)]"
                let bytes = Array(ending.apply(fixture.message).utf8)
                let whole = try Feed.parse(bytes)
                check(whole, fixture, ending, label)
                for cut in 0...bytes.count {
                    let split = try Feed.parse(bytes, cuts: [cut])
                    XCTAssertEqual(split.events, whole.events, "\(label) split at \(cut)")
                    if split.events != whole.events { break }
                }
                let bytewise = try Feed.parse(bytes, chunkSize: 1)
                XCTAssertEqual(bytewise.events, whole.events, "\(label) byte by byte")
                for seed in 1...20 {
                    let random = try Feed.parse(bytes, seed: UInt64(seed), maximumChunk: 7)
                    XCTAssertEqual(random.events, whole.events, "\(label) random split seed \(seed)")
                }
            }
        }
    }

    private func check(_ r: EventRecorder, _ f: StructureFixture, _ ending: LineEnding, _ label: String) {
        XCTAssertEqual(r.parts.map(\.path).sorted(), f.leaves.map(\.path).sorted(), label)
        for leaf in f.leaves {
            guard let part = r.parts.first(where: { $0.path == leaf.path }) else { continue }
            XCTAssertEqual(part.contentType, leaf.type, "\(label) \(leaf.path) type")
            XCTAssertEqual(part.filename, leaf.filename, "\(label) \(leaf.path) filename")
            XCTAssertEqual(part.isMainBody, leaf.main, "\(label) \(leaf.path) main body")
            switch leaf.body {
            case .text(let s): XCTAssertEqual(r.body(leaf.path), ending.apply(s), "\(label) \(leaf.path) body")
            case .bytes(let b): XCTAssertEqual(r.bodies[leaf.path], b, "\(label) \(leaf.path) body")
            }
            XCTAssertEqual(r.endDefects[leaf.path], leaf.defects, "\(label) \(leaf.path) defects")
        }
        if !f.subjects.isEmpty { XCTAssertEqual(r.messages.map(\.subject), f.subjects, "\(label) subjects") }
    }

    func testEmbeddedMessageEventsNestAndEnd() throws {
        let message = "Content-Type: message/rfc822\n\nSubject: in\n\nx\n"
        let r = try Feed.parse(Array(message.utf8))
        XCTAssertEqual(r.events, [
            "message '' depth=0 subject=nil",
            "message '1' depth=1 subject=in",
            "begin 1.1 text/plain name=nil main=false",
            "end 1.1 2 \(String(r.events[3].split(separator: " ")[3])) []",
            "message-end '1' []",
            "message-end '' []",
        ])
    }

    func testBodyNotRequestedIsSkippedButStructureIsKept() throws {
        let message = "Content-Type: multipart/mixed; boundary=b\n\n--b\nContent-Transfer-Encoding: base64\n\n"
            + "AAAA\n--b--\n"
        let r = try Feed.parse(Array(message.utf8), wantBodies: false)
        XCTAssertEqual(r.parts.map(\.path), ["1"])
        XCTAssertNil(r.bodies["1"])
        XCTAssertEqual(r.events.last, "message-end '' []")
    }

    func testMultipartWithoutDelimiterIsOneLeafAndAMessageDefect() throws {
        let r = try Feed.parse(Array("Content-Type: multipart/mixed; boundary=b\n\npreamble only\n".utf8))
        XCTAssertEqual(r.parts.map(\.contentType), ["multipart/mixed"])
        XCTAssertEqual(r.body("1"), "preamble only\n")
        XCTAssertEqual(r.endDefects["1"], [.boundaryNotFound])
        XCTAssertEqual(r.events.last, "message-end '' [\"missingFinalBoundary\"]")
    }

    func testPreambleKeptForThatCaseIsBounded() throws {
        let s = "Content-Type: multipart/mixed; boundary=b\n\n" + String(repeating: "p", count: 5000) + "\n"
        let r = try Feed.parse(Array(s.utf8), options: .init(maximumPreambleBytes: 1000))
        XCTAssertEqual(r.bodies["1"]?.count, 1000)
        XCTAssertEqual(r.endDefects["1"], [.boundaryNotFound, .truncated])
    }

    func testLongBodyLineIsStreamedWithoutWaitingForItsEnd() throws {
        let recorder = EventRecorder()
        var parser = MIMEParser(handler: recorder)
        try parser.feed(Array("Content-Type: multipart/mixed; boundary=b\n\n--b\n\n".utf8))
        let chunk = [UInt8](repeating: UInt8(ascii: "x"), count: 100_000)
        for _ in 0..<20 { try parser.feed(chunk) }
        // All but the lookahead for a possible boundary has been delivered before the line ended.
        XCTAssertEqual(recorder.bodies["1"]?.count, 2_000_000)
        try parser.feed(Array("\n--b--\n".utf8))
        try parser.finish()
        XCTAssertEqual(recorder.bodies["1"]?.count, 2_000_000)
    }
}
