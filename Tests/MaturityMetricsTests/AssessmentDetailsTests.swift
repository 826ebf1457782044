import Foundation
import MaturityCore
@testable import MaturityMetrics
import MaturityTestSupport
import Testing

/// The weekly trends and distributions the HTML report charts.
@Suite struct AssessmentDetailsTests {
    @Test func headlineMetricsOfTheDefaultRubric() throws {
        let rubric = try Rubric.defaultRubric(knownMetrics: MetricCatalog.names)
        #expect(rubric.dimensions.map(AssessmentDetails.headlineMetric) == [
            "response_latency.within_one_workday", "meeting_load.median_hours_per_week", "focus_time.share",
            "documentation.task_description_rate", nil,
        ])
    }

    @Test func binsCountEachValueOnceWithLowerBoundsInclusive() {
        let bins = Distribution.binned([-1, 0, 0.5, 1, 1.99, 2, 7, .nan], edges: [0, 1, 2])
        #expect(bins == [
            Distribution.Bin(lower: 0, upper: 1, count: 3),
            Distribution.Bin(lower: 1, upper: 2, count: 2),
            Distribution.Bin(lower: 2, upper: nil, count: 2),
        ])
        #expect(Distribution(title: "t", metric: "m", unit: .number, bins: bins).n == 7)
    }

    /// The weekly series are what `maturity metric NAME --by week` computes, and the distributions hold the
    /// values the organisation's medians are taken of.
    @Test func weeklyValuesAndDistributionsAgreeWithTheMetrics() throws {
        let dataset = try ConformanceData.dataset("basic")
        let period = try Period.quarter("2026Q1", zone: dataset.organisation.timeZone)
        let rubric = try Rubric.defaultRubric(knownMetrics: MetricCatalog.names)
        let details = AssessmentDetails.compute(dataset, period: period, rubric: rubric)
        #expect(details.weekly.map(\.dimension) == rubric.dimensions.map(\.name))
        for series in details.weekly {
            guard let metric = series.metric else {
                #expect(series.dimension == "Ownership")
                #expect(series.weeks.isEmpty)
                continue
            }
            #expect(series.weeks.map(\.label) == period.weeks.map(\.label))
            let query = Assessor.query(dataset, metric: metric, period: period, groupBy: .week, minGroupSize: 5)
            #expect(series.weeks.map(\.label) == query.map(\.group))
            #expect(series.weeks.map(\.value) == query.map(\.value), "\(metric)")
            #expect(series.weeks.contains { $0.value.value != nil }, "\(metric) has no weekly value")
        }
        let org = Assessor.values(dataset, period: period, groupBy: .org)["all"] ?? [:]
        #expect(details.distributions.map(\.metric)
            == ["response_latency.median_hours", "meeting_load.median_hours_per_week"])
        for distribution in details.distributions {
            #expect(distribution.n == org[distribution.metric]?.n, "\(distribution.metric)")
            #expect(distribution.n > 0)
        }
        #expect(details.distributions[0].bins.map(\.lower) == AssessmentDetails.latencyEdges)
        #expect(details.distributions[1].bins.map(\.lower) == AssessmentDetails.meetingHourEdges)
    }

    @Test func theAssessmentCarriesTheDetailsOfItsPeriod() throws {
        let dataset = try ConformanceData.dataset("basic")
        let period = try Period.quarter("2026Q1", zone: dataset.organisation.timeZone)
        let rubric = try Rubric.defaultRubric(knownMetrics: MetricCatalog.names)
        let assessment = Assessor.assess(dataset, period: period, comparison: period.previous(), rubric: rubric,
                                         minGroupSize: 5)
        #expect(assessment.details == AssessmentDetails.compute(dataset, period: period, rubric: rubric))
        // Without details, the same assessment otherwise.
        var without = Assessor.assess(dataset, period: period, comparison: period.previous(), rubric: rubric,
                                      minGroupSize: 5, details: false)
        #expect(without.details == nil)
        without.details = assessment.details
        #expect(without == assessment)
    }
}
