import IMAPWire
import NIOCore
import XCTest

/// One parser fixture: the server's bytes and what must come out.
///
/// ``verify(_:)`` feeds the input whole, split in two at every position, split in three at every pair of
/// positions (short inputs), and byte by byte; every feeding must give the same events (adjacent body
/// chunks merged, since chunking depends on the splits) and the same outcome.
struct ParseFixture {
    /// How the feeding must end.
    enum Outcome: Equatable {
        /// Every response finished and every byte was consumed.
        case complete
        /// The parser is waiting for more bytes.
        case incomplete
        /// The parser threw this kind of error (after the listed events).
        case failure(IMAPParseError.Kind)
    }

    var input: [UInt8]
    var events: [IMAPResponseEvent]
    var outcome: Outcome
    var options: IMAPResponseParser.Options
    var file: StaticString
    var line: UInt

    init(
        _ input: String,
        _ events: [IMAPResponseEvent],
        _ outcome: Outcome = .complete,
        options: IMAPResponseParser.Options = .init(),
        file: StaticString = #filePath,
        line: UInt = #line
    ) {
        self.init(bytes: Array(input.utf8), events, outcome, options: options, file: file, line: line)
    }

    init(
        bytes: [UInt8],
        _ events: [IMAPResponseEvent],
        _ outcome: Outcome = .complete,
        options: IMAPResponseParser.Options = .init(),
        file: StaticString = #filePath,
        line: UInt = #line
    ) {
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
    var events: [IMAPResponseEvent]
    var outcome: ParseFixture.Outcome

    /// Feeds `chunks` in order into a fresh parser.
    init(chunks: [ArraySlice<UInt8>], options: IMAPResponseParser.Options) {
        var parser = IMAPResponseParser(options: options)
        var buffer = ByteBuffer()
        var events: [IMAPResponseEvent] = []
        do throws(IMAPParseError) {
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

    init(events: [IMAPResponseEvent], outcome: ParseFixture.Outcome) {
        self.events = Self.mergingBodyChunks(events)
        self.outcome = outcome
    }

    /// Joins adjacent body chunks: how a body is chunked depends on the splits, its bytes do not.
    static func mergingBodyChunks(_ events: [IMAPResponseEvent]) -> [IMAPResponseEvent] {
        var merged: [IMAPResponseEvent] = []
        for event in events {
            if case .bodyChunk(let chunk) = event {
                XCTAssertGreaterThan(chunk.readableBytes, 0, "empty body chunk emitted")
            }
            if case .bodyChunk(let next) = event, case .bodyChunk(var previous)? = merged.last {
                previous.writeImmutableBuffer(next)
                merged[merged.count - 1] = .bodyChunk(previous)
            } else {
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
            verify(fixture)
        }
    }

    func verify(_ fixture: ParseFixture) {
        let input = fixture.input[...]
        let expected = ParseRun(events: fixture.events, outcome: fixture.outcome)
        func check(_ chunks: [ArraySlice<UInt8>], _ how: @autoclosure () -> String) -> Bool {
            let run = ParseRun(chunks: chunks, options: fixture.options)
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
        if input.count <= 40 {
            for first in 0...input.count {
                for second in first...input.count {
                    guard
                        check(
                            [input[..<first], input[first..<second], input[second...]],
                            "split at \(first), \(second)"
                        )
                    else { return }
                }
            }
        }
        _ = check(input.indices.map { input[$0...$0] }, "byte-by-byte feed")
    }
}

/// Shorthands for expected events.
extension IMAPResponseEvent {
    static func tagged(_ tag: String, _ condition: IMAPStatus.Condition, _ text: String, code: IMAPResponseCode? = nil)
        -> Self
    {
        .tagged(IMAPTaggedResponse(tag: tag, status: IMAPStatus(condition, code: code, text: text)))
    }

    static func condition(_ condition: IMAPStatus.Condition, _ text: String, code: IMAPResponseCode? = nil) -> Self {
        .untagged(.condition(IMAPStatus(condition, code: code, text: text)))
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
