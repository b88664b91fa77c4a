import NIOConcurrencyHelpers

/// The server's mailbox, shared by its connections. A connection works on a snapshot taken at login and
/// applies its deletions at QUIT (RFC 1939 §6, the UPDATE state); a dropped connection deletes nothing.
final class Mailbox: Sendable {
    private struct State {
        var messages: [POP3TestServer.Message]
        var faults: [POP3TestServer.Fault]
        var transcript: [TranscriptEntry] = []
        var sessions = 0
        var locked = false
    }

    private let state: NIOLockedValueBox<State>

    init(messages: [POP3TestServer.Message], faults: [POP3TestServer.Fault]) {
        state = NIOLockedValueBox(State(messages: messages, faults: faults))
    }

    var messages: [POP3TestServer.Message] { state.withLockedValue { $0.messages } }
    var faults: [POP3TestServer.Fault] { state.withLockedValue { $0.faults } }
    var transcript: [TranscriptEntry] { state.withLockedValue { $0.transcript } }

    func add(_ messages: [POP3TestServer.Message]) { state.withLockedValue { $0.messages += messages } }
    func reuse(_ uid: String, for bytes: [UInt8]) {
        state.withLockedValue { state in
            for index in state.messages.indices where state.messages[index].uid == uid {
                state.messages[index].bytes = bytes
            }
        }
    }
    func setFaults(_ faults: [POP3TestServer.Fault]) { state.withLockedValue { $0.faults = faults } }
    func record(_ entry: TranscriptEntry) { state.withLockedValue { $0.transcript.append(entry) } }
    func clearTranscript() { state.withLockedValue { $0.transcript.removeAll() } }

    func nextSessionNumber() -> Int {
        state.withLockedValue {
            $0.sessions += 1
            return $0.sessions
        }
    }

    /// Takes the maildrop lock and a snapshot; nil when another connection holds it ([IN-USE]).
    func lockAndSnapshot() -> [POP3TestServer.Message]? {
        state.withLockedValue {
            if $0.locked { return nil }
            $0.locked = true
            return $0.messages
        }
    }

    func unlock() { state.withLockedValue { $0.locked = false } }

    /// Applies deletions and releases the lock. Each deleted message removes one message equal to it, so
    /// that deleting one of two messages with the same UID (a `duplicate UIDL` mailbox) keeps the other.
    func commit(deleting deleted: [POP3TestServer.Message]) {
        state.withLockedValue {
            for message in deleted {
                if let index = $0.messages.firstIndex(of: message) { $0.messages.remove(at: index) }
            }
            $0.locked = false
        }
    }
}
