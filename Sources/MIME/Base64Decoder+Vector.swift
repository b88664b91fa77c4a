import CBase64

extension Base64Decoder {
    /// The vector decoder this CPU runs (chosen once, by CPUID), or nil for the scalar path only.
    public static let vectorLevel: String? = {
        switch cbase64_vector_level() {
        case 1: "avx512-vbmi2"
        default: nil
        }
    }()

    /// Decodes alphabet characters and whitespace from `start` up to the first other byte (`=` or junk, which
    /// the scalar loop then handles) or `n`, carrying the unfinished quantum through `bits` and `count`.
    /// `capacity` is the room of the whole output buffer. Returns the new input and output positions.
    @inline(__always)
    mutating func decodeRun(
        _ src: UnsafePointer<UInt8>, _ start: Int, _ n: Int, _ dst: UnsafeMutablePointer<UInt8>, _ out: Int,
        _ capacity: Int
    ) -> (Int, Int) {
        var quantum = cbase64_quantum(bits: bits, count: UInt32(count))
        var produced = 0
        let used = cbase64_decode_run(src + start, n - start, dst + out, capacity - out, &quantum, &produced)
        bits = quantum.bits
        count = Int(quantum.count)
        return (start + used, out + produced)
    }
}
