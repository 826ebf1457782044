import ArgumentParser
import Foundation
import MaturityCore
import MaturityImport

/// `maturity import <kind> FILE...` for the six canonical CSV kinds (Documentation/Importers.md).
enum CanonicalImportCommands {
    static let all: [ParsableCommand.Type] = [
        ImportPeople.self, ImportWorkItems.self, ImportWorkItemEvents.self, ImportMeetings.self,
        ImportAttendees.self, ImportMessages.self,
    ]

    static func configuration(_ kind: CanonicalKind) -> CommandConfiguration {
        let columns = kind.columns.map { $0.required ? $0.name + " (required)" : $0.name }.joined(separator: ", ")
        return CommandConfiguration(
            commandName: kind.rawValue,
            abstract: "Import canonical CSV \(kind.rawValue) files (\(kind.fileName)).",
            discussion: """
            Columns: \(columns).

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

struct ImportPeople: ParsableCommand {
    static let configuration = CanonicalImportCommands.configuration(.people)
    @OptionGroup var storeOptions: StoreOptions
    @OptionGroup var importOptions: ImportCommandOptions
    @Argument(help: ArgumentHelp("Files to import.", valueName: "file")) var files: [String]
    func run() throws { try CanonicalImportCommands.run(.people, files: files, store: storeOptions, options: importOptions) }
}

struct ImportWorkItems: ParsableCommand {
    static let configuration = CanonicalImportCommands.configuration(.workItems)
    @OptionGroup var storeOptions: StoreOptions
    @OptionGroup var importOptions: ImportCommandOptions
    @Argument(help: ArgumentHelp("Files to import.", valueName: "file")) var files: [String]
    func run() throws { try CanonicalImportCommands.run(.workItems, files: files, store: storeOptions, options: importOptions) }
}

struct ImportWorkItemEvents: ParsableCommand {
    static let configuration = CanonicalImportCommands.configuration(.workItemEvents)
    @OptionGroup var storeOptions: StoreOptions
    @OptionGroup var importOptions: ImportCommandOptions
    @Argument(help: ArgumentHelp("Files to import.", valueName: "file")) var files: [String]
    func run() throws {
        try CanonicalImportCommands.run(.workItemEvents, files: files, store: storeOptions, options: importOptions)
    }
}

struct ImportMeetings: ParsableCommand {
    static let configuration = CanonicalImportCommands.configuration(.meetings)
    @OptionGroup var storeOptions: StoreOptions
    @OptionGroup var importOptions: ImportCommandOptions
    @Argument(help: ArgumentHelp("Files to import.", valueName: "file")) var files: [String]
    func run() throws { try CanonicalImportCommands.run(.meetings, files: files, store: storeOptions, options: importOptions) }
}

struct ImportAttendees: ParsableCommand {
    static let configuration = CanonicalImportCommands.configuration(.attendees)
    @OptionGroup var storeOptions: StoreOptions
    @OptionGroup var importOptions: ImportCommandOptions
    @Argument(help: ArgumentHelp("Files to import.", valueName: "file")) var files: [String]
    func run() throws { try CanonicalImportCommands.run(.attendees, files: files, store: storeOptions, options: importOptions) }
}

struct ImportMessages: ParsableCommand {
    static let configuration = CanonicalImportCommands.configuration(.messages)
    @OptionGroup var storeOptions: StoreOptions
    @OptionGroup var importOptions: ImportCommandOptions
    @Argument(help: ArgumentHelp("Files to import.", valueName: "file")) var files: [String]
    func run() throws { try CanonicalImportCommands.run(.messages, files: files, store: storeOptions, options: importOptions) }
}
