import Crypto
import NIOCore
import NIOSSL

/// A SASL exchange in progress (RFC 5034): which mechanism and which step.
enum SASLExchange {
    case plain
    case loginUser
    case loginPassword(user: String)
    case cramMD5(challenge: String)
    case xoauth2
}

extension ServerConnection {
    func authorization(_ context: ChannelHandlerContext, verb: String, arguments: [String]) {
        switch verb {
        case "USER" where configuration.userPass:
            state = .authorization(user: arguments.joined(separator: " "))
            send(context, "+OK")
        case "PASS" where configuration.userPass:
            guard case .authorization(let user?) = state else {
                send(context, "-ERR USER first")
                return
            }
            check(context, user: user, accepted: arguments.joined(separator: " ") == configuration.password)
        case "APOP" where configuration.apop && arguments.count == 2:
            let secret = configuration.apopSecret ?? configuration.password
            let expected = hex(Insecure.MD5.hash(data: Array((apopTimestamp + secret).utf8)))
            check(context, user: arguments[0], accepted: arguments[1].lowercased() == expected)
        case "AUTH":
            startSASL(context, arguments: arguments)
        case "STLS" where configuration.startTLS != nil && !tlsActive:
            startTLS(context)
        case "UTF8" where configuration.utf8Notice:
            utf8Mode = true
            send(context, "+OK UTF8 enabled")
        default:
            send(context, "-ERR command not available")
        }
    }

    private func check(_ context: ChannelHandlerContext, user: String, accepted: Bool) {
        if accepted && user == configuration.user {
            enterTransaction(context)
        } else {
            state = .authorization(user: nil)
            send(context, "-ERR [AUTH] authentication failed")
            if mailbox.faults.contains(.closeAfterFailedLogin) { context.close(promise: nil) }
        }
    }

    private func startTLS(_ context: ChannelHandlerContext) {
        guard let tlsContext else {
            send(context, "-ERR no TLS")
            return
        }
        var reply = "+OK begin TLS negotiation\r\n"
        if mailbox.faults.contains(.injectAfterSTLS) { reply += "+OK injected before the handshake\r\n" }
        var buffer = context.channel.allocator.buffer(capacity: reply.utf8.count)
        buffer.writeString(reply)
        context.writeAndFlush(wrapOutboundOut(buffer), promise: nil)
        tlsActive = true
        let handler = NIOSSLServerHandler(context: tlsContext)
        try? context.pipeline.syncOperations.addHandler(handler, position: .first)
    }

    private func startSASL(_ context: ChannelHandlerContext, arguments: [String]) {
        let mechanism = arguments.first?.uppercased() ?? ""
        guard configuration.saslMechanisms.contains(mechanism) else {
            send(context, "-ERR unsupported mechanism")
            return
        }
        let initial = arguments.count > 1 ? arguments[1] : nil
        switch mechanism {
        case "PLAIN":
            if let initial { continueSASL(context, .plain, line: initial) } else { challenge(context, .plain, "") }
        case "LOGIN":
            challenge(context, .loginUser, "Username:")
        case "CRAM-MD5":
            let stamp = "<\(session).\(UInt32.random(in: 1...UInt32.max))@popvault.test>"
            challenge(context, .cramMD5(challenge: stamp), stamp)
        case "XOAUTH2":
            if let initial { continueSASL(context, .xoauth2, line: initial) } else { challenge(context, .xoauth2, "") }
        default:
            send(context, "-ERR unsupported mechanism")
        }
    }

    private func challenge(_ context: ChannelHandlerContext, _ exchange: SASLExchange, _ text: String) {
        state = .sasl(exchange)
        send(context, "+ " + base64(Array(text.utf8)))
    }

    func continueSASL(_ context: ChannelHandlerContext, _ exchange: SASLExchange, line: String) {
        state = .authorization(user: nil)
        if line == "*" {
            send(context, "-ERR authentication cancelled")
            return
        }
        guard let decoded = decodeBase64(line) else {
            send(context, "-ERR invalid base64")
            return
        }
        let text = String(decoding: decoded, as: UTF8.self)
        switch exchange {
        case .plain:
            let parts = decoded.split(separator: 0, omittingEmptySubsequences: false).map {
                String(decoding: $0, as: UTF8.self)
            }
            let valid = parts.count == 3 && parts[2] == configuration.password
            check(context, user: parts.count == 3 ? parts[1] : "", accepted: valid)
        case .loginUser:
            challenge(context, .loginPassword(user: text), "Password:")
        case .loginPassword(let user):
            check(context, user: user, accepted: text == configuration.password)
        case .cramMD5(let stamp):
            let key = SymmetricKey(data: Array(configuration.password.utf8))
            let mac = hex(HMAC<Insecure.MD5>.authenticationCode(for: Array(stamp.utf8), using: key))
            let parts = text.split(separator: " ").map(String.init)
            check(context, user: parts.first ?? "", accepted: parts.count == 2 && parts[1] == mac)
        case .xoauth2:
            // user=<user>^Aauth=Bearer <token>^A^A
            let fields = text.split(separator: "\u{1}").map(String.init)
            let user = fields.first { $0.hasPrefix("user=") }.map { String($0.dropFirst(5)) } ?? ""
            let token = fields.first { $0.hasPrefix("auth=Bearer ") }.map { String($0.dropFirst(12)) }
            check(context, user: user, accepted: token == configuration.password)
        }
    }
}

/// Lower-case hex of a digest.
func hex<D: Sequence>(_ digest: D) -> String where D.Element == UInt8 {
    let digits = Array("0123456789abcdef".utf8)
    var out: [UInt8] = []
    for byte in digest { out += [digits[Int(byte >> 4)], digits[Int(byte & 0x0f)]] }
    return String(decoding: out, as: UTF8.self)
}
