import Foundation
@testable import MaturityCLI
import MaturityReport
import MaturitySample
import MaturityTestSupport
import Testing

/// `make demo` writes reports/sample/ from datasets/sample; those files are committed. This test regenerates
/// them and fails when they differ, so the committed reports always match the code and the data.
@Suite struct SampleReportsTests {
    @Test func committedReportsMatchARegeneration() throws {
        let folder = try TemporaryFolder("sample-reports")
        defer { folder.cleanUp() }
        let assessment = try Demo.assessSample(
            dataset: repositoryRoot.appendingPathComponent("datasets/sample").path, workdir: folder.url.path,
            log: { _ in })
        let reports = repositoryRoot.appendingPathComponent("reports/sample")
        let rendered = [
            "assessment.txt": TextRenderer.render(assessment),
            "assessment.csv": CSVRenderer.render(assessment),
            "assessment.json": JSONRenderer.render(assessment),
            "assessment.html": HTMLRenderer.render(assessment),
        ]
        for (name, text) in rendered.sorted(by: { $0.key < $1.key }) {
            let committed = try String(contentsOf: reports.appendingPathComponent(name), encoding: .utf8)
            #expect(committed == text, "reports/sample/\(name) differs from a regeneration: run `make demo` and commit")
        }
        // The sample's teams differ: not every shown team has the same level.
        let shown = assessment.groups.filter { !$0.suppressed }
        #expect(shown.count >= 4)
        #expect(Set(shown.compactMap { $0.score?.overall }).count == shown.count)
    }

    /// The sample's calendars of the data team and the all-hands series are per-person `.ics` exports (series
    /// with rules, EXDATEs, RDATEs and overrides, every meeting in several files): imported, they give exactly
    /// the assessment of the same meetings kept in `meetings.csv`.
    @Test func theCalendarExportsAssessLikeTheSameMeetingsInCSV() throws {
        let folder = try TemporaryFolder("sample-calendars")
        defer { folder.cleanUp() }
        var texts: [String] = []
        for exports in [true, false] {
            var configuration = SampleConfiguration(seed: 7, people: 40)
            configuration.calendarExports = exports
            let data = folder.file(exports ? "ics" : "csv")
            _ = try SampleGenerator.write(configuration, to: data)
            #expect(FileManager.default.fileExists(atPath: data.appendingPathComponent("calendars").path) == exports)
            let assessment = try Demo.assessSample(dataset: data.path, workdir: folder.file("store-\(exports)").path,
                                                   log: { _ in })
            let text = TextRenderer.render(assessment)
            texts.append(String(text[..<text.range(of: "\nInputs\n")!.lowerBound]))
        }
        #expect(texts[0] == texts[1])
        #expect(texts[0].contains("meeting_load"))
    }
}
