import ArchiverEngine
import Foundation

extension Export {
    static func summaryLine(_ s: ExportSummary) -> String {
        "exported \(s.exported) messages (\(ByteCountText.text(s.exportedBytes))) of \(s.read) read; "
            + "\(s.alreadyExported) already exported, \(s.outsideDates) outside the dates, "
            + "\(s.inputErrors.count) input errors"
    }

    /// The `--report json` object.
    struct Report: Encodable {
        var read: Int
        var exported: Int
        var exportedBytes: Int64
        var alreadyExported: Int
        var outsideDates: Int
        var inputErrors: [String]
    }

    static func jsonReport(_ s: ExportSummary) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        encoder.keyEncodingStrategy = .convertToSnakeCase
        let report = Report(
            read: s.read, exported: s.exported, exportedBytes: s.exportedBytes, alreadyExported: s.alreadyExported,
            outsideDates: s.outsideDates, inputErrors: s.inputErrors)
        return String(decoding: try encoder.encode(report), as: UTF8.self)
    }
}
