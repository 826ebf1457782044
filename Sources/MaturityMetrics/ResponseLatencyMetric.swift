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
        let all = dataset.memoized("response_latency.requests") { requests(in: dataset) }
        let inPeriod = all.filter { period.contains($0.sentAt) }
        var groups: [GroupName: [LatencyRequest]] = [:]
        if groupBy == .org { groups["all"] = [] }
        let zone = dataset.organisation.timeZone
        for request in inPeriod {
            let name: String
            switch groupBy {
            case .org: name = "all"
            case .team: name = request.team
            case .week: name = Period.weekLabel(of: request.sentAt, zone: zone)
            case .channel:
                let index = Int(request.channel)
                name = dataset.channels.indices.contains(index) ? dataset.channels[index].name : ""
            case .kind: name = request.kind.rawValue
            case .person:
                let index = Int(request.attributedPerson)
                name = dataset.people.indices.contains(index) ? dataset.people[index].displayId : ""
            }
            groups[GroupName(name), default: []].append(request)
        }
        return groups.mapValues { values(of: $0, dataset: dataset) }
    }
}

extension ResponseLatencyMetric {
    /// Every request in the dataset (all periods), in message order (the mention requests of one message in the
    /// order of its mentions).
    public static func requests(in dataset: Dataset) -> [LatencyRequest] {
        var scanner = RequestScanner(dataset: dataset)
        scanner.scanAllChannels()
        return scanner.finish()
    }

    /// The six metrics over the given requests (callers select the period and group). Censored requests are
    /// ignored; a metric with an empty denominator is undefined.
    public static func values(of requests: some Sequence<LatencyRequest>, dataset: Dataset)
        -> [String: MetricValue]
    {
        var wall: [Double] = []
        var working: [Double] = []
        var unanswered = 0
        var withinWorkday = 0
        var withinWeek = 0
        var instant = 0
        for request in requests {
            switch request.status {
            case .censored:
                continue
            case .unanswered:
                unanswered += 1
            case .answered:
                guard let wallHours = request.wallHours, let workingHours = request.workingHours else { continue }
                wall.append(wallHours)
                working.append(workingHours)
                let elapsed = request.responseAt.map { $0 - request.sentAt }
                if let elapsed {
                    if elapsed <= weekMilliseconds { withinWeek += 1 }
                    if elapsed <= instantMilliseconds { instant += 1 }
                } else {
                    if wallHours <= 168 { withinWeek += 1 }
                    if wallHours <= Double(instantMilliseconds) / millisecondsPerHour { instant += 1 }
                }
                if let respondent = request.respondent, dataset.people.indices.contains(Int(respondent)) {
                    let nominal = Double(dataset.people[Int(respondent)].schedule.nominalSeconds * 1000)
                    // ms / 3.6e6 is monotonic, so comparing hours equals comparing milliseconds exactly.
                    if workingHours <= nominal / millisecondsPerHour { withinWorkday += 1 }
                }
            }
        }
        let answered = wall.count
        let decided = answered + unanswered
        wall.sort()
        working.sort()
        return [
            medianHours: MetricValue(Statistics.percentile(sorted: wall, 0.5), n: answered),
            p90Hours: MetricValue(Statistics.percentile(sorted: wall, 0.9), n: answered),
            medianWorkingHours: MetricValue(Statistics.percentile(sorted: working, 0.5), n: answered),
            withinOneWorkday: MetricValue(Statistics.rate(Double(withinWorkday), Double(decided)), n: decided),
            answeredRate: MetricValue(Statistics.rate(Double(withinWeek), Double(decided)), n: decided),
            instantShare: MetricValue(Statistics.rate(Double(instant), Double(answered)), n: answered),
        ]
    }
}

/// A request under construction: the message, the kind, the mentioned person and the response found so far.
private struct RequestDraft {
    var kind: RequestKind
    var message: Int
    /// Position of the mentioned person among the message's mentions (mention requests), for a stable order.
    var ordinal: Int
    var mentioned: PersonIndex?
    var response: Int?
    /// False for a thread-rules root without a question that has not (yet) had a reply by someone else.
    var isRequest: Bool
}

/// An open mention request is keyed by its thread (conversation) and the mentioned person.
private struct ThreadPerson: Hashable {
    var thread: Int
    var person: PersonIndex
}

/// One pass per channel over `Dataset.messages` (sorted by channel, instant, id) with per-thread state.
private struct RequestScanner {
    let dataset: Dataset
    let messages: [DatasetMessage]
    let isBot: [Bool]
    var drafts: [RequestDraft] = []

    init(dataset: Dataset) {
        self.dataset = dataset
        self.messages = dataset.messages
        self.isBot = dataset.people.map(\.isBot)
    }

    /// A person's message that is not a system message: the only kind that can be a request or a response.
    func counts(_ message: DatasetMessage) -> Bool {
        guard !message.isSystem, isBot.indices.contains(Int(message.author)) else { return false }
        return !isBot[Int(message.author)]
    }

    /// The distinct people a message mentions, bots, the author and unknown indices left out.
    func mentionedPeople(_ message: DatasetMessage) -> [PersonIndex] {
        var result: [PersonIndex] = []
        for person in message.mentions where person != message.author && isBot.indices.contains(Int(person)) {
            if !isBot[Int(person)] && !result.contains(person) { result.append(person) }
        }
        return result
    }

    mutating func scanAllChannels() {
        var start = 0
        while start < messages.count {
            let channel = messages[start].channel
            var end = start + 1
            while end < messages.count && messages[end].channel == channel { end += 1 }
            if dataset.channels.indices.contains(Int(channel)) {
                scanChannel(dataset.channels[Int(channel)], range: start..<end)
            }
            start = end
        }
    }

    /// A direct or group conversation whose messages of any kind are by exactly one person and at least one bot.
    func isConversationWithBot(_ range: Range<Int>) -> Bool {
        var person: PersonIndex?
        var hasBot = false
        for index in range {
            let author = messages[index].author
            guard isBot.indices.contains(Int(author)) else { continue }
            if isBot[Int(author)] {
                hasBot = true
            } else if let known = person {
                if known != author { return false }
            } else {
                person = author
            }
        }
        return hasBot && person != nil
    }

    mutating func scanChannel(_ channel: DatasetChannel, range: Range<Int>) {
        let conversationRules = channel.followsConversationRules
        let direct = channel.kind.isConversation
        let directRequestsAllowed = direct && !isConversationWithBot(range)

        var threadNumbers: [ExactString: Int] = [:]
        var openMentions: [ThreadPerson: Int] = [:]
        // Thread rules: the root waiting for a reply by someone other than its author, per thread.
        var openRoots: [Int: Int] = [:]
        // Conversation rules in a public or private channel: question roots waiting for anyone else, all by
        // one author (any other author's message answers them all at once).
        var waitingQuestions: [Int] = []
        var waitingAuthor: PersonIndex = -1
        // Direct rules: the current run.
        var runAuthor: PersonIndex?
        var runFirst = 0
        var runFirstMentionsNobody = false
        var runAsksQuestion = false

        for index in range {
            let message = messages[index]
            guard counts(message) else { continue }
            let author = message.author

            let thread: Int
            let isReply: Bool
            if conversationRules {
                thread = 0
                isReply = true
            } else {
                let key = ExactString(message.isRoot ? message.messageId : (message.threadId ?? message.messageId))
                if let known = threadNumbers[key] {
                    thread = known
                } else {
                    thread = threadNumbers.count
                    threadNumbers[key] = thread
                }
                isReply = !message.isRoot
            }

            // The message as a response.
            if isReply, let draft = openMentions.removeValue(forKey: ThreadPerson(thread: thread, person: author)) {
                drafts[draft].response = index
            }
            if !conversationRules && isReply, let draft = openRoots[thread],
               messages[drafts[draft].message].author != author {
                drafts[draft].response = index
                drafts[draft].isRequest = true
                openRoots[thread] = nil
            }
            if conversationRules && !direct && !waitingQuestions.isEmpty && waitingAuthor != author {
                for draft in waitingQuestions { drafts[draft].response = index }
                waitingQuestions.removeAll(keepingCapacity: true)
            }
            if direct, let current = runAuthor, current != author {
                closeRun(first: runFirst, mentionsNobody: runFirstMentionsNobody, asksQuestion: runAsksQuestion,
                         allowed: directRequestsAllowed, response: index)
                runAuthor = nil
            }

            // The message as a request.
            let mentioned = mentionedPeople(message)
            for (ordinal, person) in mentioned.enumerated() {
                let key = ThreadPerson(thread: thread, person: person)
                if openMentions[key] != nil { continue }
                openMentions[key] = drafts.count
                drafts.append(RequestDraft(kind: .mention, message: index, ordinal: ordinal, mentioned: person,
                                           response: nil, isRequest: true))
            }
            if mentioned.isEmpty && !direct {
                if conversationRules {
                    if message.isQuestion {
                        waitingAuthor = author
                        waitingQuestions.append(drafts.count)
                        drafts.append(RequestDraft(kind: .thread, message: index, ordinal: 0, mentioned: nil,
                                                   response: nil, isRequest: true))
                    }
                } else if message.isRoot {
                    openRoots[thread] = drafts.count
                    drafts.append(RequestDraft(kind: .thread, message: index, ordinal: 0, mentioned: nil,
                                               response: nil, isRequest: message.isQuestion))
                }
            }
            if direct {
                if runAuthor == nil {
                    runAuthor = author
                    runFirst = index
                    runFirstMentionsNobody = mentioned.isEmpty
                    runAsksQuestion = message.isQuestion
                } else if message.isQuestion {
                    runAsksQuestion = true
                }
            }
        }
        if direct && runAuthor != nil {
            closeRun(first: runFirst, mentionsNobody: runFirstMentionsNobody, asksQuestion: runAsksQuestion,
                     allowed: directRequestsAllowed, response: nil)
        }
    }

    /// A run's first message is a direct request if it mentions nobody and the run asks a question or is
    /// answered within 168 h.
    mutating func closeRun(first: Int, mentionsNobody: Bool, asksQuestion: Bool, allowed: Bool, response: Int?) {
        guard allowed && mentionsNobody else { return }
        let answeredWithinWeek = response.map {
            messages[$0].sentAt - messages[first].sentAt <= ResponseLatencyMetric.weekMilliseconds
        } ?? false
        guard asksQuestion || answeredWithinWeek else { return }
        drafts.append(RequestDraft(kind: .direct, message: first, ordinal: 0, mentioned: nil, response: response,
                                   isRequest: true))
    }

    /// The last instant of every source (any author, bots' and system messages included).
    func lastInstantBySource() -> [Int32: Instant] {
        var last: [Int32: Instant] = [:]
        for message in messages {
            if let known = last[message.source], known >= message.sentAt { continue }
            last[message.source] = message.sentAt
        }
        return last
    }

    func finish() -> [LatencyRequest] {
        let lastBySource = lastInstantBySource()
        let ordered = drafts.filter(\.isRequest).sorted {
            ($0.message, $0.ordinal) < ($1.message, $1.ordinal)
        }
        var result: [LatencyRequest] = []
        result.reserveCapacity(ordered.count)
        for draft in ordered {
            let message = messages[draft.message]
            let sentAt = message.sentAt
            let respondent = draft.response.map { messages[$0].author }
            let responseAt = draft.response.map { messages[$0].sentAt }
            var wallHours: Double?
            var workingHours: Double?
            if let respondent, let responseAt {
                wallHours = Double(responseAt - sentAt) / ResponseLatencyMetric.millisecondsPerHour
                let worked = dataset.calendar(respondent).work(sentAt, responseAt)
                workingHours = Double(worked) / ResponseLatencyMetric.millisecondsPerHour
            }
            let censored = lastBySource[message.source].map {
                sentAt > $0 - ResponseLatencyMetric.weekMilliseconds
            } ?? false
            let status: RequestStatus = censored ? .censored : (draft.response == nil ? .unanswered : .answered)
            let attributed = respondent ?? draft.mentioned ?? message.author
            let team = dataset.people.indices.contains(Int(attributed)) ? dataset.people[Int(attributed)].team
                : "unassigned"
            result.append(LatencyRequest(kind: draft.kind, channel: message.channel, message: draft.message,
                                         author: message.author, sentAt: sentAt, respondent: respondent,
                                         responseMessage: draft.response, responseAt: responseAt, status: status,
                                         wallHours: wallHours, workingHours: workingHours, team: team,
                                         attributedPerson: attributed))
        }
        return result
    }
}
