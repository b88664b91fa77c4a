import CBase64

extension Base64Decoder {
    /// The best vector level of this CPU (chosen once, by CPUID): 0 none, 1 AVX2, 2 AVX-512 VBMI2.
    static let bestLevel = cbase64_vector_level()
    static let levelNames: [Int32: String] = [1: "avx2", 2: "avx512-vbmi2"]

    /// The vector paths this CPU runs, best first (e.g. `["avx512-vbmi2", "avx2"]`); empty where it has none.
    public static let vectorPaths: [String] = (1...max(1, bestLevel)).reversed().compactMap {
        $0 <= bestLevel ? levelNames[$0] : nil
    }

    /// The vector path `Base64Decoder()` uses on this CPU, or nil for the scalar path only.
    public static var vectorLevel: String? { vectorPaths.first }

    /// A decoder on one of `vectorPaths` (for benchmarks and tests that compare the paths; results are identical).
    public init(vectorPath: String) {
        let level = Base64Decoder.levelNames.first { $0.value == vectorPath }?.key ?? 0
        precondition(level > 0 && level <= Base64Decoder.bestLevel, "\(vectorPath) is not a vector path of this CPU")
        self.init(level: level)
    }

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
        let used = cbase64_decode_run(level, src + start, n - start, dst + out, capacity - out, &quantum, &produced)
        bits = quantum.bits
        count = Int(quantum.count)
        return (start + used, out + produced)
    }
}
