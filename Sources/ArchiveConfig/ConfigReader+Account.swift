import Foundation
import TOMLKit

extension ConfigReader {
    static let accountKeys = [
        "name", "protocol", "host", "port", "tls", "tls_ca_file", "tls_fingerprint", "user",
        "password_command", "password_env", "password_file", "auth", "format", "path", "delete", "rotate",
        "folders", "exclude", "password_command_timeout", "min_transfer_rate", "transfer_rate_window",
    ]

    static let accountKeyHints = [
        "password": "plain-text passwords are not accepted; use password_command, password_env or password_file",
    ]

    /// Reads one `[[account]]` table (`number` counts from 1, for accounts without a valid name).
    mutating func readAccount(_ table: TOMLTable, number: Int, root: URL) throws -> AccountConfig {
        var reader = TableReader(table: table, file: file, account: "#\(number)")
        let name = try reader.requiredString("name")
        guard Self.isSafeAccountName(name) else {
            throw reader.error("name", "\"\(name)\" cannot be used as a file name: use letters, digits and "
                + "\"-\", \"_\", \".\", \"@\", \"+\", not starting with \".\" or \"-\", at most 64 characters")
        }
        reader.account = name
        try reader.rejectUnknownKeys(allowed: Self.accountKeys, hints: Self.accountKeyHints)

        let proto = try reader.choice("protocol", default: AccountConfig.MailProtocol.pop3)
        let host = try reader.requiredString("host")
        if host.contains("://") {
            throw reader.error("host", "expected a host name or address, not a URL: \"\(host)\"")
        }
        if host.unicodeScalars.contains(where: { $0.properties.isWhitespace || $0.value < 0x20 || $0 == "/" }) {
            throw reader.error("host", "expected a host name or address, got \"\(host)\"")
        }
        let tls = try reader.choice("tls", default: AccountConfig.TLSMode.implicit)
        var port = AccountConfig.defaultPort(protocol: proto, tls: tls)
        if let explicit = try reader.int("port", in: 1...65_535, what: "a port number") { port = explicit }
        let caFile = try reader.parsed("tls_ca_file", resolvePath)?.path
        let fingerprint = try reader.parsed("tls_fingerprint", TLSFingerprintGrammar.parse)
        if tls == .none, caFile != nil || fingerprint != nil {
            throw reader.error(caFile != nil ? "tls_ca_file" : "tls_fingerprint", "has no effect with tls = \"none\"")
        }
        let format = try reader.choice("format", default: AccountConfig.Format.maildir)
        let rotate = try reader.parsed("rotate", AccountConfig.RotatePolicy.parse) ?? .none
        if format == .maildir, rotate != .none {
            throw reader.error("rotate", "rotation applies to mbox only (this account has format = \"maildir\")")
        }
        if proto == .imap, rotate != .none {
            // An IMAP account writes one mbox file per folder; rotation handles the one segment of a POP3 account.
            throw reader.error("rotate", "rotation applies to POP3 mbox accounts; an IMAP account's per-folder "
                + "mbox files are not rotated")
        }
        var folders: [String] = []
        var exclude: [String] = []
        if proto == .imap {
            folders = try reader.stringArray("folders") ?? []
            exclude = try reader.stringArray("exclude") ?? []
            for (key, names) in [("folders", folders), ("exclude", exclude)] where names.contains(where: \.isEmpty) {
                throw reader.error(key, "folder names must not be empty")
            }
        } else if let key = ["folders", "exclude"].first(where: reader.has) {
            throw reader.error(key, "applies to IMAP accounts only (this account has protocol = \"pop3\")")
        }
        if tls == .none, !Self.isLoopback(host) {
            warnings.append("\(file): account \"\(name)\": tls = \"none\": the password and all mail cross the "
                + "network to \(host) in clear text")
        }
        let user = try reader.requiredString("user")
        // A CR or LF would end the USER/LOGIN command early and smuggle in another one.
        if user.unicodeScalars.contains(where: { $0.value < 0x20 || $0.value == 0x7f }) {
            throw reader.error("user", "must not contain control characters (CR, LF, NUL, …)")
        }
        return AccountConfig(
            name: name, protocol: proto, host: host, port: port, tls: tls, tlsCAFile: caFile,
            tlsFingerprint: fingerprint, user: user,
            password: try readPasswordSource(reader), auth: try reader.choice("auth", default: .auto),
            format: format, path: try readArchivePath(reader, name: name, root: root),
            delete: try reader.parsed("delete", AccountConfig.DeletePolicy.parse) ?? .never, rotate: rotate,
            folders: folders, exclude: exclude, transferRate: try readTransferRate(reader))
    }

    private func readPasswordSource(_ reader: TableReader) throws -> PasswordSource {
        let keys = ["password_command", "password_env", "password_file"].filter(reader.has)
        guard keys.count <= 1 else {
            throw reader.error(keys[1], "only one password source is allowed, and \(keys[0]) is already set")
        }
        if let command = try reader.string("password_command") {
            guard !command.trimmingCharacters(in: .whitespaces).isEmpty else {
                throw reader.error("password_command", "must not be empty")
            }
            return .command(command, timeout: try readPasswordCommandTimeout(reader))
        }
        if reader.has("password_command_timeout") {
            throw reader.error("password_command_timeout", "applies to password_command only, which is not set")
        }
        if let variable = try reader.string("password_env") {
            guard !variable.isEmpty, !variable.contains("="), !variable.contains("\0") else {
                throw reader.error("password_env", "expected an environment variable name, got \"\(variable)\"")
            }
            return .environment(variable)
        }
        if let path = try reader.parsed("password_file", resolvePath) {
            return .file(path.path)
        }
        return .prompt
    }

    /// The account's directory (Maildir) or file stem (mbox): relative to the root, staying under it.
    private func readArchivePath(_ reader: TableReader, name: String, root: URL) throws -> URL {
        let text = try reader.string("path") ?? name
        guard !text.isEmpty else { throw reader.error("path", "must not be empty") }
        guard !text.hasPrefix("/"), !text.hasPrefix("~") else {
            throw reader.error("path", "must be relative to the archive root \(root.path), got \"\(text)\"")
        }
        let components = text.split(separator: "/", omittingEmptySubsequences: true)
        guard !components.contains(".."), !components.isEmpty, !components.allSatisfy({ $0 == "." }) else {
            throw reader.error("path", "must stay under the archive root \(root.path), got \"\(text)\"")
        }
        guard !text.contains("\0") else { throw reader.error("path", "must not contain NUL") }
        let path = root.appendingPathComponent(text).standardizedFileURL
        let resolved = path.resolvingSymlinksInPath().path
        let resolvedRoot = root.resolvingSymlinksInPath().path
        for (reserved, what) in PopvaultConfig.reservedNames {
            let taken = (resolvedRoot as NSString).appendingPathComponent(reserved)
            if resolved == taken || resolved.hasPrefix(taken + "/") {
                throw reader.error("path", "\"\(text)\" resolves to \(taken), \(what); choose another path")
            }
        }
        return path
    }

    /// Letters, digits, `-_.@+`; not starting with `.` or `-`; at most 64 characters.
    static func isSafeAccountName(_ name: String) -> Bool {
        guard let first = name.unicodeScalars.first, first != ".", first != "-", name.unicodeScalars.count <= 64 else {
            return false
        }
        return name.unicodeScalars.allSatisfy { scalar in
            scalar.isASCII && (CharacterSet.alphanumerics.contains(scalar) || "-_.@+".unicodeScalars.contains(scalar))
        }
    }

    /// `localhost`, `127.0.0.0/8`, `::1`.
    static func isLoopback(_ host: String) -> Bool {
        let bare = host.hasPrefix("[") && host.hasSuffix("]") ? String(host.dropFirst().dropLast()) : host
        if bare.lowercased() == "localhost" || bare == "::1" || bare.lowercased().hasSuffix(".localhost") {
            return true
        }
        let octets = bare.split(separator: ".", omittingEmptySubsequences: false)
        return octets.count == 4 && octets[0] == "127" && octets.allSatisfy { UInt8($0) != nil }
    }
}
