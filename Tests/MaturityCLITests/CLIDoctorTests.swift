import Foundation
import MaturityTestSupport
import Testing

/// A small company doctor finds nothing in (2026Q1, organisation zone Europe/Berlin, minimum group size 5): six
/// people of one team with their own zone; every weekday one question in `general` and its answer in the thread
/// ten minutes later; every Wednesday a half-hour meeting of everyone. Each test changes one thing to trigger
/// one finding.
struct DoctorCompany {
    struct Person {
        var id: String
        var name: String
        var team = "core"
        var timezone = "Europe/Berlin"
        var isBot = ""
        var aliases = ""
        var mail: String?
        var email: String { mail ?? name.lowercased().replacingOccurrences(of: " ", with: ".") + "@orbit.example" }
    }

    var people: [Person] = [
        Person(id: "p1", name: "Ann Lee"), Person(id: "p2", name: "Bo Chen"), Person(id: "p3", name: "Cy Diaz"),
        Person(id: "p4", name: "Di Eng"), Person(id: "p5", name: "Ed Fox"), Person(id: "p6", name: "Flo Gray"),
    ]
    /// Days (YYYY-MM-DD) without any message or meeting.
    var silentDays: ClosedRange<String>?
    /// No meeting before this day.
    var meetingsFrom = "2026-01-01"
    /// Never invited.
    var notInMeetings: Set<String> = []
    /// Invited to every meeting without writing (members of other teams).
    var meetingOnly: [String] = []
    /// In the directory only (their messages, if any, are among `extraMessages`).
    var directoryOnly: Set<String> = []
    /// Rows appended to messages.csv.
    var extraMessages: [String] = []

    /// The days of 2026Q1, as dates and their weekday (1 Monday ... 7 Sunday).
    static var days: [(date: String, weekday: Int)] {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        let first = calendar.date(from: DateComponents(year: 2026, month: 1, day: 1))!
        return (0..<90).map { offset in
            let day = calendar.date(byAdding: .day, value: offset, to: first)!
            let c = calendar.dateComponents([.year, .month, .day, .weekday], from: day)
            let date = String(format: "%04d-%02d-%02d", c.year!, c.month!, c.day!)
            return (date, (c.weekday! + 5) % 7 + 1)
        }
    }

    var files: [String: String] {
        var people = "person_id,name,email,team,timezone,work_start,work_end,workdays,aliases,is_bot,holiday_calendar\n"
        for p in self.people {
            people += "\(p.id),\(p.name),\(p.email),\(p.team),\(p.timezone),,,,\(p.aliases),\(p.isBot),\n"
        }
        let writers = self.people.filter { !meetingOnly.contains($0.id) && !directoryOnly.contains($0.id) }.map(\.id)
        var messages = "message_id,channel,channel_kind,author,sent_at,thread_id,mentions,text,is_system,source\n"
        var meetings = "meeting_id,title,start,end,organizer,series_id,all_day,cancelled,free,description,notes_url\n"
        var attendees = "meeting_id,person,response\n"
        var k = 0
        for (date, weekday) in Self.days where weekday <= 5 {
            if let silentDays, silentDays.contains(date) { continue }
            let asker = writers[k % writers.count], answerer = writers[(k + 1) % writers.count]
            messages += "q\(k),general,public,\(asker),\(date)T09:00:00Z,,,,,\n"
            messages += "a\(k),general,public,\(answerer),\(date)T09:10:00Z,q\(k),,,,\n"
            k += 1
            if weekday == 3 && date >= meetingsFrom {
                meetings += "mt-\(date),Weekly,\(date)T13:00:00Z,\(date)T13:30:00Z,p1,weekly,,,,,\n"
                for p in self.people where !notInMeetings.contains(p.id) && !directoryOnly.contains(p.id) {
                    attendees += "mt-\(date),\(p.id),accepted\n"
                }
            }
        }
        for row in extraMessages { messages += row + "\n" }
        return ["people.csv": people, "messages.csv": messages, "meetings.csv": meetings, "attendees.csv": attendees]
    }
}

@Suite struct CLIDoctorTests {
    /// A workspace holding the company, imported; `body` runs on it before the workspace is removed.
    static func withStore(_ company: DoctorCompany, _ body: (Workspace) throws -> Void) throws {
        let workspace = try Workspace("doctor")
        defer { workspace.cleanUp() }
        let folder = try workspace.writeFolder("export", company.files)
        try workspace.initialiseAndImport(folder, initArguments: ["--org-timezone", "Europe/Berlin", "--min-group-size", "5"])
        try body(workspace)
    }

    /// `doctor --format json` of 2026Q1: its exit status and findings.
    static func doctor(_ workspace: Workspace) throws -> (status: Int32, findings: [[String: Any]]) {
        let result = workspace.run("doctor", ["--quarter", "2026Q1", "--format", "json"])
        let report = try jsonObject(result.stdout)
        #expect(report["period"] as? String == "2026Q1")
        let findings = try #require(report["findings"] as? [[String: Any]])
        #expect((report["clean"] as? Bool) == findings.isEmpty)
        return (result.status, findings)
    }

    static func checks(_ findings: [[String: Any]]) -> [String] { findings.compactMap { $0["check"] as? String } }

    @Test func silentOnACleanStore() throws {
        try Self.withStore(DoctorCompany()) { workspace in
            let text = workspace.run("doctor", ["--quarter", "2026Q1"])
            #expect(text.status == 0, "\(text)")
            #expect(text.stdout == "doctor: nothing found in 2026Q1 that could mislead the assessment\n")
            let json = try Self.doctor(workspace)
            #expect(json.status == 0)
            #expect(json.findings.isEmpty)
            // assess says nothing about the data check.
            let assess = workspace.run("assess", ["--quarter", "2026Q1"])
            #expect(assess.status == 0, "\(assess)")
            #expect(!assess.stderr.contains("data check"), "\(assess.stderr)")
        }
    }

    @Test func personWithoutATimeZone() throws {
        var company = DoctorCompany()
        company.people[2].timezone = ""
        try Self.withStore(company) { workspace in
            let (status, findings) = try Self.doctor(workspace)
            #expect(status == 1)
            #expect(Self.checks(findings) == ["missing-time-zone"])
            #expect(findings.first?["size"] as? String == "1 of 6 people active in the period")
            // 64 weekdays (0-63), six writers in turn: p3 asks on days 2, 8, ..., 62 and answers on days 1, 7, ...,
            // 61 (11 each); 12 Wednesdays.
            #expect(findings.first?["details"] as? [String] == ["p3 (Cy Diaz): 22 messages, 12 meetings, 0 work items"])
            #expect((findings.first?["fixes"] as? [String])?.first == "maturity people set p3 --timezone ZONE")
            #expect((findings.first?["affects"] as? [String])?.contains("after_hours.*") == true)
            // The fix it names clears it.
            #expect(workspace.people("set", ["p3", "--timezone", "Europe/Paris"]).status == 0)
            #expect(try Self.doctor(workspace).status == 0)
        }
    }

    @Test func personWithoutATeam() throws {
        var company = DoctorCompany()
        company.people[5].team = ""
        try Self.withStore(company) { workspace in
            let (status, findings) = try Self.doctor(workspace)
            #expect(status == 1)
            #expect(Self.checks(findings) == ["missing-team"])
            // p6 asks on days 5, 11, ..., 59 and answers on days 4, 10, ..., 58 (10 each); 12 meetings.
            #expect(findings.first?["size"] as? String == "1 people (0 of them not in the directory), 32 activities in the period")
            #expect((findings.first?["fixes"] as? [String])?.first == "maturity people set p6 --team TEAM")
            #expect(workspace.people("set", ["p6", "--team", "core"]).status == 0)
            #expect(try Self.doctor(workspace).status == 0)
        }
    }

    @Test func unmergedPersonAndTheMergeThatFixesIt() throws {
        var company = DoctorCompany()
        // Ann writes three times from her old address, which the directory does not list.
        company.extraMessages = (1...3).map { "old\($0),general,public,ann.lee@old.example,2026-02-1\($0)T15:00:00Z,,,,," }
        try Self.withStore(company) { workspace in
            let (status, findings) = try Self.doctor(workspace)
            #expect(status == 1)
            #expect(Self.checks(findings) == ["unmerged-people"])
            let finding = try #require(findings.first)
            #expect(finding["summary"] as? String == "1 pair of people looks like one person but is not merged")
            #expect(finding["details"] as? [String] == [
                "ann.lee@old.example looks like p1 (Ann Lee): the e-mails share the local part 'ann.lee'; "
                    + "ann.lee@old.example has 3 messages, 0 meetings, 0 work items in the period",
            ])
            #expect(finding["fixes"] as? [String] == ["maturity people merge p1 ann.lee@old.example"])
            #expect(finding["size"] as? String == "3 activities in the period are counted for a second person")
            // assess points at doctor, in one line on stderr.
            let assess = workspace.run("assess", ["--quarter", "2026Q1"])
            #expect(assess.status == 0)
            #expect(lines(assess.stderr).filter { $0.contains("data check") } == [
                "note: the data check finds 1 thing that could mislead this assessment (unmerged-people): run "
                    + "'maturity doctor --quarter 2026Q1'",
            ])
            // CSV and JSON go to scripts: no pointer.
            #expect(!workspace.run("assess", ["--quarter", "2026Q1", "--format", "json"]).stderr.contains("data check"))
            let merged = workspace.people("merge", ["p1", "ann.lee@old.example"])
            #expect(merged.status == 0, "\(merged)")
            #expect(try Self.doctor(workspace).status == 0)
        }
    }

    @Test func sameDisplayNameTwice() throws {
        var company = DoctorCompany()
        company.people.append(DoctorCompany.Person(id: "p7", name: "Ann Lee", mail: "ann2@orbit.example"))
        try Self.withStore(company) { workspace in
            let (_, findings) = try Self.doctor(workspace)
            #expect(Self.checks(findings) == ["unmerged-people"])
            #expect((findings.first?["details"] as? [String])?.first?.contains("both are named 'ann lee'") == true,
                    "\(findings)")
        }
    }

    @Test func botNotFlaggedAndTheFlagThatFixesIt() throws {
        var company = DoctorCompany()
        company.people.append(DoctorCompany.Person(id: "bot1", name: "deploy-bot"))
        company.directoryOnly = ["bot1"]
        // 60 posts, one a day (weekends too), at every hour of the day in turn; nobody answers.
        let days = DoctorCompany.days
        company.extraMessages = (0..<60).map { i in
            "d\(i),deploys,public,bot1,\(days[i].date)T\(String(format: "%02d", i % 24)):17:00Z,,,,,"
        }
        try Self.withStore(company) { workspace in
            let (status, findings) = try Self.doctor(workspace)
            #expect(status == 1)
            #expect(Self.checks(findings) == ["unflagged-bots"])
            #expect(findings.first?["details"] as? [String] == [
                "bot1 (deploy-bot): 60 messages, at 24 different hours of the day, on 7 days of the week, 0 answered (0%)",
            ])
            #expect(findings.first?["fixes"] as? [String] == ["maturity people set bot1 --bot"])
            // assess streams the messages (it does not hold them): its pointer gathers the same in that pass.
            #expect(lines(workspace.run("assess", ["--quarter", "2026Q1"]).stderr).filter { $0.contains("data check") } == [
                "note: the data check finds 1 thing that could mislead this assessment (unflagged-bots): run "
                    + "'maturity doctor --quarter 2026Q1'",
            ])
            #expect(workspace.people("set", ["bot1", "--bot"]).status == 0)
            #expect(try Self.doctor(workspace).status == 0)
        }
    }

    @Test func botOnASchedule() throws {
        var company = DoctorCompany()
        company.people.append(DoctorCompany.Person(id: "bot1", name: "reminder"))
        company.directoryOnly = ["bot1"]
        // Every day at 07:00 UTC, weekends too, 60 days; nobody answers.
        let days = DoctorCompany.days
        company.extraMessages = (0..<60).map { "r\($0),reminders,public,bot1,\(days[$0].date)T07:00:00Z,,,,," }
        try Self.withStore(company) { workspace in
            let (_, findings) = try Self.doctor(workspace)
            #expect(Self.checks(findings) == ["unflagged-bots"])
            #expect(findings.first?["details"] as? [String] == [
                "bot1 (reminder): 60 messages, 60 of them at the same minute of the day, 0 answered (0%)",
            ])
        }
    }

    /// The same round-the-clock posts, each answered in its thread: a person (or a bot people talk to), not
    /// reported as a bot. The one who answers also posts at every hour, but is answered often enough (11 of 82).
    /// Taken for a person, the account is then checked as one: it has no meeting.
    @Test func anAnsweredAccountIsNoBot() throws {
        var company = DoctorCompany()
        company.people.append(DoctorCompany.Person(id: "bot1", name: "deploy-bot"))
        company.directoryOnly = ["bot1"]
        let days = DoctorCompany.days
        company.extraMessages = (0..<60).flatMap { i -> [String] in
            let hour = String(format: "%02d", i % 24)
            return ["d\(i),deploys,public,bot1,\(days[i].date)T\(hour):17:00Z,,,,,",
                    "e\(i),deploys,public,p2,\(days[i].date)T\(hour):22:00Z,d\(i),,,,"]
        }
        try Self.withStore(company) { workspace in
            let (_, findings) = try Self.doctor(workspace)
            #expect(Self.checks(findings) == ["partial-calendars"], "\(findings)")
            #expect(findings.first?["details"] as? [String] == ["bot1 (deploy-bot): 60 messages, 0 meetings, 0 work items"])
        }
    }

    @Test func aQuietWeek() throws {
        var company = DoctorCompany()
        company.silentDays = "2026-02-02"..."2026-02-06"
        try Self.withStore(company) { workspace in
            let (status, findings) = try Self.doctor(workspace)
            #expect(status == 1)
            #expect(Self.checks(findings) == ["quiet-weeks"])
            // Full weeks W02-W13: 10 messages and a meeting each, W06 none.
            #expect(findings.first?["details"] as? [String] == ["2026-W06 (from 2026-02-02): 0 (0% of the median)"])
            #expect(findings.first?["size"] as? String == "median week 11 messages, meetings and work item changes")
        }
    }

    @Test func aSourceCoveringPartOfThePeriod() throws {
        var company = DoctorCompany()
        company.meetingsFrom = "2026-02-01"
        try Self.withStore(company) { workspace in
            let (status, findings) = try Self.doctor(workspace)
            #expect(status == 1)
            #expect(Self.checks(findings) == ["partial-sources"])
            #expect(findings.first?["details"] as? [String] == ["meetings: 50 of 90 days (data from 2026-02-04 to 2026-03-25)"])
        }
    }

    @Test func aSlackExportOfPublicChannelsOnly() throws {
        let users = """
            [{"id": "U01ANN", "name": "ann", "real_name": "Ann Lee", "tz": "Europe/Berlin", "deleted": false,
              "is_bot": false, "profile": {"real_name": "Ann Lee", "email": "ann.lee@orbit.example"}}]
            """
        let channels = #"[{"id": "C01GEN", "name": "town-square"}]"#
        // 2026-01-02 10:00 and 2026-03-30 10:00 UTC.
        let first = #"[{"type": "message", "user": "U01ANN", "text": "hi", "ts": "1767348000.000100"}]"#
        let last = #"[{"type": "message", "user": "U01ANN", "text": "bye", "ts": "1774864800.000100"}]"#
        let workspace = try Workspace("doctor-slack")
        defer { workspace.cleanUp() }
        try workspace.initialiseAndImport(try workspace.writeFolder("export", DoctorCompany().files),
                                          initArguments: ["--org-timezone", "Europe/Berlin", "--min-group-size", "5"])
        let slack = try workspace.writeFolder("slack", ["users.json": users, "channels.json": channels])
        try workspace.writeFolder("slack/town-square", ["2026-01-02.json": first, "2026-03-30.json": last])
        let imported = workspace.run("import", [slack])
        #expect(imported.status == 0, "\(imported)")
        let (status, findings) = try Self.doctor(workspace)
        #expect(status == 1)
        #expect(Self.checks(findings) == ["slack-public-only"])
        #expect(findings.first?["size"] as? String == "1 public channel, 0 private channels, 0 conversations")
    }

    @Test func calendarsOfOnlySomePeople() throws {
        var company = DoctorCompany()
        company.notInMeetings = ["p5"]
        try Self.withStore(company) { workspace in
            let (status, findings) = try Self.doctor(workspace)
            #expect(status == 1)
            #expect(Self.checks(findings) == ["partial-calendars"])
            #expect(findings.first?["details"] as? [String] == ["p5 (Ed Fox): 21 messages, 0 meetings, 0 work items"])
            #expect(findings.first?["size"] as? String == "5 people on the calendar, 1 active person not")
            #expect(findings.first?["affects"] as? [String] == ["meeting_load.*", "focus_time.*"])
        }
    }

    @Test func timestampsInTheFuture() throws {
        var company = DoctorCompany()
        company.extraMessages = ["f1,general,public,p1,2099-01-01T09:00:00Z,,,,,"]
        try Self.withStore(company) { workspace in
            let (status, findings) = try Self.doctor(workspace)
            #expect(status == 1)
            #expect(Self.checks(findings) == ["future-timestamps"])
            #expect(findings.first?["size"] as? String == "1 message; the latest at 2099-01-01T09:00:00.000Z")
        }
    }

    /// The small team is counted, never named: doctor's output does not hold its name.
    @Test func teamsBelowTheMinimumGroupSizeAreCountedNotNamed() throws {
        var company = DoctorCompany()
        company.people += [DoctorCompany.Person(id: "p7", name: "Gus Hale", team: "skunkworks"),
                           DoctorCompany.Person(id: "p8", name: "Hal Ito", team: "skunkworks")]
        company.meetingOnly = ["p7", "p8"]
        try Self.withStore(company) { workspace in
            let (status, findings) = try Self.doctor(workspace)
            #expect(status == 1)
            #expect(Self.checks(findings) == ["small-teams"])
            #expect(findings.first?["summary"] as? String == "1 team has fewer than 5 people (the minimum group size): "
                + "every report suppresses their values")
            #expect((findings.first?["size"] as? String)?.hasPrefix("1 team, 2 people in all") == true)
            for format in ["text", "json"] {
                let result = workspace.run("doctor", ["--quarter", "2026Q1", "--format", format])
                #expect(!result.stdout.contains("skunkworks") && !result.stdout.contains("Gus Hale"), "\(result.stdout)")
            }
        }
    }

    @Test func exitZeroAndTheTextReport() throws {
        var company = DoctorCompany()
        company.notInMeetings = ["p5"]
        try Self.withStore(company) { workspace in
            let text = workspace.run("doctor", ["--quarter", "2026Q1"])
            #expect(text.status == 1)
            #expect(text.stdout == """
                doctor: 1 finding in 2026Q1

                1. [partial-calendars] 1 active person has no meeting in 2026Q1: their calendars were most likely not \
                exported, so meeting load and focus time leave them out
                   affects: meeting_load.*, focus_time.*
                   size: 5 people on the calendar, 1 active person not
                   - p5 (Ed Fox): 21 messages, 0 meetings, 0 work items
                   fix:
                     export these people's calendars (an ICS file each) and import them (maturity import FILE.ics)
                     if one is the same person as someone on the calendar, merge them (see unmerged-people)

                """)
            #expect(workspace.run("doctor", ["--quarter", "2026Q1", "--exit-zero"]).status == 0)
        }
    }
}

extension Workspace {
    /// `maturity people <subcommand> --store <store> <arguments>`.
    func people(_ subcommand: String, _ arguments: [String] = []) -> RunBinary.Result {
        RunBinary.run(["people", subcommand, "--store", store] + arguments)
    }
}
