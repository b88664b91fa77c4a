import ArgumentParser
import ArchiveConfig
import Foundation
import Logging

/// Options every command that reads the config shares.
struct ConfigOptions: ParsableArguments {
    @Option(name: .long, help: "Config file (default: $XDG_CONFIG_HOME/popvault/config.toml).")
    var config: String?

    /// Loads and validates the config; errors name the file, the account and the key.
    func load() throws -> PopvaultConfig {
        let path = config ?? PopvaultConfig.defaultPath(environment: ProcessInfo.processInfo.environment)
        return try PopvaultConfig.load(path: path)
    }
}

/// How much a command prints.
struct OutputOptions: ParsableArguments {
    @Flag(name: .long, help: "Print nothing but errors (for cron).")
    var quiet = false

    @Option(name: .long, help: "Write a machine-readable summary instead of text: json.")
    var report: ReportFormat?

    @Flag(
        name: [.short, .long],
        help: ArgumentHelp(
            "Log to stderr: -v the protocol steps, -vv every command and the server's replies "
                + "(never secrets or message bodies)."))
    var verbose: Int

    /// The logger for sessions: warnings only by default, more with -v.
    func logger(label: String) -> Logger {
        var logger = Logger(label: label) { StreamLogHandler.standardError(label: $0) }
        logger.logLevel = switch verbose {
        case 0: .warning
        case 1: .debug
        default: .trace
        }
        return logger
    }
}

enum ReportFormat: String, ExpressibleByArgument {
    case json
}
