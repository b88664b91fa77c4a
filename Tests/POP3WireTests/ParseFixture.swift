import NIOCore
import POP3Wire
import ParserTestSupport

/// A POP3 parser fixture: the framings queued, the server's bytes, and what must come out (see ``WireFixture``).
typealias ParseFixture = WireFixture<POP3ResponseParser>

extension POP3ResponseParser: FixtureParser {
    public typealias Event = POP3ResponseEvent
    public typealias Failure = POP3ParseError

    public static func kind(of error: POP3ParseError) -> POP3ParseError.Kind { error.kind }

    public static func bodyChunk(in event: POP3ResponseEvent) -> ByteBuffer? {
        if case .bodyChunk(let bytes) = event { return bytes }
        return nil
    }

    public static func bodyChunkEvent(_ bytes: ByteBuffer) -> POP3ResponseEvent { .bodyChunk(bytes) }
}

extension WireFixture where Parser == POP3ResponseParser {
    init(
        _ framings: [POP3Framing],
        _ input: String,
        _ events: [POP3ResponseEvent],
        _ outcome: Outcome = .complete,
        options: POP3ResponseParser.Options = .init(),
        file: StaticString = #filePath,
        line: UInt = #line
    ) {
        self.init(framings, bytes: Array(input.utf8), events, outcome, options: options, file: file, line: line)
    }

    init(
        _ framings: [POP3Framing],
        bytes: [UInt8],
        _ events: [POP3ResponseEvent],
        _ outcome: Outcome = .complete,
        options: POP3ResponseParser.Options = .init(),
        file: StaticString = #filePath,
        line: UInt = #line
    ) {
        var parser = POP3ResponseParser(options: options)
        framings.forEach { parser.expect($0) }
        self.init(parser: parser, bytes: bytes, events, outcome, file: file, line: line)
    }
}

/// Shorthands for expected events.
extension POP3ResponseEvent {
    static func ok(_ text: String = "", code: POP3ResponseCode? = nil) -> Self {
        .status(POP3StatusLine(isOK: true, code: code, text: text))
    }

    static func err(_ text: String = "", code: POP3ResponseCode? = nil) -> Self {
        .status(POP3StatusLine(isOK: false, code: code, text: text))
    }

    static func line(_ text: String) -> Self {
        .line(ByteBuffer(string: text))
    }

    static func body(_ text: String) -> Self {
        .bodyChunk(ByteBuffer(string: text))
    }
}
