#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Thin wrappers over the POSIX calls the sinks use: `EINTR` retried, `errno` turned into
/// `MailStoreError` carrying the operation and the path.
enum SystemCalls {
    static func openFile(_ path: String, _ flags: Int32, mode: mode_t = 0o600) throws -> Int32 {
        while true {
            let fd = path.withCString { open($0, flags | O_CLOEXEC, mode) }
            if fd >= 0 { return fd }
            if errno != EINTR { throw MailStoreError.system(errno, .open, path) }
        }
    }

    /// Writes all of `bytes` at `offset`, looping over short writes.
    static func writeAll(_ fd: Int32, _ bytes: UnsafeRawBufferPointer, at offset: Int64, path: String) throws {
        guard var base = bytes.baseAddress else { return }
        var remaining = bytes.count
        var position = offset
        while remaining > 0 {
            let written = pwrite(fd, base, remaining, off_t(position))
            if written < 0 {
                if errno == EINTR { continue }
                throw MailStoreError.system(errno, .write, path)
            }
            if written == 0 { throw MailStoreError.system(EIO, .write, path) }
            base += written
            remaining -= written
            position += Int64(written)
        }
    }

    static func sync(_ fd: Int32, path: String) throws {
        while fsync(fd) != 0 {
            if errno != EINTR { throw MailStoreError.system(errno, .fsync, path) }
        }
    }

    /// Starts writing a file's dirty pages back without waiting (Linux `sync_file_range` with
    /// `SYNC_FILE_RANGE_WRITE`), so that the batch's later fsync finds most of the work under way.
    /// Not a durability step; a no-op where the call is unavailable.
    static func startWriteback(_ fd: Int32) {
        #if os(Linux)
        if let start = startWritebackFunction { _ = start(fd, 0, 0, 2) }  // SYNC_FILE_RANGE_WRITE = 2
        #endif
    }

    #if os(Linux)
    /// `sync_file_range` is a GNU extension Swift's Glibc module does not export; looked up once.
    private static let startWritebackFunction: (@convention(c) (Int32, Int64, Int64, UInt32) -> Int32)? = {
        guard let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "sync_file_range") else { return nil }
        return unsafeBitCast(symbol, to: (@convention(c) (Int32, Int64, Int64, UInt32) -> Int32).self)
    }()
    #endif

    /// Makes renames and creations inside `path` durable.
    static func syncDirectory(_ path: String) throws {
        let fd = try openFile(path, O_RDONLY | O_DIRECTORY)
        defer { closeQuietly(fd) }
        try sync(fd, path: path)
    }

    static func closeFile(_ fd: Int32, path: String) throws {
        // Linux releases the descriptor even when close fails; never retry (EINTR included).
        if close(fd) != 0 && errno != EINTR { throw MailStoreError.system(errno, .close, path) }
    }

    /// Closes a descriptor whose data no longer matters (abort, deinit).
    static func closeQuietly(_ fd: Int32) {
        _ = close(fd)
    }

    static func renameFile(_ from: String, _ to: String) throws {
        if rename(from, to) != 0 { throw MailStoreError.system(errno, .rename, to) }
    }

    /// Removes a file; a file that is already gone is not an error.
    static func removeFile(_ path: String) throws {
        if unlink(path) != 0 && errno != ENOENT { throw MailStoreError.system(errno, .unlink, path) }
    }

    static func truncateFile(_ fd: Int32, to length: Int64, path: String) throws {
        while ftruncate(fd, off_t(length)) != 0 {
            if errno != EINTR { throw MailStoreError.system(errno, .truncate, path) }
        }
    }

    static func fileLength(_ fd: Int32, path: String) throws -> Int64 {
        var info = stat()
        if fstat(fd, &info) != 0 { throw MailStoreError.system(errno, .stat, path) }
        return Int64(info.st_size)
    }

    /// Creates a directory with mode 0700; an existing directory is fine.
    static func makeDirectory(_ path: String) throws {
        if mkdir(path, 0o700) == 0 { return }
        let code = errno
        var info = stat()
        if code == EEXIST && stat(path, &info) == 0 && (info.st_mode & S_IFMT) == S_IFDIR { return }
        throw MailStoreError.system(code, .createDirectory, path)
    }

    /// Creates `path` and its missing parents, each with mode 0700.
    static func makeDirectories(_ path: String) throws {
        var info = stat()
        if stat(path, &info) == 0 && (info.st_mode & S_IFMT) == S_IFDIR { return }
        let parent = String(path[..<(path.lastIndex(of: "/") ?? path.startIndex)])
        if !parent.isEmpty && parent != path { try makeDirectories(parent) }
        try makeDirectory(path)
    }

    /// Names of the regular files directly inside `path`.
    static func regularFiles(in path: String) throws -> [String] {
        try entries(in: path).filter { name in
            var info = stat()
            return lstat(path + "/" + name, &info) == 0 && (info.st_mode & S_IFMT) == S_IFREG
        }
    }

    /// Names of everything directly inside `path`, without `.` and `..`.
    static func entries(in path: String) throws -> [String] {
        guard let directory = opendir(path) else { throw MailStoreError.system(errno, .list, path) }
        defer { closedir(directory) }
        var names: [String] = []
        while let entry = readdir(directory) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                String(cString: raw.baseAddress!.assumingMemoryBound(to: CChar.self))
            }
            if name != "." && name != ".." { names.append(name) }
        }
        return names
    }
}

extension SystemCalls {
    /// Reads up to `buffer.count` bytes at `offset` (retrying `EINTR`); throws on an error or when
    /// the file ends before the first byte.
    static func readAt(_ fd: Int32, into buffer: UnsafeMutableRawBufferPointer, offset: Int64, path: String) throws
        -> Int
    {
        while true {
            let got = pread(fd, buffer.baseAddress, buffer.count, off_t(offset))
            if got > 0 { return got }
            if got < 0 && errno == EINTR { continue }
            throw MailStoreError.system(got < 0 ? errno : EIO, .read, path)
        }
    }
}
