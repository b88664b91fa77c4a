import Foundation
import TestSupport
import XCTest

/// Every regular file under a directory, by path relative to it.
struct OutputListing {
    var files: [String: [UInt8]] = [:]
    var modes: [String: Int] = [:]
    var inodes: [String: UInt64] = [:]
    /// Names starting with a dot (leftover temporary files).
    var hidden: [String] = []
    /// Paths whose resolved location is not inside the root.
    var outside: [String] = []

    init(root: String) throws {
        let rootURL = URL(fileURLWithPath: root).resolvingSymlinksInPath().standardizedFileURL
        let manager = FileManager.default
        guard let walker = manager.enumerator(atPath: root) else { return }
        while let relative = walker.nextObject() as? String {
            let full = (root as NSString).appendingPathComponent(relative)
            let attributes = try manager.attributesOfItem(atPath: full)
            if (relative as NSString).lastPathComponent.hasPrefix(".") { hidden.append(relative) }
            let resolved = URL(fileURLWithPath: full).resolvingSymlinksInPath().standardizedFileURL.path
            if !resolved.hasPrefix(rootURL.path + "/") { outside.append(relative) }
            guard attributes[.type] as? FileAttributeType == .typeRegular else { continue }
            files[relative] = Array(try Data(contentsOf: URL(fileURLWithPath: full)))
            modes[relative] = attributes[.posixPermissions] as? Int
            inodes[relative] = (attributes[.systemFileNumber] as? NSNumber)?.uint64Value
        }
    }
}

/// A JSON Lines manifest, parsed.
struct ManifestLines {
    var text: String
    var objects: [[String: Any]]

    init(path: String) throws {
        text = try String(contentsOfFile: path, encoding: .utf8)
        objects = try text.split(separator: "\n").map { line in
            let object = try JSONSerialization.jsonObject(with: Data(line.utf8))
            return try XCTUnwrap(object as? [String: Any], "not an object: \(line)")
        }
    }
}

/// SHA-256 through sha256sum(1) (the test target does not link a crypto library).
func sha256Hex(_ bytes: [UInt8]) -> String {
    let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("sha-\(UUID().uuidString)")
    defer { try? FileManager.default.removeItem(at: scratch) }
    guard (try? Data(bytes).write(to: scratch)) != nil else { return "" }
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/sha256sum")
    process.arguments = [scratch.path]
    let pipe = Pipe()
    process.standardOutput = pipe
    guard (try? process.run()) != nil else { return "" }
    let out = pipe.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return String(decoding: out, as: UTF8.self).split(separator: " ").first.map(String.init) ?? ""
}

/// `popvault extract --quiet --flat --manifest` of one message written into `dir`: the exit status must be
/// 0; returns the output tree and the manifest.
func extractFlat(_ message: String, in dir: TemporaryDirectory, _ extra: [String] = []) throws
    -> (tree: OutputListing, manifest: ManifestLines)
{
    let input = dir.url.appendingPathComponent("in.eml")
    try Data(message.utf8).write(to: input)
    let out = dir.url.appendingPathComponent("out").path
    let manifestPath = dir.url.appendingPathComponent("m.jsonl").path
    let result = try PopvaultProcess.run(
        ["extract", "--quiet", "--flat", input.path, "--to", out, "--manifest", manifestPath] + extra)
    XCTAssertEqual(result.status, 0, result.stderr)
    return (try OutputListing(root: out), try ManifestLines(path: manifestPath))
}
