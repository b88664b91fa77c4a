import Foundation
import MIME

extension MessageExtraction: MIMEHandler {
    func messageBegan(_ header: MessageHeader) {
        if header.depth == 0 { topHeader = header }
    }

    func messageEnded(_ header: MessageHeader, defects: [MIMEDefect]) {
        summary.defects += defects.count
    }

    /// Decides whether `part` is extracted and, if so, opens its temporary file.
    func partBegan(_ part: MIMEPart) -> Bool {
        guard deferredError == nil, isAttachment(part) else { return false }
        let policy = options.filenamePolicy
        // The name of an external body is the external object's, not the phantom header's the part holds.
        let offeredName = FilenamePolicy.isExternalBody(part.contentType) ? nil : part.filename
        let safeName =
            offeredName.flatMap { policy.sanitize($0) }
            ?? policy.generatedName(contentType: part.contentType, disposition: part.disposition, partPath: part.path)
        guard options.filters.admit(contentType: part.contentType, name: offeredName ?? safeName) else {
            return false
        }
        do {
            let directory = try tree.directory(directoryName())
            let temporary = try tree.createTemporary(in: directory)
            openParts[part.path] = PartFile(
                directory: directory, temporary: temporary, safeName: safeName, root: tree.root, hasher: hasher)
            return true
        } catch let error as ExtractError {
            deferredError = error
        } catch {
            deferredError = .output(path: tree.root, operation: "create", errno: EIO)
        }
        return false
    }

    func partBody(_ part: MIMEPart, _ decoded: UnsafeRawBufferPointer) throws {
        try openParts[part.path]?.write(decoded)
    }

    func partEnded(_ part: MIMEPart, defects: [MIMEDefect]) throws {
        summary.defects += defects.count
        guard let file = openParts.removeValue(forKey: part.path) else { return }
        let stored: (path: String, duplicateOf: String?)
        let sha256: String
        do {
            sha256 = try file.close(sync: options.syncFiles)
            stored = try store(file, sha256: sha256)
        } catch {
            tree.remove(temporary: file.temporaryName, in: file.directory)
            throw error
        }
        summary.parts += 1
        try manifest?.append(
            ManifestEntry(
                source: source, message: messageRef, messageID: topHeader?.messageID, part: part.path,
                contentType: part.contentType, disposition: part.disposition, originalName: part.filename,
                path: stored.path, size: file.size, sha256: sha256, defects: defects.map(\.rawValue),
                duplicateOf: stored.duplicateOf,
                externalBody: FilenamePolicy.isExternalBody(part.contentType) ? part.parameters : nil))
    }

    /// Gives a finished file its place. Returns its path relative to the output directory and, for a
    /// duplicate under `--dedupe`, the path of the first copy.
    func store(_ file: PartFile, sha256: String) throws -> (path: String, duplicateOf: String?) {
        var duplicateOf: String?
        if options.dedupe != .off, let first = firstCopies[sha256] {
            summary.duplicates += 1
            let firstPath = first.directory.path(of: first.name)
            duplicateOf = firstPath
            if options.dedupe == .skip {
                tree.remove(temporary: file.temporaryName, in: file.directory)
                return (firstPath, firstPath)
            }
            if let linked = try tree.link(first.name, in: first.directory, into: file.directory, as: file.safeName) {
                tree.remove(temporary: file.temporaryName, in: file.directory)
                return (file.directory.path(of: linked), firstPath)
            }
            // The file system cannot hard-link: the copy is kept.
        }
        let name = try tree.place(temporary: file.temporaryName, in: file.directory, as: file.safeName)
        summary.bytesWritten += file.size
        if options.dedupe != .off && firstCopies[sha256] == nil { firstCopies[sha256] = (file.directory, name) }
        return (file.directory.path(of: name), duplicateOf)
    }

    /// The attachment policy (see `AttachmentExtractor`).
    func isAttachment(_ part: MIMEPart) -> Bool {
        if part.isMainBody { return false }
        let inlineResource = part.filename == nil && part.contentID != nil && part.disposition != "attachment"
        return !inlineResource || options.includeInlineResources
    }

    /// `YYYY-MM` of the top-level message's date in UTC, `unknown-date` without one; "" when flat.
    func directoryName() -> String {
        guard options.layout == .byMonth else { return "" }
        guard let date = topHeader?.date else { return "unknown-date" }
        let parts = Self.calendar.dateComponents([.year, .month], from: date)
        guard let year = parts.year, let month = parts.month, (1...9999).contains(year) else { return "unknown-date" }
        let yearText = String(year)
        let monthText = month < 10 ? "0\(month)" : String(month)
        return String(repeating: "0", count: max(0, 4 - yearText.count)) + yearText + "-" + monthText
    }

    static let calendar: Calendar = {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        return calendar
    }()
}
