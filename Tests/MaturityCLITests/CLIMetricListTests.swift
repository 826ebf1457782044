import Foundation
import MaturityTestSupport
import Testing

/// `maturity metric` without a name: the catalogue, which needs no store.
@Suite struct CLIMetricListTests {
    /// The 34 metrics in the order of the spec's tables (metrics.md sections 1 to 6).
    static let specOrder = [
        "response_latency.median_hours", "response_latency.p90_hours", "response_latency.median_working_hours",
        "response_latency.within_one_workday", "response_latency.answered_rate", "response_latency.instant_share",
        "meeting_load.median_hours_per_week", "meeting_load.p90_hours_per_week", "meeting_load.mean_share",
        "meeting_load.overloaded_share", "meeting_load.conflict_hours_per_week", "meeting_load.after_hours_share",
        "meeting_load.large_share", "meeting_load.recurring_share", "meeting_load.status_share",
        "focus_time.median_hours_per_week", "focus_time.share", "focus_time.fragmented_share",
        "focus_time.meeting_free_day_share",
        "after_hours.message_share",
        "time_zones.team_overlap_hours", "time_zones.coverage_hours",
        "documentation.task_description_rate", "documentation.task_acceptance_rate", "documentation.task_link_rate",
        "documentation.meeting_agenda_rate", "documentation.meeting_notes_rate", "documentation.open_channel_share",
        "ownership.single_owner_rate", "ownership.unowned_rate", "ownership.due_date_rate",
        "ownership.reassigned_rate", "ownership.stale_rate", "ownership.median_hours_to_owner",
    ]

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
