import NIOCore
import POP3Wire
import ParserTestSupport
import XCTest

/// ``POP3Listing`` reading UIDL and LIST answers as the session does (each line event into the listing),
/// in every split: a repeated message number and an absurd size fail on their line, whatever the chunking.
final class ListingCheckTests: XCTestCase {
    func testUIDLListings() {
        let fixtures: [WireFixture<ListingReader<POP3UIDLEntry>>] = [
            listingFixture(POP3UIDLEntry.self, "+OK\r\n1 uid-a\r\n2 uid-b\r\n.\r\n",
                           [.ok(), .line("1 uid-a"), .line("2 uid-b"), .end]),
            listingFixture(POP3UIDLEntry.self, "+OK\r\n2 uid-b\r\n1 uid-a\r\n3 uid-c\r\n.\r\n",
                           [.ok(), .line("2 uid-b"), .line("1 uid-a"), .line("3 uid-c"), .end]),
            listingFixture(POP3UIDLEntry.self, "+OK\r\n1 uid-a\r\n1 uid-b\r\n.\r\n", [.ok(), .line("1 uid-a")],
                           .failure(.repeatedMessageNumber(1))),
            listingFixture(POP3UIDLEntry.self, "+OK\r\n2 uid-b\r\n1 uid-a\r\n2 uid-c\r\n.\r\n",
                           [.ok(), .line("2 uid-b"), .line("1 uid-a")], .failure(.repeatedMessageNumber(2))),
            listingFixture(POP3UIDLEntry.self, "+OK\n1 uid-a\n01 uid-b\n.\n", [.ok(), .line("1 uid-a")],
                           .failure(.repeatedMessageNumber(1))),
            listingFixture(POP3UIDLEntry.self, "+OK\r\n1 uid-a\r\n1 uid-a\r\n.\r\n", [.ok(), .line("1 uid-a")],
                           .failure(.repeatedMessageNumber(1))),
        ]
        verify(fixtures)
    }

    func testLISTListings() {
        let limit = POP3ResponseParser.Options(maximumListedSize: 1000)
        let fixtures: [WireFixture<ListingReader<POP3ListEntry>>] = [
            listingFixture(POP3ListEntry.self, "+OK 2 messages\r\n1 120\r\n2 1000\r\n.\r\n",
                           [.ok("2 messages"), .line("1 120"), .line("2 1000"), .end], options: limit),
            listingFixture(POP3ListEntry.self, "+OK\r\n1 120\r\n2 1001\r\n.\r\n", [.ok(), .line("1 120")],
                           .failure(.listedSizeTooLarge(actual: 1001, maximum: 1000)), options: limit),
            listingFixture(POP3ListEntry.self, "+OK\r\n1 120\r\n1 999\r\n.\r\n", [.ok(), .line("1 120")],
                           .failure(.repeatedMessageNumber(1))),
            listingFixture(POP3ListEntry.self, "+OK\r\n1 999999999999999999\r\n.\r\n", [.ok()],
                           .failure(.listedSizeTooLarge(actual: 999_999_999_999_999_999, maximum: 1 << 40))),
            listingFixture(POP3ListEntry.self, "+OK\r\n1 1099511627776\r\n.\r\n",
                           [.ok(), .line("1 1099511627776"), .end]),
        ]
        verify(fixtures)
    }

    func testErrorsQuoteTheOffendingLine() throws {
        var listing = POP3Listing<POP3UIDLEntry>()
        try listing.append(line: ByteBuffer(string: "1 uid-a"))
        XCTAssertThrowsError(try listing.append(line: ByteBuffer(string: "1 uid-b"))) { error in
            XCTAssertEqual(String(describing: error), "listing repeats message number 1: \"1 uid-b\"")
        }
        XCTAssertEqual(listing.entries, [POP3UIDLEntry(number: 1, uid: "uid-a")])
        var sizes = POP3Listing<POP3ListEntry>()
        XCTAssertThrowsError(try sizes.append(line: ByteBuffer(string: "3 99999999999999"))) { error in
            XCTAssertEqual(String(describing: error),
                           "listed message size too large: 99999999999999 octets, maximum 1099511627776: "
                           + "\"3 99999999999999\"")
        }
    }
}


/// The response parser with a ``POP3Listing`` reading its line events, as `POP3Session` reads a UIDL or LIST.
private struct ListingReader<Entry: POP3ListingEntry>: FixtureParser {
    var parser: POP3ResponseParser
    var listing: POP3Listing<Entry>

    mutating func next(_ buffer: inout ByteBuffer) throws(POP3ParseError) -> POP3ResponseEvent? {
        let event = try parser.next(&buffer)
        if case .line(let line) = event { try listing.append(line: line) }
        return event
    }

    var isIdle: Bool { parser.isIdle }
    static func kind(of error: POP3ParseError) -> POP3ParseError.Kind { error.kind }
    static func bodyChunk(in event: POP3ResponseEvent) -> ByteBuffer? { POP3ResponseParser.bodyChunk(in: event) }
    static func bodyChunkEvent(_ bytes: ByteBuffer) -> POP3ResponseEvent { .bodyChunk(bytes) }
}

private func listingFixture<Entry: POP3ListingEntry>(
    _ entry: Entry.Type, _ input: String, _ events: [POP3ResponseEvent],
    _ outcome: WireFixture<ListingReader<Entry>>.Outcome = .complete, options: POP3ResponseParser.Options = .init(),
    file: StaticString = #filePath, line: UInt = #line
) -> WireFixture<ListingReader<Entry>> {
    var parser = POP3ResponseParser(options: options)
    parser.expect(.multiLineLines)
    return WireFixture(
        parser: ListingReader(parser: parser, listing: POP3Listing(options: options)), bytes: Array(input.utf8),
        events, outcome, file: file, line: line)
}
