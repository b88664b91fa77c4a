// POP3WireFuzz: the response parser under libFuzzer, or a replayer/throughput check without it.
//
//   scripts/fuzz 300                                      # libFuzzer build, 5 minutes
//   swift run -c release POP3WireFuzz FILE…               # replay inputs (crash reproducers, corpus)
//   swift run -c release POP3WireFuzz --throughput 160    # dot-unstuffing MB/s on a 160 MB body
//
// With -D FUZZING (scripts/fuzz), libFuzzer provides `main` and calls `LLVMFuzzerTestOneInput`
// (FuzzEntry.swift). Without it, `@main` below runs the replayer. There is no main.swift: a
// libFuzzer build is compiled with -parse-as-library, which refuses top-level code even inside an
// inactive `#if`.
#if !FUZZING
@main
enum POP3WireFuzzMain {
    static func main() {
        ReplayCommand.run(Array(CommandLine.arguments.dropFirst()))
    }
}
#endif
