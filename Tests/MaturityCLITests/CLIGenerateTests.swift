import Foundation
import MaturityTestSupport
import Testing

/// `generate` (deterministic canonical CSV and tracker exports) and `demo` on generated data.
@Suite struct CLIGenerateTests {
    /// The canonical files and, for three teams, their work items as their trackers export them.
    static let generatedFiles = ["attendees.csv", "github-events.json", "github-issues.json", "holidays.csv",
                                 "jira-issues.csv", "jira-search.json", "meetings.csv", "messages.csv", "people.csv",
                                 "time_off.csv", "work_item_events.csv", "work_items.csv"]

    /// Every file under `folder` (the native exports' too: `slack-export/users.json`), by relative path.
    static func contents(of folder: String) throws -> [String: Data] {
        var files: [String: Data] = [:]
        let root = URL(fileURLWithPath: folder)
        for case let name as String in FileManager.default.enumerator(atPath: folder)! {
            var isDirectory: ObjCBool = false
            let url = root.appendingPathComponent(name)
            if FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory), !isDirectory.boolValue {
                files[name] = try Data(contentsOf: url)
            }
        }
        return files
    }

    @Test func theSameSeedWritesTheSameBytes() throws {
        let workspace = try Workspace("generate")
        defer { workspace.cleanUp() }
        var outputs: [[String: Data]] = []
        for (folder, seed) in [("first", "1"), ("second", "1"), ("other", "2")] {
            let path = workspace.path(folder)
            let result = RunBinary.run(["generate", "--seed", seed, "--people", "10", "--out", path])
            #expect(result.status == 0, "\(result)")
            #expect(result.stdout == "")
            // One line per file on stderr, in file name order: `<path>: <n> rows`.
            let reported = lines(result.stderr)
            #expect(reported.map { String($0.prefix { $0 != ":" }) } == Self.generatedFiles.map { "\(path)/\($0)" })
            outputs.append(try Self.contents(of: path))
        }
        // The canonical files, the trackers' exports, and the message exports beside them (a Slack export folder
        // and an mbox).
        #expect(outputs[0].keys.filter { !$0.contains("/") }.sorted() == (Self.generatedFiles + ["data-team.mbox"]).sorted())
        #expect(["users.json", "channels.json", "groups.json", "dms.json", "mpims.json"]
            .allSatisfy { outputs[0]["slack-export/" + $0] != nil })
        #expect(outputs[0] == outputs[1], "generate --seed 1 wrote different bytes twice")
        #expect(outputs[0] != outputs[2], "seeds 1 and 2 wrote the same company")
        #expect(outputs[0].values.allSatisfy { !$0.isEmpty })

        // A file where the folder should go.
        let blocked = workspace.path("first/people.csv/more")
        expectRuntimeError(RunBinary.run(["generate", "--seed", "1", "--people", "10", "--out", blocked]),
                           mentioning: ["cannot create the folder \(blocked)", "--out"])
    }

    @Test func generatedDataImportsAndTheDemoAssessesIt() throws {
        let workspace = try Workspace("generate-demo")
        defer { workspace.cleanUp() }
        let data = workspace.path("sample")
        let generated = RunBinary.run(["generate", "--seed", "3", "--people", "5", "--quarters", "1", "--out", data])
        #expect(generated.status == 0, "\(generated)")

        // demo: a fresh store in the work folder, the reports written, the text report printed.
        let reports = workspace.path("reports")
        let demo = RunBinary.run(["demo", "--dataset", data, "--workdir", workspace.path("demo"),
                                  "--output", reports])
        #expect(demo.status == 0, "\(demo)")
        // The generated files import without warnings or skipped rows, and every table gets rows.
        #expect(!demo.stderr.contains("warning") && !demo.stderr.contains("skipped"), "\(demo.stderr)")
        let status = RunBinary.run(["status", "--store", workspace.path("demo/sample.sqlite"), "--format", "json"])
        let counts = try #require(try jsonObject(status.stdout)["counts"] as? [String: Any])
        // Every table, time off and holidays included.
        #expect(counts.count == 9)
        #expect(counts.values.allSatisfy { (($0 as? NSNumber)?.intValue ?? 0) > 0 }, "\(counts)")
        #expect(try FileManager.default.contentsOfDirectory(atPath: reports).sorted()
            == ["assessment.csv", "assessment.html", "assessment.json", "assessment.txt"])
        #expect(demo.stdout == (try String(contentsOfFile: "\(reports)/assessment.txt", encoding: .utf8)))

        let missing = RunBinary.run(["demo", "--dataset", workspace.path("nothing"), "--workdir",
                                     workspace.path("demo2"), "--output", workspace.path("reports2")])
        expectRuntimeError(missing, mentioning: ["there is no sample data at \(workspace.path("nothing"))"])
    }
}
