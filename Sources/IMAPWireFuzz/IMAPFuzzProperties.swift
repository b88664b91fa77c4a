import FuzzSupport
import IMAPWire
import NIOCore

/// The properties checked on every fuzz input; a violated one traps (libFuzzer saves the input), a
/// thrown ``IMAPParseError`` is an ordinary outcome.
///
/// Input layout: byte 0 bit 0 = small limits; bytes 1–2 = the seed for chunk sizes; the rest = the
/// server's bytes.
enum IMAPFuzzProperties {
    static func check(_ input: [UInt8]) {
        guard input.count >= 3 else { return }
        let options =
            input[0] & 0x01 != 0
            ? IMAPResponseParser.Options(
                maximumLineLength: 40,
                maximumLiteralSize: 16,
                maximumResponseSize: 96,
                maximumListItems: 4,
                maximumNesting: 2,
                maximumBodySize: 64
            )
            : IMAPResponseParser.Options()
        let seed = UInt64(input[1]) << 8 | UInt64(input[2])
        let wire = Array(input[3...])
        let whole = IMAPFuzzRun(options: options, chunks: [wire[...]])
        let split = IMAPFuzzRun(options: options, chunks: wire.seededChunks(seed: seed))
        precondition(whole.events == split.events, "events depend on how the input is split")
        precondition(whole.failure == split.failure, "the outcome depends on how the input is split")
        precondition(whole.idle == split.idle, "idleness depends on how the input is split")
        checkMailboxNames(wire)
    }

    /// Modified UTF-7: any string survives encoding and decoding; any wire name that decodes is the
    /// canonical encoding of what it decodes to.
    static func checkMailboxNames(_ wire: [UInt8]) {
        let text = String(decoding: wire.prefix(64), as: UTF8.self)
        let encoded = ModifiedUTF7.encode(text)
        precondition((try? ModifiedUTF7.decode(encoded)) == text, "a name did not survive modified UTF-7")
        if let decoded = try? ModifiedUTF7.decode(wire.prefix(64)) {
            precondition(ModifiedUTF7.encode(decoded) == Array(wire.prefix(64)), "a decodable name is not canonical")
        }
    }
}

/// One parse of fuzz input, reduced to what must not depend on chunking.
struct IMAPFuzzRun {
    var events: [IMAPResponseEvent] = []
    /// The error kind; a line-length overrun's `actual` is blanked (it counts the bytes seen, which
    /// depends on the chunking).
    var failure: IMAPParseError.Kind?
    var idle = false

    init(options: IMAPResponseParser.Options, chunks: [ArraySlice<UInt8>]) {
        var parser = IMAPResponseParser(options: options)
        var buffer = ByteBuffer()
        do throws(IMAPParseError) {
            for chunk in chunks {
                buffer.writeBytes(chunk)
                while let event = try parser.next(&buffer) { record(event) }
            }
            idle = parser.isIdle && buffer.readableBytes == 0
        } catch {
            if case .lineTooLong(_, let maximum) = error.kind {
                failure = .lineTooLong(actual: 0, maximum: maximum)
            } else {
                failure = error.kind
            }
            _ = error.description
            let first = error.kind
            do throws(IMAPParseError) {
                _ = try parser.next(&buffer)
                preconditionFailure("a failed parser went on")
            } catch {
                precondition(error.kind == first, "a failed parser changed its error")
            }
        }
    }

    private mutating func record(_ event: IMAPResponseEvent) {
        switch event {
        case .bodyChunk(let chunk):
            precondition(chunk.readableBytes > 0, "empty body chunk")
            if case .bodyChunk(var previous)? = events.last {
                previous.writeImmutableBuffer(chunk)
                events[events.count - 1] = .bodyChunk(previous)
                return
            }
        case .untagged(.list(let entry)):
            _ = entry.name.displayName
            _ = entry.isSelectable
        default:
            break
        }
        events.append(event)
    }
}
