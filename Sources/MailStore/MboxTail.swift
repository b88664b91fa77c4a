#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation

/// Finding where the complete messages of an mbox end, without a ledger (for `verify`, or to
/// repair a file whose committed length is unknown).
public enum MboxTail {
    /// The offset just past the last complete record of the mbox at `file`.
    ///
    /// Every record popvault writes ends with an empty line, and mboxrd quoting leaves no content
    /// line starting with `From `. So a file that does not end with "\n\n" has a torn last record,
    /// and this returns where that record's `From ` line starts (0 when no earlier record exists).
    /// A file ending with "\n\n" is reported whole (its length): a tail torn right after an empty
    /// line inside a message cannot be told apart — the ledger's committed length can, so pass it
    /// to `MboxSink(file:committedLength:)` whenever it is known.
    /// Reads backwards from the end, about the size of the last message.
    public static func endOfLastCompleteMessage(in file: URL) throws -> Int64 {
        let path = file.standardizedFileURL.path
        let fd = try SystemCalls.openFile(path, O_RDONLY)
        defer { SystemCalls.closeQuietly(fd) }
        let length = try SystemCalls.fileLength(fd, path: path)
        guard length > 0 else { return 0 }
        var tail = try read(fd, at: max(0, length - 6), count: Int(min(length, 6)), path: path)
        if tail.count >= 2 && tail.suffix(2).elementsEqual([ASCII.lf, ASCII.lf]) { return length }
        // A tear inside the `From ` line itself: "\n\n" then 1 to 4 bytes of "From".
        if let cut = tornSeparator(tail, fileLength: length) { return cut }
        // Look for the last "\nFrom " (or "From " at offset 0), block by block from the end.
        let marker = Array("\nFrom ".utf8)
        let blockSize: Int64 = 64 * 1024
        var blockEnd = length
        while blockEnd > 0 {
            let blockStart = max(0, blockEnd - blockSize)
            // Overlap the next block by the marker length so a marker across the seam is found.
            let readEnd = min(length, blockEnd + Int64(marker.count - 1))
            tail = try read(fd, at: blockStart, count: Int(readEnd - blockStart), path: path)
            var index = Int(blockEnd - blockStart) - 1
            while index >= 0 {
                if tail[index] == ASCII.lf && tail.count - index >= marker.count
                    && tail[index..<(index + marker.count)].elementsEqual(marker) {
                    return blockStart + Int64(index) + 1
                }
                index -= 1
            }
            blockEnd = blockStart
        }
        return 0
    }

    /// Where a record starts whose `From ` line was cut short, if `tail` (the last up to 6 bytes)
    /// ends with a proper prefix of "From " after an empty line or at the start of the file.
    private static func tornSeparator(_ tail: [UInt8], fileLength: Int64) -> Int64? {
        let from = Array("From ".utf8)
        for kept in 1...4 where kept <= tail.count {
            guard tail.suffix(kept).elementsEqual(from.prefix(kept)) else { continue }
            let before = tail.dropLast(kept)
            let atFileStart = Int64(kept) == fileLength
            if atFileStart || (before.count >= 2 && before.suffix(2).elementsEqual([ASCII.lf, ASCII.lf])) {
                return fileLength - Int64(kept)
            }
        }
        return nil
    }

    private static func read(_ fd: Int32, at offset: Int64, count: Int, path: String) throws -> [UInt8] {
        var bytes = [UInt8](repeating: 0, count: count)
        var done = 0
        while done < count {
            let got = bytes.withUnsafeMutableBytes {
                pread(fd, $0.baseAddress! + done, count - done, off_t(offset) + off_t(done))
            }
            if got < 0 && errno == EINTR { continue }
            guard got > 0 else { throw MailStoreError.system(got < 0 ? errno : EIO, .read, path) }
            done += got
        }
        return bytes
    }
}
