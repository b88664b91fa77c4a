/// Streaming decoder for a body with `Content-Transfer-Encoding: x-uuencode` (also `uuencode`, `x-uue`).
///
/// Lines before `begin` are skipped; the `begin` line's file name is offered as `beginName`;
/// decoding stops at `end`.
public struct UuencodeDecoder: Sendable {
    enum Phase { case beforeBegin, body, ended }
    private var phase = Phase.beforeBegin
    private var line: [UInt8] = []
    private var lineOverflow = false
    private var sawInvalid = false
    /// Raw bytes of the file name from the `begin` line, once seen.
    public private(set) var beginName: [UInt8]?
    static let maximumLine = 1024

    public init() {}

    /// Defects found so far.
    public var defects: [MIMEDefect] { sawInvalid ? [.invalidUuencode] : [] }

    /// Decodes `input` into `output` (room for `input.count + 1024` bytes). Returns bytes written.
    public mutating func decode(_ input: UnsafeRawBufferPointer, into output: UnsafeMutableRawPointer) -> Int {
        let dst = output.assumingMemoryBound(to: UInt8.self)
        var o = 0
        for c in input {
            if c == 0x0A || c == 0x0D {
                o += endLine(dst + o)
            } else if line.count < UuencodeDecoder.maximumLine {
                line.append(c)
            } else {
                lineOverflow = true
            }
        }
        return o
    }

    /// Ends the input (a last line without a line break is decoded). `output` needs 1024 bytes.
    public mutating func finish(into output: UnsafeMutableRawPointer) -> Int {
        let o = endLine(output.assumingMemoryBound(to: UInt8.self))
        if phase != .ended { sawInvalid = true }
        return o
    }

    private mutating func endLine(_ dst: UnsafeMutablePointer<UInt8>) -> Int {
        var current: [UInt8] = []
        swap(&current, &line)
        let overflow = lineOverflow
        lineOverflow = false
        defer { current.removeAll(keepingCapacity: true); line = current }
        if current.isEmpty { return 0 }
        let phaseNow = phase
        var newPhase = phase
        var invalid = false
        var name: [UInt8]?
        let k = current.withUnsafeBytes { l -> Int in
            switch phaseNow {
            case .beforeBegin:
                if let found = UuencodeLine.beginName(l) {
                    name = found
                    newPhase = .body
                }
                return 0
            case .body:
                if UuencodeLine.isEnd(l) { newPhase = .ended; return 0 }
                guard !overflow, let k = UuencodeLine.decode(l, into: dst) else {
                    invalid = true
                    return 0
                }
                return k
            case .ended:
                return 0
            }
        }
        phase = newPhase
        if invalid { sawInvalid = true }
        if let name { beginName = name }
        return k
    }
}
