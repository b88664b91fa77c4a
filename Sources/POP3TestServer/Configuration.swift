import NIOCore

extension POP3TestServer {
    /// One message served by the test server.
    public struct Message: Sendable, Equatable {
        /// The message as stored (any line ends; the server converts to CRLF and dot-stuffs on the wire).
        public var bytes: [UInt8]
        /// The unique id reported by UIDL.
        public var uid: String

        public init(_ bytes: [UInt8], uid: String) {
            self.bytes = bytes
            self.uid = uid
        }

        public init(_ text: String, uid: String) {
            self.init(Array(text.utf8), uid: uid)
        }
    }

    /// A certificate chain and private key in PEM files, used for STLS and implicit TLS.
    public struct TLSIdentity: Sendable {
        public var certificatePath: String
        public var privateKeyPath: String

        public init(certificatePath: String, privateKeyPath: String) {
            self.certificatePath = certificatePath
            self.privateKeyPath = privateKeyPath
        }
    }

    /// Selects which command a fault applies to: a verb (`"RETR"`) and optionally its first argument (`"RETR 2"`).
    public struct CommandMatch: Sendable, Hashable, CustomStringConvertible {
        public var verb: String
        public var argument: String?

        public init(_ verb: String, _ argument: String? = nil) {
            self.verb = verb.uppercased()
            self.argument = argument
        }

        func matches(verb: String, arguments: [String]) -> Bool {
            guard verb == self.verb else { return false }
            guard let argument else { return true }
            return arguments.first == argument
        }

        public var description: String { argument.map { "\(verb) \($0)" } ?? verb }
    }

    /// A scripted misbehaviour.
    public enum Fault: Sendable, Hashable {
        /// Close the connection after `afterBytes` bytes of the body of `RETR message`.
        case closeDuringRetrieve(message: Int, afterBytes: Int)
        /// Never answer the matching command (nor anything after it).
        case stall(CommandMatch)
        /// Answer the matching command with this `-ERR` text (e.g. `"[SYS/TEMP] try later"`).
        case error(CommandMatch, text: String)
        /// Report `delta` octets too many (or too few) for `message` in LIST.
        case wrongListSize(message: Int, delta: Int)
        /// Report exactly `size` octets for `message` in LIST (an absurd `999999999999999999`, say).
        case listedSize(message: Int, size: Int)
        /// Add these lines to the listing that answers the matching UIDL or LIST without an argument, after
        /// the true ones: a message number listed again (`1 uid-b`), a message the other listing lacks.
        case extraListingLines(CommandMatch, lines: [String])
        /// Send a plaintext `+OK` right behind the STLS `+OK`, in the same write (a STARTTLS injection).
        case injectAfterSTLS
        /// Answer the matching command with these raw bytes instead of a valid reply.
        case garbage(CommandMatch, reply: [UInt8])
        /// Send `line` once more right behind the body of `RETR message`: a response to a command never
        /// sent, which shifts every later response by one.
        case extraResponseAfterRetrieve(message: Int, line: String)
        /// Answer every RETR with the body of `message` (LIST, UIDL and TOP stay honest).
        case sameMessageForEveryRetrieve(message: Int)
        /// Close the connection once a session has sent this many bytes (greeting included), even inside a line.
        case dropAfterSessionBytes(Int)
        /// Do not offer TOP: CAPA leaves it out and the command gets `-ERR`.
        case withoutTop
        /// Send the body of `RETR message` `bytes` at a time, one write every `every` (a server that drips,
        /// or one that is slow but steady). Answers to commands pipelined behind it are not held back: use it
        /// for the last message retrieved, or without PIPELINING.
        case drip(message: Int, bytes: Int, every: TimeAmount)
        /// Close the connection right after a `-ERR` to a login attempt (as some servers do).
        case closeAfterFailedLogin
        /// Send these raw bytes instead of the greeting (e.g. a TLS alert record, as from an implicit-TLS port).
        case rawGreeting([UInt8])
    }

    /// What the server offers and how it misbehaves.
    public struct Configuration: Sendable {
        public var messages: [Message]
        /// Accepted user name and password.
        public var user: String
        public var password: String
        /// Advertise and accept PIPELINING (the server always processes commands in order either way).
        public var pipelining: Bool
        /// Include an APOP timestamp in the greeting and accept APOP.
        public var apop: Bool
        /// The secret APOP checks, when it differs from `password` (solid-pop3d keeps a separate one).
        public var apopSecret: String?
        /// Answer CAPA; false behaves like an RFC 1939-only server (popa3d), answering it `-ERR`.
        public var capa: Bool
        /// Behave like Courier with the UTF8 capability (RFC 6856): advertise `UTF8 USER` and, unless the
        /// client sent `UTF8`, serve a generated "Cannot display Unicode content" notice in place of a
        /// message whose header holds 8-bit bytes (LIST reports the size of what RETR serves).
        public var utf8Notice: Bool
        /// Accept USER/PASS (advertised as the USER capability).
        public var userPass: Bool
        /// SASL mechanisms offered (any of PLAIN, LOGIN, CRAM-MD5, XOAUTH2). XOAUTH2 accepts `password` as the token.
        public var saslMechanisms: [String]
        /// Advertise UIDL and answer it; when false, UIDL gets `-ERR`.
        public var uidl: Bool
        /// Offer STLS with this identity.
        public var startTLS: TLSIdentity?
        /// Speak TLS from the first byte with this identity.
        public var implicitTLS: TLSIdentity?
        public var faults: [Fault]
        /// Size of the writes the server uses for a RETR body.
        public var chunkSize: Int

        public init(
            messages: [Message] = [],
            user: String = "user",
            password: String = "secret",
            pipelining: Bool = true,
            apop: Bool = false,
            apopSecret: String? = nil,
            capa: Bool = true,
            utf8Notice: Bool = false,
            userPass: Bool = true,
            saslMechanisms: [String] = ["PLAIN"],
            uidl: Bool = true,
            startTLS: TLSIdentity? = nil,
            implicitTLS: TLSIdentity? = nil,
            faults: [Fault] = [],
            chunkSize: Int = 16 * 1024
        ) {
            self.messages = messages
            self.user = user
            self.password = password
            self.pipelining = pipelining
            self.apop = apop
            self.apopSecret = apopSecret
            self.capa = capa
            self.utf8Notice = utf8Notice
            self.userPass = userPass
            self.saslMechanisms = saslMechanisms
            self.uidl = uidl
            self.startTLS = startTLS
            self.implicitTLS = implicitTLS
            self.faults = faults
            self.chunkSize = chunkSize
        }
    }
}
