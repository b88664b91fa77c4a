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
