import XCTest

extension XCTestCase {
    /// Checks `fixtures`, each in every split (see ``WireFixture``).
    public func verify<Parser>(_ fixtures: [WireFixture<Parser>]) {
        for fixture in fixtures {
            self.verify(fixture)
        }
    }

    /// Checks `fixture` in every split (see ``WireFixture``); reports the first feeding that differs.
    public func verify<Parser>(_ fixture: WireFixture<Parser>) {
        let input = fixture.input[...]
        let expected = ParseRun<Parser>(events: fixture.events, outcome: fixture.outcome)
        func check(_ chunks: [ArraySlice<UInt8>], _ how: @autoclosure () -> String) -> Bool {
            let run = ParseRun(parser: fixture.parser, chunks: chunks)
            if run == expected { return true }
            XCTFail(
                "\(how()) of \"\(escaped(fixture.input))\":\n  got      \(run)\n  expected \(expected)",
                file: fixture.file,
                line: fixture.line
            )
            return false
        }
        guard check([input], "whole feed") else { return }
        for split in 0...input.count {
            guard check([input[..<split], input[split...]], "split at \(split)") else { return }
        }
        if input.count <= 48 {
            for first in 0...input.count {
                for second in first...input.count {
                    let chunks = [input[..<first], input[first..<second], input[second...]]
                    guard check(chunks, "split at \(first), \(second)") else { return }
                }
            }
        }
        _ = check(input.indices.map { input[$0...$0] }, "byte-by-byte feed")
    }
}

/// Renders bytes for failure messages: CR and LF as `\r` and `\n`, other controls and non-ASCII as `\xNN`.
public func escaped<Bytes: Sequence<UInt8>>(_ bytes: Bytes) -> String {
    var result = ""
    for byte in bytes {
        switch byte {
        case UInt8(ascii: "\r"): result += "\\r"
        case UInt8(ascii: "\n"): result += "\\n"
        case 0x20...0x7E: result.unicodeScalars.append(Unicode.Scalar(byte))
        default: result += "\\x" + String(byte, radix: 16)
        }
    }
    return result
}
