@testable import ArchiverEngine
import XCTest

/// One state-file fixture: the bytes of a whole file and what parsing them must give.
struct StateFileFixture {
    enum Expected {
        case lists([StateList])
        case failure(ImportStateError)
    }

    var name: String
    var tool: StateTool
    var input: [UInt8]
    var expected: Expected
    var options = StateFileOptions()
    var file = "/home/me/state"

    init(
        _ name: String, _ tool: StateTool, _ input: String, _ expected: Expected, options: StateFileOptions = .init()
    ) {
        self.name = name
        self.tool = tool
        self.input = Array(input.utf8)
        self.expected = expected
        self.options = options
    }

    /// Parses the input cut at `cuts` (offsets in ascending order).
    func parse(cutAt cuts: [Int]) -> Result<[StateList], ImportStateError> {
        var parser = tool.parser(file: file, options: options)
        do {
            var start = 0
            for cut in cuts + [input.count] {
                try parser.feed(input[start..<cut])
                start = cut
            }
            return .success(try parser.finish())
        } catch let error as ImportStateError {
            return .failure(error)
        } catch {
            return .failure(.unreadable(file: file, reason: "unexpected \(error)"))
        }
    }

    /// Checks the fixture whole, byte by byte, and cut once at every offset.
    func verify(file testFile: StaticString = #filePath, line: UInt = #line) {
        var splits: [[Int]] = [[], Array(0...input.count)]
        splits += (0...input.count).map { [$0] }
        for cuts in splits {
            let result = parse(cutAt: cuts)
            let how = cuts.isEmpty ? "whole" : cuts.count > 1 ? "byte by byte" : "cut at \(cuts[0])"
            switch (result, expected) {
            case let (.success(lists), .lists(wanted)):
                XCTAssertEqual(lists, wanted, "\(name) (\(how))", file: testFile, line: line)
            case let (.failure(error), .failure(wanted)):
                XCTAssertEqual(error, wanted, "\(name) (\(how))", file: testFile, line: line)
            default:
                XCTFail("\(name) (\(how)): got \(result), expected \(expected)", file: testFile, line: line)
                return
            }
        }
    }
}

func mailbox(_ user: String, _ host: String) -> StateOwner {
    .mailbox(ServerMailbox(user: user, host: host))
}
