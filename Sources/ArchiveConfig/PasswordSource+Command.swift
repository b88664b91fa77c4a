import Foundation

extension PasswordSource {
    /// Runs `command` with `/bin/sh -c`, stdin and stderr inherited (so `pass`/`gpg` can ask for a
    /// passphrase), stdout captured. Its output never appears in an error.
    static func runCommand(_ command: String, account: String) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/sh")
        process.arguments = ["-c", command]
        let output = Pipe()
        process.standardOutput = output
        do {
            try process.run()
        } catch {
            throw PasswordError(account: account, source: "password_command", message: "cannot run /bin/sh: \(error)")
        }
        // Drain stdout to EOF (keeping at most `maximumBytes`) before waiting, so the child never blocks.
        var captured: [UInt8] = []
        let reader = output.fileHandleForReading
        while true {
            let chunk = reader.availableData
            if chunk.isEmpty { break }
            if captured.count < maximumBytes { captured += chunk.prefix(maximumBytes - captured.count) }
        }
        process.waitUntilExit()
        guard process.terminationReason == .exit else {
            throw PasswordError(account: account, source: "password_command",
                                message: "killed by signal \(process.terminationStatus)")
        }
        guard process.terminationStatus == 0 else {
            throw PasswordError(account: account, source: "password_command",
                                message: "exited with status \(process.terminationStatus)")
        }
        let password = firstLine(captured)
        guard !password.isEmpty else {
            throw PasswordError(account: account, source: "password_command", message: "printed no password")
        }
        return password
    }
}
