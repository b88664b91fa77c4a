#if FUZZING
/// The target whose ``FuzzTarget/check`` libFuzzer's callback runs: set once by
/// ``FuzzTarget/runLibFuzzer()`` before the driver starts, which then calls back on this thread only.
nonisolated(unsafe) private var libFuzzerTarget: FuzzTarget?

/// The libFuzzer entry point: one input, one run of the target's properties. libFuzzer's own `main` needs the
/// symbol to link; ``FuzzTarget/runLibFuzzer()`` passes it to the driver as the callback.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzTestOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    guard let data, let target = libFuzzerTarget else { return 0 }
    target.check(Array(UnsafeBufferPointer(start: data, count: size)))
    return 0
}

/// libFuzzer's driver (compiler-rt FuzzerDriver.cpp), linked in by `-sanitize=fuzzer`.
@_silgen_name("LLVMFuzzerRunDriver")
func llvmFuzzerRunDriver(
    _ argc: UnsafeMutablePointer<CInt>,
    _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?>,
    _ callback: @convention(c) (UnsafePointer<UInt8>?, Int) -> CInt
) -> CInt

extension FuzzTarget {
    /// Hands the process over to libFuzzer's driver with this target's properties as the callback and the
    /// process's arguments as its flags; returns the driver's exit status.
    func runLibFuzzer() -> CInt {
        libFuzzerTarget = self
        var argc = CommandLine.argc
        var argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>? = CommandLine.unsafeArgv
        return llvmFuzzerRunDriver(&argc, &argv, fuzzTestOneInput)
    }
}
#endif
