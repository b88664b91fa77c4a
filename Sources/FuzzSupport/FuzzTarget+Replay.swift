#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

extension FuzzTarget {
    /// Without libFuzzer: replays input files through ``check`` (a violated property traps), or with
    /// `--throughput [MB]` runs ``throughput`` (160 MB unless told). Exits 64 on a usage error, 66 on an
    /// unreadable file.
    public func replay<Arguments: Collection<String>>(_ arguments: Arguments) {
        if let throughput, arguments.first == "--throughput" {
            throughput(arguments.dropFirst().first.flatMap { Int($0) } ?? 160)
            return
        }
        guard !arguments.isEmpty else {
            print("usage: \(self.name) FILE…" + (self.throughput == nil ? "" : " | \(self.name) --throughput [MB]"))
            print("(scripts/fuzz \(self.name) builds this target with libFuzzer)")
            exit(64)
        }
        for path in arguments {
            guard let bytes = Self.readFile(path) else {
                print("cannot read \(path)")
                exit(66)
            }
            self.check(bytes)
        }
        print("replayed \(arguments.count) input(s): all properties hold")
    }

    /// The whole content of the file at `path`, or nil if it cannot be opened or read.
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
