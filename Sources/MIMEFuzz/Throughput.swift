#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import MIME

/// A quick throughput check of `Base64Decoder` (not a test: it prints figures and never fails).
///
/// Encodes `megabytes` of pseudo-random bytes as base64 in 76-character CRLF lines (as mailers write it)
/// and decodes them in 64 KiB reads, as `MIMEParser` feeds a body. The figure is decoded-input MB/s.
enum Throughput {
    static func run(megabytes: Int) {
        let (encoded, original) = makeInput(megabytes: megabytes)
        print("encoded: \(encoded.count) bytes in 76-character lines, fed in 64 KiB reads")
        var output = [UInt8](repeating: 0, count: 65536 * 3 / 4 + 4)
        for round in 1...3 {
            let start = now()
            var decoder = Base64Decoder()
            var decodedCount = 0
            var checksum: UInt64 = 0
            encoded.withUnsafeBytes { all in
                var offset = 0
                while offset < all.count {
                    let end = min(all.count, offset + 65536)
                    let n = output.withUnsafeMutableBytes { out in
                        decoder.decode(UnsafeRawBufferPointer(rebasing: all[offset..<end]), into: out.baseAddress!)
                    }
                    decodedCount += n
                    checksum &+= UInt64(output[0]) &+ UInt64(output[max(0, n - 1)])
                    offset = end
                }
                decodedCount += output.withUnsafeMutableBytes { decoder.finish(into: $0.baseAddress!) }
            }
            let seconds = now() - start
            precondition(decodedCount == original, "decoded \(decodedCount) bytes, expected \(original)")
            let rate = Double(encoded.count) / seconds / 1_000_000_000
            print("round \(round): \(Double(Int(rate * 100)) / 100) GB/s of base64 text "
                + "(\(Double(Int(Double(decodedCount) / seconds / 1e7)) / 100) GB/s decoded; check \(checksum & 0xff))")
        }
    }

    static func makeInput(megabytes: Int) -> (encoded: [UInt8], original: Int) {
        let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".utf8)
        var encoded: [UInt8] = []
        encoded.reserveCapacity(megabytes * 1_000_000 + 100)
        var state: UInt64 = 0x9E37_79B9_7F4A_7C15
        var original = 0
        while encoded.count < megabytes * 1_000_000 {
            for _ in 0..<19 {
                state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
                let bits = state >> 40
                for shift in [18, 12, 6, 0] { encoded.append(alphabet[Int(bits >> UInt64(shift)) & 63]) }
                original += 3
            }
            encoded.append(13)
            encoded.append(10)
        }
        return (encoded, original)
    }

    static func now() -> Double {
        var time = timespec()
        clock_gettime(CLOCK_MONOTONIC, &time)
        return Double(time.tv_sec) + Double(time.tv_nsec) / 1e9
    }
}
