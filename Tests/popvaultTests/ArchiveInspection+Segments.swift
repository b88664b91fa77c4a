import Foundation
import TestSupport

extension ArchiveInspection {
    /// The uncompressed bytes of an mbox segment: a rotated `.gz` segment through `zcat` (gzip(1),
    /// the reference reader), a plain one as it is; each read once per inspection.
    static func segmentBytes(_ path: String, cache: inout [String: [UInt8]]) throws -> [UInt8] {
        if let bytes = cache[path] { return bytes }
        let bytes = path.hasSuffix(".gz")
            ? try GzipTool.decompress(path) : Array(try Data(contentsOf: URL(fileURLWithPath: path)))
        cache[path] = bytes
        return bytes
    }
}
