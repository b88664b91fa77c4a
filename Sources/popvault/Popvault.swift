import ArgumentParser

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
}
