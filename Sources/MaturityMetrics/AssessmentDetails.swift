import Foundation
import MaturityCore

/// One week's value of a weekly series.
public struct WeekValue: Sendable, Equatable {
    /// The ISO week label, `2026-W01`.
    public var label: String
    public var value: MetricValue
    public init(label: String, value: MetricValue) { self.label = label; self.value = value }
}

/// One metric of the organisation week by week (the ISO weeks of the period, clipped to it).
public struct WeeklySeries: Sendable, Equatable {
    /// The rubric dimension the metric heads.
    public var dimension: String
    /// The metric's spec name; nil when no metric of the dimension can be computed per week (ownership).
    public var metric: String?
    /// The organisation's value in each week of the period, in period order; empty when `metric` is nil.
    public var weeks: [WeekValue]

    public init(dimension: String, metric: String?, weeks: [WeekValue]) {
        self.dimension = dimension; self.metric = metric; self.weeks = weeks
    }
}

/// A histogram of the organisation's values of one quantity in the period.
public struct Distribution: Sendable, Equatable {
    public struct Bin: Sendable, Equatable {
        /// Inclusive lower bound.
        public var lower: Double
        /// Exclusive upper bound; nil for the last, open bin.
        public var upper: Double?
        public var count: Int
        public init(lower: Double, upper: Double?, count: Int) {
            self.lower = lower; self.upper = upper; self.count = count
        }
    }

    /// What is counted, for the chart's title: `response latency (hours, answered requests)`.
    public var title: String
    /// The metric whose values these are (`response_latency.median_hours`), for the unit and the median line.
    public var metric: String
    public var unit: MetricUnit
    public var bins: [Bin]
    /// The number of values (the sum of the counts).
    public var n: Int

    public init(title: String, metric: String, unit: MetricUnit, bins: [Bin]) {
        self.title = title; self.metric = metric; self.unit = unit; self.bins = bins
        self.n = bins.reduce(0) { $0 + $1.count }
    }

    /// The values counted into bins with the given lower bounds (ascending, the first the smallest value
    /// possible): bin i holds edges[i] ≤ x < edges[i + 1], the last bin every x ≥ its lower bound. Values below
    /// the first edge go into the first bin.
    public static func binned(_ values: [Double], edges: [Double]) -> [Bin] {
        var counts = [Int](repeating: 0, count: edges.count)
        for x in values where x.isFinite {
            var index = 0
            while index + 1 < edges.count && x >= edges[index + 1] { index += 1 }
            counts[index] += 1
        }
        return edges.indices.map { i in
            Bin(lower: edges[i], upper: i + 1 < edges.count ? edges[i + 1] : nil, count: counts[i])
        }
    }
}

/// What the HTML report draws beyond the tables: the weekly trend of each dimension's headline metric and the
/// distributions behind two medians. Organisation-wide only (no team is shown), so the privacy rule has
/// nothing to suppress here.
public struct AssessmentDetails: Sendable, Equatable {
    /// One series per rubric dimension, in rubric order.
    public var weekly: [WeeklySeries]
    /// Response latency (wall-clock hours of answered requests) and meeting hours per active person-week.
    public var distributions: [Distribution]

    public init(weekly: [WeeklySeries], distributions: [Distribution]) {
        self.weekly = weekly; self.distributions = distributions
    }

    /// Lower bounds of the response latency bins, in hours: 5 minutes, 1, 4, 8 hours, 1, 2, 7 days.
    public static let latencyEdges: [Double] = [0, 5.0 / 60, 1, 4, 8, 24, 48, 168]
    /// Lower bounds of the meeting hours per person-week bins: every 2 hours up to 20, then 20 and more.
    public static let meetingHourEdges: [Double] = stride(from: 0.0, through: 20, by: 2).map { $0 }

    /// A dimension's headline metric: its first metric in the rubric that the metric definitions compute per
    /// week; nil when none is (the ownership metrics have no week grouping).
    public static func headlineMetric(of dimension: RubricDimension) -> String? {
        dimension.metrics.first { MetricCatalog.definition($0.name)?.groupings.contains(.week) == true }?.name
    }

    /// The details of `period` for the organisation.
    public static func compute(_ dataset: Dataset, period: Period, rubric: Rubric) -> AssessmentDetails {
        var byFamily: [String: GroupedValues] = [:]
        let weekly = rubric.dimensions.map { dimension -> WeeklySeries in
            guard let metric = headlineMetric(of: dimension), let family = MetricCatalog.family(of: metric) else {
                return WeeklySeries(dimension: dimension.name, metric: nil, weeks: [])
            }
            let key = String(describing: family)
            let values = byFamily[key] ?? family.compute(dataset, period: period, groupBy: .week)
            byFamily[key] = values
            return WeeklySeries(dimension: dimension.name, metric: metric, weeks: period.weeks.map { week in
                WeekValue(label: week.label, value: values[GroupName(week.label)]?[metric] ?? .undefined)
            })
        }
        let requests = dataset.memoized("response_latency.requests") { ResponseLatencyMetric.requests(in: dataset) }
        // The requests `response_latency.median_hours` takes its median of: answered, with both latencies.
        let latencies = requests.filter { period.contains($0.sentAt) && $0.status == .answered && $0.workingHours != nil }
            .compactMap(\.wallHours)
        // The person-weeks `meeting_load.median_hours_per_week` takes its median of: the active ones.
        let hours = PersonWeeks.memoizedRows(dataset, period: period).filter(\.active).map(\.meetingHours)
        return AssessmentDetails(weekly: weekly, distributions: [
            Distribution(title: "Response latency (wall-clock hours, answered requests)",
                         metric: ResponseLatencyMetric.medianHours, unit: .hours,
                         bins: Distribution.binned(latencies, edges: latencyEdges)),
            Distribution(title: "Meeting hours per person-week (active weeks)",
                         metric: "meeting_load.median_hours_per_week", unit: .hours,
                         bins: Distribution.binned(hours, edges: meetingHourEdges)),
        ])
    }
}
