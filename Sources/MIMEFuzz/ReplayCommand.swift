#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Without libFuzzer: replays input files through ``FuzzProperties`` (a violated property traps),
/// or measures base64 decoding throughput (``Throughput``).
enum ReplayCommand {
    static func run(_ arguments: [String]) {
        if arguments.first == "--throughput" {
            let megabytes = arguments.dropFirst().first.flatMap { Int($0) } ?? 160
            Throughput.run(megabytes: megabytes)
            return
        }
        guard !arguments.isEmpty else {
            print("usage: MIMEFuzz FILE… | MIMEFuzz --throughput [MB]")
            print("(scripts/fuzz MIMEFuzz builds this target with libFuzzer)")
            exit(64)
        }
        var count = 0
        for path in arguments {
            guard let bytes = readFile(path) else {
                print("cannot read \(path)")
                exit(66)
            }
            FuzzProperties.check(bytes)
            count += 1
        }
        print("replayed \(count) input(s): all properties hold")
    }

    static func readFile(_ path: String) -> [UInt8]? {
        guard let file = fopen(path, "rb") else { return nil }
        defer { fclose(file) }
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 65536)
        while true {
            let count = chunk.withUnsafeMutableBytes { fread($0.baseAddress, 1, $0.count, file) }
            if count == 0 { break }
            bytes += chunk[..<count]
        }
        return ferror(file) == 0 ? bytes : nil
    }
}
