import Foundation
import MaturityCore

/// How much of a period each kind of data reaches (metrics v2: missing data is not good data): what `assess`
/// warns about when a period is only partly covered, and refuses when it lies outside the data altogether.
public struct DataCoverage: Sendable, Equatable {
    /// `messages`, `meetings` or `work items`.
    public var kind: String
    /// The first and last instant of the data of this kind in the whole store.
    public var first: Instant
    public var last: Instant
    /// Dates of the period (organisation zone) from the kind's first to its last instant.
    public var coveredDays: Int
    /// Dates of the period.
    public var periodDays: Int

    /// One entry per kind of data the store holds (kinds without any row are left out), in the order messages,
    /// meetings, work items. Messages count every message; meetings their start; work items their activity
    /// (creation, events, `updated_at`) and resolution.
    public static func of(_ dataset: Dataset, period: Period) -> [DataCoverage] {
        var spans: [(String, Instant, Instant)] = []
        func span(_ name: String, _ instants: some Sequence<Instant>) {
            var lo = Instant.max, hi = Instant.min
            for t in instants { lo = min(lo, t); hi = max(hi, t) }
            if lo <= hi { spans.append((name, lo, hi)) }
        }
        if let messages = dataset.messageSpan { spans.append(("messages", messages.from, messages.to)) }
        span("meetings", dataset.meetings.lazy.map(\.start))
        span("work items", dataset.workItems.lazy.flatMap { item in
            OwnershipMetric.activity(of: item) + [OwnershipMetric.resolution(of: item)].compactMap { $0 }
        })
        let zone = period.timeZone
        let periodDays = period.lastDate.daysSinceEpoch - period.firstDate.daysSinceEpoch + 1
        return spans.map { name, first, last in
            let from = max(period.firstDate.daysSinceEpoch, LocalDate.of(first, in: zone).daysSinceEpoch)
            let to = min(period.lastDate.daysSinceEpoch, LocalDate.of(last, in: zone).daysSinceEpoch)
            return DataCoverage(kind: name, first: first, last: last, coveredDays: max(0, to - from + 1),
                                periodDays: periodDays)
        }
    }
}
