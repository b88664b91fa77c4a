#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The file-system steps of segment rotation, each durable when it returns (the directory is
/// fsynced after every change of a name in it).
public enum SegmentFiles {
    /// Renames `from` to `to` (same directory) and fsyncs the directory.
    public static func rename(_ from: String, to: String) throws {
        try SystemCalls.renameFile(from, to)
        try SystemCalls.syncDirectory(directory(of: to))
    }

    /// Removes `path` and fsyncs its directory; a missing file is not an error. Returns whether a
    /// file was removed.
    @discardableResult
    public static func remove(_ path: String) throws -> Bool {
        guard exists(path) else { return false }
        try SystemCalls.removeFile(path)
        try SystemCalls.syncDirectory(directory(of: path))
        return true
    }

    /// Whether anything (a file, a directory, a dangling symbolic link) has the name `path`.
    public static func exists(_ path: String) -> Bool {
        var info = stat()
        return lstat(path, &info) == 0
    }

    /// The size of the file at `path`, or `nil` when there is none.
    public static func size(_ path: String) throws -> Int64? {
        var info = stat()
        if stat(path, &info) == 0 { return Int64(info.st_size) }
        if errno == ENOENT { return nil }
        throw MailStoreError.system(errno, .stat, path)
    }

    /// The last modification time of the file at `path`, in seconds since 1970.
    public static func modificationTime(_ path: String) throws -> Double {
        var info = stat()
        guard stat(path, &info) == 0 else { throw MailStoreError.system(errno, .stat, path) }
        #if canImport(Glibc)
        return Double(info.st_mtim.tv_sec) + Double(info.st_mtim.tv_nsec) / 1e9
        #else
        return Double(info.st_mtimespec.tv_sec) + Double(info.st_mtimespec.tv_nsec) / 1e9
        #endif
    }

    /// Names of everything directly inside `directory` (files, directories, links; not `.`/`..`).
    public static func names(in directory: String) throws -> [String] {
        try SystemCalls.entries(in: directory)
    }

    private static func directory(of path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return "." }
        return slash == path.startIndex ? "/" : String(path[..<slash])
    }
}
