import Foundation
import MaturityTestSupport
import Testing

/// `status` and `sql` on one shared store holding `SmallCompany` (no test changes it).
@Suite(.smallCompanyStore) struct CLIStatusAndSQLTests {
    // MARK: status

    @Test func statusJSONHasExactlyTheDocumentedCounts() throws {
        let workspace = try sharedWorkspace()
        let result = workspace.run("status", ["--format", "json"])
        #expect(result.status == 0, "\(result)")
        #expect(result.stderr == "")
        let status = try jsonObject(result.stdout)
        let counts = try #require(status["counts"] as? [String: Any])
        #expect(Set(counts.keys) == ["people", "work_items", "work_item_events", "meetings", "attendees",
                                     "messages", "channels", "time_off", "holidays"])
        // people: 4 directory rows (one a bot) whose aliases merge identities, plus guest@partner.example.
        #expect(try workspace.counts() == SmallCompany.counts)
        #expect(status["store"] as? String == workspace.store)
        let span = try #require(status["span"] as? [String: Any])
        #expect(span["from"] as? String == "2026-01-05T09:00:00.000Z")
        #expect(span["to"] as? String == "2026-01-14T10:30:00.000Z")
        let runs = try #require(status["import_runs"] as? [[String: Any]])
        #expect(runs.map { $0["file"] as? String } == ["people.csv", "work_items.csv", "work_item_events.csv",
                                                       "meetings.csv", "attendees.csv", "messages.csv"])
        #expect(runs.map { ($0["skipped"] as? NSNumber)?.intValue } == [0, 0, 1, 0, 0, 0])
    }

    @Test func statusTextListsCountsAndRuns() throws {
        let workspace = try sharedWorkspace()
        let result = workspace.run("status")
        #expect(result.status == 0, "\(result)")
        let shown = lines(result.stdout)
        #expect(shown.first == "store \(workspace.store)")
        for line in ["people            5", "work_items        2", "work_item_events  2", "meetings          3",
                     "attendees         5", "channels          2", "messages          4",
                     "data from 2026-01-05T09:00:00.000Z to 2026-01-14T10:30:00.000Z", "import runs"] {
            #expect(shown.contains(line), "missing line '\(line)' in:\n\(result.stdout)")
        }
    }

    // MARK: sql output formats

    static let teamsQuery = "SELECT team, count(*) AS members FROM person WHERE is_bot = 0 GROUP BY team ORDER BY team"

    @Test func sqlFormats() throws {
        let workspace = try sharedWorkspace()
        let text = workspace.run("sql", [Self.teamsQuery])
        #expect(text.status == 0, "\(text)")
        #expect(text.stderr == "")
        #expect(text.stdout == """
            team        members
            core              2
            unassigned        1
            web               1

            """)
        #expect(workspace.run("sql", [Self.teamsQuery, "--format", "csv"]).stdout == """
            team,members
            core,2
            unassigned,1
            web,1

            """)
        #expect(workspace.run("sql", [Self.teamsQuery, "--format", "json"]).stdout == """
            [
              {"team": "core", "members": 2},
              {"team": "unassigned", "members": 1},
              {"team": "web", "members": 1}
            ]

            """)
    }

    static let valuesQuery = "SELECT 1 AS n, -3 AS negative, 2.5 AS x, NULL AS missing, 'a,b' AS comma, "
        + "'say \"hi\"' AS quote, 'two\nlines' AS multiline"

    @Test func sqlValuesOfEveryType() throws {
        let workspace = try sharedWorkspace()
        #expect(workspace.run("sql", [Self.valuesQuery, "--format", "csv"]).stdout == """
            n,negative,x,missing,comma,quote,multiline
            1,-3,2.5,,"a,b","say ""hi""\","two
            lines"

            """)
        let json = workspace.run("sql", [Self.valuesQuery, "--format", "json"])
        let rows = try jsonRows(json.stdout)
        #expect(rows.count == 1)
        let row = try #require(rows.first)
        #expect((row["n"] as? NSNumber)?.intValue == 1)
        #expect((row["negative"] as? NSNumber)?.intValue == -3)
        #expect((row["x"] as? NSNumber)?.doubleValue == 2.5)
        #expect(row["missing"] is NSNull)
        #expect(row["comma"] as? String == "a,b")
        #expect(row["quote"] as? String == "say \"hi\"")
        #expect(row["multiline"] as? String == "two\nlines")
        // An empty result: the header only, an empty array.
        let none = "SELECT team FROM person WHERE 0"
        #expect(workspace.run("sql", [none, "--format", "csv"]).stdout == "team\n")
        #expect(try jsonRows(workspace.run("sql", [none, "--format", "json"]).stdout).isEmpty)
    }

    @Test func formulaLikeTextIsNeutralisedInCSV() throws {
        let workspace = try sharedWorkspace()
        let query = "SELECT '=1+2' AS eq, '+1' AS plus, '-2' AS minus, '@SUM(A1)' AS at, char(9) || 'tab' AS tab, "
            + "char(13) || 'cr' AS cr, -5 AS number, 'a=b' AS inner"
        let csv = workspace.run("sql", [query, "--format", "csv"])
        #expect(csv.status == 0, "\(csv)")
        #expect(csv.stdout == "eq,plus,minus,at,tab,cr,number,inner\n'=1+2,'+1,'-2,'@SUM(A1),'\ttab,\"'\rcr\",-5,a=b\n")
        // JSON carries the values unchanged.
        let row = try #require(try jsonRows(workspace.run("sql", [query, "--format", "json"]).stdout).first)
        #expect(row["eq"] as? String == "=1+2")
        #expect(row["at"] as? String == "@SUM(A1)")
    }

    // MARK: sql is read-only

    @Test(arguments: [
        "INSERT INTO team(name) VALUES ('intruders')",
        "DELETE FROM person",
        "UPDATE person SET team = 'x'",
        "DROP TABLE message",
        "CREATE TABLE scratch(x)",
        "WITH doomed AS (SELECT id FROM person) DELETE FROM person WHERE id IN doomed",
    ])
    func sqlRefusesToChangeTheStore(_ statement: String) throws {
        let workspace = try sharedWorkspace()
        let before = try workspace.snapshot()
        expectRuntimeError(workspace.run("sql", [statement]), mentioning: ["sql only reads the store"])
        #expect(try workspace.snapshot() == before)
    }

    @Test func sqlRejectsSeveralStatementsBadSQLAndFailingQueries() throws {
        let workspace = try sharedWorkspace()
        let before = try workspace.snapshot()
        expectRuntimeError(workspace.run("sql", ["SELECT 1; DELETE FROM person"]),
                           mentioning: ["several statements"])
        expectRuntimeError(workspace.run("sql", ["SELEC 1"]), mentioning: ["not valid SQL", "SELEC"])
        expectRuntimeError(workspace.run("sql", ["SELECT * FROM no_such_table"]), mentioning: ["no_such_table"])
        expectRuntimeError(workspace.run("sql", ["  "]), mentioning: ["empty"])
        expectRuntimeError(workspace.run("sql", ["SELECT json('{')"]), mentioning: ["the query failed", "JSON"])
        // A trailing semicolon is still one statement.
        #expect(workspace.run("sql", ["SELECT 7 AS n;", "--format", "csv"]).stdout == "n\n7\n")
        #expect(try workspace.snapshot() == before)
    }
}
