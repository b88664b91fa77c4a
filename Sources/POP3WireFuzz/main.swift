// POP3WireFuzz: the response parser under libFuzzer, or a replayer/throughput check without it.
//
//   scripts/fuzz 300                       # libFuzzer build (-sanitize=fuzzer -D FUZZING), 5 minutes
//   swift run -c release POP3WireFuzz FILE…   # replay inputs (crash reproducers, corpus files)
//   swift run -c release POP3WireFuzz --throughput 160   # dot-unstuffing MB/s on a 160 MB body
//
// With FUZZING, libFuzzer provides `main` and calls `LLVMFuzzerTestOneInput` (FuzzEntry.swift);
// this file then holds no top-level code (the target is compiled with -parse-as-library).
#if !FUZZING
ReplayCommand.run(Array(CommandLine.arguments.dropFirst()))
#endif
