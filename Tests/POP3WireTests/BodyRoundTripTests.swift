import NIOCore
import POP3Wire
import ParserTestSupport
import XCTest

/// Randomized: random body → byte-stuff and terminate as a server does → parse in random splits →
/// the same bytes come out.
final class BodyRoundTripTests: XCTestCase {
    func testCRLFRoundTrip() {
        self.roundTrip(seed: 0x5EED_1939, lineEnd: [0x0D, 0x0A])
    }

    /// QUIRK: the same for a server that speaks bare LF (status line, body lines and terminator).
    func testBareLineFeedRoundTrip() {
        self.roundTrip(seed: 0x5EED_0A0A, lineEnd: [0x0A])
    }

    private func roundTrip(seed: UInt64, lineEnd: [UInt8]) {
        var generator = SplitMix64(seed: seed)
        for iteration in 0..<300 {
            let body = Self.randomBody(lineEnd: lineEnd, using: &generator)
            let wire = Array("+OK".utf8) + lineEnd + Self.stuff(body, lineEnd: lineEnd) + [0x2E] + lineEnd
                + Array("+OK next".utf8) + lineEnd
            var parser = POP3ResponseParser()
            parser.expect(.multiLineBody)
            parser.expect(.singleLine)
            var buffer = ByteBuffer()
            var received: [UInt8] = []
            var events: [String] = []
            var offset = 0
            do {
                while offset < wire.count {
                    let length = min(wire.count - offset, Int.random(in: 1...64, using: &generator))
                    buffer.writeBytes(wire[offset..<(offset + length)])
                    offset += length
                    while let event = try parser.next(&buffer) {
                        switch event {
                        case .bodyChunk(let chunk): received += chunk.readableBytesView
                        case .status(let status): events.append(status.text)
                        case .end: events.append("end")
                        case .line, .continuation: events.append("unexpected \(event)")
                        }
                    }
                }
            } catch {
                return XCTFail("seed \(seed) iteration \(iteration): \(error) for \(escaped(wire))")
            }
            XCTAssertEqual(received, body, "seed \(seed) iteration \(iteration): \(escaped(wire))")
            XCTAssertEqual(events, ["", "end", "next"], "seed \(seed) iteration \(iteration)")
            XCTAssertTrue(parser.isIdle)
            XCTAssertEqual(buffer.readableBytes, 0)
        }
    }

    /// Bytes biased towards the interesting ones (".", CR, LF), ending with a line end if non-empty.
    static func randomBody(lineEnd: [UInt8], using generator: inout SplitMix64) -> [UInt8] {
        let length = Int.random(in: 0...600, using: &generator)
        let interesting: [UInt8] = [0x2E, 0x2E, 0x0D, 0x0A, 0x0D, 0x0A, 0x41, 0x20]
        var body = (0..<length).map { _ in
            Bool.random(using: &generator)
                ? interesting.randomElement(using: &generator)!
                : UInt8.random(in: .min ... .max, using: &generator)
        }
        if !body.isEmpty && !body.ends(with: lineEnd) {
            body += lineEnd
        }
        return body
    }

    /// RFC 1939 §3 byte-stuffing: a "." is prepended to every line that starts with ".", where a
    /// line starts at the beginning and after every `lineEnd`.
    static func stuff(_ body: [UInt8], lineEnd: [UInt8]) -> [UInt8] {
        var output: [UInt8] = []
        var atLineStart = true
        for byte in body {
            if atLineStart && byte == 0x2E { output.append(0x2E) }
            output.append(byte)
            atLineStart = output.ends(with: lineEnd)
        }
        return output
    }
}

extension Array where Element == UInt8 {
    func ends(with suffix: [UInt8]) -> Bool {
        self.count >= suffix.count && Array(self[(self.count - suffix.count)...]) == suffix
    }
}
