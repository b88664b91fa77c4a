import IMAPWire
import NIOCore

extension IMAPSession {
    /// Fetches the whole messages `uids` of the open mailbox into `receiver` with `BODY.PEEK[]` (which
    /// leaves `\Seen` alone), in batches of ``IMAPConfiguration/fetchBatch`` UIDs with up to
    /// ``IMAPConfiguration/fetchPipelineDepth`` `UID FETCH` commands in flight. Bodies are streamed:
    /// memory stays flat whatever a message's size.
    ///
    /// Messages arrive in the server's order (usually ascending). A UID that no longer exists is simply
    /// not delivered. A `NO` or `BAD` to one batch stops new batches; the batches in flight are read
    /// and then the first such error is thrown, leaving the session usable. Any other failure (closed
    /// connection, malformed response, an error thrown by the receiver) ends the session; the message
    /// begun but not ended then is incomplete: discard it.
    nonisolated(nonsending) public func fetchBodies(
        uids: [UInt32],
        into receiver: some IMAPMessageReceiver
    ) async throws {
        try await operation {
            var pending = Self.batches(uids, size: configuration.fetchBatch)[...]
            var inFlight: [IMAPTaggedCommand] = []
            var firstFailure: IMAPError?
            var stream = BodyStream()
            while !inFlight.isEmpty || (!pending.isEmpty && firstFailure == nil) {
                var batch: [IMAPClientMessage] = []
                while firstFailure == nil, inFlight.count + batch.count < configuration.fetchPipelineDepth,
                    let set = pending.popFirst()
                {
                    let tagged = IMAPTaggedCommand(tag: makeTag(), command: .uidFetch(set, .messages))
                    inFlight.append(tagged)
                    batch.append(.command(tagged))
                }
                try await send(batch)
                let head = inFlight.removeFirst()
                do {
                    try await readBodies(answering: head, into: receiver, stream: &stream)
                } catch let error as IMAPError where error.isRecoverable {
                    firstFailure = firstFailure ?? error
                }
            }
            if let firstFailure { throw firstFailure }
        }
    }

    /// Where the message being streamed is.
    struct BodyStream {
        var sequence: UInt32 = 0
        var uid: UInt32?
        var octets = 0
        var open = false
    }

    nonisolated(nonsending) private func readBodies(
        answering command: IMAPTaggedCommand,
        into receiver: some IMAPMessageReceiver,
        stream: inout BodyStream
    ) async throws {
        while true {
            let event: IMAPResponseEvent
            do {
                event = try await nextEvent(for: command.description)
            } catch var error as IMAPError {
                if case .connectionClosed = error.kind, stream.open {
                    error.kind = .connectionClosed(duringUID: stream.uid, receivedOctets: stream.octets)
                }
                throw error
            }
            switch event {
            case .fetchBegin(let sequence, let attributes):
                stream = BodyStream(sequence: sequence, uid: attributes.uid, octets: 0, open: true)
                try receiver.begin(sequence: sequence, uid: attributes.uid)
            case .bodyChunk(let chunk):
                stream.octets += chunk.readableBytes
                try receiver.bytes(chunk)
            case .fetchEnd(let sequence, let attributes):
                guard let uid = attributes.uid else {
                    throw IMAPError(
                        .protocolViolation,
                        command: command.description,
                        detail: "FETCH \(sequence) without UID"
                    )
                }
                stream.open = false
                try receiver.end(IMAPFetchedMessage(attributes, sequence: sequence, uid: uid, octets: stream.octets))
            case .tagged(let completion) where completion.tag == command.tag:
                noteCapabilities(in: completion.status)
                _ = try checked(completion.status, command: command.description)
                return
            case .tagged:
                // Pipelined completions arrive in order (RFC 3501 §5.5 lets a server reorder, none we know does).
                throw IMAPError(.protocolViolation, command: command.description, detail: "completion out of order")
            case .continuation:
                throw IMAPError(.protocolViolation, command: command.description, detail: "unexpected continuation")
            case .untagged:
                // EXISTS, EXPUNGE, flag changes of other messages: nothing to do for an archiver.
                continue
            }
        }
    }
}
