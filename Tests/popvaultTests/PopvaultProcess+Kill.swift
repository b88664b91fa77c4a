import Foundation

extension PopvaultProcess {
    /// Starts the binary and kills it with SIGKILL after `delay` seconds if it is still running.
    /// Returns whether it was killed (false: it finished first).
    @discardableResult
    static func runAndKill(_ arguments: [String], after delay: TimeInterval, environment extra: [String: String] = [:])
        throws -> Bool
    {
        let deadline = Date().addingTimeInterval(delay)
        return try runAndKill(arguments, when: { Date() >= deadline }, environment: extra)
    }

    /// Starts the binary and kills it with SIGKILL as soon as `reached` returns true (polled every
    /// 2 ms), so that the kill lands at a point of the work rather than of the clock, however fast
    /// the machine is. Returns whether it was killed (false: it finished first).
    @discardableResult
    static func runAndKill(
        _ arguments: [String], when reached: () -> Bool, environment extra: [String: String] = [:]
    ) throws -> Bool {
        let process = try start(arguments, environment: extra)
        while process.isRunning, !reached() {
            usleep(2_000)
        }
        guard process.isRunning else { return false }
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
        return true
    }

    /// The bytes of a file, or of all regular files under a directory (0 when nothing is there yet).
    static func bytes(under path: String) -> Int {
        let manager = FileManager.default
        var isDirectory: ObjCBool = false
        guard manager.fileExists(atPath: path, isDirectory: &isDirectory) else { return 0 }
        guard isDirectory.boolValue else {
            return ((try? manager.attributesOfItem(atPath: path))?[.size] as? NSNumber)?.intValue ?? 0
        }
        guard let names = manager.enumerator(atPath: path) else { return 0 }
        var total = 0
        for case let name as String in names {
            let attributes = try? manager.attributesOfItem(atPath: path + "/" + name)
            if attributes?[.type] as? FileAttributeType == .typeRegular {
                total += (attributes?[.size] as? NSNumber)?.intValue ?? 0
            }
        }
        return total
    }
}
