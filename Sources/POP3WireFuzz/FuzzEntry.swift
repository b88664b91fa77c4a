#if FUZZING
/// The libFuzzer entry point: one input, one run of every property in ``FuzzProperties``.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzTestOneInput(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    FuzzProperties.check(Array(UnsafeBufferPointer(start: data, count: size)))
    return 0
}
#endif
