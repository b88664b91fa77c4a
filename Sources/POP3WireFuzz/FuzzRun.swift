import NIOCore
import POP3Wire

/// One parse of fuzz input, reduced to what must not depend on chunking.
struct FuzzRun {
    enum Event: Equatable {
        case status
        case continuation(String)
        case line([UInt8])
        case body([UInt8])
        case end
    }

    var events: [Event] = []
    /// The error kind, with a body-size overrun's `actual` blanked: it depends on the chunking.
    var failure: POP3ParseError.Kind?
    var idle = false

    init(framings: [POP3Framing], options: POP3ResponseParser.Options, chunks: [ArraySlice<UInt8>]) {
        var parser = POP3ResponseParser(options: options)
        framings.forEach { parser.expect($0) }
        var buffer = ByteBuffer()
        do throws(POP3ParseError) {
            for chunk in chunks {
                buffer.writeBytes(chunk)
                while let event = try parser.next(&buffer) {
                    self.record(event)
                }
            }
            self.idle = parser.isIdle && buffer.readableBytes == 0
        } catch {
            if case .bodyTooLarge(_, let maximum) = error.kind {
                self.failure = .bodyTooLarge(actual: 0, maximum: maximum)
            } else {
                self.failure = error.kind
            }
            _ = error.description
            do throws(POP3ParseError) {
                _ = try parser.next(&buffer)
                preconditionFailure("a failed parser went on")
            } catch {
                precondition(error.kind == self.failure || self.failure.map(Self.isBodyOverrun) == true)
            }
        }
    }

    /// The events, without a body cut short by a body-size overrun.
    var comparableEvents: [Event] {
        guard case .bodyTooLarge? = self.failure, case .body? = self.events.last else { return self.events }
        return Array(self.events.dropLast())
    }

    private static func isBodyOverrun(_ kind: POP3ParseError.Kind) -> Bool {
        if case .bodyTooLarge = kind { return true }
        return false
    }

    private mutating func record(_ event: POP3ResponseEvent) {
        switch event {
        case .status(let status):
            _ = try? POP3Stat(text: status.text)
            _ = try? POP3ListEntry(text: status.text)
            _ = try? POP3UIDLEntry(text: status.text)
            _ = POP3Greeting.apopTimestamp(in: status.text)
            self.events.append(.status)
        case .continuation(let text):
            _ = SASL.decodeChallenge(text)
            self.events.append(.continuation(text))
        case .line(let line):
            _ = try? POP3UIDLEntry(line: line)
            _ = try? POP3ListEntry(line: line)
            _ = POP3Capabilities(lines: [line]).saslMechanisms
            self.events.append(.line(Array(line.readableBytesView)))
        case .bodyChunk(let chunk):
            precondition(chunk.readableBytes > 0, "empty body chunk")
            if case .body(let previous)? = self.events.last {
                self.events[self.events.count - 1] = .body(previous + chunk.readableBytesView)
            } else {
                self.events.append(.body(Array(chunk.readableBytesView)))
            }
        case .end:
            self.events.append(.end)
        }
    }
}
