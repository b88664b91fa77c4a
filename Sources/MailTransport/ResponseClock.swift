import NIOCore

/// The response time limit of a client handler (POP3 or IMAP). The handler starts it only while a
/// response is owed and the pipeline has asked for bytes, so a slow receiver (which stops reads) never
/// trips it, and stops it on every byte received.
struct ResponseClock {
    /// The limit, or `nil` for none.
    let timeout: TimeAmount?
    private var timer: Scheduled<Void>?

    init(timeout: TimeAmount?) {
        self.timeout = timeout
    }

    /// Starts the clock unless it runs already or there is no limit. When it expires, `expired` runs on
    /// `eventLoop` with a description of the wait; the handler then fails, which stops the clock.
    mutating func start(on eventLoop: any EventLoop, expired: @escaping (String) -> Void) {
        guard let timeout, timer == nil else { return }
        let expired = NIOLoopBound(expired, eventLoop: eventLoop)
        timer = eventLoop.scheduleTask(in: timeout) {
            expired.value("no byte received for \(timeout.nanoseconds / 1_000_000) ms")
        }
    }

    /// Stops the clock.
    mutating func stop() {
        timer?.cancel()
        timer = nil
    }
}
