import Foundation
import MaturityCore
import MaturityTestSupport
import Testing

/// A store whose rows the metrics cannot use stops `metric` and `assess` with an error that names the row and
/// the fix, on stderr, exit 1; nothing goes to stdout.
@Suite struct CLIStoredDataErrorTests {
    @Test(arguments: [["metric", "response_latency.median_hours"], ["assess"]])
    func aPersonWithAnInvalidStoredTimeZoneStopsTheCommand(command: [String]) throws {
        let workspace = try Workspace("stored-schedule")
        defer { workspace.cleanUp() }
        let initialised = workspace.run("init", ["--org-timezone", "Europe/Berlin"])
        try #require(initialised.status == 0, "\(initialised)")
        // As a directory row imported where the zone was known, read on a system whose zone database lacks it.
        let store = try Store(path: workspace.store)
        try store.dbQueue.write { db in
            try db.execute(sql: """
                INSERT INTO person (key, display_id, timezone) VALUES ('csv:person:ana', 'ana', 'Mars/Olympus')
                """)
        }
        let result = workspace.run(command[0], Array(command.dropFirst()) + ["--quarter", "2026Q1"])
        #expect(result.status == 1)
        #expect(result.stdout == "")
        #expect(result.stderr == "error: person ana has an invalid timezone in the store: unknown time zone "
            + "\"Mars/Olympus\": expected an IANA name such as Europe/Berlin (names are case-sensitive). Fix: "
            + "re-import the people directory with a valid timezone for ana (or an empty one, for the "
            + "organisation's).\n")
    }
}
