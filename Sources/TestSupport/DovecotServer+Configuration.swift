import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

extension DovecotServer {
    func writeConfiguration() throws {
        let base = directory.path
        for sub in ["run", "state", "home"] {
            try FileManager.default.createDirectory(atPath: base + "/" + sub, withIntermediateDirectories: true)
        }
        let passwd = users.sorted { $0.key < $1.key }.map { "\($0.key):{PLAIN}\($0.value)\n" }.joined()
        try passwd.write(toFile: base + "/passwd", atomically: true, encoding: .utf8)
        chmod(base + "/passwd", 0o644)
        for user in users.keys {
            let home = base + "/home/" + user
            for folder in ["", "/Maildir", "/Maildir/new", "/Maildir/cur", "/Maildir/tmp"] {
                try FileManager.default.createDirectory(atPath: home + folder, withIntermediateDirectories: true)
                chown(home + folder, mailOwner.uid, mailOwner.gid)
                chmod(home + folder, 0o700)
            }
        }
        chown(base + "/home", mailOwner.uid, mailOwner.gid)
        try configurationText().write(toFile: configPath, atomically: true, encoding: .utf8)
    }

    /// As root the login and auth processes use Dovecot's own unprivileged users and mail belongs to
    /// `nobody`; as another user everything runs as that user, without chroot.
    private func configurationText() -> String {
        let base = directory.path
        let unprivileged: String
        if getuid() == 0 {
            unprivileged = "first_valid_uid = 1\n"
        } else {
            let name = String(cString: getpwuid(getuid()).pointee.pw_name)
            unprivileged = """
                default_internal_user = \(name)
                default_login_user = \(name)
                first_valid_uid = \(getuid())
                service anvil {
                  chroot =
                }
                service pop3-login {
                  chroot =
                }
                service imap-login {
                  chroot =
                }

                """
        }
        return """
            base_dir = \(base)/run
            state_dir = \(base)/state
            log_path = \(base)/dovecot.log
            info_log_path = \(base)/dovecot.log
            protocols = pop3 imap
            listen = 127.0.0.1
            ssl = yes
            ssl_cert = <\(certificate.certificatePath)
            ssl_key = <\(certificate.privateKeyPath)
            ssl_min_protocol = TLSv1.2
            disable_plaintext_auth = no
            auth_mechanisms = plain login cram-md5 apop
            mail_location = maildir:~/Maildir
            pop3_uidl_format = %08Xu%08Xv
            \(unprivileged)
            passdb {
              driver = passwd-file
              args = scheme=PLAIN username_format=%u \(base)/passwd
            }
            userdb {
              driver = static
              args = uid=\(mailOwner.uid) gid=\(mailOwner.gid) home=\(base)/home/%u
            }
            service pop3-login {
              inet_listener pop3 {
                port = \(pop3Port)
              }
              inet_listener pop3s {
                port = \(pop3sPort)
                ssl = yes
              }
            }
            service imap-login {
              inet_listener imap {
                port = \(imapPort)
              }
              inet_listener imaps {
                port = \(imapsPort)
                ssl = yes
              }
            }

            """
    }
}

/// A TCP port on 127.0.0.1 that was free a moment ago (bound to port 0, then released).
public func freeLoopbackPort() throws -> Int {
    try freeLoopbackPorts(1)[0]
}

/// `count` distinct free loopback ports: every socket stays bound until all are chosen, so the kernel cannot
/// hand out one port twice (a Dovecot given two equal ports fails with "duplicate listener").
public func freeLoopbackPorts(_ count: Int) throws -> [Int] {
    var sockets: [Int32] = []
    defer { sockets.forEach { close($0) } }
    return try (0..<count).map { _ in
        let socketFD = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard socketFD >= 0 else { throw POSIXError(.EMFILE) }
        sockets.append(socketFD)
        var address = loopbackAddress(port: 0)
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                bind(socketFD, $0, length) == 0 && getsockname(socketFD, $0, &length) == 0
            }
        }
        guard bound else { throw POSIXError(POSIXErrorCode(rawValue: errno) ?? .EADDRINUSE) }
        return Int(UInt16(bigEndian: address.sin_port))
    }
}

/// True when something accepts TCP connections on 127.0.0.1:`port`.
func isListening(_ port: Int) -> Bool {
    let socketFD = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
    guard socketFD >= 0 else { return false }
    defer { close(socketFD) }
    var address = loopbackAddress(port: port)
    return withUnsafeMutablePointer(to: &address) {
        $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
            connect(socketFD, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) == 0
        }
    }
}

private func loopbackAddress(port: Int) -> sockaddr_in {
    var address = sockaddr_in()
    address.sin_family = sa_family_t(AF_INET)
    address.sin_port = UInt16(port).bigEndian
    address.sin_addr.s_addr = UInt32(0x7f00_0001).bigEndian
    return address
}
