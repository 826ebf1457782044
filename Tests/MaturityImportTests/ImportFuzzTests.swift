import Foundation
import GRDB
import MaturityCore
import MaturityImport
import MaturityTestSupport
import Testing

/// Malformed canonical CSV, generated for a fixed budget: the importer never crashes, every error names its
/// file and a line, and a store that refused a file is intact and unchanged.
@Suite struct ImportFuzzTests {
    static let pieces: [String] = [
        "", " ", "\"", "\"\"", "x\"y", "\"open", "closed\"", ",", "\n", "\r\n", "\r", "\u{FEFF}", "é", "🎉", "\u{301}",
        "2026-03-02T09:00:00Z", "2026-03-02 09:00", "yesterday", "24:00", "09:00", "true", "maybe", "-1", "999999999999",
        "Europe/Berlin", "europe/berlin", "p1", "slack:U1", "a@example.com", ";", ";;", "general", "private", "weird",
        "=HYPERLINK(\"x\")", String(repeating: "z", count: 300),
    ]

    static func field(_ random: inout SeededRandom) -> String {
        (0..<Int.random(in: 1...3, using: &random)).map { _ in pieces.randomElement(using: &random)! }.joined()
    }

    static func file(for kind: CanonicalKind, _ random: inout SeededRandom) -> [UInt8] {
        var columns = kind.columns.map(\.name)
        switch Int.random(in: 0..<10, using: &random) {
        case 0: columns.removeAll { _ in Bool.random(using: &random) }   // columns missing
        case 1: columns.append("extra")                                    // an unknown column
        case 2: columns.shuffle(using: &random)
        default: break
        }
        var text = columns.joined(separator: ",") + "\n"
        for _ in 0..<Int.random(in: 0...12, using: &random) {
            let count = columns.count + (Int.random(in: 0..<8, using: &random) == 0 ? Int.random(in: -2...2, using: &random) : 0)
            text += (0..<max(1, count)).map { _ in field(&random) }.joined(separator: ",") + "\n"
        }
        var bytes = Array(text.utf8)
        if Int.random(in: 0..<12, using: &random) == 0, !bytes.isEmpty {   // a byte that is not UTF-8
            bytes[Int.random(in: 0..<bytes.count, using: &random)] = 0xE9
        }
        return bytes
    }

    @Test func malformedFilesNeverCrashAndNeverDamageTheStore() throws {
        let folder = try TemporaryFolder(); defer { folder.cleanUp() }
        let store = try Store(path: folder.file("store.sqlite").path)
        let company = try folder.write("people.csv", "person_id,email\np1,a@example.com\np2,b@example.com\n")
        _ = try CanonicalCSVImporter(kind: .people).run(company, into: store)
        var random = SeededRandom(seed: 20_261_203)
        let deadline = Date().addingTimeInterval(8)
        var tried = 0, refused = 0
        while Date() < deadline {
            let kind = CanonicalKind.allCases.randomElement(using: &random)!
            let bytes = Self.file(for: kind, &random)
            let file = try folder.write("fuzz-\(tried).csv", bytes: bytes)
            let before = try storeSnapshot(store).filter { $0.key != "import_run" }
            let runsBefore = try storeCounts(store)
            do {
                _ = try ImportSession(store: store, maxErrors: 5).run(CanonicalCSVImporter(kind: kind), path: file)
            } catch {
                refused += 1
                let located: [ImportError] = (error as? ImportErrors)?.errors ?? [(error as? ImportError)].compactMap { $0 }
                #expect(!located.isEmpty, "not an import error: \(error) for \(String(decoding: bytes, as: UTF8.self))")
                for each in located {
                    #expect(each.file == file.path && each.line != nil, "\(each)")
                }
                #expect(try storeSnapshot(store).filter { $0.key != "import_run" } == before)
                #expect(try storeCounts(store) == runsBefore)
            }
            let check = try store.read { db in try String.fetchAll(db, sql: "PRAGMA integrity_check") }
            #expect(check == ["ok"])
            tried += 1
        }
        #expect(tried >= 50)
        #expect(refused > tried / 4)
    }
}
