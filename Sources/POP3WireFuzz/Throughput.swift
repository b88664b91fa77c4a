import NIOCore
import POP3Wire

/// A quick throughput check of the body path (not a test: it prints figures and never fails).
///
/// Builds a body of ~76-byte lines (one in 20 starting with "."), stuffs and terminates it, and
/// feeds it to ``POP3ResponseParser`` in 64 KiB reads, as a socket would. For comparison it runs a
/// byte-at-a-time unstuffer (the obvious implementation) over the same bytes in the same run.
enum Throughput {
    static func run(megabytes: Int) {
        let wire = Self.makeWire(megabytes: megabytes)
        let size = Double(wire.readableBytes) / 1_000_000
        print("wire: \(wire.readableBytes) bytes, fed in 64 KiB reads")
        for round in 1...3 {
            let parser = Self.measure { Self.parse(wire, readSize: 65536) }
            let whole = Self.measure { Self.parse(wire, readSize: wire.readableBytes) }
            let naive = Self.measure { Self.naiveUnstuff(wire) }
            precondition(parser.result == naive.result, "parser and reference disagree on the body size")
            precondition(whole.result == naive.result, "parser and reference disagree on the body size")
            print(
                "round \(round): POP3ResponseParser \(Int(size / parser.seconds)) MB/s in 64 KiB reads, "
                    + "\(Int(size / whole.seconds)) MB/s in one buffer; "
                    + "byte-at-a-time reference \(Int(size / naive.seconds)) MB/s "
                    + "(ratio \(Double(Int(naive.seconds / parser.seconds * 10)) / 10)x; body \(parser.result) bytes)"
            )
        }
    }

    static func makeWire(megabytes: Int) -> ByteBuffer {
        var wire = ByteBuffer()
        wire.reserveCapacity(megabytes * 1_000_000 + 1000)
        wire.writeString("+OK message follows\r\n")
        let text = Array("The quick brown fox jumps over the lazy dog; pack my box with five dozen jugs".utf8)
        var line = 0
        while wire.readableBytes < megabytes * 1_000_000 {
            if line % 20 == 7 { wire.writeString("..") }
            wire.writeBytes(text[..<(40 + line % 36)])
            wire.writeString("\r\n")
            line += 1
        }
        wire.writeString(".\r\n")
        return wire
    }

    /// Feeds `wire` in reads of `readSize` bytes into a cumulation buffer, as ByteToMessageDecoder
    /// does (a read as large as `wire` measures the parser alone, without the copy).
    static func parse(_ wire: ByteBuffer, readSize: Int) -> Int {
        var parser = POP3ResponseParser()
        parser.expect(.multiLineBody)
        var input = wire
        var buffer = ByteBuffer()
        var body = 0
        while let read = input.readSlice(length: min(readSize, input.readableBytes)), read.readableBytes > 0 {
            if buffer.readableBytes == 0 {
                buffer = read
            } else {
                buffer.writeImmutableBuffer(read)
            }
            while let event = try! parser.next(&buffer) {
                if case .bodyChunk(let chunk) = event { body += chunk.readableBytes }
            }
            buffer.discardReadBytes()
        }
        precondition(parser.isIdle)
        return body
    }

    /// The obvious unstuffer: one byte at a time through a state machine, copying into an array.
    static func naiveUnstuff(_ wire: ByteBuffer) -> Int {
        var output: [UInt8] = []
        output.reserveCapacity(wire.readableBytes)
        var state = 0  // 0: in status line, 1: line start, 2: mid-line, 3: saw "." at line start
        var previous: UInt8 = 0
        for byte in wire.readableBytesView {
            switch state {
            case 0:
                if byte == 0x0A { state = 1 }
            case 1 where byte == 0x2E:
                state = 3
            case 3 where byte == 0x0D:
                break
            case 3 where byte == 0x0A && previous == 0x0D:
                return output.count
            default:
                output.append(byte)
                state = byte == 0x0A && previous == 0x0D ? 1 : 2
            }
            previous = byte
        }
        return output.count
    }

    static func measure(_ body: () -> Int) -> (result: Int, seconds: Double) {
        let clock = ContinuousClock()
        var result = 0
        let duration = clock.measure { result = body() }
        let seconds = Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
        return (result, seconds)
    }
}
