import Foundation
import MaturityCore

/// The kind of a request (metrics section 1).
public enum RequestKind: String, Sendable, CaseIterable {
    case mention, thread, direct
}

/// What became of a request: censored requests (made less than 168 h before the last message of their source)
/// are left out of every latency metric, answered or not.
public enum RequestStatus: String, Sendable, CaseIterable {
    case answered, unanswered, censored
}

/// One request of metrics section 1, with its response (if any) and its team attribution.
public struct LatencyRequest: Sendable, Equatable {
    public var kind: RequestKind
    /// Index into `Dataset.channels`.
    public var channel: Int32
    /// Index of the request message in `Dataset.messages`.
    public var message: Int
    public var author: PersonIndex
    public var sentAt: Instant
    /// The response's author; nil when there is no response.
    public var respondent: PersonIndex?
    /// Index of the response in `Dataset.messages`.
    public var responseMessage: Int?
    public var responseAt: Instant?
    public var status: RequestStatus
    /// Wall-clock latency; nil without a response (also set for censored requests that have one).
    public var wallHours: Double?
    /// `work(respondent, request, response)` in hours; nil without a response.
    public var workingHours: Double?
    /// The team the request counts for (section 0, team attribution).
    public var team: String
    /// The respondent; without a response, the mentioned person (mention) or the author (thread, direct).
    public var attributedPerson: PersonIndex

    public init(kind: RequestKind, channel: Int32, message: Int, author: PersonIndex, sentAt: Instant,
                respondent: PersonIndex? = nil, responseMessage: Int? = nil, responseAt: Instant? = nil,
                status: RequestStatus, wallHours: Double? = nil, workingHours: Double? = nil, team: String,
                attributedPerson: PersonIndex) {
        self.kind = kind; self.channel = channel; self.message = message; self.author = author
        self.sentAt = sentAt; self.respondent = respondent; self.responseMessage = responseMessage
        self.responseAt = responseAt; self.status = status; self.wallHours = wallHours
        self.workingHours = workingHours; self.team = team; self.attributedPerson = attributedPerson
    }
}

/// Response latency (metrics section 1): how long requests wait for an answer.
public enum ResponseLatencyMetric: MetricFamily {
    public static let medianHours = "response_latency.median_hours"
    public static let p90Hours = "response_latency.p90_hours"
    public static let medianWorkingHours = "response_latency.median_working_hours"
    public static let withinOneWorkday = "response_latency.within_one_workday"
    public static let answeredRate = "response_latency.answered_rate"
    public static let instantShare = "response_latency.instant_share"

    /// 168 h in milliseconds: the censoring window, the direct-run reply window and the answered-rate bound.
    static let weekMilliseconds: Instant = 168 * 3_600_000
    /// 300 s in milliseconds: the bound of an instant answer.
    static let instantMilliseconds: Instant = 300_000
    static let millisecondsPerHour = 3_600_000.0

    public static let definitions: [MetricDefinition] = {
        let groupings: Set<GroupBy> = [.team, .week, .channel, .kind, .person]
        return [
            MetricDefinition(name: medianHours,
                             summary: "Median wall-clock hours from request to response (answered requests)",
                             unit: .hours, better: .lower,
                             groupings: groupings),
            MetricDefinition(name: p90Hours,
                             summary: "90th percentile of wall-clock hours from request to response",
                             unit: .hours, better: .lower,
                             groupings: groupings),
            MetricDefinition(name: medianWorkingHours,
                             summary: "Median latency counting only the respondent's working hours",
                             unit: .hours, better: .lower,
                             groupings: groupings),
            MetricDefinition(name: withinOneWorkday,
                             summary: "Share of requests answered within the respondent's nominal workday",
                             unit: .rate, better: .higher,
                             groupings: groupings),
            MetricDefinition(name: answeredRate,
                             summary: "Share of requests answered within 168 hours",
                             unit: .rate, better: .higher,
                             groupings: groupings),
            MetricDefinition(name: instantShare,
                             summary: "Share of answered requests answered within 300 seconds",
                             unit: .rate, better: .lower,
                             groupings: groupings),
        ]
    }()

    public static func compute(_ dataset: Dataset, period: Period, groupBy: GroupBy) -> GroupedValues {
        // One pass over the compact requests, each added to its group's tally (no copy of the requests).
        var groups: [GroupName: LatencyTally] = [:]
        let requests = dataset.latencyRequests()
        if groupBy == .org {
            // One group: room for every latency up front (growing by doubling would hold two copies at once).
            var all = LatencyTally()
            all.wall.reserveCapacity(requests.count)
            all.working.reserveCapacity(requests.count)
            groups["all"] = all
        }
        let zone = dataset.organisation.timeZone
        let nominal = dataset.people.map { Double($0.schedule.nominalSeconds * 1000) }
        for request in requests where period.contains(request.sentAt) {
            let name: String
            switch groupBy {
            case .org: name = "all"
            case .team:
                let index = Int(request.attributed)
                name = dataset.people.indices.contains(index) ? dataset.people[index].team : "unassigned"
            case .week: name = Period.weekLabel(of: request.sentAt, zone: zone)
            case .channel:
                let index = Int(request.channel)
                name = dataset.channels.indices.contains(index) ? dataset.channels[index].name : ""
            case .kind: name = request.kind.rawValue
            case .person:
                let index = Int(request.attributed)
                name = dataset.people.indices.contains(index) ? dataset.people[index].displayId : ""
            }
            let respondent = Int(request.respondent)
            groups[GroupName(name), default: LatencyTally()].add(
                status: request.status, wallHours: request.wallHours, workingHours: request.workingHours,
                elapsed: request.hasResponse ? request.responseAt - request.sentAt : nil,
                nominalMilliseconds: nominal.indices.contains(respondent) ? nominal[respondent] : nil)
        }
        // Each group moved out before its latencies are sorted in place (no second copy of them).
        var result: GroupedValues = [:]
        for name in Array(groups.keys) {
            guard var tally = groups.removeValue(forKey: name) else { continue }
            result[name] = tally.values()
        }
        return result
    }
}

/// The six metrics' counts and latencies over some requests (a group of one period).
struct LatencyTally {
    var wall: [Double] = []
    var working: [Double] = []
    var unanswered = 0
    var withinWorkday = 0
    var withinWeek = 0
    var instant = 0

    /// - Parameters:
    ///   - elapsed: milliseconds from request to response, when known.
    ///   - nominalMilliseconds: the respondent's nominal workday length, when the respondent is a known person.
    mutating func add(status: RequestStatus, wallHours: Double?, workingHours: Double?, elapsed: Instant?,
                      nominalMilliseconds: Double?) {
        switch status {
        case .censored:
            return
        case .unanswered:
            unanswered += 1
        case .answered:
            guard let wallHours, let workingHours else { return }
            wall.append(wallHours)
            working.append(workingHours)
            if let elapsed {
                if elapsed <= ResponseLatencyMetric.weekMilliseconds { withinWeek += 1 }
                if elapsed <= ResponseLatencyMetric.instantMilliseconds { instant += 1 }
            } else {
                if wallHours <= 168 { withinWeek += 1 }
                if wallHours <= Double(ResponseLatencyMetric.instantMilliseconds)
                    / ResponseLatencyMetric.millisecondsPerHour { instant += 1 }
            }
            if let nominal = nominalMilliseconds {
                // ms / 3.6e6 is monotonic, so comparing hours equals comparing milliseconds exactly.
                if workingHours <= nominal / ResponseLatencyMetric.millisecondsPerHour { withinWorkday += 1 }
            }
        }
    }

    /// The six values; sorts the latencies in place.
    mutating func values() -> [String: MetricValue] {
        typealias M = ResponseLatencyMetric
        let answered = wall.count
        let decided = answered + unanswered
        wall.sort()
        working.sort()
        return [
            M.medianHours: MetricValue(Statistics.percentile(sorted: wall, 0.5), n: answered),
            M.p90Hours: MetricValue(Statistics.percentile(sorted: wall, 0.9), n: answered),
            M.medianWorkingHours: MetricValue(Statistics.percentile(sorted: working, 0.5), n: answered),
            M.withinOneWorkday: MetricValue(Statistics.rate(Double(withinWorkday), Double(decided)), n: decided),
            M.answeredRate: MetricValue(Statistics.rate(Double(withinWeek), Double(decided)), n: decided),
            M.instantShare: MetricValue(Statistics.rate(Double(instant), Double(answered)), n: answered),
        ]
    }
}

extension ResponseLatencyMetric {
    /// Every request in the dataset (all periods), in message order (the mention requests of one message in the
    /// order of its mentions). `LatencyRequest.message` and `responseMessage` are positions in message order
    /// (indices into `Dataset.messages` when the dataset holds its messages).
    public static func requests(in dataset: Dataset) -> [LatencyRequest] {
        dataset.latencyRequests().map { request in
            let attributed = Int(request.attributed)
            let team = dataset.people.indices.contains(attributed) ? dataset.people[attributed].team : "unassigned"
            return LatencyRequest(
                kind: request.kind, channel: request.channel, message: Int(request.message), author: request.author,
                sentAt: request.sentAt, respondent: request.hasResponse ? request.respondent : nil,
                responseMessage: request.response >= 0 ? Int(request.response) : nil,
                responseAt: request.hasResponse ? request.responseAt : nil, status: request.status,
                wallHours: request.wallHours, workingHours: request.workingHours, team: team,
                attributedPerson: request.attributed)
        }
    }

    /// The six metrics over the given requests (callers select the period and group). Censored requests are
    /// ignored; a metric with an empty denominator is undefined.
    public static func values(of requests: some Sequence<LatencyRequest>, dataset: Dataset)
        -> [String: MetricValue]
    {
        var tally = LatencyTally()
        for request in requests {
            var nominal: Double?
            if let respondent = request.respondent, dataset.people.indices.contains(Int(respondent)) {
                nominal = Double(dataset.people[Int(respondent)].schedule.nominalSeconds * 1000)
            }
            tally.add(status: request.status, wallHours: request.wallHours, workingHours: request.workingHours,
                      elapsed: request.responseAt.map { $0 - request.sentAt }, nominalMilliseconds: nominal)
        }
        return tally.values()
    }
}

