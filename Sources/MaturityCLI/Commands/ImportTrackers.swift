import ArgumentParser
import Foundation
import MaturityCore
import MaturityImport

/// `maturity import jira-csv|jira-json|github|trello FILE...`: the work-item trackers' exports
/// (Documentation/Importers.md, sections "Jira CSV", "Jira JSON", "GitHub", "Trello").
enum TrackerImportCommands {
    static let all: [ParsableCommand.Type] = [ImportJiraCSV.self, ImportJiraJSON.self, ImportGitHub.self,
                                              ImportTrello.self]

    /// The format ids, for `maturity import --timezone Z jira-csv FILE` (options before the format).
    static let ids = ["jira-csv", "jira-json", "github", "trello"]

    /// A tracker format named first when options came before it (`maturity import --timezone Z jira-csv FILE`,
    /// which the parser hands to `maturity import PATH`): that format and its files.
    static func named(_ paths: [String]) -> (id: String, files: [String])? {
        guard let first = paths.first, ids.contains(first), !FileManager.default.fileExists(atPath: first) else { return nil }
        return (first, Array(paths.dropFirst()))
    }

    /// Imports `files` as the tracker format `id` with its default mapping (the options of `maturity import`).
    static func run(_ id: String, files: [String], store: StoreOptions, options: ImportCommandOptions) throws {
        try run(files: files, store: store, options: options) { url, importOptions in
            switch id {
            case "jira-csv": JiraCSVImporter(timeZone: importOptions.timeZone)
            case "jira-json": JiraJSONImporter()
            case "trello": TrelloImporter()
            default: recognised(url, importOptions, as: GitHubImporter.self) ?? GitHubImporter()
            }
        }
    }

    static func statusMapping(_ path: String?) throws -> StatusMapping {
        guard let path else { return StatusMapping() }
        return try StatusMapping(file: URL(fileURLWithPath: path))
    }

    /// Imports each file with the importer `make` gives for it, in dependency order (items before their
    /// events and comments).
    static func run(files: [String], store: StoreOptions, options: ImportCommandOptions,
                    make: (URL, ImportOptions) throws -> any Importer) throws {
        try reportingErrors {
            let opened = try store.open(upgrade: !options.dryRun)
            let importOptions = try options.importOptions()
            let inputs = try files.map { path -> (any Importer, URL) in
                let url = URL(fileURLWithPath: path)
                return (try make(url, importOptions), url)
            }
            let order = EntityKind.allCases
            let sorted = inputs.enumerated().sorted { a, b in
                let ea = a.element.0.format.mainEntity.flatMap { order.firstIndex(of: $0) } ?? order.count
                let eb = b.element.0.format.mainEntity.flatMap { order.firstIndex(of: $0) } ?? order.count
                return ea != eb ? ea < eb : a.offset < b.offset
            }.map(\.element)
            try Import.importAll(sorted, store: opened, options: options)
        }
    }

    /// A file imported with a named format that recognition would give another importer of the same format
    /// (a GitHub events file): that importer, so the order and summary fit the content.
    static func recognised<T: Importer>(_ url: URL, _ options: ImportOptions, as _: T.Type) -> T? {
        (try? ImportFormats.recognise(url, options: options))?.importer as? T
    }
}

struct ImportJiraCSV: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "jira-csv",
        abstract: "Import Jira CSV exports (Export > CSV (all fields) or (current fields)).",
        discussion: """
        Each row is a work item keyed by its issue key; the description and the Comment cells (date;author;body)
        become a thread in the project's channel. Repeated columns (Labels, Comment, Watchers, ...) are all read;
        French headers are recognised. Jira writes dates without an offset: pass --timezone (the exporting
        user's zone; without it the file is refused); --date-format 'dd.MM.yy HH:mm' names another form. Statuses map to todo, in_progress, done and
        cancelled (the raw status is kept); --status-map FILE overrides the mapping.

        Examples:
          maturity import jira-csv --timezone UTC datasets/sample/jira-issues.csv
          maturity import jira-csv -n --timezone UTC datasets/sample/jira-issues.csv

        See Documentation/Importers.md (Jira CSV).
        """)

    @OptionGroup var storeOptions: StoreOptions
    @OptionGroup var importOptions: ImportCommandOptions

    @Option(name: .customLong("status-map"),
            help: ArgumentHelp("A CSV file of 'status,normalised' lines that overrides the status mapping.", valueName: "file"))
    var statusMap: String?

    @Option(name: .customLong("date-format"),
            help: ArgumentHelp("The pattern of every date of the file (such as 'dd.MM.yy HH:mm'), instead of recognising Jira's forms.",
                               valueName: "pattern"))
    var dateFormat: String?

    @Argument(help: ArgumentHelp("Jira CSV files to import.", valueName: "file")) var files: [String]

    func run() throws {
        let statuses = try reportingErrors { try TrackerImportCommands.statusMapping(statusMap) }
        try TrackerImportCommands.run(files: files, store: storeOptions, options: importOptions) { _, options in
            JiraCSVImporter(timeZone: options.timeZone, dateFormat: dateFormat, statuses: statuses)
        }
    }
}

struct ImportJiraJSON: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "jira-json",
        abstract: "Import Jira REST search results with their changelog (one file or many pages).",
        discussion: """
        Save the pages of /rest/api/2/search?jql=...&expand=changelog (or api/3). Each issue is a work item (the
        same key as in the CSV export); assignee and status changes of the changelog become work-item events, so
        ownership is replayed from history; the description and comments become a thread in the project's
        channel. --status-map FILE overrides the status mapping.

        Examples:
          maturity import jira-json datasets/sample/jira-search.json
          maturity import jira-json -n datasets/sample/jira-search.json

        See Documentation/Importers.md (Jira JSON).
        """)

    @OptionGroup var storeOptions: StoreOptions
    @OptionGroup var importOptions: ImportCommandOptions

    @Option(name: .customLong("status-map"),
            help: ArgumentHelp("A CSV file of 'status,normalised' lines that overrides the status mapping.", valueName: "file"))
    var statusMap: String?

    @Argument(help: ArgumentHelp("Jira JSON files (search result pages) to import.", valueName: "file")) var files: [String]

    func run() throws {
        let statuses = try reportingErrors { try TrackerImportCommands.statusMapping(statusMap) }
        try TrackerImportCommands.run(files: files, store: storeOptions, options: importOptions) { _, _ in
            JiraJSONImporter(statuses: statuses)
        }
    }
}

struct ImportGitHub: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "github",
        abstract: "Import GitHub issues and pull requests, their events, comments and reviews (JSON).",
        discussion: """
        Reads the REST issues endpoint's pages (pull requests included: kind pr), search results
        ({"total_count", "items"}), `gh issue list --json ...` and `gh pr list --json ...`, the repository's issue
        events (assigned, unassigned, closed, reopened), and comments and reviews, which become messages in the
        item's thread. Files are imported items first, whatever the order given. People are github:LOGIN;
        [bot] accounts are bots.

        Examples:
          maturity import github datasets/sample/github-issues.json
          maturity import github -n datasets/sample/github-issues.json

        See Documentation/Importers.md (GitHub).
        """)

    @OptionGroup var storeOptions: StoreOptions
    @OptionGroup var importOptions: ImportCommandOptions

    @Argument(help: ArgumentHelp("GitHub JSON files to import.", valueName: "file")) var files: [String]

    func run() throws {
        try TrackerImportCommands.run(files: files, store: storeOptions, options: importOptions) { url, options in
            TrackerImportCommands.recognised(url, options, as: GitHubImporter.self) ?? GitHubImporter()
        }
    }
}

struct ImportTrello: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "trello",
        abstract: "Import Trello board exports (JSON), or a board's actions fetched with the API.",
        discussion: """
        Cards are work items; a card's list is its status (through the mapping: To Do, Doing, Done, ...; a list
        of another name is todo with a warning; --status-map FILE maps it); members are assignees; the
        description and checklists are its description (checklists count as acceptance criteria); actions
        become events and comments. Trello exports at most 1,000 actions: the summary warns when the cap is
        reached, since the history before it is missing. A status map such as
        datasets/examples/trello-status-map.csv maps other list names.

        Examples:
          maturity import trello datasets/examples/trello-board.json
          maturity import trello -n datasets/examples/trello-board.json

        See Documentation/Importers.md (Trello).
        """)

    @OptionGroup var storeOptions: StoreOptions
    @OptionGroup var importOptions: ImportCommandOptions

    @Option(name: .customLong("status-map"),
            help: ArgumentHelp("A CSV file of 'list name,normalised' lines that overrides the status mapping.", valueName: "file"))
    var statusMap: String?

    @Argument(help: ArgumentHelp("Trello board JSON files to import.", valueName: "file")) var files: [String]

    func run() throws {
        let statuses = try reportingErrors { try TrackerImportCommands.statusMapping(statusMap) }
        try TrackerImportCommands.run(files: files, store: storeOptions, options: importOptions) { _, _ in
            TrelloImporter(statuses: statuses)
        }
    }
}
