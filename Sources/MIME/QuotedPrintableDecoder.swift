/// Streaming quoted-printable decoder (RFC 2045 §6.7). Feed any split of the encoded body.
///
/// Line breaks are passed through as they are (CRLF stays CRLF); `=` at the end of a line is a soft break.
// QUIRK: an `=` not followed by two hex digits is kept literally (RFC 2045 §6.7 note (2) suggests this
// "robust" handling) and recorded as `invalidQuotedPrintable`; lowercase hex digits are accepted.
// QUIRK: whitespace between a final `=` and the line break still makes a soft break (rule (3) deletes
// trailing whitespace first), and `=` followed by a bare CR is a soft break too.
public struct QuotedPrintableDecoder: Sendable {
    private enum Escape { case none, equals, equalsCR, equalsHex(UInt8), equalsSpace }
    private var escape = Escape.none
    /// Trailing whitespace held back until we know whether the line ends (rule (3): it is deleted).
    private var held: [UInt8] = []
    private var sawInvalid = false
    static let maximumHeld = 64

    public init() {}

    /// Defects found so far.
    public var defects: [MIMEDefect] { sawInvalid ? [.invalidQuotedPrintable] : [] }

    /// Decodes `input` into `output`, which must hold at least `input.count + 80` bytes. Returns bytes written.
    public mutating func decode(_ input: UnsafeRawBufferPointer, into output: UnsafeMutableRawPointer) -> Int {
        let dst = output.assumingMemoryBound(to: UInt8.self)
        var o = 0
        for c in input {
            o = step(c, dst, o)
        }
        return o
    }

    /// Ends the input: a final `=` is a soft break; a dangling `=X` is kept literally.
    /// `output` must hold 80 bytes.
    public mutating func finish(into output: UnsafeMutableRawPointer) -> Int {
        let dst = output.assumingMemoryBound(to: UInt8.self)
        var o = 0
        switch escape {
        case .none, .equalsCR, .equals, .equalsSpace:
            // A final `=` is a soft line break whose line break went to the delimiter (RFC 2046 §5.1.1).
            break
        case .equalsHex(let h):
            sawInvalid = true
            dst[o] = UInt8(ascii: "=")
            dst[o + 1] = h
            o += 2
        }
        escape = .none
        held.removeAll()  // trailing whitespace of the last line is deleted too
        return o
    }

    private mutating func step(_ c: UInt8, _ dst: UnsafeMutablePointer<UInt8>, _ start: Int) -> Int {
        var o = start
        switch escape {
        case .none:
            break
        case .equals:
            if c == 0x0A { escape = .none; return o }
            if c == 0x0D { escape = .equalsCR; return o }
            if c == 0x20 || c == 0x09 { escape = .equalsSpace; held.append(c); return o }
            if hexValue(c) != nil { escape = .equalsHex(c); return o }
            sawInvalid = true
            dst[o] = UInt8(ascii: "=")
            o += 1
            escape = .none
        case .equalsCR:
            escape = .none
            if c == 0x0A { return o }
        case .equalsHex(let h):
            escape = .none
            if let lo = hexValue(c), let hi = hexValue(h) {
                dst[o] = hi << 4 | lo
                return o + 1
            }
            sawInvalid = true
            dst[o] = UInt8(ascii: "=")
            dst[o + 1] = h
            o += 2
        case .equalsSpace:
            if c == 0x20 || c == 0x09 {
                if held.count < QuotedPrintableDecoder.maximumHeld { held.append(c); return o }
            }
            if c == 0x0A || c == 0x0D {
                held.removeAll()
                escape = c == 0x0D ? .equalsCR : .none
                return o
            }
            sawInvalid = true
            escape = .none
            dst[o] = UInt8(ascii: "=")
            o += 1
            o = flushHeld(dst, o)
        }
        switch c {
        case 0x20, 0x09:
            if held.count >= QuotedPrintableDecoder.maximumHeld { o = flushHeld(dst, o) }
            held.append(c)
        case 0x0D, 0x0A:
            if !held.isEmpty { held.removeAll(keepingCapacity: true) }
            dst[o] = c
            o += 1
        case UInt8(ascii: "="):
            o = flushHeld(dst, o)
            escape = .equals
        default:
            o = flushHeld(dst, o)
            dst[o] = c
            o += 1
        }
        return o
    }

    private mutating func flushHeld(_ dst: UnsafeMutablePointer<UInt8>, _ start: Int) -> Int {
        if held.isEmpty { return start }
        var o = start
        for h in held {
            dst[o] = h
            o += 1
        }
        held.removeAll(keepingCapacity: true)
        return o
    }

    private func hexValue(_ c: UInt8) -> UInt8? {
        switch c {
        case 0x30...0x39: return c - 0x30
        case 0x41...0x46: return c - 0x41 + 10
        case 0x61...0x66: return c - 0x61 + 10
        default: return nil
        }
    }
}
