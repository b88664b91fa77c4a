import NIOCore

/// The slowest transfer a connection accepts (POP3 or IMAP), as a rate measured over a window, not per
/// byte: every byte a server drips resets the response and idle timers, so without a floor a server that
/// sends one byte every few seconds holds the run, and the account's lock, forever.
public struct TransferRateLimit: Sendable, Hashable {
    /// The floor, in bytes per second, averaged over ``window``.
    public var bytesPerSecond: Int
    /// How much time spent waiting for the server the average covers before it is judged.
    public var window: TimeAmount

    public init(bytesPerSecond: Int, window: TimeAmount) {
        self.bytesPerSecond = max(1, bytesPerSecond)
        self.window = max(.nanoseconds(1), window)
    }

    /// 100 bytes per second over a minute: a server dripping one byte every 5 s fails after one minute
    /// (12 bytes); a steady download at dial-up speed is far above it.
    public static let defaults = Self(bytesPerSecond: 100, window: .seconds(60))

    /// The limit a configuration sets: either figure left out keeps its default; 0 bytes per second is none.
    public static func configured(bytesPerSecond: Int?, windowSeconds: Int?) -> Self? {
        let rate = bytesPerSecond ?? defaults.bytesPerSecond
        guard rate > 0 else { return nil }
        return Self(bytesPerSecond: rate, window: windowSeconds.map { .seconds(Int64($0)) } ?? defaults.window)
    }
}

/// The rate floor's state machine, driven by ``ClientChannelHandler`` with the event loop's clock (tests
/// drive it with their own). Only time spent waiting for the server inside a response counts:
/// - from a read the pipeline asked for to the bytes that answer it (a slow receiver, which asks for no
///   read while it writes and fsyncs, costs the server nothing);
/// - once the response has begun (the wait for a response's first byte is the response timeout's, so a
///   server that takes long to compute a listing is not judged by its rate).
/// The average is judged when bytes arrive, with those bytes counted, after at least one window: a TLS
/// record that arrives whole after a long wait counts in full. A wait without any byte is the response
/// timeout's to end.
struct TransferRateFloor {
    /// A window ended below the floor.
    struct TooSlow: Error, Equatable {
        var received: Int
        var waited: TimeAmount
        var limit: TransferRateLimit

        /// `12 bytes in 60 s of waiting (floor 100 bytes/s over 60 s)`.
        var description: String {
            "\(received) bytes in \(Self.seconds(waited)) of waiting, below the floor of "
                + "\(limit.bytesPerSecond) bytes/s over \(Self.seconds(limit.window))"
        }

        private static func seconds(_ amount: TimeAmount) -> String {
            let tenths = amount.nanoseconds / 100_000_000
            return tenths % 10 == 0 ? "\(tenths / 10) s" : "\(tenths / 10).\(tenths % 10) s"
        }
    }

    let limit: TransferRateLimit?
    /// A response has begun and is not complete yet: waits count.
    private var inResponse = false
    /// When the outstanding read was asked for, while in a response.
    private var waitingSince: NIODeadline?
    /// The current window: waiting time and bytes so far.
    private var waited: TimeAmount = .zero
    private var received = 0

    init(limit: TransferRateLimit?) {
        self.limit = limit
    }

    /// The pipeline asked for bytes at `now`.
    mutating func reading(at now: NIODeadline) {
        guard limit != nil, inResponse, waitingSince == nil else { return }
        waitingSince = now
    }

    /// `count` bytes arrived at `now`; `awaiting` says whether a response is still owed after them.
    /// Throws when a window of waiting ends below the floor.
    mutating func received(_ count: Int, at now: NIODeadline, awaiting: Bool) throws(TooSlow) {
        guard let limit else { return }
        if let since = waitingSince {
            waited = waited + (now - since)
            waitingSince = nil
        }
        // Counted only inside a response: the bytes that begin one came after a wait that is not ours.
        if inResponse { received += count }
        inResponse = awaiting
        // Bytes that complete what was owed are not judged: the window carries on into the next response.
        guard awaiting, waited >= limit.window else { return }
        // received / waited < bytesPerSecond, compared as received × 10⁹ < bytesPerSecond × waited (ns).
        let (got, gotOverflow) = Int64(received).multipliedReportingOverflow(by: 1_000_000_000)
        let (needed, neededOverflow) = Int64(limit.bytesPerSecond).multipliedReportingOverflow(by: waited.nanoseconds)
        if !gotOverflow, neededOverflow || got < needed {
            throw TooSlow(received: received, waited: waited, limit: limit)
        }
        waited = .zero
        received = 0
    }
}
