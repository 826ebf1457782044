import Foundation
import MaturityCore
import MaturityTestSupport
import Testing

// Helpers of the tests that run the `maturity` executable (RunBinary) as a user does.

/// A fresh temporary folder holding a store (`store.sqlite`) and whatever a test writes beside it.
struct Workspace: Sendable {
    let url: URL

    init(_ name: String) throws {
        url = FileManager.default.temporaryDirectory
            .appendingPathComponent("maturity-cli-\(name)-\(UUID().uuidString)", isDirectory: true)
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }

    func cleanUp() { try? FileManager.default.removeItem(at: url) }

    /// The store's path.
    var store: String { path("store.sqlite") }

    func path(_ name: String) -> String { url.appendingPathComponent(name).path }

    /// `maturity <command> --store <store> <arguments>`.
    func run(_ command: String, _ arguments: [String] = []) -> RunBinary.Result {
        RunBinary.run([command, "--store", store] + arguments)
    }

    /// Writes `files` (name → contents, exact bytes) into the sub-folder `name` and returns its path.
    @discardableResult
    func writeFolder(_ name: String, _ files: [String: String]) throws -> String {
        let folder = url.appendingPathComponent(name, isDirectory: true)
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        for (file, contents) in files {
            try Data(contents.utf8).write(to: folder.appendingPathComponent(file))
        }
        return folder.path
    }

    /// Runs `init` (with `arguments`) then `import` of `folder`; throws with both streams when either fails.
    func initialiseAndImport(_ folder: String, initArguments: [String] = [], importArguments: [String] = []) throws {
        let initialised = run("init", initArguments)
        guard initialised.status == 0 else { throw WorkspaceError("maturity init failed: \(initialised)") }
        let imported = run("import", importArguments + [folder])
        guard imported.status == 0 else { throw WorkspaceError("maturity import \(folder) failed: \(imported)") }
    }

    /// `status --format json` parsed: the whole object.
    func status() throws -> [String: Any] {
        let result = run("status", ["--format", "json"])
        guard result.status == 0 else { throw WorkspaceError("maturity status failed: \(result)") }
        return try jsonObject(result.stdout)
    }

    /// The `counts` object of `status --format json`.
    func counts() throws -> [String: Int] {
        guard let counts = try status()["counts"] as? [String: Any] else {
            throw WorkspaceError("status --format json has no counts object")
        }
        return try counts.mapValues { value in
            guard let number = value as? NSNumber else { throw WorkspaceError("count \(value) is not a number") }
            return number.intValue
        }
    }

    /// Every table's rows (settings and import runs included), read in process (cheaper than a run per table):
    /// to assert that a command left the store as it was.
    func snapshot() throws -> [String: [String]] {
        try storeSnapshot(Store(path: store, readOnly: true))
    }
}

struct WorkspaceError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}

/// Parses a JSON object (the top level must be an object).
func jsonObject(_ text: String) throws -> [String: Any] {
    guard let object = try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any] else {
        throw WorkspaceError("not a JSON object: \(text.prefix(200))")
    }
    return object
}

/// Parses a JSON array of objects.
func jsonRows(_ text: String) throws -> [[String: Any]] {
    guard let rows = try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [[String: Any]] else {
        throw WorkspaceError("not a JSON array of objects: \(text.prefix(200))")
    }
    return rows
}

/// The lines of `text` (a final line break ends the last line, it does not start an empty one).
func lines(_ text: String) -> [String] {
    var parts = text.components(separatedBy: "\n")
    if parts.last == "" { parts.removeLast() }
    return parts
}

/// A usage error: exit 64, nothing on stdout, ArgumentParser's `Error: ` and usage on stderr, the first line
/// holding every fragment (the option, the bad value).
func expectUsageError(_ result: RunBinary.Result, naming fragments: [String],
                      sourceLocation: SourceLocation = #_sourceLocation) {
    #expect(result.status == 64, "\(result)", sourceLocation: sourceLocation)
    #expect(result.stdout == "", sourceLocation: sourceLocation)
    #expect(result.stderr.hasPrefix("Error: "), "\(result)", sourceLocation: sourceLocation)
    #expect(result.stderr.contains("Usage: maturity"), "\(result)", sourceLocation: sourceLocation)
    #expect(!result.stderr.contains("SQLite error") && !hasDoubledFullStop(firstLineOf(result.stderr)), "\(result)",
            sourceLocation: sourceLocation)
    let firstLine = result.stderr.components(separatedBy: "\n").first ?? ""
    for fragment in fragments {
        #expect(firstLine.contains(fragment), "'\(fragment)' missing from: \(firstLine)",
                sourceLocation: sourceLocation)
    }
}

/// A run-time error: exit 1, nothing on stdout, and stderr ending with one `error: <what>. Fix: <how>.` message
/// (progress lines may come before it) that holds every fragment.
func expectRuntimeError(_ result: RunBinary.Result, mentioning fragments: [String] = [],
                        sourceLocation: SourceLocation = #_sourceLocation) {
    #expect(result.status == 1, "\(result)", sourceLocation: sourceLocation)
    #expect(result.stdout == "", sourceLocation: sourceLocation)
    let start = result.stderr.hasPrefix("error: ") ? result.stderr.startIndex
        : result.stderr.range(of: "\nerror: ", options: .backwards).map { result.stderr.index(after: $0.lowerBound) }
    guard let start else {
        Issue.record("no 'error: ' message on stderr: \(result)", sourceLocation: sourceLocation)
        return
    }
    let message = result.stderr[start...]
    #expect(message.contains(". Fix: "), "\(result)", sourceLocation: sourceLocation)
    // No raw SQLite text, and no doubled full stop, in any error a user can reach.
    #expect(!result.stderr.contains("SQLite error"), "\(result)", sourceLocation: sourceLocation)
    #expect(!hasDoubledFullStop(String(message)), "\(result)", sourceLocation: sourceLocation)
    #expect(message.hasSuffix(".\n"), "\(result)", sourceLocation: sourceLocation)
    for fragment in fragments {
        #expect(message.contains(fragment), "'\(fragment)' missing from: \(message)", sourceLocation: sourceLocation)
    }
}

// MARK: - A small company

/// A tiny company in canonical CSV, small enough to count by hand:
/// - people.csv: 4 directory rows (p1, p2 in `core`, p3 in `web`, the bot `bot1` in `core`); aliases make
///   `slack:UADA` p1 and `slack:UBOB`/`jira:bob`/`bob@example.com` p2;
/// - work_items.csv: 2 items (CORE-1's description spans two lines);
/// - work_item_events.csv: 3 rows, one naming the unknown item NOPE-9 (skipped): 2 events;
/// - meetings.csv: 3 occurrences (two of series s1); attendees.csv: 5 rows, one naming
///   `guest@partner.example`, who becomes a fifth person (team `unassigned`);
/// - messages.csv: 4 messages in 2 channels (`general`, the direct `dm-ada-bob`), one text formula-like.
enum SmallCompany {
    static let people = """
        person_id,name,email,team,timezone,aliases,is_bot
        p1,Ada Lovelace,ada@example.com,core,Europe/Berlin,slack:UADA,
        p2,Bob Byte,bob@example.com,core,America/New_York,slack:UBOB;jira:bob,
        p3,Cleo Code,cleo@example.com,web,,,
        bot1,Deploy Bot,,core,,slack:UBOT,true

        """
    static let workItems = """
        item_id,title,created_at,status,assignees,reporter,description
        CORE-1,Write the importer,2026-01-05T09:00:00Z,In Progress,ada@example.com,jira:bob,"Import the canonical files.
        Acceptance criteria: all six kinds load."
        CORE-2,Review the schema,2026-01-06T10:00:00+01:00,Done,jira:bob,p1,

        """
    static let workItemEvents = """
        item_id,at,field,from,to,actor
        CORE-1,2026-01-06T09:00:00Z,status,To Do,In Progress,p1
        CORE-2,2026-01-07T09:00:00Z,status,In Progress,Done,jira:bob
        NOPE-9,2026-01-07T09:00:00Z,status,To Do,Done,p1

        """
    static let meetings = """
        meeting_id,title,start,end,organizer,series_id,description
        m1,Weekly sync,2026-01-07T10:00:00Z,2026-01-07T10:30:00Z,p1,s1,Agenda: status of the imports
        m2,Weekly sync,2026-01-14T10:00:00Z,2026-01-14T10:30:00Z,p1,s1,
        m3,Design review,2026-01-08T15:00:00+01:00,2026-01-08T16:00:00+01:00,cleo@example.com,,

        """
    static let attendees = """
        meeting_id,person,response
        m1,p1,accepted
        m1,bob@example.com,accepted
        m2,p1,accepted
        m3,p3,accepted
        m3,guest@partner.example,tentative

        """
    static let messages = """
        message_id,channel,channel_kind,author,sent_at,thread_id,mentions,text
        1,general,public,slack:UADA,2026-01-05T09:00:00Z,,slack:UBOB,Can you review CORE-1?
        2,general,,slack:UBOB,2026-01-05T10:00:00Z,1,,Done: looks good
        3,dm-ada-bob,direct,slack:UBOB,2026-01-06T11:00:00Z,,,"=HYPERLINK(""http://x"")"
        4,general,public,slack:UBOT,2026-01-06T12:00:00Z,,,Deployed

        """

    /// The six canonical files.
    static let files: [String: String] = [
        "people.csv": people, "work_items.csv": workItems, "work_item_events.csv": workItemEvents,
        "meetings.csv": meetings, "attendees.csv": attendees, "messages.csv": messages,
    ]

    /// `status --format json` counts after importing the folder (hand-counted above).
    static let counts: [String: Int] = [
        "people": 5, "work_items": 2, "work_item_events": 2, "meetings": 3, "attendees": 5, "messages": 4,
        "channels": 2, "time_off": 0, "holidays": 0,
    ]

    /// The import's summary lines on stderr, in the order of the folder import.
    static let summaryLines = [
        "people people.csv: 4 rows read, 4 inserted, 0 updated, 0 unchanged",
        "work-items work_items.csv: 2 rows read, 2 inserted, 0 updated, 0 unchanged",
        "work-item-events work_item_events.csv: 3 rows read, 2 inserted, 0 updated, 0 unchanged, 1 skipped "
            + "(1 events naming an unknown work item)",
        "meetings meetings.csv: 3 rows read, 3 inserted, 0 updated, 0 unchanged",
        "attendees attendees.csv: 5 rows read, 5 inserted, 0 updated, 0 unchanged, people 1 created",
        "messages messages.csv: 4 rows read, 4 inserted, 0 updated, 0 unchanged, channels 2 created",
    ]

    /// The line that closes a folder import of the six files: what was recognised, and how.
    static let recognisedLine = "recognised 1 as canonical CSV attendees (by its header), 1 as canonical CSV meetings "
        + "(by its header), 1 as canonical CSV messages (by its header), 1 as canonical CSV people (by its header), "
        + "1 as canonical CSV work-item-events (by its header), 1 as canonical CSV work-items (by its header)"
}

// MARK: - A store shared by a suite

/// A suite trait that creates one workspace for a whole suite, initialises its store and imports a folder into
/// it, runs the suite's tests (which read it through `SharedStore.current`) and removes it. The tests of such
/// a suite must not change the store.
struct SharedStore: SuiteTrait, TestScoping {
    enum Source: Sendable {
        /// `SmallCompany`, default settings.
        case smallCompany
        /// A conformance company, with the settings of its ABOUT.md (both use the same).
        case conformance(String)
    }

    let source: Source

    /// The current suite's workspace.
    @TaskLocal static var current: Workspace?

    func provideScope(for test: Test, testCase: Test.Case?,
                      performing function: @Sendable () async throws -> Void) async throws {
        let workspace = try Workspace("shared")
        defer { workspace.cleanUp() }
        switch source {
        case .smallCompany:
            let folder = try workspace.writeFolder("export", SmallCompany.files)
            try workspace.initialiseAndImport(folder)
        case .conformance(let name):
            try workspace.initialiseAndImport(
                try ConformanceData.folder(name).path,
                initArguments: ["--org-timezone", "Europe/Berlin", "--work-hours", "09:00-17:00",
                                "--workdays", "Mon-Fri", "--min-group-size", "5"])
        }
        try await Self.$current.withValue(workspace) { try await function() }
    }
}

extension Trait where Self == SharedStore {
    /// The suite's tests share one store holding `SmallCompany`.
    static var smallCompanyStore: Self { SharedStore(source: .smallCompany) }
    /// The suite's tests share one store holding the conformance company `basic`.
    static var basicConformanceStore: Self { SharedStore(source: .conformance("basic")) }
}

/// The shared store of the running suite (see `SharedStore`).
func sharedWorkspace(sourceLocation: SourceLocation = #_sourceLocation) throws -> Workspace {
    try #require(SharedStore.current, "the suite needs a SharedStore trait", sourceLocation: sourceLocation)
}

/// Whether a message ends a sentence twice (`..`), an ellipsis (`...`) aside.
func hasDoubledFullStop(_ text: String) -> Bool {
    text.replacingOccurrences(of: "...", with: "").contains("..")
}

func firstLineOf(_ text: String) -> String { text.components(separatedBy: "\n").first ?? "" }
