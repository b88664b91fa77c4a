/// A fixed-size buffer in front of `pwrite(2)`: small appends are copied, and a full buffer goes
/// to the file in one call at the tracked offset (the sinks never depend on the seek position).
final class WriteBuffer {
    private let storage: UnsafeMutableRawPointer
    let capacity: Int
    private var count = 0
    private(set) var descriptor: Int32 = -1
    private(set) var path = ""
    /// The file offset of the first buffered byte.
    private var fileOffset: Int64 = 0

    init(capacity: Int) {
        self.capacity = max(capacity, 4096)
        storage = UnsafeMutableRawPointer.allocate(byteCount: self.capacity, alignment: 16)
    }

    deinit { storage.deallocate() }

    /// The offset just past the last byte written or buffered.
    var endOffset: Int64 { fileOffset + Int64(count) }

    /// Directs further writes to `descriptor` starting at `offset`; buffered bytes must be flushed first.
    func attach(_ descriptor: Int32, path: String, offset: Int64) {
        precondition(count == 0, "attach with unflushed bytes")
        self.descriptor = descriptor
        self.path = path
        fileOffset = offset
    }

    func write(_ bytes: UnsafeRawBufferPointer) throws {
        guard bytes.count > 0 else { return }
        if count + bytes.count <= capacity {
            (storage + count).copyMemory(from: bytes.baseAddress!, byteCount: bytes.count)
            count += bytes.count
            return
        }
        try flush()
        if bytes.count >= capacity {
            try SystemCalls.writeAll(descriptor, bytes, at: fileOffset, path: path)
            fileOffset += Int64(bytes.count)
        } else {
            storage.copyMemory(from: bytes.baseAddress!, byteCount: bytes.count)
            count = bytes.count
        }
    }

    func write(_ bytes: [UInt8]) throws {
        try bytes.withUnsafeBytes { try write($0) }
    }

    func flush() throws {
        guard count > 0 else { return }
        let pending = UnsafeRawBufferPointer(start: storage, count: count)
        try SystemCalls.writeAll(descriptor, pending, at: fileOffset, path: path)
        fileOffset += Int64(count)
        count = 0
    }

    /// Drops the buffered bytes (after a failure, or on abort) and detaches from the file.
    func discard() {
        count = 0
        descriptor = -1
        fileOffset = 0
    }
}
