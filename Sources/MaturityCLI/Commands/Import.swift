import ArgumentParser
import Foundation
import MaturityCore
import MaturityImport

/// `maturity import PATH...` (each path recognised by content) and `maturity import <format> FILE...`.
struct Import: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Import exports: each path recognised by its content, or named with a format.",
        discussion: """
        `maturity import PATH...` recognises each file by its content (canonical CSV by its header row, a Slack
        export by its users.json and day files, a mailbox by its first lines) and imports a folder's files in
        dependency order (people first, messages last). Name the format to skip recognition:
        `maturity import messages FILE...`, `maturity import slack EXPORT.zip`, `maturity import mbox FILE`. Each input is one transaction: all of it or nothing.
        Re-importing a file changes nothing; a corrected file updates rows in place. `--dry-run` reads and
        checks everything and prints the summary a real import would, writing nothing.

        Formats recognised:
        \(ImportFormats.listing)

        Examples:
          maturity import --timezone Europe/Berlin datasets/sample
          maturity import --dry-run datasets/sample/messages.csv
          maturity import messages --timezone UTC datasets/sample/messages.csv

        See Documentation/Importers.md.
        """,
        subcommands: [ImportPaths.self] + CanonicalImportCommands.all + TrackerImportCommands.all
            + [ImportSlack.self, ImportMbox.self, ImportICS.self],
        defaultSubcommand: ImportPaths.self)
}

/// `maturity import PATH...`: the default of `maturity import`.
struct ImportPaths: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "detect",
        abstract: "Import files and folders, each recognised by its content (the default of 'maturity import').",
        discussion: """
        Formats recognised:
        \(ImportFormats.listing)

        A folder's files are imported in dependency order; other entries are passed over and named.

        Examples:
          maturity import --timezone Europe/Berlin datasets/sample
          maturity import --dry-run datasets/sample/people.csv

        See Documentation/Importers.md.
        """)

    @OptionGroup var storeOptions: StoreOptions
    @OptionGroup var importOptions: ImportCommandOptions
    @OptionGroup var calendarOptions: CalendarOptions

    @Argument(help: ArgumentHelp("Files or folders to import, each recognised by its content.", valueName: "path"))
    var paths: [String] = []

    /// `maturity import mbox`'s `--list`, for `maturity import --store S mbox --list FILE` (options first).
    @Flag(name: .long, help: .hidden) var list = false

    /// A native format named after options (`maturity import --store S slack EXPORT`), as `namedFormat`.
    private var namedNative: (format: String, files: [String])? {
        guard let first = paths.first, first == "slack" || first == "mbox",
              !FileManager.default.fileExists(atPath: first) else { return nil }
        return (first, Array(paths.dropFirst()))
    }

    /// A format named first when options came before it (`maturity import --timezone Z messages FILE`, which
    /// the parser hands here): that format and its files.
    private var namedFormat: (kind: CanonicalKind, files: [String])? {
        guard let first = paths.first, let kind = CanonicalKind(rawValue: first),
              !FileManager.default.fileExists(atPath: first) else { return nil }
        return (kind, Array(paths.dropFirst()))
    }

    func validate() throws {
        guard !paths.isEmpty else {
            throw ValidationError("name at least one file or folder to import, or a format followed by files "
                + "(formats: \(Import.formatNames))")
        }
        if let named = namedFormat, named.files.isEmpty {
            throw ValidationError("name at least one file to import as \(named.kind.rawValue)")
        }
        if let tracker = TrackerImportCommands.named(paths), tracker.files.isEmpty {
            throw ValidationError("name at least one file to import as \(tracker.id)")
        }
        if let named = namedNative, named.files.isEmpty {
            throw ValidationError("name at least one file to import as \(named.format)")
        }
        // A missing file is a run-time error (it names the path); a word that is no path is a usage error.
        guard namedFormat == nil, TrackerImportCommands.named(paths) == nil, namedNative == nil, let first = paths.first,
              !FileManager.default.fileExists(atPath: first),
              !first.contains("/"), !first.contains(".") else { return }
        throw ValidationError("'\(first)' is neither a format nor a file or folder"
            + Suggestions.hint(first, among: ImportFormats.formats.map(\.id)) + " (formats: \(Import.formatNames))")
    }

    func run() throws {
        if let named = namedFormat {
            return try CanonicalImportCommands.run(named.kind, files: named.files, store: storeOptions,
                                                   options: importOptions)
        }
        if let tracker = TrackerImportCommands.named(paths) {
            return try TrackerImportCommands.run(tracker.id, files: tracker.files, store: storeOptions,
                                                 options: importOptions)
        }
        if let named = namedNative {
            return try reportingErrors {
                let store = try storeOptions.open(upgrade: !importOptions.dryRun)
                let importer: any Importer = named.format == "slack" ? SlackExportImporter() : MboxImporter(list: list)
                try Import.importAll(named.files.map { (importer, URL(fileURLWithPath: $0)) }, store: store,
                                     options: importOptions)
            }
        }
        try reportingErrors {
            let store = try storeOptions.open(upgrade: !importOptions.dryRun)
            var options = try importOptions.importOptions()
            options.until = try calendarOptions.untilDate()
            var inputs: [RecognisedInput] = []
            var passedOver: [(url: URL, reason: String)] = []
            for path in paths {
                let url = URL(fileURLWithPath: path)
                var isDirectory: ObjCBool = false
                if FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), isDirectory.boolValue,
                   (try? ImportFormats.recognise(url, options: options)) == nil {
                    let plan = try ImportFormats.plan(folder: url, options: options)
                    if plan.inputs.isEmpty {
                        throw CLIError("\(path) holds no file maturity recognises (formats: \(Import.formatNames))",
                                       fix: "name each file's format, as in 'maturity import messages FILE', or give "
                                           + "canonical files their header row ("
                                           + CanonicalKind.allCases.map(\.fileName).joined(separator: ", ") + ")")
                    }
                    inputs += plan.inputs
                    passedOver += plan.passedOver
                } else {
                    inputs.append(try ImportFormats.recognise(url, options: options))
                }
            }
            for (url, reason) in passedOver { printError("passing over \(url.path): \(reason)") }
            // What was recognised comes first: it holds even when an input then fails.
            let reasons = Dictionary(grouping: inputs, by: \.reason).map { "\($0.value.count) as \($0.key)" }.sorted()
            printError("recognised " + reasons.joined(separator: ", "))
            // Paths named on the command line are imported in dependency order too (attendees after meetings).
            try Import.importAll(ImportFormats.inDependencyOrder(inputs).map { ($0.importer, $0.url) }, store: store,
                                 options: importOptions)
        }
    }
}

extension Import {
    static var formatNames: String { ImportFormats.formats.map(\.id).joined(separator: ", ") }

    /// Imports each input in its own transaction, printing warnings and the summary of each on stderr.
    static func importAll(_ inputs: [(any Importer, URL)], store: Store, options: ImportCommandOptions) throws {
        let session = ImportSession(store: store, keepText: options.keepText, dryRun: options.dryRun,
                                    maxErrors: options.maxErrors, progress: ProgressPrinter.standard().report)
        func runAll() throws {
            for (importer, url) in inputs { printSummary(try session.run(importer, path: url)) }
        }
        // A dry run of several inputs is one transaction, rolled back at the end: each input sees what the
        // ones before it would have written, so the counts are those of the real import.
        if options.dryRun { try store.dryRun(runAll) } else { try runAll() }
    }

    static func printSummary(_ summary: ImportSummary) {
        for note in summary.notes { printError("note: \(note)") }
        for warning in summary.warnings.prefix(20) { printError("warning: \(warning)") }
        if summary.warningCount > 20 {
            printError("warning: … and \(summary.warningCount - 20) more (maturity runs --format json lists "
                + "the first 100)")
        }
        printError(summary.line)
    }
}

/// The options every import command has.
struct ImportCommandOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp("Read timestamps written without an offset in this IANA zone.", valueName: "zone"))
    var timezone: String?

    @Flag(name: .customLong("keep-text"), help: "Store message bodies and descriptions (not stored by default).")
    var keepText = false

    @Flag(name: [.customShort("n"), .customLong("dry-run")],
          help: "Read and check everything, print the summary, write nothing.")
    var dryRun = false

    @Option(name: .customLong("max-errors"),
            help: ArgumentHelp("Report up to this many errors of a file at once (default 20).", valueName: "n"))
    var maxErrors = 20

    func validate() throws {
        if let timezone { _ = try parseZone(timezone, option: "--timezone") }
        guard maxErrors >= 1 else { throw ValidationError("--max-errors must be at least 1, got \(maxErrors)") }
    }

    func importOptions() throws -> ImportOptions {
        ImportOptions(timeZone: try timezone.map { try parseZone($0, option: "--timezone") })
    }
}

/// Progress on stderr: a bar with rate and time left when stderr is a terminal, a line every few seconds
/// otherwise (only for inputs large enough to take that long).
final class ProgressPrinter: @unchecked Sendable {
    private let terminal: Bool
    private var lastLine = Date.distantPast
    private var drewBar = false
    private let lock = NSLock()

    init(terminal: Bool) { self.terminal = terminal }

    static func standard() -> ProgressPrinter { ProgressPrinter(terminal: isatty(2) == 1) }

    func report(_ progress: ImportProgress) {
        lock.lock(); defer { lock.unlock() }
        let name = URL(fileURLWithPath: progress.path).lastPathComponent
        let rate = String(format: "%.1f MB/s, %.0f records/s", progress.bytesPerSecond / 1e6, progress.recordsPerSecond)
        if terminal {
            if progress.finished {
                if drewBar { FileHandle.standardError.write(Data("\r\u{1B}[K".utf8)) }
                drewBar = false
                return
            }
            let fraction = progress.fraction ?? 0
            let width = 24
            let filled = Int(fraction * Double(width))
            let bar = String(repeating: "#", count: filled) + String(repeating: ".", count: width - filled)
            let eta = progress.secondsLeft.map { String(format: ", %d:%02d left", Int($0) / 60, Int($0) % 60) } ?? ""
            let line = String(format: "\r\u{1B}[K%@ [%@] %3.0f%%, %@%@", name, bar, fraction * 100, rate, eta)
            FileHandle.standardError.write(Data(line.utf8))
            drewBar = true
        } else if !progress.finished, Date().timeIntervalSince(lastLine) >= 5 {
            lastLine = Date()
            let percent = progress.fraction.map { String(format: "%.0f%%, ", $0 * 100) } ?? ""
            printError("\(name): \(percent)\(progress.records) records, \(rate)")
        }
    }
}
