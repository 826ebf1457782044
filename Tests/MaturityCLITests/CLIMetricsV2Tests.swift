import Foundation
import MaturityTestSupport
import Testing

/// Metrics v2 from the command line: time off and holidays imported and replaced, missing data said and not
/// scored, periods outside the data refused.
@Suite struct CLIMetricsV2Tests {
    /// Three people in Berlin, messages only, in January and February 2026.
    static let people = """
        person_id,name,email,team,timezone,holiday_calendar
        p1,Ada,ada@example.com,core,Europe/Berlin,
        p2,Bob,bob@example.com,core,Europe/Berlin,none
        p3,Cleo,cleo@example.com,core,Europe/Berlin,fr

        """
    static let messages = """
        message_id,channel,channel_kind,author,sent_at,thread_id,mentions,text
        1,general,public,p1,2026-01-05T09:00:00Z,,p2,Can you review it?
        2,general,,p2,2026-01-05T10:00:00Z,1,,Done
        3,general,,p3,2026-02-27T10:00:00Z,,,Shipped

        """

    static func messagesOnly(_ name: String) throws -> Workspace {
        let workspace = try Workspace(name)
        try workspace.initialiseAndImport(try workspace.writeFolder("export", [
            "people.csv": people, "messages.csv": messages,
        ]), initArguments: ["--org-timezone", "Europe/Berlin", "--min-group-size", "1"])
        return workspace
    }

    @Test func aStoreWithMessagesOnlyHasNoMeetingFocusOrOverallScoreAndSaysWhy() throws {
        let workspace = try Self.messagesOnly("v2-messages-only")
        defer { workspace.cleanUp() }
        let text = workspace.run("assess", ["--quarter", "2026Q1"])
        #expect(text.status == 0, "\(text)")
        #expect(text.stdout.contains("Overall score: -, no level (1 of 5 dimensions have data; the score needs at least half)"))
        #expect(text.stdout.contains("Dimensions without enough data (a dimension needs metrics carrying half its weight):"))
        #expect(text.stdout.contains("  Meetings: import calendars (.ics exports, or meetings.csv with attendees.csv, for every person)"))
        #expect(text.stdout.contains("  Ownership: import work items with activity in the period"))
        #expect(text.stdout.contains("meeting_load.median_hours_per_week          -"))
        // The messages cover 5 January to 27 February: 27 + 27 = 54 of 90 days.
        #expect(text.stderr.contains("warning: messages cover 54 of 90 days of 2026Q1 (2026-01-05 to 2026-02-27)"))

        let json = try jsonObject(workspace.run("assess", ["--quarter", "2026Q1", "--format", "json"]).stdout)
        let org = try #require(json["org"] as? [String: Any])
        let score = try #require(org["score"] as? [String: Any])
        #expect(score["overall"] is NSNull)
        #expect(score["level"] is NSNull)
        let missing = try #require(score["missing_data"] as? [[String: Any]])
        #expect(missing.compactMap { $0["dimension"] as? String } == ["Meetings", "Focus", "Documentation", "Ownership"])
        let metrics = try #require(org["metrics"] as? [String: Any])
        #expect(metrics["meeting_load.median_hours_per_week"] is NSNull)
        #expect(metrics["focus_time.share"] is NSNull)
        #expect(metrics["response_latency.answered_rate"] is NSNumber)

        let csv = workspace.run("assess", ["--quarter", "2026Q1", "--format", "csv"]).stdout
        #expect(csv.contains("2026Q1,org,all,score.dimension.Focus,,,\"no data: calendars (.ics exports, or "
            + "meetings.csv with attendees.csv, for every person)\"\n"))
        #expect(csv.contains("2026Q1,org,all,score.overall,,,undefined\n"))
    }

    @Test func aPeriodOutsideTheDataIsRefusedUnlessAllowed() throws {
        let workspace = try Self.messagesOnly("v2-outside")
        defer { workspace.cleanUp() }
        let refused = workspace.run("assess", ["--quarter", "2026Q3"])
        expectRuntimeError(refused, mentioning: ["2026Q3 lies outside the data, which spans 2026-01-05 to 2026-02-27",
                                                 "--allow-empty"])
        #expect(refused.stdout == "")
        let allowed = workspace.run("assess", ["--quarter", "2026Q3", "--allow-empty"])
        #expect(allowed.status == 0, "\(allowed)")
        #expect(allowed.stdout.contains("Overall score: -, no level (0 of 5 dimensions have data"))
        // Calendars named but held by no holidays.csv are a warning (`fr` here).
        #expect(allowed.stderr.contains("warning: the holiday calendar 'fr' is used but no imported holidays.csv holds it"))
    }

    static let timeOff = """
        person,start,end,kind
        p1,2026-04-06,2026-04-10,vacation
        guest@partner.example,2026-04-08,,sick

        """

    @Test func timeOffImportsIdempotentlyAndACorrectedFileReplacesWhatItGave() throws {
        let workspace = try Workspace("v2-time-off")
        defer { workspace.cleanUp() }
        let folder = try workspace.writeFolder("export", ["people.csv": Self.people, "time_off.csv": Self.timeOff])
        #expect(workspace.run("init").status == 0)
        let first = workspace.run("import", [folder])
        #expect(first.status == 0, "\(first)")
        // The folder import reads time_off.csv right after people.csv; an unknown reference creates a person.
        #expect(lines(first.stderr).contains("time-off time_off.csv: 2 rows read, 2 inserted, 0 updated, 0 unchanged, people 1 created"))
        let again = workspace.run("import", [folder + "/time_off.csv"])
        #expect(lines(again.stderr).contains("time-off time_off.csv: 2 rows read, 0 inserted, 0 updated, 2 unchanged"))
        // A corrected file: p1's week shortened, the guest's row gone.
        try Data("person,start,end,kind\np1,2026-04-06,2026-04-08,vacation\n".utf8)
            .write(to: URL(fileURLWithPath: folder + "/time_off.csv"))
        let corrected = workspace.run("import", [folder + "/time_off.csv"])
        #expect(corrected.status == 0, "\(corrected)")
        #expect(corrected.stderr.contains("time-off time_off.csv: 1 rows read, 1 inserted, 0 updated, 0 unchanged"))
        #expect(corrected.stderr.contains("2 time-off rows of an earlier import of this file are gone"))
        let stored = workspace.run("sql", ["SELECT start_date, end_date, kind FROM time_off ORDER BY id", "--format", "csv"])
        #expect(stored.stdout == "start_date,end_date,kind\n2026-04-06,2026-04-08,vacation\n", "\(stored)")
    }

    @Test(arguments: [
        ("person,start\np1,2026-04-06T09:00:00Z\n", ["time_off.csv:2", "start", "a timestamp, not a date",
                                                      "write the date, like 2026-04-06"]),
        ("person,start,end\np1,2026-04-10,2026-04-06\n", ["time_off.csv:2", "end", "before the first"]),
        ("person,start\n,2026-04-06\n", ["time_off.csv:2", "person", "empty"]),
        ("person,start\np1,06/04/2026\n", ["time_off.csv:2", "'06/04/2026' is not a date", "YYYY-MM-DD"]),
    ])
    func badTimeOffRowsAreErrorsAndNothingIsWritten(_ file: String, _ fragments: [String]) throws {
        let workspace = try Workspace("v2-time-off-errors")
        defer { workspace.cleanUp() }
        #expect(workspace.run("init").status == 0)
        let folder = try workspace.writeFolder("bad", ["time_off.csv": file])
        let result = workspace.run("import", ["time-off", folder + "/time_off.csv"])
        expectRuntimeError(result, mentioning: fragments)
        #expect(try workspace.counts()["people"] == 0)
    }

    @Test func holidaysAndTheWorkingHoursThatCannotStartAt24() throws {
        let workspace = try Workspace("v2-holidays")
        defer { workspace.cleanUp() }
        #expect(workspace.run("init", ["--holiday-calendar", "de"]).status == 0)
        let folder = try workspace.writeFolder("export", [
            "holidays.csv": "calendar,date,name\nde,2026-04-03,Karfreitag\n de ,2026-04-06,Ostermontag\n",
            "people.csv": "person_id,work_start,work_end\np1,24:00,08:00\n",
        ])
        let holidays = workspace.run("import", ["holidays", folder + "/holidays.csv"])
        #expect(holidays.status == 0, "\(holidays)")
        #expect(holidays.stderr.contains("holidays holidays.csv: 2 rows read, 2 inserted, 0 updated, 0 unchanged"))
        let stored = workspace.run("sql", ["SELECT calendar, date, name FROM holiday ORDER BY date", "--format", "csv"])
        #expect(stored.stdout == "calendar,date,name\nde,2026-04-03,Karfreitag\nde,2026-04-06,Ostermontag\n")
        let people = workspace.run("import", ["people", folder + "/people.csv"])
        expectRuntimeError(people, mentioning: ["people.csv:2", "work_start", "cannot start at 24:00", "00:00"])
    }
}
