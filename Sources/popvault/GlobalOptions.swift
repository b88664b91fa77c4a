import ArgumentParser
import ArchiveConfig
import Foundation

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
}

enum ReportFormat: String, ExpressibleByArgument {
    case json
}
