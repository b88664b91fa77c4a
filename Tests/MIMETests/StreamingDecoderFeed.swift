@testable import MIME

/// The chunk API the body decoders share, so tests can feed any of them in pieces.
protocol StreamingDecoder {
    mutating func decode(_ input: UnsafeRawBufferPointer, into output: UnsafeMutableRawPointer) -> Int
    mutating func finish(into output: UnsafeMutableRawPointer) -> Int
    var defects: [MIMEDefect] { get }
}

extension BodyDecoder: StreamingDecoder {}
extension Base64Decoder: StreamingDecoder {}

extension StreamingDecoder {
    /// Decodes `input` fed in the pieces `cuts` mark (sorted offsets), without finishing.
    mutating func feed(_ input: [UInt8], cuts: [Int]) -> [UInt8] {
        var out: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: input.count + 8192)
        var start = 0
        for cut in cuts + [input.count] {
            let k = buffer.withUnsafeMutableBytes { o in
                input[start..<cut].withUnsafeBytes { decode($0, into: o.baseAddress!) }
            }
            out += buffer[0..<k]
            start = cut
        }
        return out
    }

    /// Ends the input; returns the last bytes.
    mutating func finish() -> [UInt8] {
        var buffer = [UInt8](repeating: 0, count: 8192)
        let k = buffer.withUnsafeMutableBytes { finish(into: $0.baseAddress!) }
        return Array(buffer[0..<k])
    }
}
