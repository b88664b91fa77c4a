// Base64Bench: the throughput of `MIME.Base64Decoder` alone, fed the way `MIMEParser` feeds it.
//
//     swift run -c release Base64Bench [--mb 256] [--runs 5] [--slice 65536]
//
// The input is base64 text as mailers write it: 76-column lines, LF and CRLF variants, of pseudo-random bytes.
// It is fed through the public streaming API in `--slice`-byte pieces (the parser hands the decoder 64 KiB
// slices of the body, line breaks included, cut anywhere) into a slice-sized output buffer, the whole text
// once per run. Throughput is base64 input bytes per second, the median of `--runs` runs, wall and CPU time,
// for each vector path of this CPU (AVX-512 VBMI2, AVX2) and the portable scalar path.
// The output is checked against the original bytes once, outside the timed runs.

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import MIME

/// Prints `problem` on standard error and exits with `status`.
func fail(_ status: Int32, _ problem: String) -> Never {
    var text = "Base64Bench: \(problem)\n"
    text.withUTF8 { _ = write(2, $0.baseAddress, $0.count) }
    exit(status)
}

struct Settings {
    var megabytes = 256
    var runs = 5
    var slice = 64 * 1024

    init(_ arguments: [String]) {
        var rest = arguments[...]
        while let flag = rest.popFirst() {
            guard let value = rest.popFirst().flatMap({ Int($0) }), value > 0 else {
                Settings.usage("\(flag) needs a positive number")
            }
            switch flag {
            case "--mb": megabytes = value
            case "--runs": runs = value
            case "--slice": slice = value
            default: Settings.usage("unknown option \(flag)")
            }
        }
    }

    static func usage(_ problem: String) -> Never {
        fail(64, "\(problem)\nusage: Base64Bench [--mb N] [--runs N] [--slice BYTES]")
    }
}

/// Deterministic pseudo-random bytes (xorshift64*), so every run and every machine decodes the same text.
func randomBytes(_ count: Int) -> [UInt8] {
    var state: UInt64 = 0x9E37_79B9_7F4A_7C15
    var bytes = [UInt8](repeating: 0, count: count)
    for i in 0..<count {
        state ^= state >> 12
        state ^= state << 25
        state ^= state >> 27
        bytes[i] = UInt8(truncatingIfNeeded: (state &* 0x2545_F491_4F6C_DD1D) >> 56)
    }
    return bytes
}

/// RFC 2045 §6.8 encoding in lines of at most 76 characters, each ended by `lineEnd`.
func encode(_ data: [UInt8], lineEnd: [UInt8]) -> [UInt8] {
    let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".utf8)
    var text: [UInt8] = []
    text.reserveCapacity(data.count / 57 * (76 + lineEnd.count) + 80)
    var column = 0
    var i = 0
    while i < data.count {
        let n = min(3, data.count - i)
        let word = UInt32(data[i]) << 16 | (n > 1 ? UInt32(data[i + 1]) << 8 : 0) | (n > 2 ? UInt32(data[i + 2]) : 0)
        for k in 0..<4 {
            text.append(k <= n ? alphabet[Int(word >> UInt32(18 - 6 * k) & 63)] : UInt8(ascii: "="))
        }
        i += 3
        column += 4
        if column == 76 || i >= data.count {
            text += lineEnd
            column = 0
        }
    }
    return text
}

/// Decodes `text` in `slice`-byte pieces; `sink` sees each decoded piece. Returns the decoded byte count.
@inline(never)
func decodeAll(
    _ text: [UInt8], slice: Int, path: String, output: UnsafeMutableRawPointer,
    _ sink: (UnsafeRawBufferPointer) -> Void
) -> Int {
    var decoder = path == "scalar" ? Base64Decoder(accelerated: false) : Base64Decoder(vectorPath: path)
    var total = 0
    text.withUnsafeBytes { all in
        var start = 0
        while start < all.count {
            let end = min(all.count, start + slice)
            let k = decoder.decode(UnsafeRawBufferPointer(rebasing: all[start..<end]), into: output)
            sink(UnsafeRawBufferPointer(start: output, count: k))
            total += k
            start = end
        }
    }
    let k = decoder.finish(into: output)
    sink(UnsafeRawBufferPointer(start: output, count: k))
    return total + k
}

func seconds(_ clock: clockid_t) -> Double {
    var t = timespec()
    clock_gettime(clock, &t)
    return Double(t.tv_sec) + Double(t.tv_nsec) / 1e9
}

func median(_ values: [Double]) -> Double {
    let sorted = values.sorted()
    let mid = sorted.count / 2
    return sorted.count % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2
}

func twoDecimals(_ x: Double) -> String {
    let hundredths = Int((x * 100).rounded())
    let fraction = hundredths % 100
    return "\(hundredths / 100).\(fraction < 10 ? "0" : "")\(fraction)"
}

let settings = Settings(Array(CommandLine.arguments.dropFirst()))
let original = randomBytes(settings.megabytes * 1_000_000 / 4 * 3)
let output = UnsafeMutableRawPointer.allocate(byteCount: settings.slice + 4096, alignment: 64)
print("Base64Bench: \(original.count) bytes decoded per run, \(settings.slice)-byte slices, \(settings.runs) runs")
let paths = Base64Decoder.vectorPaths + ["scalar"]
for (name, lineEnd) in [("LF", [UInt8(ascii: "\n")]), ("CRLF", [UInt8(ascii: "\r"), UInt8(ascii: "\n")])] {
    let text = encode(original, lineEnd: lineEnd)
    for path in paths {
        var offset = 0
        var same = true
        let decoded = decodeAll(text, slice: settings.slice, path: path, output: output) { piece in
            guard same, offset + piece.count <= original.count else {
                same = false
                return
            }
            same = original.withUnsafeBytes { memcmp($0.baseAddress! + offset, piece.baseAddress!, piece.count) == 0 }
            offset += piece.count
        }
        guard same, decoded == original.count else {
            fail(70, "\(name) \(path): the decoded bytes differ from the original")
        }
        var wall: [Double] = []
        var cpu: [Double] = []
        for _ in 0..<settings.runs {
            let (w, c) = (seconds(CLOCK_MONOTONIC), seconds(CLOCK_PROCESS_CPUTIME_ID))
            _ = decodeAll(text, slice: settings.slice, path: path, output: output) { _ in }
            wall.append(seconds(CLOCK_MONOTONIC) - w)
            cpu.append(seconds(CLOCK_PROCESS_CPUTIME_ID) - c)
        }
        let size = Double(text.count)
        let runs = wall.map { String(Int(size / $0 / 1e6)) }.joined(separator: " ")
        let label = "decoder \(name) \(path)".padding(toLength: 30, withPad: " ", startingAt: 0)
        print(
            "\(label) median \(twoDecimals(size / median(wall) / 1e9)) GB/s"
                + " (CPU \(twoDecimals(size / median(cpu) / 1e9)) GB/s; runs: \(runs) MB/s; \(text.count) bytes in)"
        )
    }
}
output.deallocate()
