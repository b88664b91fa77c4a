@testable import ArchiverEngine
import XCTest

/// Choosing one mailbox's entries from a state file that may hold several.
final class StateFileSelectionTests: XCTestCase {
    private func state(_ lists: [StateList], tool: StateTool = .fetchmail, path: String = "/s/ids") -> StateFile {
        StateFile(tool: tool, path: path, lists: lists)
    }

    func testTakesOnlyTheWantedUserAndHost() throws {
        let file = state([
            StateList(owner: mailbox("alice", "pop.example.com"), uids: ["a1", "a2"], line: 1),
            StateList(owner: mailbox("bob", "pop.example.com"), uids: ["b1"], line: 2),
            StateList(owner: mailbox("alice", "other.example.com"), uids: ["o1"], line: 3),
            StateList(owner: mailbox("alice", "pop.example.com"), uids: ["a2", "a3"], line: 4),
        ])
        XCTAssertEqual(try file.uids(for: ServerMailbox(user: "alice", host: "pop.example.com")), ["a1", "a2", "a3"])
        XCTAssertEqual(try file.uids(for: ServerMailbox(user: "alice", host: "POP.Example.COM")), ["a1", "a2", "a3"],
                       "host names compare without case")
        XCTAssertThrowsError(try file.uids(for: ServerMailbox(user: "Alice", host: "pop.example.com"))) { error in
            XCTAssertEqual(error as? ImportStateError, .noMatchingMailbox(
                file: "/s/ids", tool: .fetchmail, wanted: ServerMailbox(user: "Alice", host: "pop.example.com"),
                present: ["alice@pop.example.com", "bob@pop.example.com", "alice@other.example.com"]))
            XCTAssertTrue(String(describing: error).contains("--server-user/--server-host"))
        }
    }

    func testTwoSpellingsOfTheHostAreAmbiguousUnlessOneIsNamedExactly() throws {
        let file = state([
            StateList(owner: mailbox("u", "POP.example.com"), uids: ["1"], line: 1),
            StateList(owner: mailbox("u", "pop.EXAMPLE.com"), uids: ["2"], line: 3),
        ], tool: .mpop, path: "/s/uidls")
        XCTAssertThrowsError(try file.uids(for: ServerMailbox(user: "u", host: "pop.example.com"))) { error in
            XCTAssertEqual(error as? ImportStateError, .ambiguousMailbox(
                file: "/s/uidls", wanted: ServerMailbox(user: "u", host: "pop.example.com"),
                matches: ["u@POP.example.com", "u@pop.EXAMPLE.com"]))
        }
        XCTAssertEqual(try file.uids(for: ServerMailbox(user: "u", host: "pop.EXAMPLE.com")), ["2"])
    }

    func testEmptyFileNamesWhatItHolds() {
        XCTAssertThrowsError(try state([]).uids(for: ServerMailbox(user: "u", host: "h"))) { error in
            XCTAssertTrue(String(describing: error).contains("no entries at all"), "\(error)")
        }
    }

    func testGetmailFileNameNamesTheMailbox() throws {
        let cases: [(name: String, user: String, host: String, matches: Bool)] = [
            ("oldmail-127.0.0.1-31110-alice", "alice", "127.0.0.1", true),
            ("oldmail-pop.example.com-995-me@example.com", "me@example.com", "pop.example.com", true),
            ("oldmail-POP.example.com-995-me", "me", "pop.example.com", true),
            ("oldmail-pop-3.example.com-110-john-doe", "john-doe", "pop-3.example.com", true),
            ("oldmail-h-110-dom-user", "dom\\user", "h", true),
            ("oldmail-h-110-a-b", "a//b", "h", true),
            ("oldmail-h-110-alice", "bob", "h", false),
            ("oldmail-h-110-alice", "alice", "g", false),
            ("oldmail-h-993-alice-INBOX", "alice", "h", false),
            ("oldmail-h--alice", "alice", "h", false),
            ("fetchids", "alice", "h", false),
        ]
        for item in cases {
            let owner = StateOwner.oldmailFile(name: item.name)
            XCTAssertEqual(owner.belongs(to: ServerMailbox(user: item.user, host: item.host), exactHost: false),
                           item.matches, item.name)
        }
        let file = state([StateList(owner: .oldmailFile(name: "oldmail-h-110-bob"), uids: ["1"], line: 1)],
                         tool: .getmail, path: "/g/oldmail-h-110-bob")
        XCTAssertEqual(try file.uids(for: ServerMailbox(user: "bob", host: "h")), ["1"])
        XCTAssertThrowsError(try file.uids(for: ServerMailbox(user: "alice", host: "h"))) { error in
            XCTAssertTrue(String(describing: error).contains("oldmail-<server>-<port>-<user>"), "\(error)")
        }
    }

    func testReadingAFileNamesItInErrors() throws {
        let directory = NSTemporaryDirectory() + "popvault-state-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let path = directory + "/.fetchids"
        XCTAssertThrowsError(try StateFile.read(tool: .fetchmail, path: path)) { error in
            guard case .unreadable(let file, _)? = error as? ImportStateError else { return XCTFail("\(error)") }
            XCTAssertEqual(file, path)
        }
        // More than one 64 KiB chunk, with a malformed line at the end.
        var text = (1...5_000).map { "alice@h uid-\($0)\n" }.joined()
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        let read = try StateFile.read(tool: .fetchmail, path: path)
        XCTAssertEqual(try read.uids(for: ServerMailbox(user: "alice", host: "h")).count, 5_000)
        text += "garbage\n"
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        XCTAssertThrowsError(try StateFile.read(tool: .fetchmail, path: path)) { error in
            XCTAssertEqual(String(describing: error),
                           "\(path), line 5001: expected \"<user>@<server> <uid>\", found no space")
        }
    }
}
