import FuzzSupport
import MIME

/// The properties checked on every fuzz input. A violated property traps (libFuzzer reports it as a crash
/// and saves the input); a thrown `MIMEError` is an ordinary outcome.
///
/// Input layout: byte 0 selects the entry (modulo 3): 0 = `HeaderDecoding.parameters` (RFC 2045 parameters,
/// RFC 2231 continuations and charsets, RFC 2047 words in values), 1 = `HeaderDecoding.decodeEncodedWords`,
/// 2 = the whole `MIMEParser` (header reader, boundary scanner, body decoders), and the message's bytes
/// through both paths of `Base64Decoder`; bit 2 of byte 0 selects
/// small limits for the parser; bytes 1–2 seed the chunk sizes; the rest is the header value or message.
enum FuzzProperties {
    static func check(_ input: [UInt8]) {
        guard input.count >= 3 else { return }
        let text = Array(input[3...])
        switch input[0] % 3 {
        case 0: checkParameters(text)
        case 1: checkEncodedWords(text)
        default:
            let seed = UInt64(input[1]) << 8 | UInt64(input[2])
            checkParser(text, smallLimits: input[0] & 0x04 != 0, seed: seed)
            checkBase64Paths(text, seed: seed)
        }
    }

    /// Base64: each vector path of this CPU, fed in seeded pieces, decodes the message's bytes
    /// exactly as the scalar path fed them whole: same bytes, defects and end.
    static func checkBase64Paths(_ text: [UInt8], seed: UInt64) {
        func run(_ path: String?, _ cuts: [Int]) -> ([UInt8], [MIMEDefect], Bool) {
            var decoder = path.map { Base64Decoder(vectorPath: $0) } ?? Base64Decoder(accelerated: false)
            var out = [UInt8](repeating: 0, count: text.count * 3 / 4 + 8)
            var produced = 0
            var start = 0
            for cut in cuts + [text.count] {
                produced += out.withUnsafeMutableBytes { o in
                    text[start..<cut].withUnsafeBytes { decoder.decode($0, into: o.baseAddress! + produced) }
                }
                start = cut
            }
            let atEnd = decoder.isAtEnd
            produced += out.withUnsafeMutableBytes { decoder.finish(into: $0.baseAddress! + produced) }
            return (Array(out[0..<produced]), decoder.defects, atEnd)
        }
        let cuts = [Int(seed) % (text.count + 1), Int(seed >> 3) % (text.count + 1)].sorted()
        let scalar = run(nil, [])
        for path in Base64Decoder.vectorPaths {
            let vector = run(path, cuts)
            precondition(scalar.0 == vector.0 && scalar.1 == vector.1 && scalar.2 == vector.2, "base64 \(path) differs")
        }
    }

    /// Parameters: no trap, the same result twice, a lowercased value, lowercased parameter names.
    static func checkParameters(_ raw: [UInt8]) {
        let first = HeaderDecoding.parameters(raw)
        let second = HeaderDecoding.parameters(raw)
        precondition(first.value == second.value && first.parameters == second.parameters, "parameters vary")
        precondition(first.defects == second.defects, "parameter defects vary")
        precondition(first.value == first.value.lowercased(), "the value is not lowercased")
        precondition(first.parameters.keys.allSatisfy { $0 == $0.lowercased() }, "a parameter name is not lowercased")
    }

    /// Encoded words: no trap, the same result twice; text without `=?` is returned as its UTF-8 reading.
    static func checkEncodedWords(_ raw: [UInt8]) {
        let first = HeaderDecoding.decodeEncodedWordsReportingDefects(raw)
        let second = HeaderDecoding.decodeEncodedWordsReportingDefects(raw)
        precondition(first.0 == second.0 && first.1 == second.1, "decoding varies")
        let hasWord = raw.indices.dropLast().contains { raw[$0] == UInt8(ascii: "=") && raw[$0 + 1] == UInt8(ascii: "?") }
        if !hasWord, let utf8 = String(validating: raw, as: UTF8.self) {
            precondition(first.0 == utf8, "text without encoded-words was changed")
        }
    }

    /// The parser: the events and the outcome do not depend on how the message is split.
    static func checkParser(_ message: [UInt8], smallLimits: Bool, seed: UInt64) {
        let options = smallLimits
            ? MIMEParser.Options(maximumDepth: 3, maximumParts: 8, maximumHeaderBytes: 256, maximumLineLength: 64,
                                 maximumPreambleBytes: 128)
            : MIMEParser.Options()
        let whole = EventRecorder.parse(message, options: options, chunks: [message[...]])
        let chunks = message.seededChunks(seed: seed)
        let split = EventRecorder.parse(message, options: options, chunks: chunks)
        precondition(whole.failure == split.failure, "the outcome depends on how the message is split")
        if whole.events != split.events {
            let index = (0..<min(whole.events.count, split.events.count)).first { whole.events[$0] != split.events[$0] }
                ?? min(whole.events.count, split.events.count)
            print("whole: \(whole.events.dropFirst(index).prefix(2))\nsplit: \(split.events.dropFirst(index).prefix(2))")
            print("chunks: \(chunks.map(\.count))")
            preconditionFailure("events depend on how the message is split")
        }
    }
}
