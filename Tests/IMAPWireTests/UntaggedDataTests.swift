import IMAPWire
import XCTest

/// CAPABILITY, LIST, FLAGS, SEARCH, EXISTS and friends, in every split.
final class UntaggedDataTests: XCTestCase {
    func testCapability() {
        verify([
            ParseFixture(
                "* CAPABILITY IMAP4rev1 LITERAL+ SASL-IR AUTH=PLAIN\r\n",
                [.untagged(.capability(["IMAP4rev1", "LITERAL+", "SASL-IR", "AUTH=PLAIN"]))]
            ),
            ParseFixture("* capability IMAP4rev1 \r\n", [.untagged(.capability(["IMAP4rev1"]))]),
            ParseFixture("* CAPABILITY\r\n", [.untagged(.capability([]))]),
        ])
    }

    func testList() {
        func list(_ attributes: [String], _ delimiter: UInt8?, _ name: String) -> IMAPResponseEvent {
            .untagged(
                .list(
                    IMAPListEntry(
                        attributes: attributes,
                        delimiter: delimiter,
                        name: IMAPMailboxName(wire: Array(name.utf8))
                    )
                )
            )
        }
        verify([
            ParseFixture(
                "* LIST (\\HasNoChildren) \".\" INBOX\r\n",
                [list(["\\HasNoChildren"], UInt8(ascii: "."), "INBOX")]
            ),
            ParseFixture(
                "* LIST (\\Noselect \\HasChildren) \"/\" \"Public Folders\"\r\n",
                [list(["\\Noselect", "\\HasChildren"], UInt8(ascii: "/"), "Public Folders")]
            ),
            ParseFixture(
                "* LIST (\\HasNoChildren \\Sent) \".\" Sent\r\n",
                [list(["\\HasNoChildren", "\\Sent"], UInt8(ascii: "."), "Sent")]
            ),
            ParseFixture("* LIST () NIL flat\r\n", [list([], nil, "flat")]),
            ParseFixture("* LIST () \"\\\\\" \"a\\\\b\"\r\n", [list([], UInt8(ascii: "\\"), "a\\b")]),
            ParseFixture("* LIST () \".\" &UXZO1mWHTvZZOQ-\r\n", [list([], UInt8(ascii: "."), "&UXZO1mWHTvZZOQ-")]),
            // A name sent as a literal, and as a non-synchronizing literal.
            ParseFixture("* LIST () \".\" {7}\r\nA \"q\" b\r\n", [list([], UInt8(ascii: "."), "A \"q\" b")]),
            ParseFixture(
                "* LIST () \"/\" {3+}\r\nx)y\r\nA1 OK\r\n",
                [list([], UInt8(ascii: "/"), "x)y"), .tagged("A1", .ok, "")]
            ),
            ParseFixture("* LIST () \"/\" {0}\r\n\r\n", [list([], UInt8(ascii: "/"), "")]),
            // RFC 5258 extended data is skipped.
            ParseFixture(
                "* LIST (\\HasChildren) \"/\" Foo (\"CHILDINFO\" (\"SUBSCRIBED\"))\r\n",
                [list(["\\HasChildren"], UInt8(ascii: "/"), "Foo")]
            ),
            ParseFixture("* LSUB () \".\" Lists\r\n", [list([], UInt8(ascii: "."), "Lists")]),
        ])
    }

    func testMalformedList() {
        verify([
            ParseFixture("* LIST \\Noselect \".\" x\r\n", [], .failure(.malformed(expected: "("))),
            ParseFixture("* LIST () \"..\" x\r\n", [], .failure(.malformed(expected: "one-character delimiter"))),
            ParseFixture("* LIST () \".\" \"open\r\n", [], .failure(.malformed(expected: "closing quote"))),
            ParseFixture(
                "* LIST () \".\" \"a\\x\"\r\n",
                [],
                .failure(.malformed(expected: "quoted-special after backslash"))
            ),
            ParseFixture("* LIST () \".\" x y\r\n", [], .failure(.malformed(expected: "( opening the extended data"))),
        ])
    }

    func testMailboxData() {
        verify([
            ParseFixture("* 172 EXISTS\r\n", [.untagged(.exists(172))]),
            ParseFixture("* 1 RECENT\r\n", [.untagged(.recent(1))]),
            ParseFixture("* 44 EXPUNGE\r\n", [.untagged(.expunge(44))]),
            ParseFixture(
                "* FLAGS (\\Answered \\Flagged \\Deleted \\Seen \\Draft $Forwarded)\r\n",
                [.untagged(.flags(["\\Answered", "\\Flagged", "\\Deleted", "\\Seen", "\\Draft", "$Forwarded"]))]
            ),
            ParseFixture("* SEARCH 2 84 882\r\n", [.untagged(.search([2, 84, 882]))]),
            ParseFixture("* SEARCH\r\n", [.untagged(.search([]))]),
            ParseFixture("* SEARCH \r\n", [.untagged(.search([]))]),
            ParseFixture("* SEARCH 5 7 (MODSEQ 917162500)\r\n", [.untagged(.search([5, 7]))]),
            ParseFixture("* STATUS blurdybloop (MESSAGES 231 UIDNEXT 44292)\r\n", [.untagged(.other("STATUS"))]),
            ParseFixture("* STATUS {5}\r\nab)cd (MESSAGES 1)\r\n", [.untagged(.other("STATUS"))]),
            ParseFixture("* 3 XFOO\r\n", [.untagged(.other("XFOO"))]),
        ])
    }

    func testMalformedData() {
        verify([
            ParseFixture("* SEARCH 1 x\r\n", [], .failure(.malformed(expected: "number"))),
            ParseFixture("* SEARCH 4294967296\r\n", [], .failure(.malformed(expected: "number"))),
            ParseFixture("* FLAGS (\\Seen\r\n", [], .failure(.malformed(expected: ") closing the flag list"))),
            ParseFixture("*  OK\r\n", [], .failure(.malformed(expected: "response keyword"))),
            ParseFixture("* 12\r\n", [], .failure(.malformed(expected: "SP"))),
        ])
    }
}
