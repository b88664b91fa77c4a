import NIOCore
import XCTest

/// What one feeding of a ``WireFixture`` produced.
struct ParseRun<Parser: FixtureParser>: Equatable {
    var events: [Parser.Event]
    var outcome: WireFixture<Parser>.Outcome

    /// Feeds `chunks` in order into a copy of `parser`.
    init(parser: Parser, chunks: [ArraySlice<UInt8>]) {
        var parser = parser
        var buffer = ByteBuffer()
        var events: [Parser.Event] = []
        do throws(Parser.Failure) {
            for chunk in chunks {
                buffer.writeBytes(chunk)
                while let event = try parser.next(&buffer) {
                    events.append(event)
                }
            }
            let finished = parser.isIdle && buffer.readableBytes == 0
            self.init(events: events, outcome: finished ? .complete : .incomplete)
        } catch {
            self.init(events: events, outcome: .failure(Parser.kind(of: error)))
        }
    }

    init(events: [Parser.Event], outcome: WireFixture<Parser>.Outcome) {
        self.events = Self.mergingBodyChunks(events)
        self.outcome = outcome
    }

    /// Joins adjacent body chunks: how a body is chunked depends on the splits, its bytes do not.
    static func mergingBodyChunks(_ events: [Parser.Event]) -> [Parser.Event] {
        var merged: [Parser.Event] = []
        for event in events {
            guard let next = Parser.bodyChunk(in: event) else {
                merged.append(event)
                continue
            }
            XCTAssertGreaterThan(next.readableBytes, 0, "empty body chunk emitted")
            if let last = merged.last, var previous = Parser.bodyChunk(in: last) {
                previous.writeImmutableBuffer(next)
                merged[merged.count - 1] = Parser.bodyChunkEvent(previous)
            } else {
                merged.append(event)
            }
        }
        return merged
    }
}
