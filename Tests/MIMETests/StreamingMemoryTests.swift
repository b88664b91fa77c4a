@testable import MIME
import XCTest

/// The parser's own buffers stay bounded whatever the message size (DESIGN §3).
final class StreamingMemoryTests: XCTestCase {
    func testCarryStaysBoundedOverALargeMessage() throws {
        let recorder = EventRecorder()
        recorder.wantBodies = false
        var parser = MIMEParser(handler: recorder)
        try parser.feed(Array("Content-Type: multipart/mixed; boundary=\"outer-boundary\"\r\n\r\npreamble\r\n".utf8))
        let base64Line = Array(String(repeating: "QUJD", count: 19).utf8) + [0x0D, 0x0A]
        var block: [UInt8] = []
        while block.count < 256 * 1024 { block += base64Line }
        let longLine = [UInt8](repeating: UInt8(ascii: "-"), count: 300 * 1024)  // dashes: a boundary candidate
        var largest = 0
        for part in 0..<8 {
            try parser.feed(Array("--outer-boundary\r\nContent-Transfer-Encoding: base64\r\n\r\n".utf8))
            for _ in 0..<10 {
                // Cut the input at odd places so lines and delimiters straddle feeds.
                for piece in stride(from: 0, to: block.count, by: 65_531) {
                    try parser.feed(Array(block[piece..<min(block.count, piece + 65_531)]))
                    largest = max(largest, parser.carry.count)
                }
            }
            if part % 2 == 0 {
                try parser.feed(longLine)
                largest = max(largest, parser.carry.count)
                try parser.feed([0x0D, 0x0A])
            }
        }
        try parser.feed(Array("--outer-boundary--\r\n".utf8))
        try parser.finish()
        XCTAssertEqual(recorder.parts.count, 8)
        // Unconsumed input is at most a boundary lookahead, never a line or a part.
        XCTAssertLessThanOrEqual(largest, 64, "carry grew with the message")
        XCTAssertEqual(parser.preamble.bytes.count, 0)
    }
}
