import Foundation
import MaturityMetrics
import MaturityTestSupport
import Testing

/// Every metric's unit and better direction, written out by hand from the metric definitions
/// (`shared/spec/metrics.md`), not from the code:
/// - unit: `hours` for the durations (latencies, hours per week, reference-day hours, hours to owner; the spec
///   counts elapsed hours, 1 h = 3,600 s); `rate` for the rates and shares, which the spec defines as
///   fractions in [0, 1] (section 0, "Statistics") or as "X over Y".
/// - better: the "better" column of `Documentation/Metrics.md`, which agrees with the direction of the default
///   rubric (section 7: lower is better where the floor is above the target) for the 16 scored metrics and
///   gives one for 15 more; the time-zone metrics ("informative, not scored", section 4) and
///   `meeting_load.recurring_share` ("informative") are `neither`.
@Suite("Metric definitions")
struct MetricDefinitionTests {
    static let expected: [(name: String, unit: MetricUnit, better: MetricDirection)] = [
        // 1. Response latency
        ("response_latency.median_hours", .hours, .lower),
        ("response_latency.p90_hours", .hours, .lower),
        ("response_latency.median_working_hours", .hours, .lower),
        ("response_latency.within_one_workday", .rate, .higher),  // floor 0.50, target 0.95
        ("response_latency.answered_rate", .rate, .higher),  // 0.60 → 0.98
        ("response_latency.instant_share", .rate, .lower),  // 0.60 → 0.20
        // 2. Meeting load
        ("meeting_load.median_hours_per_week", .hours, .lower),  // 20 → 6
        ("meeting_load.p90_hours_per_week", .hours, .lower),
        ("meeting_load.mean_share", .rate, .lower),
        ("meeting_load.overloaded_share", .rate, .lower),  // 0.40 → 0.05
        ("meeting_load.conflict_hours_per_week", .hours, .lower),
        ("meeting_load.after_hours_share", .rate, .lower),
        ("meeting_load.large_share", .rate, .lower),
        ("meeting_load.recurring_share", .rate, .neither),
        ("meeting_load.status_share", .rate, .lower),  // 0.40 → 0.10
        // 3. Focus time
        ("focus_time.median_hours_per_week", .hours, .higher),
        ("focus_time.share", .rate, .higher),  // 0.20 → 0.60
        ("focus_time.fragmented_share", .rate, .lower),
        ("focus_time.meeting_free_day_share", .rate, .higher),  // 0.00 → 0.40
        // 4. After hours and time zones
        ("after_hours.message_share", .rate, .lower),
        ("time_zones.team_overlap_hours", .hours, .neither),
        ("time_zones.coverage_hours", .hours, .neither),
        // 5. Documentation coverage
        ("documentation.task_description_rate", .rate, .higher),  // 0.30 → 0.90
        ("documentation.task_acceptance_rate", .rate, .higher),  // 0.05 → 0.60
        ("documentation.task_link_rate", .rate, .higher),
        ("documentation.meeting_agenda_rate", .rate, .higher),  // 0.20 → 0.90
        ("documentation.meeting_notes_rate", .rate, .higher),
        ("documentation.open_channel_share", .rate, .higher),  // 0.30 → 0.80
        // 6. Ownership clarity
        ("ownership.single_owner_rate", .rate, .higher),  // 0.50 → 0.95
        ("ownership.unowned_rate", .rate, .lower),
        ("ownership.due_date_rate", .rate, .higher),  // 0.10 → 0.70
        ("ownership.reassigned_rate", .rate, .lower),  // 0.30 → 0.05
        ("ownership.stale_rate", .rate, .lower),  // 0.50 → 0.10
        ("ownership.median_hours_to_owner", .hours, .lower),
    ]

    @Test func everyDefinitionHasTheUnitAndDirectionOfTheSpec() {
        #expect(Self.expected.map(\.name) == specMetricNames)
        #expect(MetricCatalog.definitions.map(\.name) == specMetricNames)
        for (name, unit, better) in Self.expected {
            let definition = MetricCatalog.definition(name)
            #expect(definition?.unit == unit, "\(name)")
            #expect(definition?.better == better, "\(name)")
        }
        #expect(Self.expected.filter { $0.better != .neither }.count == 31)
    }

    @Test func theLookupFindsEveryMetricAndNothingElse() {
        for definition in MetricCatalog.definitions {
            #expect(MetricCatalog.definition(definition.name) == definition)
        }
        for name in ["score.overall", "score.dimension.Focus", "response_latency", "", "Focus_time.share"] {
            #expect(MetricCatalog.definition(name) == nil, "\(name)")
        }
    }

    /// The default rubric scores each of its metrics in the direction of the metric's definition, and scores
    /// no informative metric.
    @Test func theDefaultRubricScoresEveryMetricInItsDirection() throws {
        let rubric = try Rubric.defaultRubric(knownMetrics: specMetricNames)
        let scored = rubric.dimensions.flatMap(\.metrics)
        #expect(scored.count == 16)
        #expect(Set(scored.map(\.name)).isDisjoint(
            with: MetricCatalog.definitions.filter { $0.better == .neither }.map(\.name)))
        for metric in scored {
            #expect(MetricCatalog.definition(metric.name)?.better.higherIsBetter == metric.higherIsBetter,
                    "\(metric.name)")
        }
    }

    @Test func directionsReadAsHigherIsBetter() {
        #expect(MetricDirection.higher.higherIsBetter == true)
        #expect(MetricDirection.lower.higherIsBetter == false)
        #expect(MetricDirection.neither.higherIsBetter == nil)
    }
}
