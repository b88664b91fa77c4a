// MIMEFuzz: the MIME header decoders and the streaming parser under libFuzzer, or a replayer/throughput
// check without it.
//
//   scripts/fuzz MIMEFuzz 300                          # libFuzzer build, 5 minutes
//   swift run -c release MIMEFuzz FILE…                # replay inputs (crash reproducers, corpus)
//   swift run -c release MIMEFuzz --throughput 160     # base64 decoding MB/s on 160 MB of encoded text
//
// With -D FUZZING (scripts/fuzz) `FuzzTarget.run()` hands the process to libFuzzer's driver; without it, it
// replays the files named (see FuzzTarget).
import FuzzSupport

@main
enum MIMEFuzzMain {
    static func main() {
        FuzzTarget(name: "MIMEFuzz", check: FuzzProperties.check, throughput: Throughput.run).run()
    }
}
