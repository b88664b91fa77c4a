import ArgumentParser

@main
struct Popvault: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "popvault",
        abstract: "Archive POP3 and IMAP mail incrementally, safely and fast.",
        version: "0.1.0",
        subcommands: [Extract.self]
    )
}
