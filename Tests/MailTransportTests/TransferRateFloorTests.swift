@testable import MailTransport
import NIOCore
import XCTest

/// The transfer rate floor's state machine on a fake clock: a drip fails after one window; slow but steady
/// transfers, slow receivers, a server thinking before its answer, and TLS records arriving whole do not.
final class TransferRateFloorTests: XCTestCase {
    private let start = NIODeadline.uptimeNanoseconds(1_000_000_000)
    private let limit = TransferRateLimit.defaults

    private func at(_ seconds: Double) -> NIODeadline { start + .nanoseconds(Int64(seconds * 1e9)) }

    /// A response begun at t = 0 (its first bytes, which are not judged).
    private func begun() throws -> TransferRateFloor {
        var floor = TransferRateFloor(limit: limit)
        floor.reading(at: at(0))
        try floor.received(20, at: at(0), awaiting: true)
        return floor
    }

    func testADripOfOneByteEveryFiveSecondsFailsAfterOneWindow() throws {
        var floor = try begun()
        var seconds = 0.0
        var failure: TransferRateFloor.TooSlow?
        while failure == nil, seconds < 600 {
            floor.reading(at: at(seconds))
            seconds += 5
            do {
                try floor.received(1, at: at(seconds), awaiting: true)
            } catch {
                failure = error
            }
        }
        XCTAssertEqual(seconds, 60, "the first window ends the transfer")
        XCTAssertEqual(failure, .init(received: 12, waited: .seconds(60), limit: limit))
        XCTAssertEqual(failure?.description, "12 bytes in 60 s of waiting, below the floor of 100 bytes/s over 60 s")
    }

    func testASlowButSteadyTransferIsNeverCut() throws {
        var floor = try begun()
        // 2 KiB every 10 s (205 bytes/s) for an hour.
        for step in 0..<360 {
            floor.reading(at: at(Double(step) * 10))
            XCTAssertNoThrow(try floor.received(2_048, at: at(Double(step + 1) * 10), awaiting: true))
        }
    }

    func testTimeTheReceiverTakesDoesNotCount() throws {
        var floor = try begun()
        // One byte per read, answered after 10 ms, but the pipeline asks for the next read only 10 s later.
        for step in 0..<100 {
            let asked = Double(step) * 10
            floor.reading(at: at(asked))
            XCTAssertNoThrow(try floor.received(1, at: at(asked + 0.01), awaiting: true))
        }
    }

    func testTheWaitForAResponsesFirstByteIsTheResponseTimeoutsToJudge() throws {
        var floor = TransferRateFloor(limit: limit)
        for response in 0..<20 {
            // A server that thinks 59 s before each short answer.
            let sent = Double(response) * 60
            floor.reading(at: at(sent))
            XCTAssertNoThrow(try floor.received(12, at: at(sent + 59), awaiting: false))
        }
    }

    func testARecordThatArrivesWholeAfterALongWaitCountsInFull() throws {
        var floor = try begun()
        floor.reading(at: at(0))
        // A 16 KiB TLS record on a 200 bytes/s link: nothing for 82 s, then all of it.
        XCTAssertNoThrow(try floor.received(16_384, at: at(82), awaiting: true))
        floor.reading(at: at(82))
        XCTAssertNoThrow(try floor.received(16_384, at: at(164), awaiting: true))
    }

    func testBytesThatCompleteTheResponsesAreNotJudgedButTheirWindowCarriesOn() throws {
        var floor = try begun()
        floor.reading(at: at(0))
        XCTAssertNoThrow(try floor.received(1, at: at(70), awaiting: false), "the response is complete")
        floor.reading(at: at(70))
        XCTAssertThrowsError(try floor.received(20, at: at(71), awaiting: true), "its window carries on") { error in
            XCTAssertEqual(error as? TransferRateFloor.TooSlow, .init(received: 1, waited: .seconds(70), limit: limit))
        }
    }

    func testNoLimitNeverFails() throws {
        var floor = TransferRateFloor(limit: nil)
        floor.reading(at: at(0))
        XCTAssertNoThrow(try floor.received(1, at: at(0), awaiting: true))
        floor.reading(at: at(0))
        XCTAssertNoThrow(try floor.received(1, at: at(3_600), awaiting: true))
    }
}
