/// Hands out unique names within one directory, detecting collisions on
/// `FilenamePolicy.collisionKey` (case-folded NFC) and resolving them as `name (2).ext`,
/// `name (3).ext`… in the order names are claimed, so the same sequence of claims always gives the
/// same names.
public struct FilenameAllocator: Sendable {
    public let policy: FilenamePolicy
    private var taken: Set<String> = []

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
