/// What the server saw: every line received, in order, with evidence of how many were in flight.
public struct TranscriptEntry: Sendable, Equatable, CustomStringConvertible {
    /// Which connection (1-based, in accept order) the line arrived on.
    public var session: Int
    /// The line as received, without its line end. SASL and PASS payloads are kept: this is a test server.
    public var line: String
    /// Lines the client had sent that the server had received but not yet answered when it started
    /// answering this one, this one included. More than 1 means the client pipelined.
    public var inFlight: Int

    public var description: String { "#\(session) [\(inFlight) in flight] \(line)" }

    /// The command verb, upper-cased.
    public var verb: String {
        String(line.split(separator: " ", maxSplits: 1).first ?? "").uppercased()
    }
}

extension Array where Element == TranscriptEntry {
    /// The largest number of lines in flight for the given verb.
    public func maxInFlight(verb: String) -> Int {
        filter { $0.verb == verb.uppercased() }.map(\.inFlight).max() ?? 0
    }
}
