import Foundation
import MaturityCore

/// What the metrics need of the messages of one period, tallied in one pass over them: the after-hours and
/// open-channel counts by person, channel and week, each channel's audience and the message activity of every
/// person-week. Plain integers, sized by people, channels and weeks: not by messages.
public struct PeriodMessageTallies: Sendable, Equatable {
    public struct Tally: Sendable, Equatable {
        /// Messages of the period by a non-bot person (not system messages).
        public var total = 0
        /// Those sent outside their author's working hours.
        public var outside = 0
        /// Those in a channel of the dataset (the documentation family's rows).
        public var inChannel = 0
        /// Those in a public channel.
        public var inPublicChannel = 0

        mutating func count(outside isOutside: Bool, inChannel: Bool, isPublic: Bool) {
            total += 1
            if isOutside { outside += 1 }
            if inChannel { self.inChannel += 1 }
            if isPublic { inPublicChannel += 1 }
        }
    }

    /// By author (person index).
    public var byPerson: [Tally]
    /// By channel index (messages of a known channel only).
    public var byChannel: [Tally]
    /// By index into the period's weeks.
    public var byWeek: [Tally]
    /// Messages of the period in none of its weeks, by week label (none when the weeks cover the period).
    public var byOtherWeek: [String: Tally] = [:]
    /// Distinct non-bot authors of the period's messages (not system messages), by channel index.
    public var audience: [Int]
    /// `[person][week]`: the person authored a message (not a system message) in the week (`PersonWeeks`).
    public var active: [[Bool]]

    init(people: Int, channels: Int, weeks: Int) {
        byPerson = Array(repeating: Tally(), count: people)
        byChannel = Array(repeating: Tally(), count: channels)
        byWeek = Array(repeating: Tally(), count: weeks)
        audience = Array(repeating: 0, count: channels)
        active = Array(repeating: Array(repeating: false, count: weeks), count: people)
    }
}

/// Everything the metrics need of the messages, from one pass over them in message order: the requests of the
/// latency family, the span of the messages, and the tallies of each period asked for. A dataset streamed from
/// the store (`DatasetLoader.load(_:periods:streamingMessages:)`) keeps this instead of its messages.
public struct MessageSummary: Sendable {
    public var messageCount = 0
    /// The first and last instant of any message; nil without messages.
    public var span: (from: Instant, to: Instant)?
    /// The latency family's requests, compact (`ResponseLatencyMetric.requests(in:)` gives them in full).
    public var requests: [StoredRequest] = []
    public var tallies: [Period: PeriodMessageTallies] = [:]
}

/// One pass over messages in message order (by channel, instant, id), fed one message at a time: keeps only
/// the messages of the current channel (the latency rules look at a channel's messages as a whole), and for
/// everything else counters sized by people, channels and weeks.
struct MessagePass {
    /// What to tally: a period (nil: only the activity of `weeks`) and the weeks of its person-weeks.
    struct Target {
        var period: Period?
        var weeks: [Week]
    }

    let people: [DatasetPerson]
    let isBot: [Bool]
    private(set) var channels: [DatasetChannel]
    let calendars: [WorkCalendar]
    /// Set each channel's `hasReplies` from its messages (a streamed load) instead of trusting `channels`.
    let computeHasReplies: Bool
    let latency: Bool
    let targets: [Target]
    private(set) var tallies: [PeriodMessageTallies]
    private var audienceOfChannel: [Set<PersonIndex>]
    private var buffer: [DatasetMessage] = []
    private var bufferBase = 0
    private var currentChannel: Int32?
    private var count = 0
    private var lo = Instant.max, hi = Instant.min
    private var lastBySource: [Int32: Instant] = [:]
    private var requests: [StoredRequest] = []
    /// The source of each request's message (parallel to `requests`): censoring needs the last instant of every
    /// source, known only after the last message.
    private var requestSources: [Int32] = []

    init(people: [DatasetPerson], channels: [DatasetChannel], calendars: [WorkCalendar], computeHasReplies: Bool,
         latency: Bool, targets: [Target], expectedMessages: Int = 0) {
        self.people = people
        self.isBot = people.map(\.isBot)
        self.channels = channels
        self.calendars = calendars
        self.computeHasReplies = computeHasReplies
        self.latency = latency
        self.targets = targets
        if expectedMessages > 0 {
            // Room for a request per message up front: pages never written are never resident, while growing
            // by doubling would hold two copies of millions of requests at once.
            requests.reserveCapacity(expectedMessages)
            requestSources.reserveCapacity(expectedMessages)
        }
        tallies = targets.map { PeriodMessageTallies(people: people.count, channels: channels.count, weeks: $0.weeks.count) }
        audienceOfChannel = targets.map { _ in [] }
    }

    /// The next message in message order.
    mutating func add(_ message: DatasetMessage) {
        if let currentChannel, currentChannel != message.channel { flushChannel() }
        currentChannel = message.channel
        count += 1
        lo = min(lo, message.sentAt); hi = max(hi, message.sentAt)
        if let known = lastBySource[message.source], known >= message.sentAt {} else {
            lastBySource[message.source] = message.sentAt
        }
        if latency || computeHasReplies { buffer.append(message) }
        if !targets.isEmpty { tally(message) }
    }

    private mutating func tally(_ message: DatasetMessage) {
        guard !message.isSystem else { return }
        let author = Int(message.author)
        guard isBot.indices.contains(author), !isBot[author] else { return }
        let channel = Int(message.channel)
        let inChannel = channels.indices.contains(channel)
        let isPublic = inChannel && channels[channel].kind == .public
        var outside: Bool?
        for t in targets.indices {
            let target = targets[t]
            if let w = PersonWeeks.weekIndex(of: message.sentAt, in: target.weeks) { tallies[t].active[author][w] = true }
            guard let period = target.period, period.contains(message.sentAt) else { continue }
            let isOutside = outside ?? !calendars[author].contains(message.sentAt)
            outside = isOutside
            tallies[t].byPerson[author].count(outside: isOutside, inChannel: inChannel, isPublic: isPublic)
            if let w = PersonWeeks.weekIndex(of: message.sentAt, in: target.weeks) {
                tallies[t].byWeek[w].count(outside: isOutside, inChannel: inChannel, isPublic: isPublic)
            } else {
                let label = Period.weekLabel(of: message.sentAt, zone: period.timeZone)
                tallies[t].byOtherWeek[label, default: .init()].count(outside: isOutside, inChannel: inChannel,
                                                                       isPublic: isPublic)
            }
            if inChannel {
                tallies[t].byChannel[channel].count(outside: isOutside, inChannel: true, isPublic: isPublic)
                audienceOfChannel[t].insert(message.author)
            }
        }
    }

    private mutating func flushChannel() {
        guard let channel = currentChannel.map(Int.init) else { return }
        let known = channels.indices.contains(channel)
        if known && computeHasReplies {
            channels[channel].hasReplies = buffer.contains { message in
                guard let thread = message.threadId else { return false }
                return !thread.isEmpty && !thread.utf8.elementsEqual(message.messageId.utf8)
            }
        }
        if known && latency && !buffer.isEmpty {
            var scanner = RequestScanner(messages: buffer, isBot: isBot)
            scanner.scanChannel(channels[channel])
            let drafts = scanner.drafts.filter(\.isRequest).sorted { ($0.message, $0.ordinal) < ($1.message, $1.ordinal) }
            for draft in drafts {
                let message = buffer[draft.message]
                let response = draft.response.map { buffer[$0] }
                var worked: Instant = 0
                if let response { worked = calendars[Int(response.author)].work(message.sentAt, response.sentAt) }
                let attributed = response?.author ?? draft.mentioned ?? message.author
                requests.append(StoredRequest(
                    sentAt: message.sentAt, responseAt: response?.sentAt ?? 0, worked: worked,
                    message: Int32(bufferBase + draft.message), response: draft.response.map { Int32(bufferBase + $0) } ?? -1,
                    channel: message.channel, author: message.author, respondent: response?.author ?? -1,
                    attributed: attributed, kind: draft.kind, status: response == nil ? .unanswered : .answered))
                requestSources.append(message.source)
            }
        }
        for t in targets.indices {
            if known { tallies[t].audience[channel] += audienceOfChannel[t].count }
            audienceOfChannel[t].removeAll(keepingCapacity: true)
        }
        bufferBase = count
        buffer.removeAll(keepingCapacity: buffer.count < 1 << 16)
        currentChannel = nil
    }

    /// The summary, after the last message.
    mutating func finish() -> MessageSummary {
        flushChannel()
        var summary = MessageSummary()
        summary.messageCount = count
        summary.span = lo <= hi ? (lo, hi) : nil
        for (t, target) in targets.enumerated() {
            if let period = target.period { summary.tallies[period] = tallies[t] }
        }
        precondition(count < Int(Int32.max), "more than 2^31 messages")
        for index in requests.indices {
            let censored = lastBySource[requestSources[index]].map {
                requests[index].sentAt > $0 - ResponseLatencyMetric.weekMilliseconds
            } ?? false
            if censored { requests[index].status = .censored }
        }
        requestSources = []
        summary.requests = requests
        requests = []
        return summary
    }

    /// The pass over messages already in memory, in message order.
    static func run(_ messages: [DatasetMessage], people: [DatasetPerson], channels: [DatasetChannel],
                    calendars: [WorkCalendar], latency: Bool, targets: [Target]) -> MessageSummary {
        var pass = MessagePass(people: people, channels: channels, calendars: calendars, computeHasReplies: false,
                               latency: latency, targets: targets)
        for message in messages { pass.add(message) }
        return pass.finish()
    }
}

/// A request of the latency family, compact (56 bytes: the metrics keep one per request, millions at the scale of
/// an enterprise quarter). `ResponseLatencyMetric.requests(in:)` expands them into `LatencyRequest`s.
public struct StoredRequest: Sendable, Equatable {
    public var sentAt: Instant
    /// The response's instant; meaningless without a respondent.
    public var responseAt: Instant
    /// `work(respondent, request, response)` in milliseconds; 0 without a respondent.
    public var worked: Instant
    /// Positions of the request and its response (-1: none) in message order.
    public var message: Int32
    public var response: Int32
    public var channel: Int32
    public var author: PersonIndex
    /// -1 without a response.
    public var respondent: PersonIndex
    public var attributed: PersonIndex
    public var kind: RequestKind
    public var status: RequestStatus

    public var hasResponse: Bool { respondent >= 0 }
    /// Wall-clock latency in hours; nil without a response.
    public var wallHours: Double? {
        hasResponse ? Double(responseAt - sentAt) / ResponseLatencyMetric.millisecondsPerHour : nil
    }
    /// Working latency in hours; nil without a response.
    public var workingHours: Double? {
        hasResponse ? Double(worked) / ResponseLatencyMetric.millisecondsPerHour : nil
    }
}

/// A request under construction: the message, the kind, the mentioned person and the response found so far.
struct RequestDraft {
    var kind: RequestKind
    /// Index of the message among the channel's messages.
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

/// The latency rules over the messages of one channel (sorted by instant, id) with per-thread state.
struct RequestScanner {
    let messages: [DatasetMessage]
    let isBot: [Bool]
    var drafts: [RequestDraft] = []

    init(messages: [DatasetMessage], isBot: [Bool]) {
        self.messages = messages
        self.isBot = isBot
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

    /// A direct or group conversation whose messages of any kind are by exactly one person and at least one bot.
    func isConversationWithBot() -> Bool {
        var person: PersonIndex?
        var hasBot = false
        for message in messages {
            let author = message.author
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

    mutating func scanChannel(_ channel: DatasetChannel) {
        let conversationRules = channel.followsConversationRules
        let direct = channel.kind.isConversation
        let directRequestsAllowed = direct && !isConversationWithBot()

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

        for index in messages.indices {
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
}
