import Foundation
import TOMLKit

/// Turns the TOML text of a configuration file into a validated ``PopvaultConfig``.
struct ConfigReader {
    let file: String
    /// The directory of the file: relative paths in it are relative to this.
    let base: URL
    let home: String
    var warnings: [String] = []

    init(file: String, base: URL, home: String) {
        self.file = file
        self.base = base
        self.home = home
    }

    mutating func read(_ text: String) throws -> PopvaultConfig {
        let document: TOMLTable
        do {
            document = try TOMLTable(string: text)
        } catch let error as TOMLParseError {
            throw ConfigError(
                file: file, line: error.source.begin.line, column: error.source.begin.column,
                message: "TOML syntax error: \(error.description)")
        }
        let top = TableReader(table: document, file: file)
        try top.rejectUnknownKeys(allowed: ["archive", "account"])

        guard let archiveValue = document["archive"] else {
            throw ConfigError(file: file, message: "missing [archive] table (with root = \"~/MailArchive\")")
        }
        guard let archiveTable = archiveValue.table else {
            throw ConfigError(file: file, key: "archive", message: "expected a table, got \(describe(archiveValue))")
        }
        let archive = TableReader(table: archiveTable, file: file, tableName: "archive")
        try archive.rejectUnknownKeys(allowed: ["root"])
        let rootText = try archive.requiredString("root")
        let root: URL
        do {
            root = try resolvePath(rootText)
        } catch let invalid as InvalidValue {
            throw archive.error("root", invalid.message)
        }

        guard let accountValue = document["account"] else {
            throw ConfigError(file: file, message: "no [[account]] table: configure at least one account")
        }
        guard let accountArray = accountValue.array else {
            throw ConfigError(file: file, key: "account",
                              message: "expected [[account]] tables (double brackets), got \(describe(accountValue))")
        }
        var accounts: [AccountConfig] = []
        for (index, element) in accountArray.enumerated() {
            guard let table = element.table else {
                throw ConfigError(file: file, account: "#\(index + 1)",
                                  message: "expected a table, got \(describe(element))")
            }
            let account = try readAccount(table, number: index + 1, root: root)
            if let earlier = accounts.firstIndex(where: { $0.name == account.name }) {
                throw ConfigError(file: file, account: account.name, key: "name",
                                  message: "duplicate account name (also account #\(earlier + 1))")
            }
            let resolved = account.path.resolvingSymlinksInPath().path
            if let other = accounts.first(where: { $0.path.resolvingSymlinksInPath().path == resolved }) {
                throw ConfigError(file: file, account: account.name, key: "path",
                                  message: "\(account.path.path) is already the path of account \"\(other.name)\"")
            }
            accounts.append(account)
        }
        if accounts.isEmpty {
            throw ConfigError(file: file, message: "no [[account]] table: configure at least one account")
        }
        return PopvaultConfig(archiveRoot: root, accounts: accounts, file: file, warnings: warnings)
    }

    /// `~` and `~/…` expand to `$HOME`; other relative paths are relative to the file's directory.
    func resolvePath(_ text: String) throws -> URL {
        guard !text.isEmpty else { throw InvalidValue(message: "must not be empty") }
        var expanded = text
        if text == "~" || text.hasPrefix("~/") {
            expanded = home + text.dropFirst()
        } else if text.hasPrefix("~") {
            throw InvalidValue(message: "\"~user\" paths are not supported, got \"\(text)\"; write the full path")
        }
        let url = expanded.hasPrefix("/")
            ? URL(fileURLWithPath: expanded) : base.appendingPathComponent(expanded)
        return url.standardizedFileURL
    }
}
