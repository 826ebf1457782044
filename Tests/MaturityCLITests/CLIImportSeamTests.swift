import Foundation
import MaturityTestSupport
import Testing

/// The import seam from the command line: `--dry-run`, recognition by content, `maturity runs`.
@Suite struct CLIImportSeamTests {
    /// The store file's bytes (every connection closed: the write-ahead log is folded in and removed).
    private func storeBytes(_ workspace: Workspace) throws -> Data {
        try Data(contentsOf: URL(fileURLWithPath: workspace.store))
    }

    @Test func aDryRunLeavesTheStoreByteForByteAndCountsWhatTheImportThenDoes() throws {
        let workspace = try Workspace("import-dry-run")
        defer { workspace.cleanUp() }
        var files = SmallCompany.files
        let people = files.removeValue(forKey: "people.csv")!
        try workspace.initialiseAndImport(try workspace.writeFolder("directory", ["people.csv": people]))
        let folder = try workspace.writeFolder("export", files)
        let before = try storeBytes(workspace)
        #expect(!FileManager.default.fileExists(atPath: workspace.store + "-wal"))

        let dry = workspace.run("import", ["--dry-run", folder])
        #expect(dry.status == 0, "\(dry)")
        #expect(try storeBytes(workspace) == before)
        let suffix = " (dry run: nothing written)"
        let dryLines = lines(dry.stderr)
        #expect(dryLines.dropFirst().allSatisfy { $0.hasSuffix(suffix) })
        // The attendees see the meetings of the file before them: the counts are the real import's.
        let real = workspace.run("import", [folder])
        #expect(real.status == 0, "\(real)")
        #expect(dryLines.map { $0.hasSuffix(suffix) ? String($0.dropLast(suffix.count)) : $0 } == lines(real.stderr))
        #expect(lines(real.stderr) == [
            SmallCompany.recognisedLine.replacingOccurrences(of: ", 1 as canonical CSV people (by its header)", with: ""),
        ] + Array(SmallCompany.summaryLines.dropFirst()))

        // A dry run that fails is reported like an import, and writes nothing either.
        let bad = try workspace.writeFolder("bad", ["messages.csv": "message_id,channel,author,sent_at\n1,c,p1,noon\n"])
        let beforeBad = try storeBytes(workspace)
        expectRuntimeError(workspace.run("import", ["--dry-run", bad]), mentioning: ["\(bad)/messages.csv:2", "noon"])
        #expect(try storeBytes(workspace) == beforeBad)
    }

    @Test func filesAreRecognisedByContentAndAnUnknownOneIsRefusedWithTheFormats() throws {
        let workspace = try Workspace("import-recognise")
        defer { workspace.cleanUp() }
        #expect(workspace.run("init").status == 0)
        let folder = try workspace.writeFolder("in", [
            "chat export.csv": SmallCompany.files["messages.csv"]!,
            "notes.txt": "meeting notes, not data\n",
        ])
        let recognised = workspace.run("import", ["\(folder)/chat export.csv"])
        #expect(recognised.status == 0, "\(recognised)")
        #expect(lines(recognised.stderr) == [
            "recognised 1 as canonical CSV messages (by its header)",
            "messages chat export.csv: 4 rows read, 4 inserted, 0 updated, 0 unchanged, people 3 created, "
                + "channels 2 created",
        ])
        let before = try workspace.snapshot()
        let refused = workspace.run("import", ["\(folder)/notes.txt"])
        expectRuntimeError(refused, mentioning: [
            "\(folder)/notes.txt: not a format maturity can recognise",
            "canonical CSV (people, work-items, work-item-events, meetings, attendees, messages), by its header row",
            "maturity import messages \(folder)/notes.txt",
        ])
        #expect(try workspace.snapshot() == before)
        // Named, it is read as that format and its error says what is missing.
        expectRuntimeError(workspace.run("import", ["messages", "\(folder)/notes.txt"]),
                           mentioning: ["the required column 'message_id' is missing"])
        // A word that is neither a format nor a path is a usage error listing the formats.
        expectUsageError(workspace.run("import", ["mesages", "a.csv"]), naming: ["'mesages'", "messages"])
    }

    @Test func pathsNamedOnTheCommandLineAreImportedInDependencyOrder() throws {
        let workspace = try Workspace("import-order")
        defer { workspace.cleanUp() }
        #expect(workspace.run("init").status == 0)
        let folder = try workspace.writeFolder("in", SmallCompany.files)
        let result = workspace.run("import", ["\(folder)/attendees.csv", "\(folder)/messages.csv", "\(folder)/meetings.csv"])
        #expect(result.status == 0, "\(result)")
        let summaries = lines(result.stderr).dropFirst()
        #expect(summaries.map { $0.components(separatedBy: " ").first ?? "" } == ["meetings", "attendees", "messages"])
        #expect(!result.stderr.contains("skipped"))
    }

    @Test func runsListsEveryImportWithItsFormatHashAndCounts() throws {
        let workspace = try Workspace("runs")
        defer { workspace.cleanUp() }
        let folder = try workspace.writeFolder("export", SmallCompany.files)
        try workspace.initialiseAndImport(folder)
        let json = try jsonRows(workspace.run("runs", ["--format", "json"]).stdout)
        #expect(json.map { $0["format"] as? String } == ["people", "work-items", "work-item-events", "meetings",
                                                         "attendees", "messages"])
        let messages = try #require(json.last)
        // The hash as coreutils computes it, independently of the code under test.
        let shasum = Process()
        shasum.executableURL = URL(fileURLWithPath: "/usr/bin/sha256sum")
        shasum.arguments = ["\(folder)/messages.csv"]
        let pipe = Pipe()
        shasum.standardOutput = pipe
        try shasum.run()
        shasum.waitUntilExit()
        let sha = String(String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self).prefix(64))
        #expect(sha.count == 64)
        #expect(messages["sha256"] as? String == sha)
        #expect(messages["path"] as? String == "\(folder)/messages.csv")
        #expect(messages["format_name"] as? String == "canonical CSV messages")
        #expect((messages["records_read"] as? NSNumber)?.intValue == 4)
        let entities = try #require(messages["entities"] as? [String: [String: Any]])
        #expect((entities["message"]?["inserted"] as? NSNumber)?.intValue == 4)
        #expect((entities["channel"]?["created"] as? NSNumber)?.intValue == 2)
        let events = json[2]
        #expect((events["skipped"] as? NSNumber)?.intValue == 1)

        let text = workspace.run("runs")
        #expect(text.status == 0)
        let textLines = lines(text.stdout)
        #expect(textLines.first == "id  started                   format            file" + String(repeating: " ", count: 
            "\(folder)/work_item_events.csv".count - 4 + 2) + "sha256        read  skipped  warnings  counts")
        #expect(textLines.count == 7)
        #expect(textLines[6].hasSuffix("channels 2 created; messages 4 inserted"))
        #expect(textLines[6].contains(String(sha.prefix(12)) + " "))

        let csv = lines(workspace.run("runs", ["--format", "csv"]).stdout)
        #expect(csv.first == "id,started,format,file,sha256,read,skipped,warnings,counts")
        #expect(csv.last?.contains(",\(sha),4,0,0,") == true)
        // Empty store: no runs, and an empty JSON array.
        let empty = try Workspace("runs-empty")
        defer { empty.cleanUp() }
        #expect(empty.run("init").status == 0)
        #expect(try jsonRows(empty.run("runs", ["--format", "json"]).stdout).isEmpty)
    }
}
