// POP3WireFuzz: the response parser under libFuzzer, or a replayer/throughput check without it.
//
//   scripts/fuzz 300                                      # libFuzzer build, 5 minutes
//   swift run -c release POP3WireFuzz FILE…               # replay inputs (crash reproducers, corpus)
//   swift run -c release POP3WireFuzz --throughput 160    # dot-unstuffing MB/s on a 160 MB body
//
// With -D FUZZING (scripts/fuzz) `FuzzTarget.run()` hands the process to libFuzzer's driver; without it, it
// replays the files named (see FuzzTarget).
import FuzzSupport

@main
enum POP3WireFuzzMain {
    static func main() {
        FuzzTarget(name: "POP3WireFuzz", check: FuzzProperties.check, throughput: Throughput.run).run()
    }
}
