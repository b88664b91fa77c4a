extension Array where Element == UInt8 {
    /// The bytes cut into consecutive chunks of 1 to 32 bytes, their lengths drawn from a 64-bit linear
    /// congruential generator (Knuth's MMIX constants) seeded with `seed`: the same input and seed always give
    /// the same split, so a fuzz input that carries its seed reproduces its chunking.
    public func seededChunks(seed: UInt64) -> [ArraySlice<UInt8>] {
        var chunks: [ArraySlice<UInt8>] = []
        var state = seed
        var offset = 0
        while offset < self.count {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            let length = Swift.min(self.count - offset, Int(state >> 59) + 1)
            chunks.append(self[offset..<(offset + length)])
            offset += length
        }
        return chunks
    }
}
