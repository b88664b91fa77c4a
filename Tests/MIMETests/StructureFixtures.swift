import MIME

/// One structure fixture: a message (written with LF; also run with CRLF and bare CR) and the leaf parts
/// it must produce.
struct StructureFixture {
    enum Body {
        /// Text whose line breaks follow the message's.
        case text(String)
        /// Exact bytes.
        case bytes([UInt8])
    }

    struct Leaf {
        var path: String
        var type: String
        var filename: String? = nil
        var main: Bool = false
        var body: Body
        var defects: [MIMEDefect] = []
    }

    var name: String
    var message: String
    var leaves: [Leaf]
    /// Also run with bare CR line breaks (off where a rule is LF-specific, e.g. inline uuencode).
    var bareCR = true
    var subjects: [String?] = []
}

extension StructureFixture {
    static let all: [StructureFixture] = [
        StructureFixture(
            name: "single text part", message: "From: a@example.com\nSubject: hi\n\nHello\nworld\n",
            leaves: [Leaf(path: "1", type: "text/plain", main: true, body: .text("Hello\nworld\n"))],
            subjects: ["hi"]
        ),
        StructureFixture(
            name: "mbox From_ line, no body", message: "From a@b Mon Jan  1 00:00:00 2024\nSubject: x\n",
            leaves: [Leaf(path: "1", type: "text/plain", main: true, body: .text(""))], subjects: ["x"]
        ),
        StructureFixture(
            name: "mixed: preamble, text, base64 attachment, epilogue",
            message: """
            Subject: =?UTF-8?B?w6l0w6k=?=
            Content-Type: multipart/mixed; boundary="XYZ"

            This is the preamble.
            --XYZ
            Content-Type: text/plain

            Body text.

            --XYZ
            Content-Type: application/octet-stream; name="data.bin"
            Content-Transfer-Encoding: base64

            AAEC
            A/8=
            --XYZ--
            Epilogue.

            """,
            leaves: [
                Leaf(path: "1", type: "text/plain", main: true, body: .text("Body text.\n")),
                Leaf(path: "2", type: "application/octet-stream", filename: "data.bin",
                     body: .bytes([0, 1, 2, 3, 255])),
            ],
            subjects: ["été"]
        ),
        StructureFixture(
            name: "boundary that is a prefix of a longer one, and of a body line",
            message: """
            Content-Type: multipart/mixed; boundary="=_b"

            --=_b
            Content-Type: multipart/alternative; boundary="=_b_inner"

            --=_b_inner
            Content-Type: text/plain

            --=_bx is text, so is --=_b-x
            --=_b_inner
            Content-Type: text/html

            <p>hi</p>
            --=_b_inner--
            --=_b
            Content-Type: image/png
            Content-Disposition: inline; filename="dot.png"

            PNG
            --=_b--
            """,
            leaves: [
                Leaf(path: "1.1", type: "text/plain", main: true, body: .text("--=_bx is text, so is --=_b-x")),
                Leaf(path: "1.2", type: "text/html", main: true, body: .text("<p>hi</p>")),
                Leaf(path: "2", type: "image/png", filename: "dot.png", body: .text("PNG")),
            ]
        ),
        StructureFixture(
            name: "missing final boundary ends the part at EOF",
            message: "Content-Type: multipart/mixed; boundary=b\n\n--b\n\nfirst\n--b\n"
                + "Content-Type: text/x-log\n\nlast\n",
            leaves: [
                Leaf(path: "1", type: "text/plain", main: true, body: .text("first")),
                Leaf(path: "2", type: "text/x-log", body: .text("last"), defects: [.missingFinalBoundary]),
            ]
        ),
        StructureFixture(
            name: "delimiters with transport padding and trailing junk; empty lines before them",
            message: "Content-Type: multipart/mixed; boundary=b\n\n--b \t\n\none\n\n\n--b--   trailing junk\n",
            leaves: [Leaf(path: "1", type: "text/plain", main: true, body: .text("one\n\n"))]
        ),
        StructureFixture(
            name: "part with headers and no empty line before the next delimiter",
            message: "Content-Type: multipart/mixed; boundary=b\n\n--b\nContent-Type: text/plain\n--b\n\ntwo\n--b--\n",
            leaves: [
                Leaf(path: "1", type: "text/plain", main: true, body: .text("")),
                Leaf(path: "2", type: "text/plain", body: .text("two")),
            ]
        ),
        StructureFixture(
            name: "attached message nests section numbers",
            message: """
            Subject: outer
            Content-Type: multipart/mixed; boundary=o

            --o

            see attached
            --o
            Content-Type: message/rfc822

            Subject: inner
            Content-Type: multipart/mixed; boundary=i

            --i

            inner text
            --i
            Content-Type: application/pdf; name=r.pdf

            %PDF
            --i--
            --o--
            """,
            leaves: [
                Leaf(path: "1", type: "text/plain", main: true, body: .text("see attached")),
                Leaf(path: "2.1", type: "text/plain", body: .text("inner text")),
                Leaf(path: "2.2", type: "application/pdf", filename: "r.pdf", body: .text("%PDF")),
            ],
            subjects: ["outer", "inner"]
        ),
        StructureFixture(
            name: "digest parts default to message/rfc822",
            message: """
            Content-Type: multipart/digest; boundary=d

            --d

            Subject: one

            first
            --d
            Content-Type: text/plain

            not a message
            --d--
            """,
            leaves: [
                Leaf(path: "1.1", type: "text/plain", body: .text("first")),
                Leaf(path: "2", type: "text/plain", main: true, body: .text("not a message")),
            ],
            subjects: [nil, "one"]
        ),
        StructureFixture(
            name: "quoted-printable soft breaks and escapes",
            message: "Content-Transfer-Encoding: quoted-printable\n\ncaf=C3=A9 soft=\nbreak =XY \nend=\n",
            leaves: [Leaf(path: "1", type: "text/plain", main: true, body: .text("café softbreak =XY\nend"),
                          defects: [.invalidQuotedPrintable])]
        ),
        StructureFixture(
            name: "base64 with junk and missing padding",
            message: "Content-Type: application/octet-stream\nContent-Transfer-Encoding: base64\n\nSGVs!bG8\n",
            leaves: [Leaf(path: "1", type: "application/octet-stream", body: .text("Hello"), defects: [.invalidBase64])]
        ),
        StructureFixture(
            name: "header block without the empty line",
            message: "Subject: s\nthis is body\n",
            leaves: [Leaf(path: "1", type: "text/plain", main: true, body: .text("this is body\n"),
                          defects: [.malformedHeader])],
            subjects: ["s"]
        ),
        StructureFixture(
            name: "inline uuencode inside a text body",
            message: "Subject: uu\n\nHere it is:\nbegin 644 hi.txt\n#:&D*\n`\nend\nbye\n",
            leaves: [
                Leaf(path: "1.u1", type: "application/octet-stream", filename: "hi.txt",
                     body: .bytes(Array("hi\n".utf8))),
                Leaf(path: "1", type: "text/plain", main: true, body: .text("Here it is:\nbye\n")),
            ],
            bareCR: false, subjects: ["uu"]
        ),
        StructureFixture(
            name: "x-uuencode transfer encoding names the file from its begin line",
            message: """
            Content-Type: multipart/mixed; boundary=b

            --b
            Content-Type: application/octet-stream
            Content-Transfer-Encoding: x-uuencode

            begin 600 a.bin
            $``$"`P``
            `
            end
            --b--
            """,
            leaves: [Leaf(path: "1", type: "application/octet-stream", filename: "a.bin", body: .bytes([0, 1, 2, 3]))]
        ),
    ]
}

extension StructureFixture {
    static let moreRecoveries: [StructureFixture] = [
        StructureFixture(
            name: "an empty part between two delimiters is skipped",
            message: "Content-Type: multipart/mixed; boundary=b\n\n--b\n--b\n\nx\n--b--\n",
            leaves: [Leaf(path: "2", type: "text/plain", main: true, body: .text("x"))]
        ),
        StructureFixture(
            name: "a multipart without any delimiter is one leaf",
            message: "Content-Type: multipart/alternative; boundary=zz\nContent-Transfer-Encoding: base64\n\nSGk=\n",
            leaves: [Leaf(path: "1", type: "multipart/alternative", body: .text("Hi"),
                          defects: [.boundaryNotFound])]
        ),
        StructureFixture(
            name: "a multipart closed before any part is one empty leaf",
            message: "Content-Type: multipart/mixed; boundary=o\n\n--o\n"
                + "Content-Type: multipart/mixed; boundary=i\n\n--i--\n--o--\n",
            leaves: [Leaf(path: "1", type: "multipart/mixed", body: .text(""), defects: [.boundaryNotFound])]
        ),
        // corp-email (python-library-fuzzers) messages: one folded Content-Type field with ESC after the subtype
        // and no body. The type is invalid (RFC 2045 §5.1 token), so text/plain: the main body, not a file.
        StructureFixture(
            name: "a control byte after the subtype makes the type invalid: text/plain main body",
            message: "Content-Type: text/plain\u{1B} chContent-ID: <p)artsposition:( inlinei\n tenxt/plain\u{1B}\n",
            leaves: [Leaf(path: "1", type: "text/plain", main: true, body: .text(""), defects: [.invalidContentType])]
        ),
        StructureFixture(
            name: "comments around the type are removed; a tspecial in it makes it text/plain",
            message: """
            Content-Type: multipart/mixed (with comment); boundary=b

            --b

            body
            --b
            Content-Type: application/pdf (scanned)

            %PDF
            --b
            Content-Type: image/png:

            png?
            --b--
            """,
            leaves: [
                Leaf(path: "1", type: "text/plain", main: true, body: .text("body")),
                Leaf(path: "2", type: "application/pdf", body: .text("%PDF")),
                Leaf(path: "3", type: "text/plain", body: .text("png?"), defects: [.invalidContentType]),
            ]
        ),
    ]
}
