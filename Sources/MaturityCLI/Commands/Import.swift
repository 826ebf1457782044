import ArgumentParser
import Foundation
import MaturityCore
import MaturityImport

struct Import: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Import canonical CSV files (one kind), or every canonical file of a folder.",
        discussion: """
        Kinds: \(CanonicalKind.allCases.map(\.rawValue).joined(separator: ", ")).
        `maturity import FOLDER` imports people.csv, work_items.csv, work_item_events.csv, meetings.csv,
        attendees.csv and messages.csv found at the folder's top level, in that order.
        Re-importing a file changes nothing; a corrected file updates rows in place.
        """)

    @OptionGroup var storeOptions: StoreOptions

    @Argument(help: ArgumentHelp("A kind followed by files, or one folder.", valueName: "kind-or-folder"))
    var target: String

    @Argument(help: ArgumentHelp("Files to import (with a kind).", valueName: "file"))
    var files: [String] = []

    @Option(name: .long, help: ArgumentHelp("Read timestamps written without an offset in this IANA zone.", valueName: "zone"))
    var timezone: String?

    @Flag(name: .customLong("keep-text"), help: "Store message bodies and descriptions (not stored by default).")
    var keepText = false

    func validate() throws {
        if let timezone { _ = try parseZone(timezone, option: "--timezone") }
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: target, isDirectory: &isDirectory), isDirectory.boolValue {
            guard files.isEmpty else {
                throw ValidationError("a folder import takes no further arguments; got \(files.joined(separator: " "))")
            }
            return
        }
        guard CanonicalKind(rawValue: target) != nil else {
            throw ValidationError("'\(target)' is neither a kind (\(CanonicalKind.allCases.map(\.rawValue).joined(separator: ", "))) nor a folder")
        }
        guard !files.isEmpty else { throw ValidationError("name at least one file to import as \(target)") }
    }

    func run() throws {
        try reportingErrors {
            let store = try storeOptions.open()
            let zone = try timezone.map { try parseZone($0, option: "--timezone") }
            var plan: [(CanonicalKind, URL)] = []
            if let kind = CanonicalKind(rawValue: target) {
                plan = files.map { (kind, URL(fileURLWithPath: $0)) }
            } else {
                plan = try Self.folderPlan(URL(fileURLWithPath: target, isDirectory: true))
                if plan.isEmpty {
                    throw CLIError("\(target) holds none of the canonical files",
                                   fix: "name the files \(CanonicalKind.allCases.map(\.fileName).joined(separator: ", "))")
                }
            }
            for (kind, url) in plan {
                let summary = try Self.importFile(kind: kind, url: url, store: store, zone: zone, keepText: keepText)
                for warning in summary.warnings.prefix(20) { printError("warning: \(warning)") }
                if summary.warningCount > 20 { printError("warning: … and \(summary.warningCount - 20) more (maturity sql \"SELECT warnings FROM import_run\")") }
                printError(summary.line)
            }
        }
    }

    /// The canonical files at the folder's top level, in dependency order; other entries are named on stderr.
    static func folderPlan(_ folder: URL) throws -> [(CanonicalKind, URL)] {
        let names = try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted()
        var found: [CanonicalKind: URL] = [:]
        for name in names {
            if let kind = CanonicalKind.forFileName(name) {
                found[kind] = folder.appendingPathComponent(name)
            } else if !name.hasPrefix(".") {
                printError("passing over \(folder.appendingPathComponent(name).path): not a canonical file name")
            }
        }
        return CanonicalKind.allCases.compactMap { kind in found[kind].map { (kind, $0) } }
    }

    static func importFile(kind: CanonicalKind, url: URL, store: Store, zone: TimeZone?, keepText: Bool) throws -> ImportSummary {
        let importer = CanonicalCSVImporter(kind: kind, timeZone: zone)
        let started = Date()
        var lastReport = Date()
        return try importer.run(url, into: store, keepText: keepText) { bytes, total, rows in
            guard total > 4 << 20, Date().timeIntervalSince(lastReport) >= 1 else { return }
            lastReport = Date()
            let seconds = max(Date().timeIntervalSince(started), 0.001)
            let percent = total > 0 ? 100 * Double(bytes) / Double(total) : 0
            printError(String(format: "%@: %.0f%%, %d rows, %.0f rows/s", url.lastPathComponent, percent, rows,
                              Double(rows) / seconds))
        }
    }
}
