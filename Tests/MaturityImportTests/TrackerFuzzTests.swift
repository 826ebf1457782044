import Foundation
import MaturityCore
import MaturityImport
import MaturityTestSupport
import Testing

/// The tracker fixtures damaged at random (cut short, bytes replaced, values swapped for values of another type):
/// the importers never crash, every error names its file, and a refused file leaves the store as it was.
@Suite struct TrackerFuzzTests {
    static let cases: [(format: String, name: String, importer: any Importer)] = [
        ("jira", "allfields-en.csv", JiraCSVImporter(timeZone: TimeZone(identifier: "UTC"))),
        ("jira", "french.csv", JiraCSVImporter(timeZone: TimeZone(identifier: "UTC"))),
        ("jira", "search-page1.json", JiraJSONImporter()),
        ("github", "rest-issues-page1.json", GitHubImporter()),
        ("github", "gh-prs.json", GitHubImporter()),
        ("github", "events.json", GitHubImporter(content: .events)),
        ("trello", "board.json", TrelloImporter()),
    ]

    /// JSON values of every type, to put where another was.
    static let replacements = ["null", "0", "-1.5", "\"\"", "\"x\"", "[]", "{}", "true", "\"2024-13-45T99:00:00Z\"",
                               "[{\"login\": 3}]", "{\"name\": null}"]

    static func damaged(_ bytes: [UInt8], _ random: inout SeededRandom) -> [UInt8] {
        var bytes = bytes
        switch Int.random(in: 0..<4, using: &random) {
        case 0:
            bytes = Array(bytes.prefix(Int.random(in: 0...bytes.count, using: &random)))
        case 1:
            for _ in 0..<Int.random(in: 1...4, using: &random) where !bytes.isEmpty {
                bytes[Int.random(in: 0..<bytes.count, using: &random)] = [0x22, 0x2C, 0x3B, 0x0A, 0x7B, 0xE9, 0x5D]
                    .randomElement(using: &random)!
            }
        default:
            // A value after a key replaced by a value of another type.
            var text = String(decoding: bytes, as: UTF8.self)
            for _ in 0..<Int.random(in: 1...3, using: &random) {
                let colons = text.indices.filter { text[$0] == ":" }
                guard let colon = colons.randomElement(using: &random) else { break }
                let start = text.index(after: colon)
                var end = start
                var depth = 0
                var quoted = false
                while end < text.endIndex {
                    let c = text[end]
                    if c == "\"" { quoted.toggle() } else if !quoted && (c == "[" || c == "{") { depth += 1 }
                    else if !quoted && (c == "]" || c == "}") { if depth == 0 { break }; depth -= 1 }
                    else if !quoted && c == "," && depth == 0 { break }
                    end = text.index(after: end)
                }
                text.replaceSubrange(start..<end, with: " " + replacements.randomElement(using: &random)!)
            }
            bytes = Array(text.utf8)
        }
        return bytes
    }

    @Test func damagedExportsNeverCrashAndNeverDamageTheStore() throws {
        let store = try TrackerStore(); defer { store.cleanUp() }
        var random = SeededRandom(seed: 20_261_203)
        var tried = 0, refused = 0
        let deadline = Date().addingTimeInterval(6)
        while Date() < deadline {
            for entry in Self.cases {
                let original = try [UInt8](Data(contentsOf: trackerFixture(entry.format, entry.name)))
                let url = store.folder.file("case-\(tried % 50)-" + entry.name)
                try Data(Self.damaged(original, &random)).write(to: url)
                let before = try storeSnapshot(store.store).filter { $0.key != "import_run" }
                tried += 1
                do {
                    _ = try store.run(entry.importer, url)
                } catch let error as ImportErrors {
                    refused += 1
                    #expect(error.errors.allSatisfy { $0.file == url.path }, "\(error)")
                    #expect(try storeSnapshot(store.store).filter { $0.key != "import_run" } == before)
                } catch let error as ImportError {
                    refused += 1
                    #expect(error.file == url.path, "\(error)")
                    #expect(try storeSnapshot(store.store).filter { $0.key != "import_run" } == before)
                }
            }
        }
        #expect(tried > 50)
        #expect(refused > 0 && refused < tried, "\(refused) of \(tried) refused")
    }
}
