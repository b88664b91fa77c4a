// IMAPWireFuzz: the IMAP response parser under libFuzzer, or a replayer without it.
//
//   scripts/fuzz IMAPWireFuzz 300              # libFuzzer build, 5 minutes
//   swift run -c release IMAPWireFuzz FILE…    # replay inputs (crash reproducers, corpus)
//
// With -D FUZZING, libFuzzer provides `main` and calls `LLVMFuzzerTestOneInput` (FuzzEntry.swift);
// without it `@main` below runs the replayer (no main.swift: see POP3WireFuzz/Entry.swift).
#if !FUZZING
    #if canImport(Glibc)
        import Glibc
    #elseif canImport(Darwin)
        import Darwin
    #endif

    @main
    enum IMAPWireFuzzMain {
        static func main() {
            let paths = CommandLine.arguments.dropFirst()
            guard !paths.isEmpty else {
                print("usage: IMAPWireFuzz FILE…  (scripts/fuzz IMAPWireFuzz builds this target with libFuzzer)")
                exit(64)
            }
            for path in paths {
                guard let file = fopen(path, "rb") else {
                    print("cannot read \(path)")
                    exit(66)
                }
                var bytes: [UInt8] = []
                var chunk = [UInt8](repeating: 0, count: 65536)
                while case let count = chunk.withUnsafeMutableBytes({ fread($0.baseAddress, 1, $0.count, file) }),
                    count > 0
                {
                    bytes += chunk[..<count]
                }
                fclose(file)
                IMAPFuzzProperties.check(bytes)
            }
            print("replayed \(paths.count) input(s): all properties hold")
        }
    }
#endif
