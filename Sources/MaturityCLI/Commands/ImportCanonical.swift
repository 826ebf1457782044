import ArgumentParser
import Foundation
import MaturityCore
import MaturityImport

/// `maturity import <kind> FILE...` for the eight canonical CSV kinds (Documentation/Importers.md).
enum CanonicalImportCommands {
    static let all: [ParsableCommand.Type] = [
        ImportPeople.self, ImportTimeOff.self, ImportHolidays.self, ImportWorkItems.self, ImportWorkItemEvents.self, ImportMeetings.self,
        ImportAttendees.self, ImportMessages.self,
    ]

    static func configuration(_ kind: CanonicalKind) -> CommandConfiguration {
        let columns = kind.columns.map { $0.required ? $0.name + " (required)" : $0.name }.joined(separator: ", ")
        return CommandConfiguration(
            commandName: kind.rawValue,
            abstract: "Import canonical CSV \(kind.rawValue) files (\(kind.fileName)).",
            discussion: """
            Columns: \(columns).\(kind.note.map { "\n\n" + $0 } ?? "")

            Examples:
              maturity import \(kind.rawValue) datasets/sample/\(kind.fileName)
              maturity import \(kind.rawValue) -n datasets/sample/\(kind.fileName)

            See Documentation/Importers.md.
            """)
    }

    static func run(_ kind: CanonicalKind, files: [String], store: StoreOptions, options: ImportCommandOptions) throws {
        try reportingErrors {
            let opened = try store.open(upgrade: !options.dryRun)
            let zone = try options.importOptions().timeZone
            try Import.importAll(files.map { (CanonicalCSVImporter(kind: kind, timeZone: zone), URL(fileURLWithPath: $0)) },
                                 store: opened, options: options)
        }
    }
}

/// One canonical kind's subcommand: the kind, and the options and files every one of them takes; its help and
/// run come from the kind.
protocol CanonicalImportCommand: ParsableCommand {
    static var kind: CanonicalKind { get }
    var storeOptions: StoreOptions { get }
    var importOptions: ImportCommandOptions { get }
    var files: [String] { get }
}

extension CanonicalImportCommand {
    static var configuration: CommandConfiguration { CanonicalImportCommands.configuration(kind) }

    func run() throws {
        try CanonicalImportCommands.run(Self.kind, files: files, store: storeOptions, options: importOptions)
    }
}

struct ImportPeople: CanonicalImportCommand {
    static let kind = CanonicalKind.people
    @OptionGroup var storeOptions: StoreOptions
    @OptionGroup var importOptions: ImportCommandOptions
    @Argument(help: ArgumentHelp("Files to import.", valueName: "file")) var files: [String]
}

struct ImportTimeOff: CanonicalImportCommand {
    static let kind = CanonicalKind.timeOff
    @OptionGroup var storeOptions: StoreOptions
    @OptionGroup var importOptions: ImportCommandOptions
    @Argument(help: ArgumentHelp("Files to import.", valueName: "file")) var files: [String]
}

struct ImportHolidays: CanonicalImportCommand {
    static let kind = CanonicalKind.holidays
    @OptionGroup var storeOptions: StoreOptions
    @OptionGroup var importOptions: ImportCommandOptions
    @Argument(help: ArgumentHelp("Files to import.", valueName: "file")) var files: [String]
    @Option(name: .long, help: ArgumentHelp(
        "Read the files as a public-holiday calendar in iCalendar form (.ics): the dates of its all-day events are "
            + "the holidays of calendar NAME.", valueName: "name"))
    var calendar: String?
    @OptionGroup var calendarOptions: CalendarOptions

    func run() throws {
        guard let calendar else {
            return try CanonicalImportCommands.run(Self.kind, files: files, store: storeOptions, options: importOptions)
        }
        try reportingErrors {
            let store = try storeOptions.open(upgrade: !importOptions.dryRun)
            let importer = ICSHolidaysImporter(calendar: calendar, until: try calendarOptions.untilDate())
            try Import.importAll(files.map { (importer, URL(fileURLWithPath: $0)) }, store: store, options: importOptions)
        }
    }
}

struct ImportWorkItems: CanonicalImportCommand {
    static let kind = CanonicalKind.workItems
    @OptionGroup var storeOptions: StoreOptions
    @OptionGroup var importOptions: ImportCommandOptions
    @Argument(help: ArgumentHelp("Files to import.", valueName: "file")) var files: [String]
}

struct ImportWorkItemEvents: CanonicalImportCommand {
    static let kind = CanonicalKind.workItemEvents
    @OptionGroup var storeOptions: StoreOptions
    @OptionGroup var importOptions: ImportCommandOptions
    @Argument(help: ArgumentHelp("Files to import.", valueName: "file")) var files: [String]
}

struct ImportMeetings: CanonicalImportCommand {
    static let kind = CanonicalKind.meetings
    @OptionGroup var storeOptions: StoreOptions
    @OptionGroup var importOptions: ImportCommandOptions
    @Argument(help: ArgumentHelp("Files to import.", valueName: "file")) var files: [String]
}

struct ImportAttendees: CanonicalImportCommand {
    static let kind = CanonicalKind.attendees
    @OptionGroup var storeOptions: StoreOptions
    @OptionGroup var importOptions: ImportCommandOptions
    @Argument(help: ArgumentHelp("Files to import.", valueName: "file")) var files: [String]
}

struct ImportMessages: CanonicalImportCommand {
    static let kind = CanonicalKind.messages
    @OptionGroup var storeOptions: StoreOptions
    @OptionGroup var importOptions: ImportCommandOptions
    @Argument(help: ArgumentHelp("Files to import.", valueName: "file")) var files: [String]
}
