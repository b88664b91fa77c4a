import Foundation

/// Another tool's state file, read whole: the lists of unique-ids it holds, by owner.
public struct StateFile: Sendable, Equatable {
    public var tool: StateTool
    /// The path, as given.
    public var path: String
    public var lists: [StateList]

    /// Creates a state file value (``read(tool:path:options:)`` is the usual way).
    public init(tool: StateTool, path: String, lists: [StateList]) {
        self.tool = tool
        self.path = path
        self.lists = lists
    }

    /// Reads `path` in 64 KiB chunks through `tool`'s parser.
    public static func read(tool: StateTool, path: String, options: StateFileOptions = .init()) throws -> StateFile {
        let handle: FileHandle
        do {
            handle = try FileHandle(forReadingFrom: URL(fileURLWithPath: path))
        } catch {
            throw ImportStateError.unreadable(file: path, reason: Self.reason(error))
        }
        defer { try? handle.close() }
        var parser = tool.parser(file: path, options: options)
        while true {
            let chunk: Data?
            do {
                chunk = try handle.read(upToCount: 1 << 16)
            } catch {
                throw ImportStateError.unreadable(file: path, reason: Self.reason(error))
            }
            guard let chunk, !chunk.isEmpty else { break }
            try parser.feed(ArraySlice(chunk))
        }
        return StateFile(tool: tool, path: path, lists: try parser.finish())
    }

    /// The unique-ids recorded for `wanted`, in file order without repeats.
    ///
    /// Lists whose owner names `wanted` with the same host spelling win; otherwise the host is compared
    /// ignoring case, and two differently spelled hosts matching that way are ambiguous.
    public func uids(for wanted: ServerMailbox) throws -> [String] {
        var matching = lists.filter { $0.owner.belongs(to: wanted, exactHost: true) }
        if matching.isEmpty {
            matching = lists.filter { $0.owner.belongs(to: wanted, exactHost: false) }
        }
        let owners = matching.map(\.owner).reduce(into: [StateOwner]()) { owners, owner in
            if !owners.contains(owner) { owners.append(owner) }
        }
        guard !owners.isEmpty else {
            let present = lists.map(\.owner.description).reduce(into: [String]()) { present, owner in
                if !present.contains(owner) { present.append(owner) }
            }
            throw ImportStateError.noMatchingMailbox(file: path, tool: tool, wanted: wanted, present: present)
        }
        guard owners.count == 1 else {
            throw ImportStateError.ambiguousMailbox(file: path, wanted: wanted, matches: owners.map(\.description))
        }
        var seen = Set<String>()
        return matching.flatMap(\.uids).filter { seen.insert($0).inserted }
    }

    private static func reason(_ error: any Error) -> String {
        if let error = error as? CocoaError, let underlying = error.underlying as? POSIXError {
            return String(cString: strerror(underlying.code.rawValue))
        }
        return (error as NSError).localizedDescription
    }
}
