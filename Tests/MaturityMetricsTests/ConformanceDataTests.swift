import Foundation
import MaturityCore
import MaturityMetrics
import MaturityTestSupport
import Testing

@Suite("CSV reader of the test support")
struct CSVTableTests {
    private func parse(_ text: String) throws -> CSVTable {
        try CSVTable.parse(Data(text.utf8), file: "test.csv")
    }

    @Test func quotedFieldsHoldCommasQuotesAndLineBreaks() throws {
        let table = try parse("id,text\r\n1,\"a, b\"\r\n2,\"say \"\"hi\"\"\"\r\n3,\"line one\nline two\"\r\n4,\r\n")
        #expect(table.header == ["id", "text"])
        #expect(table.records.map(\.fields) == [
            ["1", "a, b"], ["2", "say \"hi\""], ["3", "line one\nline two"], ["4", ""],
        ])
        #expect(table.records.map(\.line) == [2, 3, 4, 6])
    }

    @Test func headerMatchesIgnoringCaseAndSpacesAndBOMIsSkipped() throws {
        let table = try parse("\u{FEFF}Meeting_ID, Title ,START\nmt-1,Stand-up,2026-01-05T09:00:00Z")
        #expect(table.header == ["Meeting_ID", "Title", "START"])
        #expect(table.column("meeting_id") == 0)
        #expect(table.column("title") == 1)
        #expect(table.column(" start ") == 2)
        #expect(table.column("end") == nil)
        #expect(table.records.count == 1)
        #expect(table.value(table.records[0], table.column("title")) == "Stand-up")
    }

    @Test func lineEndingsCRLFAndCRAndBlankLines() throws {
        let table = try parse("a,b\r1,2\r\n\n3,4\n")
        #expect(table.records.map(\.fields) == [["1", "2"], ["3", "4"]])
        #expect(table.records.map(\.line) == [2, 4])
    }

    @Test func aQuotedEmptyFieldIsARecordAndShortRecordsReadEmpty() throws {
        let table = try parse("a,b\n\"\"\n")
        #expect(table.records.map(\.fields) == [[""]])
        #expect(table.value(table.records[0], 1) == "")
        #expect(table.dictionaries == [["a": "", "b": ""]])
    }

    @Test func malformedInputIsAnError() throws {
        #expect(throws: ConformanceDataError.self) { try parse("a,b\n1,\"open\n") }
        #expect(throws: ConformanceDataError.self) { try parse("a,b\n1,\"x\"y\n") }
        #expect(throws: ConformanceDataError.self) { try parse("a,b\n1,2,3\n") }
        let missing = try parse("a,b\n1,2\n")
        do {
            _ = try missing.requiredColumn("item_id")
            Issue.record("a missing required column must throw")
        } catch let error as ConformanceDataError {
            #expect(error.description == "test.csv: required column `item_id` is missing; columns found: a, b")
        }
    }

    @Test func aQuoteInsideAnUnquotedFieldIsKept() throws {
        let table = try parse("a\nsay \"hi\"\n")
        #expect(table.records.map(\.fields) == [["say \"hi\""]])
    }
}

@Suite("Tolerance")
struct ToleranceTests {
    @Test func undefinedMatchesOnlyUndefined() {
        #expect(Tolerance.matches(nil, nil))
        #expect(!Tolerance.matches(nil, 0))
        #expect(!Tolerance.matches(0, nil))
    }

    @Test func absoluteOrRelative() {
        #expect(Tolerance.matches(0.5, 0.5 + 5e-10))
        #expect(!Tolerance.matches(0.5, 0.5 + 2e-9))
        #expect(Tolerance.matches(1000, 1000 + 5e-7))
        #expect(!Tolerance.matches(1000, 1000 + 2e-6))
        #expect(!Tolerance.matches(.nan, .nan))
    }
}

@Suite("Dataset from canonical CSV (test support)")
struct CanonicalDatasetBuilderTests {
    private func build(_ files: [String: String]) throws -> Dataset {
        let folder = FileManager.default.temporaryDirectory
            .appendingPathComponent("conformance-builder-\(UUID().uuidString)", isDirectory: true)
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        for (name, text) in files {
            try Data(text.utf8).write(to: folder.appendingPathComponent(name))
        }
        return try ConformanceData.dataset(folder: folder, organisation: ConformanceData.organisation)
    }

    private let people = """
        person_id,email,team,aliases,is_bot,timezone
        p1,Ann@Example.com, core ,slack:UA1;ann@old.example,,Europe/London
        p2,,,,no,
        bot,,core,jira:auto,yes,

        """

    @Test func referencesResolveThroughTheDirectoryAndCreateUnknownPeople() throws {
        let dataset = try build([
            "people.csv": people,
            "messages.csv": """
                message_id,channel,author,sent_at,mentions,text
                m1,general, ANN@example.COM ,2026-01-05T09:00:00Z,Guest@Partner.Example;slack:UA1,hi @p2 @here @nobody
                m2,general,guest@partner.example,2026-01-05T10:00:00Z,,@Guest@partner.example. thanks
                m3,general,slack:UX9,2026-01-05T11:00:00Z,,ok

                """,
        ])
        #expect(dataset.people.map(\.displayId) == ["p1", "p2", "bot", "guest@partner.example", "slack:UX9"])
        #expect(dataset.people.map(\.team) == ["core", "unassigned", "core", "unassigned", "unassigned"])
        #expect(dataset.people.map(\.isBot) == [false, false, true, false, false])
        #expect(dataset.people[0].schedule.timeZone.identifier == "Europe/London")
        #expect(dataset.people[3].schedule == ConformanceData.organisation.schedule)
        #expect(dataset.messages.map(\.author) == [0, 3, 4])
        // Column references first (creating people), then `@` tokens that name someone known.
        #expect(dataset.messages.map(\.mentions) == [[3, 0, 1], [3], []])
        #expect(dataset.sources == ["csv"])
    }

    @Test func aReferenceClaimedTwiceIsAnError() throws {
        #expect(throws: ConformanceDataError.self) {
            try build(["people.csv": "person_id,email,aliases\np1,a@x.example,\np2,,A@X.example\n"])
        }
        #expect(throws: ConformanceDataError.self) {
            try build(["people.csv": "person_id\np1\np1\n"])
        }
    }

    @Test func channelsMessagesAndSources() throws {
        let dataset = try build([
            "messages.csv": """
                message_id,channel,channel_kind,author,sent_at,thread_id,is_system,source,text
                1,dm,Direct,a,2026-01-05T09:00:00+01:00,,,,are you there?
                2,dm,public,b,2026-01-05T09:00:00+01:00,,,,see https://x.example/?q=1
                3,team,,a,2026-01-05T09:00:00Z,3,yes,mbox,joined
                4,team,private,b,2026-01-05T09:00:00Z,,,mbox,
                5,ops,group,a,2026-01-05T09:00:00Z,9,,,
                """,
        ])
        #expect(dataset.channels == [
            DatasetChannel(name: "dm", kind: .direct, hasReplies: false),
            DatasetChannel(name: "team", kind: .public, hasReplies: false),
            DatasetChannel(name: "ops", kind: .group, hasReplies: true),
        ])
        #expect(dataset.sources == ["csv", "mbox"])
        #expect(dataset.messages.map(\.messageId) == ["1", "2", "3", "4", "5"])
        #expect(dataset.messages.map(\.source) == [0, 0, 1, 1, 0])
        #expect(dataset.messages.map(\.isQuestion) == [true, false, false, false, false])
        #expect(dataset.messages.map(\.isSystem) == [false, false, true, false, false])
        #expect(dataset.messages.map(\.threadId) == [nil, nil, "3", nil, "9"])
        #expect(dataset.messages[0].sentAt == 1_767_600_000_000)
    }

    @Test func meetingsAndAttendees() throws {
        let dataset = try build([
            "people.csv": people,
            "meetings.csv": """
                Meeting_ID, Title ,START,end,organizer,all_day,cancelled,free,series_id,notes_url
                m1,Daily sync,2026-01-05T09:00:00Z,2026-01-05T09:15:00Z,p1,,no,0,s1,https://docs.example/n
                m2,Holiday,2026-01-06,2026-01-07,p1,true,,,,
                m3,Offsite,2026-01-06T00:00:00Z,2026-01-07T00:00:00Z,,yes,TRUE,1,,
                """,
            "attendees.csv": """
                meeting_id,person,response
                m1,p1,declined
                m1,ann@example.com,accepted
                m1,p2,Declined
                m1,p2,declined
                m1,x@y.example,maybe
                m2,p2,accepted
                m9,p2,accepted
                """,
        ])
        #expect(dataset.meetings.map(\.meetingId) == ["m1", "m3"])
        let daily = dataset.meetings[0]
        #expect(daily.title == "Daily sync")
        #expect(daily.organizer == 0)
        #expect(daily.seriesId == "s1")
        #expect(daily.hasNotes)
        #expect(!daily.cancelled && !daily.free && !daily.allDay)
        #expect(daily.end - daily.start == 15 * 60_000)
        #expect(daily.attendees == [
            DatasetAttendee(person: 0, declined: false), DatasetAttendee(person: 1, declined: true),
            DatasetAttendee(person: 3, declined: false),
        ])
        let offsite = dataset.meetings[1]
        #expect(offsite.allDay && offsite.cancelled && offsite.free && offsite.organizer == nil)
        #expect(dataset.people.map(\.displayId) == ["p1", "p2", "bot", "x@y.example"])
    }

    @Test func workItemsAndEvents() throws {
        let dataset = try build([
            "people.csv": people,
            "work_items.csv": """
                item_id,title,created_at,status,resolved_at,due_at,assignees,reporter,description,links
                A-1,One,2026-01-05T09:00:00Z,Won’t-Do,,2026-02-01,p2; slack:UA1 ;p2,jira:new,,PLAT-1
                A-2,Two,2026-01-05T09:00:00Z,  IN_review ,2026-01-09T09:00:00.5Z,,,,See https://x.example,
                """,
            "work_item_events.csv": """
                item_id,at,field,from,to,actor
                A-1,2026-01-07T09:00:00Z,Assignee,p2,p2;p1,jira:auto
                A-1,2026-01-06T09:00:00Z,status,To Do,Done,
                A-1,2026-01-07T09:00:00Z,assignee,,p2,
                A-1,2026-01-07T09:00:00Z,priority,low,high,
                B-9,2026-01-07T09:00:00Z,status,,Done,
                """,
        ])
        #expect(dataset.workItems.map(\.itemId) == ["A-1", "A-2"])
        let one = dataset.workItems[0]
        #expect(one.status == .cancelled)
        #expect(one.hasDue)
        #expect(one.assignees == [1, 0])
        #expect(one.reporter == 3)
        #expect(dataset.people[3].displayId == "jira:new")
        #expect(!one.hasURL)
        #expect(one.events.map(\.field) == [.status, .assignee, .assignee])
        #expect(one.events[0].toStatus == .done)
        #expect(one.events[1].from == [1] && one.events[1].to == [1, 0] && one.events[1].actor == 2)
        #expect(one.events[2].from == [] && one.events[2].to == [1] && one.events[2].actor == nil)
        let two = dataset.workItems[1]
        #expect(two.status == .inProgress)
        #expect(!two.hasDue && two.assignees.isEmpty && two.reporter == nil)
        #expect(two.resolvedAt == 1_767_949_200_500)
        #expect(two.hasURL)
        #expect(two.descriptionLength == 21)
    }

    @Test func aTimestampWithoutOffsetIsAnError() throws {
        #expect(throws: ConformanceDataError.self) {
            try build(["messages.csv": "message_id,channel,author,sent_at\n1,c,a,2026-01-05T09:00:00\n"])
        }
        #expect(throws: ConformanceDataError.self) {
            try build(["meetings.csv": "meeting_id,start,end\nm1,2026-01-05,2026-01-06\n"])
        }
        #expect(throws: ConformanceDataError.self) {
            try build(["messages.csv": "message_id,author,sent_at\n1,a,2026-01-05T09:00:00Z\n"])
        }
    }
}

@Suite("Conformance data sets")
struct ConformanceDataTests {
    private func teamSizes(_ dataset: Dataset) -> [String: Int] {
        dataset.people.filter { !$0.isBot }.reduce(into: [:]) { $0[$1.team, default: 0] += 1 }
    }

    private func person(_ dataset: Dataset, _ displayId: String) throws -> PersonIndex {
        let index = try #require(dataset.people.firstIndex { $0.displayId == displayId })
        return PersonIndex(index)
    }

    private func message(_ dataset: Dataset, channel: String, id: String) throws -> DatasetMessage {
        let channelIndex = try #require(dataset.channels.firstIndex { $0.name == channel })
        return try #require(dataset.messages.first { $0.channel == Int32(channelIndex) && $0.messageId == id })
    }

    /// A clone without the shared folder the data sets were written in still tests every metric end to end:
    /// the data sets are the copy bundled with MaturityTestSupport unless `$MATURITY_CONFORMANCE_DIR` names
    /// another folder.
    @Test func theDataSetsComeWithTheProject() throws {
        let override = ProcessInfo.processInfo.environment[ConformanceData.overrideVariable] ?? ""
        let root = try #require(ConformanceData.root)
        if override.isEmpty {
            #expect(root == ConformanceData.bundled)
            #expect(root.lastPathComponent == "Conformance")
            #expect(!root.path.contains("/shared/"))
        } else {
            #expect(root.path == URL(fileURLWithPath: override, isDirectory: true).path)
        }
        for name in ConformanceData.names {
            for file in ["ABOUT.md", "people.csv", "messages.csv", "meetings.csv", "attendees.csv", "work_items.csv",
                         "work_item_events.csv", "expected/metrics.csv", "expected/scores.csv"] {
                #expect(FileManager.default.fileExists(atPath: try ConformanceData.folder(name)
                    .appendingPathComponent(file).path), "\(name)/\(file)")
            }
        }
    }

    @Test func basicLoadsWithTheTeamsOfItsAboutFile() throws {
        let dataset = try ConformanceData.dataset("basic")
        #expect(teamSizes(dataset) == ["data": 6, "design": 4, "platform": 8, "product": 9, "unassigned": 4])
        #expect(dataset.people.count == 34)
        #expect(dataset.people.filter(\.isBot).map(\.displayId) == ["b01", "b02", "b03"])
        #expect(dataset.messages.count == 1320)
        #expect(dataset.channels.count == 113)
        #expect(dataset.meetings.count == 889)
        #expect(dataset.workItems.count == 156)
        #expect(dataset.workItems.reduce(0) { $0 + $1.events.count } == 315)
        #expect(dataset.sources == ["csv"])
        let kinds = dataset.channels.reduce(into: [ChannelKind: Int]()) { $0[$1.kind, default: 0] += 1 }
        #expect(kinds == [.direct: 74, .group: 27, .private: 5, .public: 7])
        #expect(dataset.messages.filter(\.isSystem).count == 28)
    }

    @Test func peopleCreatedFromReferences() throws {
        let dataset = try ConformanceData.dataset("basic")
        let created = dataset.people.filter { !$0.displayId.hasPrefix("p") && !$0.displayId.hasPrefix("b0") }
        #expect(Set(created.map(\.displayId)) == ["ext:contractor1", "guest@partner.example", "slack:U0NEWCOMER"])
        for person in created {
            #expect(person.team == "unassigned")
            #expect(!person.isBot)
            #expect(person.schedule == ConformanceData.organisation.schedule)
        }
    }

    @Test func directoryScheduleAndAliases() throws {
        let dataset = try ConformanceData.dataset("basic")
        let omar = dataset.people[Int(try person(dataset, "p04"))]
        #expect(omar.team == "platform")
        #expect(omar.schedule.timeZone.identifier == "Asia/Dubai")
        #expect(omar.schedule.workdays == [.sunday, .monday, .tuesday, .wednesday, .thursday])
        let felix = dataset.people[Int(try person(dataset, "p07"))]
        #expect(felix.schedule.timeZone.identifier == "Europe/Berlin")
        #expect(felix.schedule.start == 8 * 60 && felix.schedule.end == 16 * 60)
        #expect(dataset.people[Int(try person(dataset, "p28"))].team == "unassigned")
        // DATA-1: assignee jira:qtanaka (p18), reporter jira:tkeller (p21), two status events.
        let item = try #require(dataset.workItems.first { $0.itemId == "DATA-1" })
        #expect(item.assignees == [try person(dataset, "p18")])
        #expect(item.reporter == (try person(dataset, "p21")))
        #expect(item.status == .done)
        #expect(item.resolvedAt == 1_773_745_315_000)  // 2026-03-17T11:01:55Z
        #expect(item.createdAt == 1_772_213_861_000)   // 2026-02-27T18:37:41+01:00
        #expect(item.events.map(\.toStatus) == [.inProgress, .done])
        #expect(item.hasURL)
        // The first message: a system message of #general by slack:U001AN (p01).
        let first = try message(dataset, channel: "general", id: "1764543660.000200")
        #expect(first.author == (try person(dataset, "p01")))
        #expect(first.isSystem)
        #expect(first.sentAt == 1_764_543_660_000)
    }

    @Test func edgesLoadsWithTheTeamsOfItsAboutFile() throws {
        let dataset = try ConformanceData.dataset("edges")
        #expect(teamSizes(dataset) == ["data": 6, "design": 4, "platform": 9, "product": 9, "unassigned": 4])
        #expect(dataset.messages.count == 1374)
        #expect(dataset.channels.count == 132)
        #expect(dataset.meetings.count == 911)  // 912 rows, one all-day row with bare dates skipped
        #expect(!dataset.meetings.contains { $0.meetingId == "mt-0000040" })
        #expect(dataset.workItems.count == 173)
        #expect(dataset.workItems.reduce(0) { $0 + $1.events.count } == 330)
        #expect(dataset.sources == ["csv", "mbox"])
        let mbox = dataset.messages.filter { dataset.sources[Int($0.source)] == "mbox" }
        #expect(mbox.count == 21)
        #expect(Set(mbox.map { dataset.channels[Int($0.channel)].name }) == ["ops-mail"])
    }

    @Test func edgesAttendeesMergePerPerson() throws {
        let dataset = try ConformanceData.dataset("edges")
        let ben = try person(dataset, "p02")
        // mt-0000039: BEN.OKAFOR@NORTHWIND.EXAMPLE is p02.
        let upper = try #require(dataset.meetings.first { $0.meetingId == "mt-0000039" })
        #expect(upper.attendees.contains(DatasetAttendee(person: ben, declined: false)))
        // mt-0000028: p02 declined as `p02` but accepted as an e-mail address: attends.
        let conflicting = try #require(dataset.meetings.first { $0.meetingId == "mt-0000028" })
        #expect(conflicting.attendees.filter { $0.person == ben } == [DatasetAttendee(person: ben, declined: false)])
        #expect(conflicting.organizer == (try person(dataset, "p01")))
    }

    @Test func edgesWorkItemEventsAndAssignees() throws {
        let dataset = try ConformanceData.dataset("edges")
        let anna = try person(dataset, "p01"), ben = try person(dataset, "p02"), chitra = try person(dataset, "p03")
        let gap = try #require(dataset.workItems.first { $0.itemId == "EDGE-16" })
        #expect(gap.events.map(\.field) == [.assignee, .assignee, .assignee, .status])
        #expect(gap.events.map(\.from) == [[], [anna], [], []])
        #expect(gap.events.map(\.to) == [[anna], [], [chitra], []])
        #expect(gap.events.map(\.at) == [1_769_166_000_000, 1_770_022_800_000, 1_770_195_600_000, 1_773_997_200_000])
        #expect(gap.events.last?.toStatus == .inProgress)
        #expect(gap.assignees == [chitra])
        #expect(!gap.hasDue)
        let coOwned = try #require(dataset.workItems.first { $0.itemId == "EDGE-6" })
        #expect(coOwned.assignees == [anna, ben])
        #expect(coOwned.hasDue)
    }

    @Test func edgesTextMentionsResolveOnlyKnownPeople() throws {
        let dataset = try ConformanceData.dataset("edges")
        let dana = try message(dataset, channel: "general", id: "1771941600.000200")
        #expect(dana.mentions == [try person(dataset, "p07")])
        #expect(dana.isQuestion)
        let withHere = try message(dataset, channel: "design-private", id: "1767137522.000200")
        #expect(withHere.mentions == [try person(dataset, "p27")])
        #expect(!dataset.people.contains { $0.displayId == "here" })
    }

    @Test func theRawFilesReadAsWritten() throws {
        let items = try ConformanceData.table("edges", file: "work_items.csv")
        let edge6 = try #require(items.records.first { items.value($0, items.column("item_id")) == "EDGE-6" })
        #expect(items.value(edge6, items.column("title")) == "Quoted, \"tricky\" title")
        #expect(items.value(edge6, items.column("description")).hasPrefix("Line one, with a comma\n"))
        let meetings = try ConformanceData.table("basic", file: "meetings.csv")
        #expect(meetings.column("meeting_id") == 0 && meetings.column("title") == 1 && meetings.column("start") == 2)
    }

    @Test func expectedValuesLoad() throws {
        let metrics = try ConformanceData.expectedMetrics("basic")
        #expect(metrics.count == 204)
        #expect(metrics.first == ExpectedMetric(period: "2026Q1", groupBy: "org", group: "all",
                                                metric: "response_latency.median_hours", value: 2.8494444444444444))
        #expect(metrics.filter { $0.value == nil }.count == 9)
        let scores = try ConformanceData.expectedScores("edges")
        #expect(scores.count == 42)
        #expect(scores.contains(ExpectedScore(period: "2026Q1", groupBy: "team", group: "data", score: "level",
                                              value: 3)))
        let requests = try ConformanceData.expectedRows("basic", file: "requests.csv")
        #expect(requests.count == 532)
        #expect(requests.first?["message_id"] == "1764545011.000200")
        #expect(requests.first?["working_hours"] == "2.7430555555555554")
        // v2: 30 people on the calendar × 14 weeks (two people without any meeting row have no person-weeks).
        #expect(try ConformanceData.expectedRows("edges", file: "person_weeks").count == 420)
    }

    /// The per-row detail of `expected/` agrees with the dataset wherever it restates an input fact: every
    /// counted occurrence's participants, invitees, series, agenda and notes; every item's description,
    /// acceptance criteria and link; the people and teams of person-weeks and requests.
    @Test(arguments: ConformanceData.names)
    func expectedDetailAgreesWithTheDataset(_ name: String) throws {
        let dataset = try ConformanceData.dataset(name)
        var personByID: [String: PersonIndex] = [:]
        for (index, person) in dataset.people.enumerated() { personByID[person.displayId] = PersonIndex(index) }
        let meetingByID = Dictionary(dataset.meetings.map { ($0.meetingId, $0) }, uniquingKeysWith: { a, _ in a })
        let occurrences = try ConformanceData.expectedRows(name, file: "occurrences.csv")
        #expect(!occurrences.isEmpty)
        for row in occurrences {
            let id = row["meeting_id"] ?? ""
            guard let meeting = meetingByID[id] else { Issue.record("\(name): no meeting \(id)"); continue }
            let human = { (p: PersonIndex) in !dataset.people[Int(p)].isBot }
            var invitees = Set(meeting.attendees.map(\.person).filter(human))
            var participants = Set(meeting.attendees.filter { !$0.declined }.map(\.person).filter(human))
            if let organizer = meeting.organizer, human(organizer) {
                invitees.insert(organizer)
                if !meeting.attendees.contains(where: { $0.person == organizer && $0.declined }) {
                    participants.insert(organizer)
                }
            }
            #expect("\(participants.count)" == row["participants"], "\(name) \(id) participants")
            #expect("\(invitees.count)" == row["invitees"], "\(name) \(id) invitees")
            #expect((meeting.seriesId != nil ? "1" : "0") == row["recurring"], "\(name) \(id) recurring")
            #expect((meeting.agendaLength >= 40 ? "1" : "0") == row["agenda"], "\(name) \(id) agenda")
            #expect((meeting.hasNotes ? "1" : "0") == row["notes"], "\(name) \(id) notes")
            #expect(Timestamp.format(meeting.start) == row["start"], "\(name) \(id) start")
            #expect(Timestamp.format(meeting.end) == row["end"], "\(name) \(id) end")
        }
        let itemByID = Dictionary(dataset.workItems.map { ($0.itemId, $0) }, uniquingKeysWith: { a, _ in a })
        let items = try ConformanceData.expectedRows(name, file: "work_items.csv")
        #expect(!items.isEmpty)
        for row in items {
            let id = row["item_id"] ?? ""
            guard let item = itemByID[id] else { Issue.record("\(name): no work item \(id)"); continue }
            #expect((item.descriptionLength >= 80 ? "1" : "0") == row["description"], "\(name) \(id) description")
            #expect((item.hasAcceptanceCriteria ? "1" : "0") == row["acceptance"], "\(name) \(id) acceptance")
            #expect((item.hasURL ? "1" : "0") == row["link"], "\(name) \(id) link")
        }
        for row in try ConformanceData.expectedRows(name, file: "person_weeks.csv") {
            let id = row["person"] ?? ""
            guard let person = personByID[id] else { Issue.record("\(name): no person \(id)"); continue }
            #expect(dataset.people[Int(person)].team == row["team"], "\(name) \(id) team")
        }
        let channelIndex = Dictionary(dataset.channels.enumerated().map { ($1.name, Int32($0)) },
                                      uniquingKeysWith: { a, _ in a })
        var messageKeys = Set<String>()
        for message in dataset.messages { messageKeys.insert("\(message.channel)/\(message.messageId)") }
        for row in try ConformanceData.expectedRows(name, file: "requests.csv") {
            let channel = channelIndex[row["channel"] ?? ""]
            #expect(channel != nil, "\(name) channel \(row["channel"] ?? "")")
            #expect(messageKeys.contains("\(channel ?? -1)/\(row["message_id"] ?? "")"), "\(name) \(row)")
            #expect(personByID[row["author"] ?? ""] != nil, "\(name) author \(row["author"] ?? "")")
            if let respondent = row["respondent"], !respondent.isEmpty {
                #expect(personByID[respondent] != nil, "\(name) respondent \(respondent)")
            }
        }
    }

    @Test func mismatchesNameEveryDifferentGroup() throws {
        let differences = try ConformanceData.mismatches(OrgOnlyLatencyFamily.self, dataset: "basic")
        #expect(differences.count == 5)
        #expect(differences.first == "basic team=data response_latency.median_hours: computed undefined, "
            + "expected 19.913611111111113")
        #expect(!differences.contains { $0.contains("org=all") })
    }
}

/// A stand-in family that knows only the organisation's median latency of `basic`.
private struct OrgOnlyLatencyFamily: MetricFamily {
    static let definitions = [MetricDefinition(name: "response_latency.median_hours", summary: "test",
                                               unit: .hours, better: .neither, groupings: [])]

    static func compute(_ dataset: Dataset, period: Period, groupBy: GroupBy) -> GroupedValues {
        groupBy == .org ? ["all": ["response_latency.median_hours": MetricValue(2.8494444444444444 + 1e-12, n: 1)]]
            : [:]
    }
}
