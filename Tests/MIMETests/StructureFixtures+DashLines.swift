import MIME

extension StructureFixture {
    /// Lines starting with `-` that are not delimiters, between plain lines the boundary scan takes in one run
    /// (`LineFinder.linesBeforeDash`), and `-` inside lines.
    static let dashLines: [StructureFixture] = [
        StructureFixture(
            name: "dash lines that are not delimiters",
            message: """
            Content-Type: multipart/mixed; boundary="b-1"

            --b-1
            Content-Type: text/plain

            - a list item
            --not the boundary
            --b-10 is a longer boundary
            mid-line - dashes -
            -

            --b-1
            Content-Type: application/octet-stream; name="d.bin"
            Content-Transfer-Encoding: base64

            AAEC
            A/8=
            --b-1--

            """,
            leaves: [
                Leaf(
                    path: "1", type: "text/plain", main: true,
                    body: .text(
                        "- a list item\n--not the boundary\n--b-10 is a longer boundary\nmid-line - dashes -\n-\n")),
                Leaf(path: "2", type: "application/octet-stream", filename: "d.bin", body: .bytes([0, 1, 2, 3, 255])),
            ]
        ),
    ]
}
