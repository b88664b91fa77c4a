// IMAPWireFuzz: the IMAP response parser under libFuzzer, or a replayer without it.
//
//   scripts/fuzz IMAPWireFuzz 300              # libFuzzer build, 5 minutes
//   swift run -c release IMAPWireFuzz FILE…    # replay inputs (crash reproducers, corpus)
//
// With -D FUZZING (scripts/fuzz) `FuzzTarget.run()` hands the process to libFuzzer's driver; without it, it
// replays the files named (see FuzzTarget).
import FuzzSupport

@main
enum IMAPWireFuzzMain {
    static func main() {
        FuzzTarget(name: "IMAPWireFuzz", check: IMAPFuzzProperties.check).run()
    }
}
