import Foundation
import MailStore
import TestSupport
import XCTest

/// Collects what a reader delivers.
final class CollectingConsumer: MailboxConsumer {
    var messages: [(MailboxMessage, [UInt8])] = []
    var open = false

    func messageBegan(_ message: MailboxMessage) throws {
        XCTAssertFalse(open, "messageBegan while a message is open")
        open = true
        messages.append((message, []))
    }

    func messageBytes(_ chunk: UnsafeRawBufferPointer) throws {
        XCTAssertTrue(open, "bytes outside a message")
        messages[messages.count - 1].1.append(contentsOf: chunk)
    }

    func messageEnded() throws {
        XCTAssertTrue(open, "messageEnded without messageBegan")
        open = false
    }

    var bodies: [String] { messages.map { String(decoding: $0.1, as: UTF8.self) } }
}

/// Runs the splitter over `input` cut at the given points.
func split(
    _ input: [UInt8], cuts: [Int], options: MboxSplitter.Options = .init(), heuristics: inout MboxHeuristics
) throws -> [(index: Int, offset: Int64, from: String?, body: String)] {
    var splitter = MboxSplitter(options: options)
    var result: [(index: Int, offset: Int64, from: String?, body: [UInt8])] = []
    func on(_ event: MboxEvent) {
        switch event {
        case .messageBegan(let index, let offset, let from): result.append((index, offset, from, []))
        case .bytes(let chunk): result[result.count - 1].body.append(contentsOf: chunk)
        case .messageEnded: break
        }
    }
    var start = 0
    for cut in cuts + [input.count] {
        try input[start..<cut].withUnsafeBytes { try splitter.feed($0, on) }
        start = cut
    }
    try splitter.finish(on)
    heuristics = splitter.heuristics
    return result.map { ($0.index, $0.offset, $0.from, String(decoding: $0.body, as: UTF8.self)) }
}

func split(_ input: [UInt8], cuts: [Int]) throws -> [(index: Int, offset: Int64, from: String?, body: String)] {
    var heuristics = MboxHeuristics()
    return try split(input, cuts: cuts, heuristics: &heuristics)
}

func writeFile(_ path: String, _ bytes: [UInt8]) throws {
    try Data(bytes).write(to: URL(fileURLWithPath: path))
}
