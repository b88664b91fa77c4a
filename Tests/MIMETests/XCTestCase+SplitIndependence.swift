@testable import MIME
import XCTest

extension XCTestCase {
    /// Parses `bytes` whole, then in every split; every split must give the same events, parts, message headers
    /// and limit error.
    @discardableResult
    func assertSplitIndependent(
        _ bytes: [UInt8], options: MIMEParser.Options = .init(), file: StaticString = #filePath, line: UInt = #line
    ) throws -> EventRecorder {
        let whole = try Feed.outcome(bytes, options: options)
        func same(_ cuts: [Int], _ label: String) throws -> Bool {
            let other = try Feed.outcome(bytes, cuts: cuts, options: options)
            XCTAssertEqual(other.events, whole.events, label, file: file, line: line)
            XCTAssertEqual(other.parts, whole.parts, label, file: file, line: line)
            XCTAssertEqual(other.messages, whole.messages, label, file: file, line: line)
            XCTAssertEqual(other.failure, whole.failure, label, file: file, line: line)
            return other.events == whole.events && other.parts == whole.parts && other.messages == whole.messages
                && other.failure == whole.failure
        }
        for cut in 0...bytes.count where try !same([cut], "split at \(cut)") { break }
        _ = try same(Array(1..<max(1, bytes.count)), "byte by byte")
        for seed in 1...50 {
            let cuts = Feed.cuts(count: bytes.count, seed: UInt64(seed), maximumChunk: 9)
            if try !same(cuts, "seed \(seed)") { break }
        }
        return whole
    }
}
