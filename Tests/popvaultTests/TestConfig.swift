import Foundation

struct TestConfig {
    struct Account {
        var name: String
        var format: String
        var path: String
        var delete = "never"
        var rotate = "none"
        var protocolName = "pop3"
        var auth = "auto"
    }

    static let passwordVariable = "POPVAULT_TEST_PASSWORD"

    /// A config of one POP3 account `work` (user `demo`) against the in-process test server on `port`, with its
    /// archive at `root`, its password from `variable`; `extra` lines end the account.
    static func writeTestServerAccount(
        root: String, port: Int, variable: String, extra: String = "", to path: String
    ) throws {
        try """
            [archive]
            root = "\(root)"

            [[account]]
            name = "work"
            host = "127.0.0.1"
            port = \(port)
            tls = "none"
            user = "demo"
            password_env = "\(variable)"
            \(extra)
            """.write(toFile: path, atomically: true, encoding: .utf8)
    }

    static func write(root: String, host: String, port: Int, user: String, accounts: [Account], to path: String) throws {
        var text = "[archive]\nroot = \"\(root)\"\n"
        for account in accounts {
            text += """

                [[account]]
                name = "\(account.name)"
                protocol = "\(account.protocolName)"
                host = "\(host)"
                port = \(port)
                tls = "none"
                user = "\(user)"
                password_env = "\(passwordVariable)"
                format = "\(account.format)"
                path = "\(account.path)"
                delete = "\(account.delete)"
                auth = "\(account.auth)"
                \(account.format == "mbox" ? "rotate = \"\(account.rotate)\"" : "")

                """
        }
        try text.write(toFile: path, atomically: true, encoding: .utf8)
    }
}
