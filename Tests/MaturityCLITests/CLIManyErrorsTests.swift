import Foundation
import MaturityTestSupport
import Testing

/// One pass finds every error of a file (up to --max-errors), prints them all, and writes nothing.
@Suite struct CLIManyErrorsTests {
    static let fiveBadRows = """
        message_id,channel,author,sent_at,is_system
        1,general,p1,2026-01-05T09:00:00Z,
        2,general,p1,yesterday,
        3, ,p1,2026-01-05T09:02:00Z,
        4,general,p1,2026-01-05T09:03:00Z,maybe
        1,general,p2,2026-01-05T09:04:00Z,
        5,general,p1,2026-01-05T09:05:00Z,,extra
        6,general,p1,2026-01-05T09:06:00Z,

        """

    @Test func aFileWithFiveBadRowsReportsAllFiveAndChangesNothing() throws {
        let workspace = try Workspace("many-errors")
        defer { workspace.cleanUp() }
        try workspace.initialiseAndImport(try workspace.writeFolder("export", SmallCompany.files))
        let before = try workspace.snapshot()
        let file = try workspace.writeFolder("bad", ["messages.csv": Self.fiveBadRows]) + "/messages.csv"
        let result = workspace.run("import", ["messages", file])
        expectRuntimeError(result, mentioning: ["\(file): 5 errors of this input are above; nothing of it was written"])
        let errors = lines(result.stderr).filter { $0.hasPrefix("error: \(file):") }
        #expect(errors.count == 6, "\(result)")
        let locations: [String] = [
            "\(file):3, column 4 (sent_at)", "\(file):4, column 2 (channel)", "\(file):5, column 5 (is_system)",
            "\(file):6, column 1 (message_id)", "\(file):7",
        ]
        for (line, location) in zip(errors, locations) {
            #expect(line.hasPrefix("error: " + location + ": "), "\(line)")
        }
        #expect(errors[3].contains("the message_id '1' in channel 'general' is repeated (first on line 2)"))
        #expect(errors[4].contains("expected 5 fields as in the header, found 6"))
        #expect(try workspace.snapshot() == before)

        // --max-errors 2 stops at the second, and says there may be more.
        let limited = workspace.run("import", ["messages", "--max-errors", "2", file])
        expectRuntimeError(limited, mentioning: ["the first 2 errors of this input are above",
                                                 "--max-errors N shows more at once"])
        #expect(lines(limited.stderr).filter { $0.hasPrefix("error: \(file):") }.count == 3)
        #expect(try workspace.snapshot() == before)
        expectUsageError(workspace.run("import", ["messages", "--max-errors", "0", file]),
                         naming: ["--max-errors must be at least 1, got 0"])
    }

    @Test func everyMissingColumnOfAHeaderIsReported() throws {
        let workspace = try Workspace("missing-columns")
        defer { workspace.cleanUp() }
        #expect(workspace.run("init").status == 0)
        let file = try workspace.writeFolder("bad", ["messages.csv": "message_id,text\n1,hello\n"]) + "/messages.csv"
        let result = workspace.run("import", ["messages", file])
        expectRuntimeError(result, mentioning: ["3 errors of this input are above"])
        for column in ["channel", "author", "sent_at"] {
            #expect(result.stderr.contains("error: \(file):1, column \(column): the required column '\(column)' is missing"),
                    "\(result)")
        }
    }

    @Test func repeatedIdsOnTheBulkPathAreAllReported() throws {
        let workspace = try Workspace("many-repeats")
        defer { workspace.cleanUp() }
        #expect(workspace.run("init").status == 0)
        var rows = ["message_id,channel,author,sent_at"]
        for i in 0..<1_500 { rows.append("m\(i),general,p1,2026-01-05T09:00:00Z") }
        rows += ["m7,general,p1,2026-01-05T10:00:00Z", "m900,general,p1,2026-01-05T10:00:00Z", "ok,general,p1,2026-01-05T10:00:00Z"]
        let file = try workspace.writeFolder("bad", ["messages.csv": rows.joined(separator: "\n") + "\n"]) + "/messages.csv"
        let result = workspace.run("import", ["messages", file])
        expectRuntimeError(result, mentioning: ["2 errors of this input are above"])
        #expect(result.stderr.contains("error: \(file):1502, column 1 (message_id): the message_id 'm7' in channel 'general' is repeated (first on line 9)"))
        #expect(result.stderr.contains("error: \(file):1503, column 1 (message_id): the message_id 'm900' in channel 'general' is repeated (first on line 902)"))
        #expect(try workspace.counts()["messages"] == 0)
    }
}
