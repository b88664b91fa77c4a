import Crypto
import Foundation
import MIME
import ParserTestSupport

/// Records a parser's events as comparable lines, and the decoded bodies by part path.
final class EventRecorder: MIMEHandler {
    var events: [String] = []
    var bodies: [String: [UInt8]] = [:]
    var parts: [MIMEPart] = []
    var endDefects: [String: [MIMEDefect]] = [:]
    var messages: [MessageHeader] = []
    /// When false, `partBegan` declines every body.
    var wantBodies = true
    /// The limit error that ended the parse (set by `Feed.outcome`).
    var failure: MIMEError?

    func messageBegan(_ header: MessageHeader) {
        messages.append(header)
        events.append("message '\(header.path)' depth=\(header.depth) subject=\(header.subject ?? "nil")")
    }

    func partBegan(_ part: MIMEPart) -> Bool {
        parts.append(part)
        let name = part.filename.map { "'\($0)'(\(part.filenameSource!.rawValue))" } ?? "nil"
        events.append("begin \(part.path) \(part.contentType) name=\(name) main=\(part.isMainBody)")
        if wantBodies { bodies[part.path] = [] }
        return wantBodies
    }

    func partBody(_ part: MIMEPart, _ decoded: UnsafeRawBufferPointer) throws {
        bodies[part.path, default: []].append(contentsOf: decoded)
    }

    func partEnded(_ part: MIMEPart, defects: [MIMEDefect]) throws {
        endDefects[part.path] = defects
        let digest = bodies[part.path].map { SHA256.hash(data: $0).hexString.prefix(16) } ?? "-"
        events.append("end \(part.path) \(bodies[part.path]?.count ?? -1) \(digest) \(defects.map(\.rawValue))")
    }

    func messageEnded(_ header: MessageHeader, defects: [MIMEDefect]) {
        events.append("message-end '\(header.path)' \(defects.map(\.rawValue))")
    }

    func body(_ path: String) -> String? {
        bodies[path].map { String(decoding: $0, as: UTF8.self) }
    }
}

extension Digest {
    var hexString: String { map { String(format: "%02x", $0) }.joined() }
}

enum Feed {
    /// Parses `bytes` cut at the given offsets (sorted, within bounds).
    static func parse(
        _ bytes: [UInt8], cuts: [Int] = [], options: MIMEParser.Options = .init(), wantBodies: Bool = true
    ) throws -> EventRecorder {
        let recorder = EventRecorder()
        recorder.wantBodies = wantBodies
        try feed(bytes, cuts: cuts, options: options, to: recorder)
        return recorder
    }

    /// Parses like `parse(_:cuts:options:wantBodies:)`, but a limit error is an outcome, kept in `failure`.
    static func outcome(_ bytes: [UInt8], cuts: [Int] = [], options: MIMEParser.Options) throws -> EventRecorder {
        let recorder = EventRecorder()
        do {
            try feed(bytes, cuts: cuts, options: options, to: recorder)
        } catch let error as MIMEError {
            recorder.failure = error
        }
        return recorder
    }

    private static func feed(
        _ bytes: [UInt8], cuts: [Int], options: MIMEParser.Options, to recorder: EventRecorder
    ) throws {
        var parser = MIMEParser(options: options, handler: recorder)
        var start = 0
        for cut in cuts + [bytes.count] where cut >= start {
            try bytes[start..<cut].withUnsafeBytes { try parser.feed($0) }
            start = cut
        }
        try parser.finish()
    }

    /// Parses in chunks of `size` bytes.
    static func parse(_ bytes: [UInt8], chunkSize size: Int, options: MIMEParser.Options = .init()) throws
        -> EventRecorder {
        try parse(bytes, cuts: Array(stride(from: size, to: bytes.count, by: size)), options: options)
    }

    /// Parses with random chunk sizes from a seeded generator.
    static func parse(_ bytes: [UInt8], seed: UInt64, maximumChunk: Int) throws -> EventRecorder {
        try parse(bytes, cuts: cuts(count: bytes.count, seed: seed, maximumChunk: maximumChunk))
    }

    /// Offsets cutting `count` bytes into chunks of 1 to `maximumChunk` bytes drawn from a seeded generator.
    static func cuts(count: Int, seed: UInt64, maximumChunk: Int) -> [Int] {
        var rng = SplitMix64(seed: seed)
        var cuts: [Int] = []
        var at = 0
        while true {
            at += 1 + Int(rng.next() % UInt64(maximumChunk))
            if at >= count { break }
            cuts.append(at)
        }
        return cuts
    }
}
