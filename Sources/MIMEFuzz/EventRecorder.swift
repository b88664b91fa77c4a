import MIME

/// A `MIMEHandler` that writes every event down as text, body chunks joined per part (their sizes depend
/// on the split; their concatenation must not).
final class EventRecorder: MIMEHandler {
    var events: [String] = []
    var bodies: [String: [UInt8]] = [:]

    /// Parses `chunks` (the pieces of `message`) and returns the events and the error, if any.
    static func parse(
        _ message: [UInt8], options: MIMEParser.Options, chunks: [ArraySlice<UInt8>]
    ) -> (events: [String], failure: String?) {
        let recorder = EventRecorder()
        var parser = MIMEParser(options: options, handler: recorder)
        do {
            for chunk in chunks { try parser.feed(Array(chunk)) }
            try parser.finish()
        } catch {
            // A limit error, its `actual` included, must not depend on the split either: the parser decides each
            // line (header lines too) from the same bytes however the message is cut.
            return (recorder.events, String(describing: error))
        }
        return (recorder.events, nil)
    }

    func messageBegan(_ header: MessageHeader) {
        events.append("message \(header)")
    }

    func partBegan(_ part: MIMEPart) -> Bool {
        events.append("part \(Self.describe(part))")
        bodies[part.path] = []
        return true
    }

    func partBody(_ part: MIMEPart, _ decoded: UnsafeRawBufferPointer) throws {
        bodies[part.path, default: []].append(contentsOf: decoded)
    }

    func partEnded(_ part: MIMEPart, defects: [MIMEDefect]) throws {
        let body = bodies.removeValue(forKey: part.path) ?? []
        events.append("end \(part.path) \(defects) body \(body.count) bytes \(body.hashValue)")
    }

    /// The part as text with its parameters in name order: `"\(part)"` prints the `parameters` dictionary in
    /// its iteration order, which differs between two equal dictionaries (Swift seeds each instance's hash
    /// table apart), so a plain description of equal parts could differ between two parses.
    static func describe(_ part: MIMEPart) -> String {
        var plain = part
        plain.parameters = [:]
        let parameters = part.parameters.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value.debugDescription)" }
        return "\(plain) parameters [\(parameters.joined(separator: ", "))]"
    }

    func messageEnded(_ header: MessageHeader, defects: [MIMEDefect]) {
        events.append("message end \(header.path) \(defects)")
    }
}
