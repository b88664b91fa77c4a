import Foundation

/// The whole configuration file, validated.
public struct PopvaultConfig: Sendable, Equatable {
    /// `[archive] root`, absolute, `~` expanded. The ledger lives at `<root>/popvault.sqlite`.
    public var archiveRoot: URL
    /// The accounts, in file order.
    public var accounts: [AccountConfig]
    /// The file it was read from, as given.
    public var file: String
    /// Facts worth a warning on stderr, e.g. a plaintext connection to a remote host.
    public var warnings: [String]

    /// The ledger's path inside the archive root.
    public var ledgerPath: String { archiveRoot.appendingPathComponent(Self.ledgerFileName).path }

    /// The ledger's file name (the same as `ArchiveLedger.fileName`).
    public static let ledgerFileName = "popvault.sqlite"

    /// What popvault keeps for itself directly under the archive root, with what each is: the ledger,
    /// its SQLite companion files and the directory of the account locks. No account's path may be
    /// one of them or lie inside one.
    public static let reservedNames: [(name: String, what: String)] = [
        (ledgerFileName, "the ledger"), (ledgerFileName + "-wal", "the ledger's write-ahead log"),
        (ledgerFileName + "-shm", "the ledger's shared-memory file"),
        (ledgerFileName + "-journal", "the ledger's rollback journal"), (".locks", "the directory of account locks"),
    ]

    /// The account named `name`, if any.
    public func account(named name: String) -> AccountConfig? {
        accounts.first { $0.name == name }
    }

    /// The accounts named in `names` (all of them when `names` is empty), in file order;
    /// an unknown name is a ``ConfigError`` listing the known ones (for `--account NAME…`).
    public func accounts(named names: [String]) throws -> [AccountConfig] {
        guard !names.isEmpty else { return accounts }
        if let unknown = names.first(where: { account(named: $0) == nil }) {
            throw ConfigError(
                file: file, message: "no account named \"\(unknown)\" (configured: "
                    + accounts.map { "\"\($0.name)\"" }.joined(separator: ", ") + ")")
        }
        return accounts.filter { names.contains($0.name) }
    }

    /// `$XDG_CONFIG_HOME/popvault/config.toml`, else `~/.config/popvault/config.toml`.
    /// An empty or relative `XDG_CONFIG_HOME` is ignored, as the XDG spec requires.
    public static func defaultPath(environment: [String: String] = ProcessInfo.processInfo.environment) -> String {
        if let xdg = environment["XDG_CONFIG_HOME"], xdg.hasPrefix("/") {
            return (xdg as NSString).appendingPathComponent("popvault/config.toml")
        }
        return (homeDirectory(environment) as NSString).appendingPathComponent(".config/popvault/config.toml")
    }

    /// Reads and validates the file at `path`. Relative paths inside it (`root`, `password_file`,
    /// `tls_ca_file`) are taken relative to the file's directory; `~` means `$HOME`.
    public static func load(
        path: String, environment: [String: String] = ProcessInfo.processInfo.environment
    ) throws -> PopvaultConfig {
        let data: Data
        do {
            data = try Data(contentsOf: URL(fileURLWithPath: path))
        } catch {
            let reason = (error as NSError).localizedFailureReason ?? "cannot be read"
            throw ConfigError(file: path, message: FileManager.default.fileExists(atPath: path)
                ? "cannot read the file: \(reason)" : "no such file (create it, or pass --config PATH)")
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw ConfigError(file: path, message: "not valid UTF-8")
        }
        var config = try parse(text, file: path, environment: environment)
        if let mode = (try? FileManager.default.attributesOfItem(atPath: path))?[.posixPermissions] as? NSNumber,
            mode.intValue & 0o022 != 0
        {
            let octal = String(mode.intValue & 0o777, radix: 8)
            config.warnings.insert(
                "\(path): writable by group or others (mode 0\(octal)): whoever can edit it chooses the commands "
                    + "popvault runs (password_command); run: chmod 600 \(path)", at: 0)
        }
        return config
    }

    /// Validates TOML `text` as if read from `file`.
    public static func parse(
        _ text: String, file: String, environment: [String: String] = ProcessInfo.processInfo.environment
    ) throws -> PopvaultConfig {
        let base = URL(fileURLWithPath: file).deletingLastPathComponent()
        var reader = ConfigReader(file: file, base: base, home: homeDirectory(environment))
        return try reader.read(text)
    }

    static func homeDirectory(_ environment: [String: String]) -> String {
        if let home = environment["HOME"], home.hasPrefix("/") { return home }
        return FileManager.default.homeDirectoryForCurrentUser.path
    }
}
