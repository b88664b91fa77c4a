import MIME
import XCTest

/// Issue 14 item 3: a clash costs O(1) amortised. 100,000 messages each carrying Outlook's inline
/// `image001.png` used to search from `(2)` upward every time (quadratic); the names themselves are the
/// ones the plain upward search gives, so two runs, and every earlier run, give identical trees.
final class FilenameAllocatorTests: XCTestCase {
    let policy = FilenamePolicy()

    /// The names the allocator gave before the fix: the first free of `name`, `name (2)`, `name (3)`…
    struct UpwardSearch {
        var policy = FilenamePolicy()
        var taken: Set<String> = []

        init(existing: [String] = []) { taken = Set(existing.map(FilenamePolicy.collisionKey)) }

        mutating func claim(_ safeName: String) -> String {
            var candidate = safeName
            var n = 1
            while taken.contains(FilenamePolicy.collisionKey(candidate)) {
                n += 1
                candidate = policy.numbered(safeName, n)
            }
            taken.insert(FilenamePolicy.collisionKey(candidate))
            return candidate
        }
    }

    func testClashingNamesCostLinearProbes() {
        for count in [1_000, 4_000] {
            var allocator = FilenameAllocator()
            var last = ""
            for _ in 0..<count { last = allocator.claim("image001.png") }
            XCTAssertEqual(last, "image001 (\(count)).png")
            XCTAssertLessThanOrEqual(allocator.probes, 2 * count, "\(count) claims of one name")
        }
    }

    func testCaseVariantsAndNumberedNamesCostLinearProbes() {
        let count = 1_200
        var allocator = FilenameAllocator()
        var reference = UpwardSearch()
        let spellings = ["image001.png", "IMAGE001.PNG", "Image001.png", "image001 (7).png"]
        for index in 0..<count {
            let name = spellings[index % spellings.count]
            XCTAssertEqual(allocator.claim(name), reference.claim(name), "claim \(index) of \(name)")
        }
        // Each claim looks once at its own name and once at the next free number; a taken number is
        // passed over once per spelling.
        XCTAssertLessThanOrEqual(allocator.probes, 3 * count + spellings.count * count / 2)
    }

    func testSameNamesAsTheUpwardSearch() {
        let existing = ["Report.PDF", "report (3).pdf", "image001 (2).png"]
        var allocator = FilenameAllocator(existing: existing)
        var reference = UpwardSearch(existing: existing)
        let long = String(repeating: "文", count: 83) + ".pdf"
        var claims: [String] = []
        for round in 0..<40 {
            claims += ["report.pdf", "image001.png", "a.pdf", "A.PDF", "a (2).pdf", long, "README", "readme"]
            claims += [policy.sanitize("CAFE\u{301}.TXT")!, "Caf\u{E9}.txt", "image001 (\(round + 3)).png"]
            claims += ["archive.tar.gz", "ARCHIVE.tar.gz", "archive.tar (2).gz"]
        }
        for (index, name) in claims.enumerated() {
            if index == 100 {
                allocator.reserve("image001 (40).png")
                reference.taken.insert(FilenamePolicy.collisionKey("image001 (40).png"))
            }
            XCTAssertEqual(allocator.claim(name), reference.claim(name), "claim \(index) of \(name)")
        }
    }

    func testTwoRunsGiveIdenticalNames() {
        let names = (0..<2_000).map { ["image001.png", "Image001.PNG", "logo.gif", "image001 (3).png"][$0 % 4] }
        func run() -> [String] {
            var allocator = FilenameAllocator(existing: ["image001 (5).png"])
            return names.map { allocator.claim($0) }
        }
        let first = run()
        XCTAssertEqual(first, run())
        XCTAssertEqual(Set(first.map(FilenamePolicy.collisionKey)).count, names.count, "every name distinct")
    }
}
