import Foundation
import MaturityCore
@testable import MaturityImport
import MaturityTestSupport
import Testing

/// Seeded mutations of the fixtures (bytes flipped, dropped, duplicated): the Slack day parser and the mbox
/// importer never crash, and every failure is an error that names where.
@Suite struct MessageImportFuzzTests {
    static func mutate(_ bytes: [UInt8], _ random: inout SeededRandom) -> [UInt8] {
        var out = bytes
        for _ in 0..<Int.random(in: 1...6, using: &random) where !out.isEmpty {
            let at = Int.random(in: 0..<out.count, using: &random)
            switch Int.random(in: 0..<4, using: &random) {
            case 0: out[at] = UInt8.random(in: 0...255, using: &random)
            case 1: out.remove(at: at)
            case 2: out.insert(out[at], at: at)
            default: out[at] = [0x22, 0x5C, 0x7B, 0x7D, 0x5B, 0x5D, 0x2C, 0x3A, 0x0A][Int.random(in: 0..<9, using: &random)]
            }
        }
        return out
    }

    @Test func theDayParserNeverCrashesAndAgreesWithJSONDecoderOnWhatItAccepts() throws {
        let url = Bundle.module.url(forResource: "Fixtures/slack/quirks/general/2026-03-02.json", withExtension: nil)!
        let original = [UInt8](try Data(contentsOf: url))
        var random = SeededRandom(seed: 8)
        var accepted = 0, refused = 0
        for _ in 0..<3_000 {
            let data = Data(Self.mutate(original, &random))
            do throws(SlackDayParser.Failure) {
                let parsed = try SlackDayParser.parse(data)
                accepted += 1
                // What the parser accepts, JSONDecoder reads the same (when it accepts it too: it is laxer in places).
                if let decoded = try? JSONDecoder().decode([SlackExportImporter.SlackMessage].self, from: data),
                   String(data: data, encoding: .utf8) != nil {
                    #expect(parsed == decoded)
                }
            } catch {
                refused += 1
                #expect(!error.message.isEmpty)
            }
        }
        #expect(accepted + refused == 3_000)
        #expect(refused > 1_000)
    }

    @Test func theMboxImporterNeverCrashes() throws {
        let names = ["separators.mbox", "concatenated.mbox", "mmdf.mmdf", "threading.mbox", "listserv.mbox"]
        var random = SeededRandom(seed: 9)
        let folder = try TemporaryFolder(); defer { folder.cleanUp() }
        let store = try Store(path: folder.file("store.sqlite").path)
        var imported = 0
        for round in 0..<200 {
            let name = names[round % names.count]
            let original = [UInt8](try Data(contentsOf: Bundle.module.url(forResource: "Fixtures/mbox/\(name)",
                                                                           withExtension: nil)!))
            let input = try folder.write("fuzz-\(round).mbox", bytes: Self.mutate(original, &random))
            do {
                _ = try ImportSession(store: store).run(MboxImporter(), path: input)
                imported += 1
            } catch let error as ImportError {
                #expect(error.file == input.path)
            }
        }
        #expect(imported > 150)
    }
}
