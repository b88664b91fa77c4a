import Foundation
import MIME
import ParserTestSupport
import XCTest

/// Compares the leaf parts popvault finds in every corpus message with Python's `email` package.
final class CorpusDifferentialTests: XCTestCase {
    /// The agreement measured when this test was written (see the categories printed by the test);
    /// a drop below it is a regression.
    static let minimumAgreement = 0.925

    /// Messages built to exceed a limit: they must fail with exactly this limit, never crash.
    static let expectedLimitErrors: [String: MIMEError.Limit] = [
        "horde-Mime/fixtures/deeply_nested.txt": .depth,  // 33 nested multiparts; Options.maximumDepth is 32
    ]

    enum Category: String, CaseIterable {
        case pythonError = "Python raised"
        // Deliberate: Python parses partial, external-body, delivery-status, feedback-report and base64
        // message/rfc822 bodies as messages; popvault keeps them as one leaf.
        case messageSubtype = "message/* kept as one leaf (deliberate)"
        case leafCount = "different number of leaves"
        case contentType = "different content type"
        case filename = "different decoded file name"
        case body = "different decoded base64/QP body"
    }

    func testLeafPartsAgreeWithPythonEmail() throws {
        guard let corpus = Corpus.directory else {
            throw XCTSkip("corpus not found beside the clone (../shared/corpus/mime)")
        }
        guard let reference = try PythonReference.run(corpus: corpus) else { throw XCTSkip("python3 not available") }
        let files = Corpus.files(in: corpus)
        XCTAssertEqual(Set(files), Set(reference.keys), "Python and Swift saw different files")
        var agree = 0
        var categories: [Category: [String]] = [:]
        var failures: [String] = []
        var report = ""
        for file in files {
            let collector = LeafCollector()
            do {
                let raw = try Array(Data(contentsOf: corpus.appendingPathComponent(file)))
                try Corpus.parse(Corpus.universalNewlines(raw), handler: collector)
            } catch let error as MIMEError where Self.expectedLimitErrors[file] == error.limit {
                continue
            } catch {
                failures.append("\(file): \(error)")
                continue
            }
            guard let entry = reference[file] else { continue }
            if let category = compare(collector.leaves, entry) {
                categories[category, default: []].append(file)
                report += "== \(file): \(category.rawValue)\n  ours:   \(collector.leaves)\n  python: "
                let theirs = (entry.leaves ?? []).map {
                    "\($0.type) \($0.filename ?? "nil") \($0.sha?.prefix(12) ?? "-")"
                }
                report += "\(theirs)\n"
            } else {
                agree += 1
            }
        }
        let rate = Double(agree) / Double(files.count)
        let percent = String(format: "%.2f", rate * 100)
        print("MIME differential vs Python email: \(agree)/\(files.count) messages agree (\(percent)%)")
        for category in Category.allCases {
            let list = categories[category] ?? []
            print("  \(category.rawValue): \(list.count)  e.g. \(list.prefix(6).joined(separator: ", "))")
        }
        // Set MIME_DIFFERENTIAL_REPORT=/path to get every disagreement with both leaf lists.
        if let path = ProcessInfo.processInfo.environment["MIME_DIFFERENTIAL_REPORT"] {
            try report.write(toFile: path, atomically: true, encoding: .utf8)
        }
        XCTAssertEqual(failures, [], "messages the parser rejected with default limits")
        XCTAssertGreaterThanOrEqual(rate, Self.minimumAgreement)
    }

    private func compare(_ ours: [ComparableLeaf], _ entry: PythonReference.Entry) -> Category? {
        guard let theirs = entry.leaves else { return .pythonError }
        let opaque: Set = [
            "message/partial", "message/external-body", "message/delivery-status", "message/feedback-report",
            "message/disposition-notification", "message/rfc822", "message/global",
        ]
        if ours != theirs.map({ ComparableLeaf(type: $0.type, filename: $0.filename, sha256: $0.sha) }),
           ours.contains(where: { opaque.contains($0.type) }) {
            return .messageSubtype
        }
        if ours.count != theirs.count { return .leafCount }
        // Python has two readings of a Content-Type: `get_content_type()` keeps any bytes up to `;` when there is
        // one `/` (`text/pla:in`, `multipart/r3e=`), policy.default's header parser applies the RFC 2045 token
        // rule (text/plain for those, as popvault does). A type matching neither is a disagreement.
        for (a, b) in zip(ours, theirs) where a.type != b.type && a.type != b.header_type { return .contentType }
        for (a, b) in zip(ours, theirs) where a.filename != b.filename.flatMap({ $0.isEmpty ? nil : $0 }) {
            return .filename
        }
        for (a, b) in zip(ours, theirs) where b.sha != nil && a.sha256 != b.sha { return .body }
        return nil
    }

    /// Random splits of corpus messages must give exactly the events of the unsplit parse.
    func testRandomSplitsGiveIdenticalEvents() throws {
        guard let corpus = Corpus.directory else {
            throw XCTSkip("corpus not found beside the clone (../shared/corpus/mime)")
        }
        let files = Corpus.files(in: corpus)
        var rng = SplitMix64(seed: 2024)
        var checked = 0
        for (k, file) in files.enumerated() where k % 7 == 0 {
            let bytes = try Array(Data(contentsOf: corpus.appendingPathComponent(file)))
            guard bytes.count < 300_000 else { continue }
            let seed = rng.next()
            let whole: EventRecorder
            do {
                whole = try Feed.parse(bytes)
            } catch {
                XCTAssertNotNil(CorpusDifferentialTests.expectedLimitErrors[file], "\(file): \(error)")
                XCTAssertThrowsError(try Feed.parse(bytes, seed: seed, maximumChunk: 5), file)
                continue
            }
            let split = try Feed.parse(bytes, seed: seed, maximumChunk: k % 2 == 0 ? 5 : 300)
            XCTAssertEqual(split.events, whole.events, "\(file) seed \(seed)")
            checked += 1
        }
        XCTAssertGreaterThan(checked, 150)
    }
}
