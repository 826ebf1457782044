import Foundation
import MaturityCore
import MaturityMetrics
import MaturityTestSupport
import Testing

// Hand-built data sets for metrics section 1. Every person works 09:00-17:00 Monday-Friday in Europe/Berlin
// unless said otherwise; March 2026 before the 29th is CET (+01:00). Expected hours are written as fractions
// of the hand-computed durations (an integer ratio rounds exactly like ms / 3,600,000).

private let berlin = TimeZone(identifier: "Europe/Berlin")!

private let personA: PersonIndex = 0
private let personB: PersonIndex = 1
private let personC: PersonIndex = 2
private let personQ: PersonIndex = 3
private let bot: PersonIndex = 4
private let partTimer: PersonIndex = 5

private let people: [DatasetPerson] = [
    DatasetPerson(displayId: "A", team: "alpha", schedule: WorkSchedule(timeZone: berlin)),
    DatasetPerson(displayId: "B", team: "beta", schedule: WorkSchedule(timeZone: berlin)),
    DatasetPerson(displayId: "C", team: "gamma", schedule: WorkSchedule(timeZone: berlin)),
    DatasetPerson(displayId: "Q", team: "qa", schedule: WorkSchedule(timeZone: berlin)),
    DatasetPerson(displayId: "bot", team: "bots", isBot: true, schedule: WorkSchedule(timeZone: berlin)),
    // 09:00-13:00: a nominal workday of 4 h.
    DatasetPerson(displayId: "P", team: "part", schedule: WorkSchedule(timeZone: berlin, start: 540, end: 780)),
]

/// A small store built message by message.
private struct Scenario {
    var channels: [DatasetChannel] = []
    var messages: [DatasetMessage] = []
    var sources = ["csv"]

    mutating func channel(_ name: String, _ kind: ChannelKind = .public, replies: Bool = false) -> Int32 {
        channels.append(DatasetChannel(name: name, kind: kind, hasReplies: replies))
        return Int32(channels.count - 1)
    }

    mutating func post(_ channel: Int32, _ id: String, _ author: PersonIndex, _ time: String, thread: String? = nil,
                       mentions: [PersonIndex] = [], question: Bool = false, system: Bool = false,
                       source: Int32 = 0) {
        messages.append(DatasetMessage(channel: channel, messageId: id, author: author, sentAt: instant(time),
                                       threadId: thread, mentions: mentions, isQuestion: question,
                                       isSystem: system, source: source))
    }

    /// The data set; unless `closingSource` is false, a bot message in channel `zz-end` on 1 June 2026 keeps
    /// every earlier request of source 0 out of the censoring window.
    func dataset(closingSource: Bool = true) -> Dataset {
        var copy = self
        if closingSource {
            let end = copy.channel("zz-end")
            copy.post(end, "end", bot, "2026-06-01T00:00:00Z")
        }
        return Dataset(organisation: OrganisationSettings(timeZone: berlin), people: people,
                       channels: copy.channels, messages: copy.messages, sources: copy.sources)
    }
}

/// The observable facts of a request, with people and messages named by their ids.
private struct Row: Equatable, CustomStringConvertible {
    var kind: RequestKind
    var message: String
    var respondent: String?
    var status: RequestStatus
    var wall: Double?
    var working: Double?
    var team: String
    var attributed: String

    init(_ kind: RequestKind, _ message: String, _ respondent: String?, _ status: RequestStatus,
         wall: Double? = nil, working: Double? = nil, team: String, attributed: String? = nil) {
        self.kind = kind; self.message = message; self.respondent = respondent; self.status = status
        self.wall = wall; self.working = working; self.team = team
        self.attributed = attributed ?? respondent ?? "?"
    }

    var description: String {
        let wallText = wall.map { "\($0)" } ?? "-"
        let workingText = working.map { "\($0)" } ?? "-"
        return "\(kind) \(message) → \(respondent ?? "-") \(status) \(wallText)/\(workingText) \(team) \(attributed)"
    }
}

private func rows(_ dataset: Dataset) -> [Row] {
    ResponseLatencyMetric.requests(in: dataset).map { request in
        Row(request.kind, dataset.messages[request.message].messageId,
            request.respondent.map { dataset.people[Int($0)].displayId }, request.status,
            wall: request.wallHours, working: request.workingHours, team: request.team,
            attributed: dataset.people[Int(request.attributedPerson)].displayId)
    }
}

private let hour = 1.0
private let minute = 1.0 / 60.0

@Suite("Response latency")
struct ResponseLatencyTests {

    // MARK: Spec examples

    @Test("Direct run Friday 16:30/16:31, answer Monday 09:15: 64.75 h, working 0.75 h")
    func directExample() {
        var s = Scenario()
        let dm = s.channel("dm-a-b", .direct)
        s.post(dm, "1", personA, "2026-03-06T16:30:00+01:00")       // Friday, "hi"
        s.post(dm, "2", personA, "2026-03-06T16:31:00+01:00")       // "are you around" (no question mark)
        s.post(dm, "3", personB, "2026-03-09T09:15:00+01:00")       // Monday
        let dataset = s.dataset()
        #expect(rows(dataset) == [
            Row(.direct, "1", "B", .answered, wall: 64.75, working: 0.75, team: "beta"),
        ])
        let request = ResponseLatencyMetric.requests(in: dataset)[0]
        #expect(request.author == personA)
        #expect(request.sentAt == instant("2026-03-06T15:30:00Z"))
        #expect(request.responseAt == instant("2026-03-09T08:15:00Z"))
        #expect(request.responseMessage == 2)
    }

    @Test("The closing 'thanks' nobody answers is not a request; the answer it follows is one")
    func closingThanks() {
        var s = Scenario()
        let dm = s.channel("dm-a-b", .direct)
        s.post(dm, "1", personA, "2026-03-06T16:30:00+01:00")
        s.post(dm, "2", personA, "2026-03-06T16:31:00+01:00")
        s.post(dm, "3", personB, "2026-03-09T09:15:00+01:00")
        s.post(dm, "4", personA, "2026-03-09T09:20:00+01:00")       // "thanks"
        #expect(rows(s.dataset()) == [
            Row(.direct, "1", "B", .answered, wall: 64.75, working: 0.75, team: "beta"),
            // B's answer is the first message of a run answered within 168 h.
            Row(.direct, "3", "A", .answered, wall: 5 * minute, working: 5 * minute, team: "alpha"),
        ])
    }

    @Test("Repeated mention: A mentions q at 10:00, B at 11:00, q replies at 12:00: one request, 2 h")
    func repeatedMention() {
        var s = Scenario()
        let eng = s.channel("eng", replies: true)
        s.post(eng, "r", personC, "2026-03-02T09:00:00Z")                                  // announcement
        s.post(eng, "a", personA, "2026-03-02T10:00:00Z", thread: "r", mentions: [personQ])
        s.post(eng, "b", personB, "2026-03-02T11:00:00Z", thread: "r", mentions: [personQ], question: true)
        s.post(eng, "q", personQ, "2026-03-02T12:00:00Z", thread: "r")
        // q has answered: a new mention is a new request.
        s.post(eng, "c", personC, "2026-03-02T13:00:00Z", thread: "r", mentions: [personQ])
        s.post(eng, "q2", personQ, "2026-03-02T13:30:00Z", thread: "r")
        #expect(rows(s.dataset()) == [
            Row(.thread, "r", "A", .answered, wall: 1 * hour, working: 1 * hour, team: "alpha"),
            Row(.mention, "a", "Q", .answered, wall: 2 * hour, working: 2 * hour, team: "qa"),
            Row(.mention, "c", "Q", .answered, wall: 30 * minute, working: 30 * minute, team: "qa"),
        ])
    }

    @Test("Censoring: 168 h before 2 April 12:00 CEST is 26 March 11:00 CET; per source; exactly 168 h is not")
    func censoringAcrossDST() {
        var s = Scenario()
        s.sources = ["csv", "mbox"]
        let chat = s.channel("chat")                    // no replies: conversation rules
        s.post(chat, "q1", personA, "2026-03-26T11:00:00.000+01:00", question: true)
        s.post(chat, "q2", personA, "2026-03-26T11:00:00.001+01:00", question: true)
        s.post(chat, "b", personB, "2026-03-26T11:30:00.000+01:00")
        let alerts = s.channel("alerts")
        // The last message of source csv is a bot's system message.
        s.post(alerts, "last", bot, "2026-04-02T12:00:00+02:00", system: true)
        // Source mbox ends on 12 March 12:00Z (a system message); 168 h earlier is 5 March 12:00Z.
        let mail = s.channel("ops-mail")
        s.post(mail, "m1", personC, "2026-03-05T11:00:00Z", question: true, source: 1)
        s.post(mail, "m2", personC, "2026-03-05T12:00:00Z", question: true, source: 1)
        s.post(mail, "m3", personC, "2026-03-05T12:00:00.001Z", question: true, source: 1)
        s.post(mail, "m-last", personB, "2026-03-12T12:00:00Z", system: true, source: 1)
        let dataset = s.dataset(closingSource: false)
        #expect(rows(dataset) == [
            Row(.thread, "q1", "B", .answered, wall: 30 * minute, working: 30 * minute, team: "beta"),
            Row(.thread, "q2", "B", .censored, wall: Double(30 * 60_000 - 1) / 3_600_000,
                working: Double(30 * 60_000 - 1) / 3_600_000, team: "beta"),
            Row(.thread, "m1", nil, .unanswered, team: "gamma", attributed: "C"),
            Row(.thread, "m2", nil, .unanswered, team: "gamma", attributed: "C"),
            Row(.thread, "m3", nil, .censored, team: "gamma", attributed: "C"),
        ])
        let values = ResponseLatencyMetric.values(of: ResponseLatencyMetric.requests(in: dataset), dataset: dataset)
        #expect(values[ResponseLatencyMetric.medianHours] == MetricValue(0.5, n: 1))
        #expect(values[ResponseLatencyMetric.answeredRate] == MetricValue(1.0 / 3.0, n: 3))
    }

    // MARK: Threads and conversations

    @Test("Thread rules: replies by others answer a root; top-level messages and own replies do not")
    func threadRules() {
        var s = Scenario()
        let eng = s.channel("eng", replies: true)
        s.post(eng, "r1", personA, "2026-03-02T10:00:00Z", question: true)
        s.post(eng, "t1", personB, "2026-03-02T10:05:00Z")                      // top level: no answer
        s.post(eng, "r1-a", personA, "2026-03-02T10:10:00Z", thread: "r1")      // own reply: no answer
        s.post(eng, "r1-bot", bot, "2026-03-02T10:20:00Z", thread: "r1")        // bots never answer
        s.post(eng, "r1-sys", personB, "2026-03-02T10:30:00Z", thread: "r1", system: true)
        s.post(eng, "r1-c", personC, "2026-03-02T11:00:00Z", thread: "r1")
        s.post(eng, "r2", personA, "2026-03-02T12:00:00Z")                      // announcement ...
        s.post(eng, "r2-a", personA, "2026-03-02T12:30:00Z", thread: "r2")      // ... with only its author's reply
        s.post(eng, "r3", personB, "2026-03-02T13:00:00Z")                      // no question, but a reply
        s.post(eng, "r3-c", personC, "2026-03-02T13:30:00Z", thread: "r3")
        s.post(eng, "r4", personC, "2026-03-02T14:00:00Z", question: true)      // never answered in its thread
        s.post(eng, "t2", personB, "2026-03-02T14:10:00Z")
        s.post(eng, "r5", bot, "2026-03-02T15:00:00Z", question: true)          // bots never ask
        s.post(eng, "r5-a", personA, "2026-03-02T15:10:00Z", thread: "r5")
        s.post(eng, "r6", personB, "2026-03-02T15:20:00Z", question: true, system: true)  // system: never
        s.post(eng, "r6-a", personA, "2026-03-02T15:30:00Z", thread: "r6")
        #expect(rows(s.dataset()) == [
            Row(.thread, "r1", "C", .answered, wall: 1 * hour, working: 1 * hour, team: "gamma"),
            Row(.thread, "r3", "C", .answered, wall: 30 * minute, working: 30 * minute, team: "gamma"),
            Row(.thread, "r4", nil, .unanswered, team: "gamma", attributed: "C"),
        ])
    }

    @Test("Conversation rules in a channel without replies: only questions, answered by anyone else later")
    func conversationRulesChannel() {
        var s = Scenario()
        let chat = s.channel("watercooler")
        s.post(chat, "q1", personA, "2026-03-02T10:00:00Z", question: true)
        s.post(chat, "a1", personA, "2026-03-02T10:05:00Z")                     // same author: no answer
        s.post(chat, "k1", bot, "2026-03-02T10:06:00Z")                         // bot: no answer
        s.post(chat, "s1", personC, "2026-03-02T10:07:00Z", system: true)       // system: no answer
        s.post(chat, "b1", personB, "2026-03-02T10:30:00Z")
        s.post(chat, "n1", personB, "2026-03-02T11:00:00Z")                     // no question: not a request
        s.post(chat, "c1", personC, "2026-03-02T11:10:00Z")
        s.post(chat, "q2", personA, "2026-03-02T13:00:00Z", question: true)
        s.post(chat, "q3", personB, "2026-03-02T13:10:00Z", question: true)     // answers q2, asks q3
        s.post(chat, "a3", personA, "2026-03-02T13:20:00Z")
        s.post(chat, "q4", personC, "2026-03-02T14:00:00Z", question: true)
        #expect(rows(s.dataset()) == [
            Row(.thread, "q1", "B", .answered, wall: 30 * minute, working: 30 * minute, team: "beta"),
            Row(.thread, "q2", "B", .answered, wall: 10 * minute, working: 10 * minute, team: "beta"),
            Row(.thread, "q3", "A", .answered, wall: 10 * minute, working: 10 * minute, team: "alpha"),
            Row(.thread, "q4", nil, .unanswered, team: "gamma", attributed: "C"),
        ])
    }

    @Test("A direct conversation with a threaded reply follows conversation rules all the same")
    func directConversationWithThread() {
        var s = Scenario()
        let dm = s.channel("dm-a-b", .direct, replies: true)
        s.post(dm, "x", personA, "2026-03-02T10:00:00Z", question: true)
        s.post(dm, "y", personB, "2026-03-02T10:30:00Z", thread: "x")
        s.post(dm, "z", personA, "2026-03-02T10:45:00Z")                        // top level, answers y
        #expect(rows(s.dataset()) == [
            Row(.direct, "x", "B", .answered, wall: 30 * minute, working: 30 * minute, team: "beta"),
            Row(.direct, "y", "A", .answered, wall: 15 * minute, working: 15 * minute, team: "alpha"),
        ])
    }

    // MARK: Mentions

    @Test("Mentions: one request per distinct person; bots and the author ignored; answered only in the thread")
    func mentionsAndOrphanReplies() {
        var s = Scenario()
        let eng = s.channel("eng", replies: true)
        s.post(eng, "q0", personQ, "2026-03-02T09:50:00Z", thread: "missing")           // before m: no answer
        // An orphan reply: its root "missing" is not in the store.
        s.post(eng, "o1", personA, "2026-03-02T10:00:00Z", thread: "missing", mentions: [personQ])
        s.post(eng, "q1", personQ, "2026-03-02T10:10:00Z")                              // top level
        s.post(eng, "q2", personQ, "2026-03-02T10:20:00Z", thread: "other")             // another thread
        s.post(eng, "q3", personQ, "2026-03-02T10:40:00Z", thread: "missing")
        // A question root with mentions is only a mention request.
        s.post(eng, "m1", personA, "2026-03-02T11:00:00Z", mentions: [bot, personQ, personA, personB, personQ],
               question: true)
        s.post(eng, "m1-q", personQ, "2026-03-02T11:30:00Z", thread: "m1")
        s.post(eng, "m1-b", personB, "2026-03-02T11:45:00Z", thread: "missing")         // not m1's thread
        // Only ignored mentions: the root is a thread request.
        s.post(eng, "m2", personA, "2026-03-02T12:00:00Z", mentions: [bot, personA], question: true)
        s.post(eng, "m2-c", personC, "2026-03-02T12:15:00Z", thread: "m2")
        #expect(rows(s.dataset()) == [
            Row(.mention, "o1", "Q", .answered, wall: 40 * minute, working: 40 * minute, team: "qa"),
            Row(.mention, "m1", "Q", .answered, wall: 30 * minute, working: 30 * minute, team: "qa"),
            Row(.mention, "m1", nil, .unanswered, team: "beta", attributed: "B"),
            // The thread of m1 has a reply by someone other than A (Q), but m1 mentions people.
            Row(.thread, "m2", "C", .answered, wall: 15 * minute, working: 15 * minute, team: "gamma"),
        ])
    }

    @Test("Under conversation rules a mention is answered by q's next message anywhere in the channel")
    func mentionUnderConversationRules() {
        var s = Scenario()
        let chat = s.channel("chat")
        s.post(chat, "m", personA, "2026-03-02T10:00:00Z", mentions: [personQ])
        s.post(chat, "x", personB, "2026-03-02T10:10:00Z")
        s.post(chat, "q", personQ, "2026-03-02T10:20:00Z")
        #expect(rows(s.dataset()) == [
            Row(.mention, "m", "Q", .answered, wall: 20 * minute, working: 20 * minute, team: "qa"),
        ])
    }

    @Test("A de-duplicated mention is never a thread or direct request")
    func deduplicatedMentionIsNoOtherRequest() {
        var s = Scenario()
        let chat = s.channel("chat")
        s.post(chat, "a", personA, "2026-03-02T10:00:00Z", mentions: [personQ], question: true)
        s.post(chat, "b", personB, "2026-03-02T11:00:00Z", mentions: [personQ], question: true)
        s.post(chat, "q", personQ, "2026-03-02T12:00:00Z")
        let group = s.channel("mpdm-a-b-q", .group)
        s.post(group, "ga", personA, "2026-03-03T10:00:00Z", mentions: [personQ], question: true)
        s.post(group, "gb", personB, "2026-03-03T11:00:00Z", mentions: [personQ], question: true)
        s.post(group, "gq", personQ, "2026-03-03T12:00:00Z")
        #expect(rows(s.dataset()) == [
            Row(.mention, "a", "Q", .answered, wall: 2 * hour, working: 2 * hour, team: "qa"),
            Row(.mention, "ga", "Q", .answered, wall: 2 * hour, working: 2 * hour, team: "qa"),
        ])
    }

    // MARK: Direct conversations

    @Test("Direct runs: bots' and system messages neither break runs nor answer; 168 h bound is inclusive")
    func directRuns() {
        var s = Scenario()
        let dm = s.channel("dm-a-b", .direct)
        s.post(dm, "a1", personA, "2026-03-02T10:00:00Z")
        s.post(dm, "k1", bot, "2026-03-02T10:01:00Z")
        s.post(dm, "s1", personB, "2026-03-02T10:02:00Z", system: true)
        s.post(dm, "a2", personA, "2026-03-02T10:03:00Z", question: true)
        // 168 h + 1 ms after a1: a request all the same, because the run asks a question.
        s.post(dm, "b1", personB, "2026-03-09T10:00:00.001Z")
        // Exactly 168 h after b1: b1 (no question) is a request.
        s.post(dm, "a3", personA, "2026-03-16T10:00:00.001Z")
        let late = s.channel("dm-a-c", .direct)
        s.post(late, "x1", personA, "2026-03-02T10:00:00Z")
        s.post(late, "y1", personC, "2026-03-09T10:00:00.001Z")   // 168 h + 1 ms, no question: no request
        let dataset = s.dataset()
        let weekPlus = Double(168 * 3_600_000 + 1) / 3_600_000
        #expect(rows(dataset) == [
            // B's hours from Mon 11:00 CET to the next Mon 11:00:00.001: 6 + 4 × 8 + 2 h + 1 ms.
            Row(.direct, "a1", "B", .answered, wall: weekPlus, working: Double(40 * 3_600_000 + 1) / 3_600_000,
                team: "beta"),
            // A's hours from Mon 11:00:00.001 to the next Mon 11:00:00.001: exactly 40 h.
            Row(.direct, "b1", "A", .answered, wall: 168 * hour, working: 40 * hour, team: "alpha"),
        ])
        let values = ResponseLatencyMetric.values(of: ResponseLatencyMetric.requests(in: dataset), dataset: dataset)
        #expect(values[ResponseLatencyMetric.answeredRate] == MetricValue(0.5, n: 2))
        #expect(values[ResponseLatencyMetric.withinOneWorkday] == MetricValue(0.0, n: 2))
    }

    @Test("A run whose first message mentions someone gives a mention request only")
    func runStartingWithMention() {
        var s = Scenario()
        let dm = s.channel("dm-a-b", .direct)
        s.post(dm, "m", personA, "2026-03-02T10:00:00Z", mentions: [personB])
        s.post(dm, "q", personA, "2026-03-02T10:01:00Z", question: true)
        s.post(dm, "b", personB, "2026-03-02T10:30:00Z")
        #expect(rows(s.dataset()) == [
            Row(.mention, "m", "B", .answered, wall: 30 * minute, working: 30 * minute, team: "beta"),
        ])
    }

    @Test("A conversation of one person with a bot has no direct requests; another person's join breaks that")
    func conversationWithBot() {
        var s = Scenario()
        let withBot = s.channel("dm-a-bot", .direct)
        s.post(withBot, "s", personA, "2026-03-02T09:59:00Z", system: true)
        s.post(withBot, "q1", personA, "2026-03-02T10:00:00Z", question: true)
        s.post(withBot, "k", bot, "2026-03-02T10:01:00Z")
        s.post(withBot, "q2", personA, "2026-03-02T11:00:00Z", question: true)
        let joined = s.channel("mpdm-a-c-bot", .group)
        s.post(joined, "j", personC, "2026-03-02T09:59:00Z", system: true)        // C joins
        s.post(joined, "q1", personA, "2026-03-02T10:00:00Z", question: true)
        s.post(joined, "k", bot, "2026-03-02T10:01:00Z")
        #expect(rows(s.dataset()) == [
            Row(.direct, "q1", nil, .unanswered, team: "alpha", attributed: "A"),
        ])
        #expect(ResponseLatencyMetric.requests(in: s.dataset()).map(\.channel) == [1])
    }

    @Test("Equal timestamps are ordered by message_id code points, not by file order or locale")
    func equalTimestamps() {
        var s = Scenario()
        let dm = s.channel("dm-a-b", .direct)
        // "z" (U+007A) sorts before "é" (U+00E9).
        s.post(dm, "é", personB, "2026-03-02T10:00:00Z")
        s.post(dm, "z", personA, "2026-03-02T10:00:00Z", question: true)
        #expect(rows(s.dataset()) == [
            Row(.direct, "z", "B", .answered, wall: 0, working: 0, team: "beta"),
        ])
    }

    // MARK: Metric values

    @Test("within_one_workday uses the respondent's nominal workday with ≤")
    func withinOneWorkday() {
        var s = Scenario()
        func ask(_ name: String, _ respondent: PersonIndex, answeredAt: String?) {
            let dm = s.channel(name, .direct)
            s.post(dm, name + "-q", personA, "2026-03-02T09:00:00+01:00", question: true)   // Monday
            if let answeredAt { s.post(dm, name + "-a", respondent, answeredAt) }
        }
        ask("b-exact", personB, answeredAt: "2026-03-02T17:00:00+01:00")           // 8 h = nominal
        ask("b-over", personB, answeredAt: "2026-03-03T09:00:00.001+01:00")        // 8 h + 1 ms
        ask("p-exact", partTimer, answeredAt: "2026-03-02T17:00:00+01:00")         // 4 h of work = nominal
        ask("p-over", partTimer, answeredAt: "2026-03-03T10:00:00+01:00")          // 5 h of work > 4 h
        ask("c-never", personC, answeredAt: nil)
        let dataset = s.dataset()
        #expect(rows(dataset) == [
            Row(.direct, "b-exact-q", "B", .answered, wall: 8 * hour, working: 8 * hour, team: "beta"),
            Row(.direct, "b-over-q", "B", .answered, wall: Double(24 * 3_600_000 + 1) / 3_600_000,
                working: Double(8 * 3_600_000 + 1) / 3_600_000, team: "beta"),
            Row(.direct, "p-exact-q", "P", .answered, wall: 8 * hour, working: 4 * hour, team: "part"),
            Row(.direct, "p-over-q", "P", .answered, wall: 25 * hour, working: 5 * hour, team: "part"),
            Row(.direct, "c-never-q", nil, .unanswered, team: "alpha", attributed: "A"),
        ])
        let values = ResponseLatencyMetric.values(of: ResponseLatencyMetric.requests(in: dataset), dataset: dataset)
        #expect(values[ResponseLatencyMetric.withinOneWorkday] == MetricValue(2.0 / 5.0, n: 5))
        #expect(values[ResponseLatencyMetric.answeredRate] == MetricValue(4.0 / 5.0, n: 5))
        // Sorted wall hours 8, 8, 24.000…, 25: median (8 + 24 h + 1 ms) / 2.
        let median = values[ResponseLatencyMetric.medianHours]
        #expect(median?.n == 4)
        #expect(abs((median?.value ?? .nan) - Double(32 * 3_600_000 + 1) / 7_200_000) < 1e-12)
        // Sorted working hours 4, 5, 8, 8 h + 1 ms: median 6.5.
        #expect(values[ResponseLatencyMetric.medianWorkingHours] == MetricValue(6.5, n: 4))
        #expect(values[ResponseLatencyMetric.instantShare] == MetricValue(0.0, n: 4))
    }

    @Test("instant_share counts answers within 300 s; p90 interpolates")
    func instantShareAndPercentile() {
        var s = Scenario()
        let chat = s.channel("chat")
        s.post(chat, "q1", personA, "2026-03-02T10:00:00Z", question: true)
        s.post(chat, "a1", personB, "2026-03-02T10:05:00Z")                    // 300 s
        s.post(chat, "q2", personC, "2026-03-02T11:00:00Z", question: true)
        s.post(chat, "a2", personA, "2026-03-02T11:05:00.001Z")                // 300.001 s
        s.post(chat, "q3", personB, "2026-03-02T12:00:00Z", question: true)
        s.post(chat, "a3", personC, "2026-03-02T13:00:00Z")                    // 1 h
        s.post(chat, "q4", personA, "2026-03-02T14:00:00Z", question: true)
        s.post(chat, "a4", personB, "2026-03-02T16:00:00Z")                    // 2 h (15:00-17:00 CET)
        let dataset = s.dataset()
        let values = ResponseLatencyMetric.values(of: ResponseLatencyMetric.requests(in: dataset), dataset: dataset)
        // Only q1 (exactly 300 s) of the four answered requests.
        #expect(values[ResponseLatencyMetric.instantShare] == MetricValue(0.25, n: 4))
        #expect(values[ResponseLatencyMetric.answeredRate] == MetricValue(1.0, n: 4))
        // Sorted 300,000, 300,001, 3,600,000, 7,200,000 ms: median (300,001 + 3,600,000) / 2 ms.
        let median = values[ResponseLatencyMetric.medianHours]?.value ?? .nan
        #expect(abs(median - 3_900_001.0 / 7_200_000) < 1e-12)
        // p90: h = 3 × 0.9 = 2.7: 1 h + 0.7 × 1 h = 1.7 h.
        let p90 = values[ResponseLatencyMetric.p90Hours]?.value ?? .nan
        #expect(abs(p90 - 1.7) < 1e-12)
        // Every answer lies inside the respondent's working hours: working latencies equal wall latencies.
        let medianWorking = values[ResponseLatencyMetric.medianWorkingHours]?.value ?? .nan
        #expect(abs(medianWorking - 3_900_001.0 / 7_200_000) < 1e-12)
    }

    @Test("Undefined without requests; censored requests count nowhere")
    func undefinedValues() {
        let empty = Scenario().dataset(closingSource: false)
        let values = ResponseLatencyMetric.values(of: [], dataset: empty)
        #expect(values.count == 6)
        for name in ResponseLatencyMetric.definitions.map(\.name) {
            #expect(values[name] == MetricValue(nil, n: 0))
        }
        var s = Scenario()
        let chat = s.channel("chat")
        s.post(chat, "q", personA, "2026-03-02T10:00:00Z", question: true)
        s.post(chat, "a", personB, "2026-03-02T10:01:00Z")
        let censored = s.dataset(closingSource: false)
        #expect(ResponseLatencyMetric.requests(in: censored).map(\.status) == [.censored])
        let period = Period.quarter(year: 2026, number: 1, zone: berlin)
        let grouped = ResponseLatencyMetric.compute(censored, period: period, groupBy: .org)
        #expect(Array(grouped.keys) == ["all"])
        for name in ResponseLatencyMetric.definitions.map(\.name) {
            #expect(grouped["all"]?[name] == MetricValue(nil, n: 0))
        }
    }

    // MARK: Periods and groups

    @Test("compute selects requests by their instant and groups by team, week, channel, kind and person")
    func groupings() throws {
        var s = Scenario()
        let eng = s.channel("eng")
        s.post(eng, "q1", personA, "2026-02-28T22:59:59.999Z", question: true)   // 28 Feb 23:59:59.999 CET: out
        s.post(eng, "q2", personA, "2026-02-28T23:30:00Z", question: true)       // 1 Mar 00:30 CET: 2026-W09
        s.post(eng, "a2", personC, "2026-03-02T10:00:00Z")
        s.post(eng, "q3", personB, "2026-03-02T11:00:00Z", question: true)       // 2026-W10
        s.post(eng, "a3", personA, "2026-03-02T12:00:00Z")
        let dm = s.channel("dm-a-c", .direct)
        s.post(dm, "q4", personC, "2026-03-03T09:00:00Z", question: true)        // unanswered: C's team
        let late = s.channel("dm-b-c", .direct)
        s.post(late, "q5", personC, "2026-04-01T09:00:00Z", question: true)      // after the period
        let dataset = s.dataset()
        let period = try Period.range(from: "2026-03-01", to: "2026-03-31", zone: berlin)

        let org = ResponseLatencyMetric.compute(dataset, period: period, groupBy: .org)
        #expect(org.keys.sorted() == ["all"])
        // q2 is answered by C's a2 after 34.5 h, q3 by A after 1 h; q4 is unanswered; q1 and q5 lie outside.
        #expect(org["all"]?[ResponseLatencyMetric.medianHours] == MetricValue((34.5 + 1) / 2, n: 2))
        #expect(org["all"]?[ResponseLatencyMetric.answeredRate] == MetricValue(2.0 / 3.0, n: 3))

        let team = ResponseLatencyMetric.compute(dataset, period: period, groupBy: .team)
        #expect(team.keys.sorted() == ["alpha", "gamma"])
        #expect(team["gamma"]?[ResponseLatencyMetric.answeredRate] == MetricValue(0.5, n: 2))
        #expect(team["gamma"]?[ResponseLatencyMetric.medianHours] == MetricValue(34.5, n: 1))
        #expect(team["alpha"]?[ResponseLatencyMetric.medianHours] == MetricValue(1, n: 1))

        let week = ResponseLatencyMetric.compute(dataset, period: period, groupBy: .week)
        #expect(week.keys.sorted() == ["2026-W09", "2026-W10"])
        #expect(week["2026-W09"]?[ResponseLatencyMetric.answeredRate] == MetricValue(1, n: 1))
        #expect(week["2026-W10"]?[ResponseLatencyMetric.answeredRate] == MetricValue(0.5, n: 2))

        let channel = ResponseLatencyMetric.compute(dataset, period: period, groupBy: .channel)
        #expect(channel.keys.sorted() == ["dm-a-c", "eng"])
        #expect(channel["eng"]?[ResponseLatencyMetric.medianHours] == MetricValue((34.5 + 1) / 2, n: 2))
        #expect(channel["dm-a-c"]?[ResponseLatencyMetric.answeredRate] == MetricValue(0, n: 1))

        let kind = ResponseLatencyMetric.compute(dataset, period: period, groupBy: .kind)
        #expect(kind.keys.sorted() == ["direct", "thread"])
        #expect(kind["thread"]?[ResponseLatencyMetric.answeredRate] == MetricValue(1, n: 2))

        let person = ResponseLatencyMetric.compute(dataset, period: period, groupBy: .person)
        #expect(person.keys.sorted() == ["A", "C"])
        #expect(person["C"]?[ResponseLatencyMetric.answeredRate] == MetricValue(0.5, n: 2))
    }

    @Test("Definitions: six metrics with summaries and every grouping")
    func definitions() {
        let names = ResponseLatencyMetric.definitions.map(\.name)
        #expect(names == [
            "response_latency.median_hours", "response_latency.p90_hours", "response_latency.median_working_hours",
            "response_latency.within_one_workday", "response_latency.answered_rate",
            "response_latency.instant_share",
        ])
        for definition in ResponseLatencyMetric.definitions {
            #expect(!definition.summary.isEmpty)
            #expect(definition.groupings == [.team, .week, .channel, .kind, .person])
        }
    }
}

// MARK: - Conformance

/// `requests(in:)` row by row against `expected/requests.csv`, and the org and team values against
/// `expected/metrics.csv`, for both conformance data sets.
@Suite("Response latency conformance")
struct ResponseLatencyConformanceTests {

    /// The columns of `requests.csv` that identify a request: a message gives one request per mentioned person.
    private struct Key: Hashable, CustomStringConvertible {
        var kind: String
        var channel: String
        var messageId: String
        var mentioned: String
        var description: String { "\(kind) \(channel)/\(messageId)\(mentioned.isEmpty ? "" : " @" + mentioned)" }
    }

    private static func differences(_ name: String) throws -> [String] {
        let dataset = try ConformanceData.dataset(name)
        let period = try ConformanceData.period()
        let expectedRows = try ConformanceData.expectedRows(name, file: "requests")
        func display(_ person: PersonIndex?) -> String {
            guard let person, dataset.people.indices.contains(Int(person)) else { return "" }
            return dataset.people[Int(person)].displayId
        }
        func hours(_ value: Double?) -> String { value.map { "\($0)" } ?? "" }
        func instant(_ value: Instant?) -> String { value.map { "\($0)" } ?? "" }

        var computed: [Key: [String: String]] = [:]
        var computedOrder: [Key] = []
        for request in ResponseLatencyMetric.requests(in: dataset) {
            let message = dataset.messages[request.message]
            let key = Key(kind: request.kind.rawValue, channel: dataset.channels[Int(request.channel)].name,
                          messageId: message.messageId,
                          mentioned: request.kind == .mention ? display(request.attributedPerson) : "")
            computedOrder.append(key)
            computed[key] = [
                "author": display(request.author), "sent_at": instant(request.sentAt),
                "respondent": request.kind == .mention ? display(request.attributedPerson)
                    : display(request.respondent),
                "response_id": request.responseMessage.map { dataset.messages[$0].messageId } ?? "",
                "response_at": instant(request.responseAt), "status": request.status.rawValue,
                "wall_hours": hours(request.wallHours), "working_hours": hours(request.workingHours),
                "team": request.team, "in_period": period.contains(request.sentAt) ? "1" : "0",
            ]
        }
        var lines: [String] = []
        var seen = Set<Key>()
        for row in expectedRows {
            let kind = row["kind"] ?? ""
            let key = Key(kind: kind, channel: row["channel"] ?? "", messageId: row["message_id"] ?? "",
                          mentioned: kind == "mention" ? row["respondent"] ?? "" : "")
            seen.insert(key)
            guard let mine = computed[key] else {
                lines.append("\(name) missing \(key): \(row)")
                continue
            }
            var expected = row
            for column in ["sent_at", "response_at"] {
                let text = row[column] ?? ""
                expected[column] = text.isEmpty ? "" : instant(try? Timestamp.parse(text, zone: nil))
            }
            for column in mine.keys.sorted() {
                let want = expected[column] ?? ""
                let got = mine[column] ?? ""
                if column.hasSuffix("_hours") {
                    if Tolerance.matches(Double(got), Double(want)) && got.isEmpty == want.isEmpty { continue }
                } else if got == want {
                    continue
                }
                lines.append("\(name) \(key) \(column): computed \(got), expected \(want)")
            }
        }
        for key in computedOrder where !seen.contains(key) {
            lines.append("\(name) extra \(key): \(computed[key] ?? [:])")
        }
        if computed.count != computedOrder.count { lines.append("\(name): duplicate request keys") }
        return lines
    }

    @Test("requests(in:) matches expected/requests.csv row by row", arguments: ConformanceData.names)
    func requestRows(name: String) throws {
        let lines = try Self.differences(name)
        #expect(lines.isEmpty, "\(lines.count) differences:\n\(lines.prefix(40).joined(separator: "\n"))")
    }

    @Test("org and team values match expected/metrics.csv", arguments: ConformanceData.names)
    func metricValues(name: String) throws {
        let lines = try ConformanceData.mismatches(ResponseLatencyMetric.self, dataset: name)
        #expect(lines.isEmpty, "\(lines.joined(separator: "\n"))")
    }
}
