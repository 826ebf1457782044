import MaturityCore

/// What the data check needs of the messages, gathered in one pass in message order (by channel, then instant,
/// then id: `dataset.messages`, or the store's cursor while `DatasetLoader.load(_:periods:streamingMessages:observe:)`
/// streams them), so `assess` can point at the data check without holding the messages. Counts are per author
/// index; bots are left out when the checks read them (the pass does not need the directory).
public final class DoctorMessageTally {
    let period: Period
    /// The period's full weeks (quiet weeks are judged on those only).
    let fullWeeks: [Week]
    /// Messages in the period, system messages left out, per author.
    private(set) var inPeriod: [Int: Int] = [:]
    /// Messages in the period per full week (system messages left out).
    private(set) var weekCounts: [Int]
    /// The first and last message of each source (all messages).
    private(set) var sourceSpans: [Int32: (Instant, Instant)] = [:]
    /// Non-system messages per author (the whole store), with the hours of the day and days of the week they
    /// were sent on (bit masks, UTC) and how many were sent at each minute of the day.
    private(set) var count: [Int: Int] = [:]
    private(set) var hourMask: [Int: UInt32] = [:]
    private(set) var dayMask: [Int: UInt8] = [:]
    private(set) var minutes: [Int: [UInt16: Int]] = [:]
    /// Non-system messages per author that were answered: someone else replied in the thread it started, or
    /// wrote next in the channel within `Doctor.answerWindow`.
    private(set) var answered: [Int: Int] = [:]

    private var pending: DatasetMessage?
    private var channel: Int32?
    private var roots: [ExactString: (author: Int, answered: Bool)] = [:]
    private var finished = false

    public init(period: Period) {
        self.period = period
        fullWeeks = period.weeks.filter { $0.end - $0.start >= 7 * 86_400_000 - 3_600_000 }
        weekCounts = Array(repeating: 0, count: fullWeeks.count)
    }

    /// The tally of messages already in memory, in message order.
    public convenience init(_ messages: [DatasetMessage], period: Period) {
        self.init(period: period)
        for m in messages { add(m) }
        finish()
    }

    /// The next message, in message order.
    public func add(_ m: DatasetMessage) {
        precondition(!finished, "DoctorMessageTally: add after finish")
        let s = sourceSpans[m.source] ?? (m.sentAt, m.sentAt)
        sourceSpans[m.source] = (min(s.0, m.sentAt), max(s.1, m.sentAt))
        if !m.isSystem {
            let p = Int(m.author)
            if period.contains(m.sentAt) {
                inPeriod[p, default: 0] += 1
                // Weeks are few: a linear search is enough.
                if let w = fullWeeks.firstIndex(where: { $0.contains(m.sentAt) }) { weekCounts[w] += 1 }
            }
            let minute = Int(((m.sentAt % 86_400_000) + 86_400_000) % 86_400_000 / 60_000)
            count[p, default: 0] += 1
            hourMask[p, default: 0] |= 1 << UInt32(minute / 60)
            dayMask[p, default: 0] |= 1 << UInt8(((m.sentAt / 86_400_000) % 7 + 7) % 7)
            minutes[p, default: [:]][UInt16(minute), default: 0] += 1
        }
        // A message is judged answered or not once the next one is known.
        if let previous = pending { judge(previous, next: m) }
        pending = m
    }

    /// Ends the pass (the last message has no next one).
    public func finish() {
        guard !finished else { return }
        if let previous = pending { judge(previous, next: nil) }
        pending = nil
        closeChannel()
        finished = true
    }

    private func judge(_ m: DatasetMessage, next: DatasetMessage?) {
        if channel != m.channel { closeChannel(); channel = m.channel }
        if !m.isRoot, !roots.isEmpty, let thread = m.threadId {
            let key = ExactString(thread)
            if let root = roots[key], root.author != Int(m.author) { roots[key]?.answered = true }
        }
        guard !m.isSystem else { return }
        // The channel's next message by someone else within the window answers it too.
        let followed = next.map { $0.channel == m.channel && $0.author != m.author && $0.sentAt - m.sentAt <= Doctor.answerWindow } ?? false
        if m.isRoot && !followed {
            roots[ExactString(m.messageId)] = (Int(m.author), false)
        } else if followed {
            answered[Int(m.author), default: 0] += 1
        }
    }

    private func closeChannel() {
        for root in roots.values where root.answered { answered[root.author, default: 0] += 1 }
        roots.removeAll(keepingCapacity: true)
    }
}
