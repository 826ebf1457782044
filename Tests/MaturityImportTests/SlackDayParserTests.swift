import Foundation
@testable import MaturityImport
import MaturityTestSupport
import Testing

/// The day-file parser against Foundation's `JSONDecoder` (the same `SlackMessage` values), and its errors.
@Suite struct SlackDayParserTests {
    private func parse(_ json: String) throws(SlackDayParser.Failure) -> [SlackExportImporter.SlackMessage] {
        try SlackDayParser.parse(Data(json.utf8))
    }

    private func failure(_ json: String) -> SlackDayParser.Failure? {
        do throws(SlackDayParser.Failure) { _ = try parse(json); return nil } catch { return error }
    }

    @Test func givesWhatJSONDecoderGivesOnEveryFixtureDayFile() throws {
        let root = Bundle.module.url(forResource: "Fixtures/slack/quirks", withExtension: nil)!
        var compared = 0
        for folder in try FileManager.default.contentsOfDirectory(atPath: root.path).sorted() {
            let url = root.appendingPathComponent(folder)
            guard url.pathExtension.isEmpty else { continue }
            for day in try FileManager.default.contentsOfDirectory(atPath: url.path) {
                let data = try Data(contentsOf: url.appendingPathComponent(day))
                let expected = try JSONDecoder().decode([SlackExportImporter.SlackMessage].self, from: data)
                #expect(try SlackDayParser.parse(data) == expected, "\(folder)/\(day)")
                compared += 1
            }
        }
        #expect(compared == 6)
    }

    @Test func escapesNestedValuesAndTypes() throws {
        let json = #"""
        [ {"ts": "1.000001", "text": "a\"b\\c\/d\n\u00e9\ud83d\ude00 <@U1>", "user": null, "blocks": [{"x": [1, -2.5e+3, true, false, null, {}]}],
           "comment": {"user": "U2", "x": {"y": []}}, "bot_profile": {"name": "ci"}, "edited": {"ts": "2"}, "files": null,
           "th\u0072ead_ts": "1.000000"},
          {} ]
        """#
        let messages = try parse(json)
        let decoded = try JSONDecoder().decode([SlackExportImporter.SlackMessage].self, from: Data(json.utf8))
        #expect(messages == decoded)
        #expect(messages.count == 2)
        #expect(messages[0].text == "a\"b\\c/d\né😀 <@U1>")
        #expect(messages[0].comment?.user == "U2")
        #expect(messages[0].bot_profile?.name == "ci")
        #expect(messages[0].edited != nil && messages[0].files == nil)
        #expect(messages[0].thread_ts == "1.000000")
        #expect(try parse(" [ ] \n").isEmpty)
    }

    @Test func errorsNameTheJSONPathOrTheLineAndColumn() {
        #expect(failure(#"[{"ts": "1"}, {"ts": 17}]"#) == .init(path: "[1].ts", message: "'ts' is not a string"))
        #expect(failure(#"[{"comment": {"user": 3}}]"#) == .init(path: "[0].comment.user", message: "'user' is not a string"))
        #expect(failure(#"[{"comment": "x"}]"#) == .init(path: "[0].comment", message: "'comment' is not a JSON object"))
        #expect(failure(#"[{"ts": "1"}, 5]"#) == .init(path: "[1]", message: "a message is not a JSON object"))
        #expect(failure(#"{"ts": "1"}"#) == .init(path: nil, message: "the file holds no JSON array"))
        #expect(failure("[{\"ts\": \"1\",}]") == .init(path: nil, message: "'}' at line 1, column 13 where a key string should be"))
        #expect(failure("[{\"ts\": \"1\"},\n {\"ts\" \"2\"}]") == .init(path: nil, message: "'\"' at line 2, column 8 where ':' should be"))
        #expect(failure("[{\"ts\": \"1\"}") == .init(path: nil, message: "the array is not closed"))
        #expect(failure("[{\"text\": \"open}]") == .init(path: nil, message: "a string is not closed (it starts at line 1, column 11)"))
        #expect(failure("[{\"x\": 01}]") == .init(path: nil, message: "'1' at line 1, column 9 where ',' or '}' should be"))
        #expect(failure("[{\"x\": tru}]") == .init(path: nil, message: "'t' at line 1, column 8 where a value should be"))
        #expect(failure("[] x") == .init(path: nil, message: "'x' at line 1, column 4 where the end of the file should be"))
        #expect(failure("") == .init(path: nil, message: "the file is empty"))
        #expect(failure("[" + String(repeating: "[", count: 300) + String(repeating: "]", count: 300) + "]")
            == .init(path: nil, message: "values are nested too deeply"))
    }

    @Test func givesWhatJSONDecoderGivesOnTheRealExports() throws {
        let realworld = repositoryRoot.appendingPathComponent("../shared/realworld/slack").standardizedFileURL
        guard FileManager.default.fileExists(atPath: realworld.path) else { return }
        // The real exports are ZIPs: the import reads them; here each decoded day is compared through the
        // importer's file access.
        var compared = 0
        for name in ["houstondatavis-slack-export-2016.zip", "hfaran-testarchive-2016.zip", "slackdump-source_export-2025.zip"] {
            let files = try SlackExportFiles(url: realworld.appendingPathComponent(name), isDirectory: false)
            for path in files.paths where SlackDayFile.parse(path) != nil {
                let data = try files.data(path)
                let expected = try JSONDecoder().decode([SlackExportImporter.SlackMessage].self, from: data)
                #expect(try SlackDayParser.parse(data) == expected, "\(name): \(path)")
                compared += 1
            }
        }
        #expect(compared == 375 + 17 + 4)
    }
}
