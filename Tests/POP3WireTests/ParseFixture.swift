import NIOCore
import POP3Wire
import XCTest

/// One parser fixture: the framings queued, the server's bytes, and what must come out.
///
/// ``verify(_:)`` feeds the input whole, split in two at every position, split in three at every
/// pair of positions (short inputs), and byte by byte; every feeding must give the same events
/// (adjacent body chunks merged, since chunking depends on the splits) and the same outcome.
struct ParseFixture {
    /// How the feeding must end.
    enum Outcome: Equatable {
        /// Every queued response finished and every byte was consumed.
        case complete
        /// The parser is waiting for more bytes.
        case incomplete
        /// The parser threw this kind of error (after the listed events).
        case failure(POP3ParseError.Kind)
    }

    var framings: [POP3Framing]
    var input: [UInt8]
    var events: [POP3ResponseEvent]
    var outcome: Outcome
    var options: POP3ResponseParser.Options
    var file: StaticString
    var line: UInt

    init(
        _ framings: [POP3Framing],
        _ input: String,
        _ events: [POP3ResponseEvent],
        _ outcome: Outcome = .complete,
        options: POP3ResponseParser.Options = .init(),
        file: StaticString = #filePath,
        line: UInt = #line
    ) {
        self.init(framings, bytes: Array(input.utf8), events, outcome, options: options, file: file, line: line)
    }

    init(
        _ framings: [POP3Framing],
        bytes: [UInt8],
        _ events: [POP3ResponseEvent],
        _ outcome: Outcome = .complete,
        options: POP3ResponseParser.Options = .init(),
        file: StaticString = #filePath,
        line: UInt = #line
    ) {
        self.framings = framings
        self.input = bytes
        self.events = events
        self.outcome = outcome
        self.options = options
        self.file = file
        self.line = line
    }
}

/// What one feeding produced.
struct ParseRun: Equatable {
    var events: [POP3ResponseEvent]
    var outcome: ParseFixture.Outcome

    /// Feeds `chunks` in order into a fresh parser with `framings` queued.
    init(framings: [POP3Framing], chunks: [ArraySlice<UInt8>], options: POP3ResponseParser.Options) {
        var parser = POP3ResponseParser(options: options)
        framings.forEach { parser.expect($0) }
        var buffer = ByteBuffer()
        var events: [POP3ResponseEvent] = []
        do throws(POP3ParseError) {
            for chunk in chunks {
                buffer.writeBytes(chunk)
                while let event = try parser.next(&buffer) {
                    events.append(event)
                }
            }
            let finished = parser.isIdle && buffer.readableBytes == 0
            self.init(events: events, outcome: finished ? .complete : .incomplete)
        } catch {
            self.init(events: events, outcome: .failure(error.kind))
        }
    }

    fileprivate init(events: [POP3ResponseEvent], outcome: ParseFixture.Outcome) {
        self.events = Self.mergingBodyChunks(events)
        self.outcome = outcome
    }

    /// Joins adjacent body chunks: how a body is chunked depends on the splits, its bytes do not.
    static func mergingBodyChunks(_ events: [POP3ResponseEvent]) -> [POP3ResponseEvent] {
        var merged: [POP3ResponseEvent] = []
        for event in events {
            if case .bodyChunk(let next) = event, case .bodyChunk(var previous)? = merged.last {
                XCTAssertGreaterThan(next.readableBytes, 0, "empty body chunk emitted")
                previous.writeImmutableBuffer(next)
                merged[merged.count - 1] = .bodyChunk(previous)
            } else {
                if case .bodyChunk(let chunk) = event {
                    XCTAssertGreaterThan(chunk.readableBytes, 0, "empty body chunk emitted")
                }
                merged.append(event)
            }
        }
        return merged
    }
}

extension XCTestCase {
    /// Checks `fixtures`, each in every split (see ``ParseFixture``).
    func verify(_ fixtures: [ParseFixture]) {
        for fixture in fixtures {
            self.verify(fixture)
        }
    }

    func verify(_ fixture: ParseFixture) {
        let input = fixture.input[...]
        let expected = ParseRun(events: fixture.events, outcome: fixture.outcome)
        func check(_ chunks: [ArraySlice<UInt8>], _ how: @autoclosure () -> String) -> Bool {
            let run = ParseRun(framings: fixture.framings, chunks: chunks, options: fixture.options)
            if run == expected { return true }
            XCTFail(
                "\(how()) of \"\(escaped(fixture.input))\":\n  got      \(run)\n  expected \(expected)",
                file: fixture.file,
                line: fixture.line
            )
            return false
        }
        guard check([input], "whole feed") else { return }
        for split in 0...input.count {
            guard check([input[..<split], input[split...]], "split at \(split)") else { return }
        }
        if input.count <= 48 {
            for first in 0...input.count {
                for second in first...input.count {
                    let chunks = [input[..<first], input[first..<second], input[second...]]
                    guard check(chunks, "split at \(first), \(second)") else { return }
                }
            }
        }
        _ = check(input.indices.map { input[$0...$0] }, "byte-by-byte feed")
    }
}

/// Shorthands for expected events.
extension POP3ResponseEvent {
    static func ok(_ text: String = "", code: POP3ResponseCode? = nil) -> Self {
        .status(POP3StatusLine(isOK: true, code: code, text: text))
    }

    static func err(_ text: String = "", code: POP3ResponseCode? = nil) -> Self {
        .status(POP3StatusLine(isOK: false, code: code, text: text))
    }

    static func line(_ text: String) -> Self {
        .line(ByteBuffer(string: text))
    }

    static func body(_ text: String) -> Self {
        .bodyChunk(ByteBuffer(string: text))
    }
}

/// Renders bytes for failure messages.
func escaped<Bytes: Sequence<UInt8>>(_ bytes: Bytes) -> String {
    var result = ""
    for byte in bytes {
        switch byte {
        case UInt8(ascii: "\r"): result += "\\r"
        case UInt8(ascii: "\n"): result += "\\n"
        case 0x20...0x7E: result.unicodeScalars.append(Unicode.Scalar(byte))
        default: result += "\\x" + String(byte, radix: 16)
        }
    }
    return result
}
