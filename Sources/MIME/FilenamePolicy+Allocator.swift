/// Hands out unique names within one directory, detecting collisions on
/// `FilenamePolicy.collisionKey` (case-folded NFC) and resolving them as `name (2).ext`,
/// `name (3).ext`… in the order names are claimed, so the same sequence of claims always gives the
/// same names.
///
/// A clash costs O(1) amortised: the allocator remembers, per name asked for, the number its last
/// search ended on. Every name below it was taken then and names are never given back, so the search
/// resumes there and finds the name the search from `(2)` would have found (100,000 `image001.png`
/// were quadratic, issue 14). The memory is keyed on the exact spelling, whose numbered forms are
/// exactly the ones searched; a case variant keeps its own, so it passes each taken number once.
public struct FilenameAllocator: Sendable {
    public let policy: FilenamePolicy
    private var taken: Set<String> = []
    /// Per name that clashed (its UTF-8 bytes): the highest `n` whose `numbered(name, n)` was tried.
    private var lastNumber: [[UInt8]: Int] = [:]
    /// How many candidate names `claim` has looked up so far (tests count it to show a clash costs O(1)).
    public private(set) var probes = 0

    /// - Parameter existing: names already in the directory (they are never handed out).
    public init(policy: FilenamePolicy = .init(), existing: some Sequence<String> = [String]()) {
        self.policy = policy
        for name in existing { taken.insert(FilenamePolicy.collisionKey(name)) }
    }

    /// Whether `name` (or a case/normalisation variant of it) is taken.
    public func isTaken(_ name: String) -> Bool {
        taken.contains(FilenamePolicy.collisionKey(name))
    }

    /// Marks `name` as taken, e.g. when another process created it under our feet.
    public mutating func reserve(_ name: String) {
        taken.insert(FilenamePolicy.collisionKey(name))
    }

    /// A name not taken yet, `safeName` itself when free, and marks it taken. `safeName` must already
    /// be the output of `FilenamePolicy.sanitize` or `generatedName`.
    public mutating func claim(_ safeName: String) -> String {
        guard isClaimed(safeName) else {
            taken.insert(FilenamePolicy.collisionKey(safeName))
            return safeName
        }
        let spelling = Array(safeName.utf8)
        var n = lastNumber[spelling] ?? 1
        var candidate: String
        repeat {
            n += 1
            candidate = policy.numbered(safeName, n)
        } while isClaimed(candidate)
        lastNumber[spelling] = n
        taken.insert(FilenamePolicy.collisionKey(candidate))
        return candidate
    }

    private mutating func isClaimed(_ candidate: String) -> Bool {
        probes += 1
        return taken.contains(FilenamePolicy.collisionKey(candidate))
    }
}
