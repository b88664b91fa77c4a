/// Hands a session its connection's events one at a time, out of the batches the bridge delivers (the
/// events parsed from one socket read).
struct EventReader<Event: Sendable> {
    private var batches: ResponseEventBridge<Event>.Events.AsyncIterator
    private var batch: [Event] = []
    private var position = 0

    init(_ events: ResponseEventBridge<Event>.Events) {
        batches = events.makeAsyncIterator()
    }

    /// The next event; `nil` once the connection has closed and every event before that was read.
    nonisolated(nonsending) mutating func next() async throws -> Event? {
        while position == batch.count {
            // Let go of the batch read (and the read buffer its events share) before waiting for the next.
            (batch, position) = ([], 0)
            guard let next = try await batches.next(isolation: #isolation) else { return nil }
            batch = next
        }
        position += 1
        return batch[position - 1]
    }

    /// Reads to the end and returns the error the stream ends with, if any. After a failed write, this is
    /// the error that closed the channel (an STLS/STARTTLS injection, a TLS failure…), waiting behind any
    /// events not yet read.
    nonisolated(nonsending) mutating func endingError() async -> (any Error)? {
        do {
            while try await next() != nil {}
        } catch {
            return error
        }
        return nil
    }
}
