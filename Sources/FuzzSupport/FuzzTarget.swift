#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// One fuzz executable: its name, the properties every input must satisfy, and optionally a throughput check.
///
/// A fuzz module's `@main` builds its target and calls ``run()``. Compiled with `-D FUZZING` (`scripts/fuzz`,
/// with `-sanitize=fuzzer`), that hands the process to libFuzzer's driver; otherwise it replays input files.
/// SwiftPM names an executable's entry point `<module>_main` and aliases `main` to it, which hides libFuzzer's
/// own `main`, so `@main` runs in both builds. There is no main.swift: a libFuzzer build is compiled with
/// `-parse-as-library`, which refuses top-level code even inside an inactive `#if`.
public struct FuzzTarget: Sendable {
    /// The executable's name, for usage lines.
    public let name: String
    /// Checks one input; a violated property traps (libFuzzer reports it as a crash and saves the input).
    public let check: @Sendable ([UInt8]) -> Void
    /// Prints throughput figures for a workload of the given size in megabytes; never fails on a number.
    public let throughput: (@Sendable (_ megabytes: Int) -> Void)?

    /// - Parameters:
    ///   - name: the executable's name.
    ///   - check: the properties checked on every input.
    ///   - throughput: the `--throughput [MB]` measurement, if the target has one.
    public init(
        name: String,
        check: @escaping @Sendable ([UInt8]) -> Void,
        throughput: (@Sendable (_ megabytes: Int) -> Void)? = nil
    ) {
        self.name = name
        self.check = check
        self.throughput = throughput
    }

    /// The executable's work: libFuzzer's driver in a `-D FUZZING` build, else ``replay(_:)`` of the
    /// command-line arguments. Exits with the driver's status, or as ``replay(_:)`` does.
    public func run() {
        #if FUZZING
        exit(self.runLibFuzzer())
        #else
        self.replay(CommandLine.arguments.dropFirst())
        #endif
    }
}
