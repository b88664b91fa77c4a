import FuzzSupport
import NIOCore
import POP3Wire

/// The properties checked on every fuzz input. A violated property traps (libFuzzer reports it as
/// a crash and saves the input); a thrown ``POP3ParseError`` is an ordinary outcome.
///
/// Input layout: byte 0 = how many framings to queue (low 3 bits + 1) and small limits (bit 3);
/// byte 1 = the framings, two bits each (repeating); bytes 2–3 = the seed for chunk sizes;
/// the rest = the server's bytes.
enum FuzzProperties {
    static func check(_ input: [UInt8]) {
        guard input.count >= 4 else { return }
        let framingCount = Int(input[0] & 0x07) + 1
        let all: [POP3Framing] = [.singleLine, .multiLineLines, .multiLineBody, .sasl]
        let framings = (0..<framingCount).map { all[Int(input[1] >> (2 * ($0 % 4)) & 0x03)] }
        let options = input[0] & 0x08 != 0
            ? POP3ResponseParser.Options(maximumLineLength: 16, maximumLinesResponseSize: 64,
                                         maximumUIDLEntries: 4, maximumBodySize: 256)
            : POP3ResponseParser.Options()
        let seed = UInt64(input[2]) << 8 | UInt64(input[3])
        let wire = Array(input[4...])

        let whole = FuzzRun(framings: framings, options: options, chunks: [wire[...]])
        let split = FuzzRun(framings: framings, options: options, chunks: wire.seededChunks(seed: seed))
        // How many body bytes were delivered before a body-size overrun depends on the chunking.
        precondition(whole.comparableEvents == split.comparableEvents, "events depend on how the input is split")
        precondition(whole.failure == split.failure, "the outcome depends on how the input is split")
        precondition(whole.idle == split.idle, "idleness depends on how the input is split")

        self.checkRoundTrip(wire)
    }

    /// Any bytes, used as a message body: stuffed and terminated like a server does, parsed back in
    /// pieces, they must come out unchanged.
    static func checkRoundTrip(_ wire: [UInt8]) {
        var body = wire
        if !body.isEmpty && !(body.count >= 2 && body[body.count - 2] == 0x0D && body[body.count - 1] == 0x0A) {
            body += [0x0D, 0x0A]
        }
        var stuffed: [UInt8] = Array("+OK\r\n".utf8)
        var atLineStart = true
        for byte in body {
            if atLineStart && byte == 0x2E { stuffed.append(0x2E) }
            stuffed.append(byte)
            atLineStart = byte == 0x0A && stuffed[stuffed.count - 2] == 0x0D
        }
        stuffed += Array(".\r\n".utf8)
        let pieces = stride(from: 0, to: stuffed.count, by: 7).map { stuffed[$0..<min($0 + 7, stuffed.count)] }
        let run = FuzzRun(framings: [.multiLineBody], options: .init(), chunks: pieces)
        precondition(run.failure == nil && run.idle, "a well-formed body failed to parse")
        let expected: [FuzzRun.Event] = body.isEmpty ? [.status, .end] : [.status, .body(body), .end]
        precondition(run.events == expected, "a body did not survive stuffing and unstuffing")
    }
}
