import MIME

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The output directory of an extraction and its subdirectories, reached only through directory file
/// descriptors (`openat` with `O_NOFOLLOW`), so that a symlink planted inside it cannot lead a write
/// outside. Each subdirectory has a `FilenameAllocator` seeded with the names already there: nothing
/// existing is ever overwritten, and a new name never differs from an existing one only by case or
/// normalisation.
final class OutputTree {
    /// One directory under the root ("" is the root itself).
    final class Directory {
        let relative: String
        let fd: Int32
        var allocator: FilenameAllocator

        init(relative: String, fd: Int32, allocator: FilenameAllocator) {
            self.relative = relative
            self.fd = fd
            self.allocator = allocator
        }

        /// The path of `name` relative to the root.
        func path(of name: String) -> String { relative.isEmpty ? name : "\(relative)/\(name)" }
    }

    let root: String
    let policy: FilenamePolicy
    private let rootFD: Int32
    private var directories: [String: Directory] = [:]
    private var temporaryCounter = 0
    private let pid = getpid()

    /// Opens `root`, creating it (and missing parents) with mode 0700.
    init(root: String, policy: FilenamePolicy) throws {
        self.root = root
        self.policy = policy
        try Self.makeDirectories(root)
        rootFD = open(root, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard rootFD >= 0 else { throw ExtractError.output(path: root, operation: "open", errno: errno) }
    }

    deinit {
        for directory in directories.values where directory.fd != rootFD { close(directory.fd) }
        close(rootFD)
    }

    /// The directory `relative` (one generated path component such as `2024-03`, or "" for the root),
    /// created with mode 0700 when missing.
    func directory(_ relative: String) throws -> Directory {
        if let known = directories[relative] { return known }
        precondition(!relative.contains("/") && relative != "." && relative != "..", "not one component")
        let fd: Int32
        if relative.isEmpty {
            fd = rootFD
        } else {
            if mkdirat(rootFD, relative, 0o700) != 0 && errno != EEXIST {
                throw ExtractError.output(path: "\(root)/\(relative)", operation: "mkdir", errno: errno)
            }
            fd = openat(rootFD, relative, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC)
            guard fd >= 0 else {
                throw ExtractError.output(path: "\(root)/\(relative)", operation: "open", errno: errno)
            }
        }
        let existing = try Self.entries(of: fd, path: relative.isEmpty ? root : "\(root)/\(relative)")
        let directory = Directory(
            relative: relative, fd: fd, allocator: FilenameAllocator(policy: policy, existing: existing))
        directories[relative] = directory
        return directory
    }

    /// Creates a new hidden temporary file (mode 0600) in `directory`. Temporary names start with a
    /// dot, which no safe name does, so they never collide with an output file.
    func createTemporary(in directory: Directory) throws -> (fd: Int32, name: String) {
        while true {
            temporaryCounter += 1
            let name = ".popvault-extract-\(pid)-\(temporaryCounter).tmp"
            let fd = openat(directory.fd, name, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0o600)
            if fd >= 0 { return (fd, name) }
            if errno != EEXIST {
                let path = "\(root)/\(directory.path(of: name))"
                throw ExtractError.output(path: path, operation: "create", errno: errno)
            }
        }
    }

    /// Gives the finished temporary file its final name: the first free variant of `safeName`.
    /// `linkat` fails rather than replace an existing file, so nothing is ever overwritten, even by a
    /// race with another process. Returns the final name.
    func place(temporary: String, in directory: Directory, as safeName: String) throws -> String {
        precondition(policy.isSafe(safeName), "unsafe output name")
        while true {
            let name = directory.allocator.claim(safeName)
            if linkat(directory.fd, temporary, directory.fd, name, 0) == 0 {
                unlinkat(directory.fd, temporary, 0)
                return name
            }
            let code = errno
            if code == EEXIST { continue }  // created behind our back; claim() already marked it taken
            if code == EPERM || code == ENOTSUP || code == EOPNOTSUPP || code == EMLINK || code == ENOSYS {
                return try rename(temporary: temporary, in: directory, to: name)
            }
            throw ExtractError.output(path: "\(root)/\(directory.path(of: name))", operation: "link", errno: code)
        }
    }

    /// For file systems without hard links: check, then rename (a tiny race window remains).
    private func rename(temporary: String, in directory: Directory, to name: String) throws -> String {
        var info = stat()
        var target = name
        while fstatat(directory.fd, target, &info, AT_SYMLINK_NOFOLLOW) == 0 {
            target = directory.allocator.claim(name)
        }
        guard renameat(directory.fd, temporary, directory.fd, target) == 0 else {
            throw ExtractError.output(path: "\(root)/\(directory.path(of: target))", operation: "rename", errno: errno)
        }
        return target
    }

    /// Makes `safeName` in `directory` a hard link to `existing` (a name in `source`). Returns the
    /// name, or nil when the file system cannot link (the caller then keeps its own copy).
    func link(_ existing: String, in source: Directory, into directory: Directory, as safeName: String) throws
        -> String?
    {
        while true {
            let name = directory.allocator.claim(safeName)
            if linkat(source.fd, existing, directory.fd, name, 0) == 0 { return name }
            let code = errno
            if code == EEXIST { continue }
            if code == EPERM || code == ENOTSUP || code == EOPNOTSUPP || code == EMLINK || code == ENOSYS {
                return nil
            }
            throw ExtractError.output(path: "\(root)/\(directory.path(of: name))", operation: "link", errno: code)
        }
    }

    func remove(temporary: String, in directory: Directory) {
        unlinkat(directory.fd, temporary, 0)
    }

    /// `fsync`s every directory written to, so the names made are durable.
    func syncDirectories() throws {
        for directory in directories.values where fsync(directory.fd) != 0 {
            throw ExtractError.output(path: "\(root)/\(directory.relative)", operation: "fsync", errno: errno)
        }
    }
}
