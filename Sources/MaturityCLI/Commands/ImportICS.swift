import ArgumentParser
import Foundation
import MaturityCore
import MaturityImport

/// `maturity import ics FILE|FOLDER|ZIP...`: iCalendar exports (Documentation/Importers.md, "iCalendar").
struct ImportICS: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ics",
        abstract: "Import iCalendar (.ics) exports: Google (a file, a folder or a Takeout ZIP), Outlook/Exchange/Office 365, Apple.",
        discussion: """
        Every occurrence of every event becomes one meeting: recurrences (RRULE, RDATE, EXDATE, moved and cancelled
        occurrences) are expanded up to --until (default: the end of the current quarter). Times are read in their
        TZID (IANA names in any case, Windows names, or the file's own VTIMEZONE); floating times and unknown zones
        are read in the file's X-WR-TIMEZONE, else in --timezone, else they are an error. The same meeting in
        several people's exports is one meeting; each person's own calendar gives their own answer.

        Examples:
          maturity import ics --until 2026-06-30 datasets/calendars/diego.ics
          maturity import ics -n --until 2026-03-31 datasets/calendars/*.ics
          maturity import ics -n --until 2026-09-30 datasets/sample/calendars

        See Documentation/Importers.md.
        """)

    @OptionGroup var storeOptions: StoreOptions
    @OptionGroup var importOptions: ImportCommandOptions
    @OptionGroup var calendarOptions: CalendarOptions

    @Argument(help: ArgumentHelp(".ics files, folders of them (one export per person), or ZIPs of them (Google Takeout).",
                                 valueName: "file"))
    var files: [String]

    func run() throws {
        try reportingErrors {
            let store = try storeOptions.open(upgrade: !importOptions.dryRun)
            let options = try importOptions.importOptions()
            let importer = ICSImporter(until: try calendarOptions.untilDate(), timeZone: options.timeZone)
            try Import.importAll(files.map { (importer, URL(fileURLWithPath: $0)) }, store: store, options: importOptions)
        }
    }
}

/// `--until DATE`: how far calendar series are expanded.
struct CalendarOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp(
        "Expand recurring calendar series up to this day, included (YYYY-MM-DD; default: the end of the current quarter).",
        valueName: "date"))
    var until: String?

    func validate() throws { _ = try untilDate() }

    func untilDate() throws -> LocalDate? {
        guard let until else { return nil }
        guard let date = LocalDate.parse(until) else {
            throw ValidationError("--until: '\(until)' is not a date; write YYYY-MM-DD, such as 2026-03-31")
        }
        return date
    }
}
