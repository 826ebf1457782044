import Foundation
import MaturityTestSupport
import Testing

@Suite struct CLIPeopleTests {
    /// A directory of two people and messages from a third reference (Ann's old address, not in the directory).
    static let files: [String: String] = [
        "people.csv": """
            person_id,name,email,team,timezone,work_start,work_end,workdays,aliases,is_bot,holiday_calendar
            p1,Ann Lee,ann@orbit.example,core,Europe/Berlin,,,,slack:U1,,
            p2,Bo Chen,bo@orbit.example,core,,,,,jira:bchen,,

            """,
        "messages.csv": """
            message_id,channel,channel_kind,author,sent_at,thread_id,mentions,text,is_system,source
            m1,general,public,p1,2026-01-05T09:00:00Z,,,,,
            m2,general,public,ann@old.example,2026-01-05T09:05:00Z,m1,,,,
            m3,general,public,ann@old.example,2026-01-06T09:00:00Z,,,,,
            m4,general,public,jira:bchen,2026-01-06T09:30:00Z,m3,,,,

            """,
    ]

    static func workspace() throws -> (Workspace, String) {
        let workspace = try Workspace("people")
        let folder = try workspace.writeFolder("export", files)
        try workspace.initialiseAndImport(folder, initArguments: ["--org-timezone", "Europe/Berlin"])
        return (workspace, folder)
    }

    static func show(_ workspace: Workspace, _ reference: String) throws -> [String: Any] {
        let result = workspace.people("show", [reference, "--format", "json"])
        #expect(result.status == 0, "\(result)")
        return try jsonObject(result.stdout)
    }

    @Test func listAndShow() throws {
        let (workspace, _) = try Self.workspace()
        defer { workspace.cleanUp() }
        let list = workspace.people("list", ["--format", "csv"])
        #expect(list.status == 0, "\(list)")
        #expect(list.stdout == """
            id,name,email,team,timezone,work_hours,workdays,bot,directory,references,messages
            ann@old.example,,,unassigned,,,,no,no,1,2
            p1,Ann Lee,ann@orbit.example,core,Europe/Berlin,,,no,yes,3,1
            p2,Bo Chen,bo@orbit.example,core,,,,no,yes,3,1

            """)
        let bo = try Self.show(workspace, "jira:bchen")
        #expect(bo["id"] as? String == "p2")
        #expect(bo["references"] as? [String] == ["bo@orbit.example", "jira:bchen", "p2"])
        // An e-mail reference compares ignoring case.
        #expect(try Self.show(workspace, "ANN@orbit.example")["id"] as? String == "p1")
        let unknown = workspace.people("show", ["bchen"])
        expectRuntimeError(unknown, mentioning: ["no person has the reference 'bchen'", "did you mean 'jira:bchen'?"])
        let team = workspace.people("list", ["--team", "cor"])
        expectRuntimeError(team, mentioning: ["no person is in the team 'cor'; did you mean 'core'?"])
    }

    @Test func mergeIsKeptAcrossReimportsAndListedAsAnOverride() throws {
        let (workspace, folder) = try Self.workspace()
        defer { workspace.cleanUp() }
        let merged = workspace.people("merge", ["p1", "ann@old.example"])
        #expect(merged.status == 0, "\(merged)")
        #expect(merged.stderr == "merged into p1: 4 references (recorded as override 1; later imports keep it)\n")
        var ann = try Self.show(workspace, "ann@old.example")
        #expect(ann["id"] as? String == "p1")
        #expect(ann["references"] as? [String] == ["ann@old.example", "ann@orbit.example", "p1", "slack:U1"])
        #expect((ann["messages"] as? NSNumber)?.intValue == 3)
        // Importing everything again keeps the merge (and says so).
        let again = workspace.run("import", [folder])
        #expect(again.status == 0, "\(again)")
        #expect(again.stderr.contains("note: 1 people override applied again") == false, "\(again.stderr)")
        ann = try Self.show(workspace, "ann@old.example")
        #expect(ann["id"] as? String == "p1")
        #expect((ann["messages"] as? NSNumber)?.intValue == 3)
        let overrides = workspace.people("overrides", ["--format", "csv"])
        #expect(lines(overrides.stdout).map { $0.components(separatedBy: ",") }.map { [$0[0], $0[2], $0[3]] } == [
            ["id", "kind", "command"], ["1", "merge", "maturity people merge p1 ann@old.example"],
        ])
        // runs shows the overrides after the import runs.
        let runs = workspace.run("runs")
        #expect(runs.stdout.contains("\npeople overrides (applied again after every import)\n"), "\(runs.stdout)")
        #expect(runs.stdout.contains("merge  maturity people merge p1 ann@old.example"))
        // Merging the same people again records nothing.
        let same = workspace.people("merge", ["p1", "ann@old.example"])
        #expect(same.status == 0)
        #expect(same.stderr == "note: p1, ann@old.example already name one person (p1); nothing was recorded\n")
    }

    /// A directory row that the merge deleted comes back with every import of people.csv; the override merges it
    /// again, so the store ends as it was.
    @Test func mergeOfTwoDirectoryPeopleSurvivesTheirReimport() throws {
        let (workspace, folder) = try Self.workspace()
        defer { workspace.cleanUp() }
        #expect(workspace.people("merge", ["p1", "p2"]).status == 0)
        let again = workspace.run("import", [folder + "/people.csv"])
        #expect(again.status == 0, "\(again)")
        // The directory's row p2 claimed its three references back, and the override merged them again: the
        // import's warnings about them moving no longer hold.
        #expect(again.stderr.contains("note: 1 people override applied again after this import (maturity people "
            + "overrides lists them); 3 warnings about references moving to a person merged away no longer hold\n"),
            "\(again.stderr)")
        #expect(!again.stderr.contains("moves to person"), "\(again.stderr)")
        let runs = try jsonRows(workspace.run("runs", ["--format", "json"]).stdout)
        #expect((runs.last?["warning_count"] as? NSNumber)?.intValue == 0)
        let p2 = try Self.show(workspace, "p2")
        #expect(p2["id"] as? String == "p1")
        #expect(p2["references"] as? [String] == ["ann@orbit.example", "bo@orbit.example", "jira:bchen", "p1", "p2", "slack:U1"])
        #expect(lines(workspace.people("list", ["--format", "csv"]).stdout).map { $0.prefix(while: { $0 != "," }) }
            == ["id", "ann@old.example", "p1"])
    }

    @Test func splitUndoesAMergeAndStaysSplit() throws {
        let (workspace, folder) = try Self.workspace()
        defer { workspace.cleanUp() }
        #expect(workspace.people("merge", ["p1", "ann@old.example"]).status == 0)
        let split = workspace.people("split", ["ann@old.example"])
        #expect(split.status == 0, "\(split)")
        var old = try Self.show(workspace, "ann@old.example")
        #expect(old["id"] as? String == "ann@old.example")
        #expect(old["team"] as? String == "unassigned")
        #expect((old["messages"] as? NSNumber)?.intValue == 2)
        // The merge no longer names it (its only other person was this one): only the split is left.
        let overrides = workspace.people("overrides", ["--format", "csv"])
        #expect(lines(overrides.stdout).dropFirst().map { $0.components(separatedBy: ",").last ?? "" }
            == ["maturity people split ann@old.example"])
        #expect(workspace.run("import", [folder]).status == 0)
        old = try Self.show(workspace, "ann@old.example")
        #expect(old["id"] as? String == "ann@old.example")
        // A person's directory id stays theirs; a reference alone cannot be split further.
        expectRuntimeError(workspace.people("split", ["p1"]),
                           mentioning: ["'p1' is the directory id of its person", "ann@orbit.example, slack:U1"])
        expectRuntimeError(workspace.people("split", ["ann@old.example"]),
                           mentioning: ["'ann@old.example' is its person's only reference"])
    }

    @Test func setIsKeptAcrossReimports() throws {
        let (workspace, folder) = try Self.workspace()
        defer { workspace.cleanUp() }
        let set = workspace.people("set", ["bo@orbit.example", "--team", "data", "--timezone", "Asia/Tokyo",
                                           "--work-hours", "08:00-16:00", "--workdays", "Mon-Thu", "--bot"])
        #expect(set.status == 0, "\(set)")
        #expect(workspace.run("import", [folder]).status == 0)
        let bo = try Self.show(workspace, "p2")
        #expect(bo["team"] as? String == "data")
        #expect(bo["timezone"] as? String == "Asia/Tokyo")
        #expect(bo["work_start"] as? String == "08:00")
        #expect(bo["work_end"] as? String == "16:00")
        #expect(bo["workdays"] as? String == "Mon-Thu")
        #expect(bo["is_bot"] as? Bool == true)
        #expect(workspace.people("set", ["p2", "--no-bot"]).status == 0)
        #expect(try Self.show(workspace, "p2")["is_bot"] as? Bool == false)
        let overrides = lines(workspace.people("overrides", ["--format", "csv"]).stdout).dropFirst()
            .map { $0.components(separatedBy: ",").last ?? "" }
        #expect(overrides == ["maturity people set bo@orbit.example --team data --timezone Asia/Tokyo --work-hours "
                                + "08:00-16:00 --workdays Mon-Thu --bot", "maturity people set p2 --no-bot"])
    }

    @Test func badReferencesAndValuesChangeNothing() throws {
        let (workspace, _) = try Self.workspace()
        defer { workspace.cleanUp() }
        let before = try workspace.snapshot()
        expectRuntimeError(workspace.people("merge", ["p1", "nobody@orbit.example"]),
                           mentioning: ["no person has the reference 'nobody@orbit.example'; nothing was changed"])
        expectRuntimeError(workspace.people("set", ["p9", "--team", "x"]), mentioning: ["no person has the reference 'p9'"])
        expectUsageError(workspace.people("merge", ["p1"]), naming: ["people merge needs at least two references"])
        expectUsageError(workspace.people("set", ["p1", "--timezone", "europe/berlin"]),
                         naming: ["--timezone: unknown time zone 'europe/berlin'; did you mean 'Europe/Berlin'?"])
        expectUsageError(workspace.people("set", ["p1", "--work-hours", "9-5"]), naming: ["--work-hours: '9-5' is not HH:MM-HH:MM"])
        expectUsageError(workspace.people("set", ["p1", "--workdays", "Mon-Funday"]), naming: ["--workdays:"])
        expectUsageError(workspace.people("set", ["p1"]), naming: ["people set needs something to change"])
        #expect(try workspace.snapshot() == before)
    }

    /// The measure: a merged store's every metric equals that of a store whose directory had the merge
    /// (and the bot flag) from the start. The sample's planted problems, fixed with `people merge` and `people set
    /// --bot`, then every input imported again, against the sample with the alias and the flag in people.csv.
    @Test func fixedSampleAssessesLikeASampleWhoseDirectoryWasRight() throws {
        let sample = repositoryRoot.appendingPathComponent("datasets/sample")
        let fixed = try Workspace("people-fixed")
        defer { fixed.cleanUp() }
        try fixed.initialiseAndImport(sample.path, initArguments: ["--org-timezone", "Europe/Berlin", "--holiday-calendar", "de"],
                                      importArguments: ["--timezone", "Europe/Berlin"])
        #expect(fixed.people("merge", ["p04", "noa@old-orbitlabs.example"]).status == 0)
        #expect(fixed.people("set", ["b01", "--bot"]).status == 0)
        let again = fixed.run("import", ["--timezone", "Europe/Berlin", sample.path])
        #expect(again.status == 0, "\(again)")

        let right = try Workspace("people-right")
        defer { right.cleanUp() }
        let copy = right.url.appendingPathComponent("sample")
        try FileManager.default.copyItem(at: sample, to: copy)
        let people = copy.appendingPathComponent("people.csv")
        var directory = try String(contentsOf: people, encoding: .utf8)
        let noa = "p04,Noa Walsh,noa.walsh@orbitlabs.example,support,Europe/Berlin,,,,slack:U0AS758WF;jira:nwalsh;github:nwalsh,,"
        let bot = "b01,jira-automation,,,,,,,slack:B0JIRA01;jira:automation,,"
        #expect(directory.contains(noa) && directory.contains(bot), "the sample's planted rows changed")
        directory = directory
            .replacingOccurrences(of: noa, with: noa.replacingOccurrences(of: "jira:nwalsh;", with: "jira:nwalsh;noa@old-orbitlabs.example;"))
            .replacingOccurrences(of: bot, with: "b01,jira-automation,,,,,,,slack:B0JIRA01;jira:automation,true,")
        try Data(directory.utf8).write(to: people)
        try right.initialiseAndImport(copy.path, initArguments: ["--org-timezone", "Europe/Berlin", "--holiday-calendar", "de"],
                                      importArguments: ["--timezone", "Europe/Berlin"])
        #expect(right.run("doctor", ["--quarter", "2026Q3"]).status == 0)
        #expect(fixed.run("doctor", ["--quarter", "2026Q3"]).status == 0)

        for quarter in ["2026Q2", "2026Q3"] {
            func assessment(_ workspace: Workspace) throws -> [String: Any] {
                let result = workspace.run("assess", ["--quarter", quarter, "--compare", "2026Q2", "--format", "json"])
                #expect(result.status == 0, "\(result)")
                var report = try jsonObject(result.stdout)
                // The inputs differ by design: one people.csv holds the alias and the flag.
                report["inputs"] = nil
                return report
            }
            let a = try assessment(fixed), b = try assessment(right)
            #expect(NSDictionary(dictionary: a).isEqual(to: b), "\(quarter): the fixed store assesses differently")
            #expect(a.count > 5)
        }
    }
}
