// MIMEFuzz: the MIME header decoders and the streaming parser under libFuzzer, or a replayer/throughput
// check without it.
//
//   scripts/fuzz MIMEFuzz 300                          # libFuzzer build, 5 minutes
//   swift run -c release MIMEFuzz FILE…                # replay inputs (crash reproducers, corpus)
//   swift run -c release MIMEFuzz --throughput 160     # base64 decoding MB/s on 160 MB of encoded text
//
// With -D FUZZING (scripts/fuzz), libFuzzer provides `main` and calls `LLVMFuzzerTestOneInput`
// (FuzzEntry.swift). Without it, `@main` below runs the replayer. There is no main.swift: a libFuzzer
// build is compiled with -parse-as-library, which refuses top-level code even inside an inactive `#if`.
#if !FUZZING
@main
enum MIMEFuzzMain {
    static func main() {
        ReplayCommand.run(Array(CommandLine.arguments.dropFirst()))
    }
}
#endif
