import ArgumentParser
import CProcessSafety
import Foundation

@main
struct Popvault: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "popvault",
        abstract: "Archive POP3 mail incrementally into Maildir or mbox, safely and fast; extract attachments.",
        version: "0.1.0",
        subcommands: [
            Fetch.self, Status.self, Extract.self, Export.self, Verify.self, Rotate.self, ImportState.self, Probe.self,
            Demo.self,
        ]
    )

    /// ArgumentParser's entry point, after the process is made to leave no core dump: before any password is
    /// read (a core holds every copy of it), and for every command alike. A failure is a warning: popvault
    /// runs on, as it did before.
    static func main() async {
        let failure = popvault_disable_core_dumps()
        if failure != 0 {
            FileHandle.standardError.write(
                Data("popvault: warning: cannot disable core dumps: \(String(cString: strerror(failure)))\n".utf8))
        }
        do {
            var command = try parseAsRoot()
            if var command = command as? any AsyncParsableCommand {
                try await command.run()
            } else {
                try command.run()
            }
        } catch {
            exit(withError: error)
        }
    }
}
