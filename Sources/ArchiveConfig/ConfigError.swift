/// A configuration problem, naming the file, the account and the key, and what is wrong:
/// `config.toml: account "work": key "tls": expected "implicit", "starttls" or "none", got "ssl"`.
public struct ConfigError: Error, CustomStringConvertible, Sendable, Equatable {
    /// The configuration file, as given.
    public var file: String
    /// The account's name (or `#n` when it has none yet); `nil` outside `[[account]]`.
    public var account: String?
    /// The table the key belongs to when not an account (`archive`), or `nil`.
    public var table: String?
    /// The offending key, if the problem is one key.
    public var key: String?
    /// Line and column of a TOML syntax error.
    public var line: Int?
    /// Column of a TOML syntax error.
    public var column: Int?
    /// What is wrong.
    public var message: String

    /// Creates an error.
    public init(
        file: String, account: String? = nil, table: String? = nil, key: String? = nil,
        line: Int? = nil, column: Int? = nil, message: String
    ) {
        self.file = file
        self.account = account
        self.table = table
        self.key = key
        self.line = line
        self.column = column
        self.message = message
    }

    /// `file[:line:column]: [account "name": ][[table]: ][key "key": ]message`.
    public var description: String {
        var text = file
        if let line {
            text += ":\(line)"
            if let column { text += ":\(column)" }
        }
        text += ": "
        if let account { text += account.hasPrefix("#") ? "account \(account): " : "account \"\(account)\": " }
        if let table { text += "[\(table)]: " }
        if let key { text += "key \"\(key)\": " }
        return text + message
    }
}
