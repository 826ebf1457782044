import Foundation
import MaturityTestSupport
import Testing

/// `maturity metric` without a name: the catalogue, which needs no store.
@Suite struct CLIMetricListTests {
    /// The 34 metrics in the order of the spec's tables (metrics.md sections 1 to 6).
    static let specOrder = specMetricNames

    @Test func listsEveryMetricInSpecOrderWithoutAStore() throws {
        // An empty folder and no $MATURITY_STORE: there is no store anywhere, and none is created.
        let workspace = try Workspace("metric-list")
        defer { workspace.cleanUp() }
        let text = RunBinary.run(["metric"], currentDirectory: workspace.url)
        #expect(text.status == 0, "\(text)")
        #expect(text.stderr == "")
        let shown = lines(text.stdout)
        #expect(shown.first?.hasPrefix("metric ") == true)
        #expect(shown.dropFirst().map { String($0.prefix { $0 != " " }) } == Self.specOrder)
        #expect(try FileManager.default.contentsOfDirectory(atPath: workspace.url.path).isEmpty)

        let csv = RunBinary.run(["metric", "--format", "csv"], currentDirectory: workspace.url)
        let csvLines = lines(csv.stdout)
        #expect(csvLines.first == "metric,definition")
        #expect(csvLines.count == 35)
        #expect(csvLines.contains("response_latency.answered_rate,Share of requests answered within 168 hours"))
        #expect(csvLines.contains(
            "meeting_load.status_share,\"Share of attended meeting hours in status meetings (standup, sync, ...)\""))

        let json = try jsonRows(RunBinary.run(["metric", "--format", "json"], currentDirectory: workspace.url).stdout)
        #expect(json.compactMap { $0["metric"] as? String } == Self.specOrder)
        #expect(json.allSatisfy { Set($0.keys) == ["metric", "definition"] })
        #expect(json.allSatisfy { ($0["definition"] as? String)?.isEmpty == false })
    }
}
