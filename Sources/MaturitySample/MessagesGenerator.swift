import MaturityCore

/// A chat channel as the generator writes it.
struct ChatChannel {
    let name: String
    /// `public`, `private`, `direct` or `group`.
    let kind: String
    /// False for channels that never hold a reply (conversation rules).
    let threads: Bool
}

/// One message of a unit before it is written.
struct MessageDraft {
    var author: Int
    var at: Int64
    /// A reply in the thread of the unit's root.
    var inThread: Bool = false
    var mentionColumn: String = ""
    var text: String
    var isSystem: Bool = false
}

/// Writes `messages.csv` unit by unit (a root and its replies, or a burst of a direct conversation), so
/// nothing but the current unit is held in memory.
struct MessagesGenerator {
    static let header = ["message_id", "channel", "channel_kind", "author", "sent_at", "thread_id", "mentions",
                         "text", "is_system", "source"]

    private let organisation: SampleOrganisation
    private var writer: CSVFileWriter
    private let itemCounts: [Int]
    private var random: SampleRandom
    private var sequence = 0
    /// Rows still allowed (the whole budget of a benchmark run is spread over the weeks).
    private var allowance = Int.max
    private var windowScratch: [(start: Int64, end: Int64)] = []
    private let groupChannels: [[ChatChannel]]

    private static let general = ChatChannel(name: "general", kind: "public", threads: true)
    private static let help = ChatChannel(name: "eng-help", kind: "public", threads: true)
    private static let random = ChatChannel(name: "random", kind: "public", threads: false)

    init(organisation: SampleOrganisation, writer: CSVFileWriter, itemCounts: [Int], seed: UInt64) {
        self.organisation = organisation
        self.writer = writer
        self.itemCounts = itemCounts
        random = SampleRandom(seed: seed, stream: 4)
        groupChannels = organisation.teams.map { team in
            team.groups.map { group in
                let parts = group.map { organisation.people[$0].email?.split(separator: "@").first.map(String.init)
                    ?? organisation.people[$0].id }
                return ChatChannel(name: "mpdm-" + parts.joined(separator: "--") + "-1", kind: "group", threads: false)
            }
        }
    }

    /// Writes what is buffered, closes the file and returns the number of data rows.
    mutating func close() throws(SampleError) -> Int {
        try writer.close()
        return writer.rows
    }

    /// Writes the whole file: natural volume, or exactly `total` rows.
    mutating func generate(total: Int?) throws(SampleError) {
        let timeline = organisation.timeline
        if let total { allowance = total }
        try writeJoins()
        guard total != nil else {
            for week in timeline.weeks {
                let fraction = Double(week.end - week.start) / Double(Millis.week)
                for team in organisation.teams {
                    let present = team.members.filter { !organisation.people[$0].away[week.index] }.count
                    let units = random.count(mean: team.culture.unitsPerPersonWeek * Double(present) * fraction)
                    for _ in 0..<units { try unit(team: team.index, week: week) }
                    if week.index == 1 { try writeTopicChange(team: team.index, week: week) }
                }
            }
            return
        }
        let remaining = allowance
        let teamWeights = organisation.teams.map { $0.culture.unitsPerPersonWeek * Double($0.members.count) }
        var totalMinutes: Int64 = 0
        for week in timeline.weeks { totalMinutes += (week.end - week.start) / Millis.minute }
        var cumulative: Int64 = 0
        var assigned = 0
        for week in timeline.weeks {
            cumulative += (week.end - week.start) / Millis.minute
            let target = totalMinutes > 0 ? Int(Int64(remaining) * cumulative / totalMinutes) : remaining
            allowance = target - assigned
            assigned = target
            var idleUnits = 0
            while allowance > 0 {
                let before = allowance
                try unit(team: random.weighted(teamWeights), week: week)
                idleUnits = allowance == before ? idleUnits + 1 : 0
                if idleUnits > 50 { try writeFallback(week: week) }
            }
        }
    }

    // MARK: Units

    private mutating func unit(team: Int, week: SampleTimeline.Week) throws(SampleError) {
        let culture = organisation.teams[team].culture
        guard let kind = UnitKind(rawValue: random.weighted(culture.unitWeights)),
              let author = member(of: team, week: week.index, excluding: -1) else { return }
        switch kind {
        case .teamChannel:
            let channel = ChatChannel(name: culture.publicChannel, kind: "public",
                                      threads: culture.publicChannelThreads)
            try threadUnit(team: team, channel: channel, author: author, week: week, everyone: false)
        case .helpChannel:
            if random.chance(0.75) {
                try threadUnit(team: team, channel: Self.help, author: author, week: week, everyone: true)
            } else {
                try announcement(team: team, author: author, week: week)
            }
        case .privateChannel:
            let channel = ChatChannel(name: culture.privateChannel, kind: "private", threads: true)
            try threadUnit(team: team, channel: channel, author: author, week: week, everyone: false)
        case .randomChannel:
            try randomChatter(team: team, author: author, week: week)
        case .direct:
            let partner = random.chance(0.8) ? member(of: team, week: week.index, excluding: author)
                : anyone(week: week.index, excluding: author)
            guard let partner else { return }
            let channel = ChatChannel(name: directChannelName(author, partner), kind: "direct", threads: false)
            try conversation(team: team, channel: channel, author: author, partners: [partner], week: week)
        case .group:
            let groups = organisation.teams[team].groups
            guard !groups.isEmpty else { return }
            let groupIndex = random.int(below: groups.count)
            let group = groups[groupIndex]
            let present = group.filter { !organisation.people[$0].away[week.index] }
            guard present.count >= 2 else { return }
            let speaker = random.pick(present)
            try conversation(team: team, channel: groupChannels[team][groupIndex], author: speaker,
                             partners: present.filter { $0 != speaker }, week: week)
        case .botPost:
            if random.chance(0.5) {
                try ticketPost(team: team, week: week)
            } else {
                try botReminder(team: team, person: author, week: week)
            }
        case .standupThread:
            try standupThread(team: team, week: week)
        }
    }

    /// A root in a channel and its replies: a question, a mention, or an announcement that may get reactions.
    private mutating func threadUnit(team: Int, channel: ChatChannel, author: Int, week: SampleTimeline.Week,
                                     everyone: Bool) throws(SampleError) {
        let culture = organisation.teams[team].culture
        let start = rootTime(author, week: week, afterHoursRate: culture.afterHoursRate)
        var mentioned: Int?
        if random.chance(culture.mentionRate) {
            mentioned = random.chance(everyone ? 0.5 : 0.15) ? anyone(week: week.index, excluding: author)
                : member(of: team, week: week.index, excluding: author)
            if mentioned == nil { mentioned = anyone(week: week.index, excluding: author) }
        }
        let asks = mentioned != nil ? random.chance(0.75) : random.chance(culture.questionRate)
        var context = textContext(team: team, about: mentioned ?? author)
        var text = ""
        var column = ""
        let templates = asks ? ChatPhrases.questions : ChatPhrases.statements
        if let mentioned {
            let person = organisation.people[mentioned]
            let style = random.int(below: 10)
            if style < 5 {
                text = "@" + person.id + " "
                random.pick(templates).render(into: &text, context, &random)
            } else if style < 7 {
                random.pick(templates).render(into: &text, context, &random)
                text += random.chance(0.8) ? " cc @" + person.id
                    : " cc @" + (person.email ?? person.id)
            } else {
                var rest = ""
                random.pick(templates).render(into: &rest, context, &random)
                text = person.firstName + ", " + rest.lowercasedFirst
            }
            if style >= 7 || random.chance(0.5) { column = organisation.reference(mentioned, .chat, &random) }
            if random.chance(0.06), let second = member(of: team, week: week.index, excluding: author),
               second != mentioned {
                column += (column.isEmpty ? "" : ";") + organisation.reference(second, .chat, &random)
            }
        } else {
            random.pick(templates).render(into: &text, context, &random)
        }
        var drafts = [MessageDraft(author: author, at: start, mentionColumn: column, text: text)]
        var lastAnswer: Int64?
        if let mentioned {
            if let answer = responseTime(mentioned, after: start) {
                context.first = organisation.people[author].firstName
                drafts.append(MessageDraft(author: mentioned, at: answer, inThread: true,
                                           text: random.pick(ChatPhrases.answers).rendered(context, &random)))
                lastAnswer = answer
            }
        } else if asks || random.chance(0.3) {
            let responder = everyone ? anyone(week: week.index, excluding: author)
                : member(of: team, week: week.index, excluding: author)
            if let responder, let answer = responseTime(responder, after: start) {
                let phrases = asks ? ChatPhrases.answers : ChatPhrases.reactions
                drafts.append(MessageDraft(author: responder, at: answer, inThread: true,
                                           text: random.pick(phrases).rendered(context, &random)))
                lastAnswer = answer
            }
        }
        if let lastAnswer {
            if random.chance(0.45) {
                drafts.append(MessageDraft(author: author, at: lastAnswer + random.int64(20_000, 1_200_000),
                                           inThread: true,
                                           text: random.pick(ChatPhrases.followUps).rendered(context, &random)))
            }
            if random.chance(0.25), let other = member(of: team, week: week.index, excluding: author),
               let later = responseTime(other, after: lastAnswer) {
                drafts.append(MessageDraft(author: other, at: later, inThread: true,
                                           text: random.pick(ChatPhrases.answers).rendered(context, &random)))
            }
        }
        try emit(&drafts, channel: channel)
    }

    /// A company announcement in #general (with `@channel`), sometimes with reactions.
    private mutating func announcement(team: Int, author: Int, week: SampleTimeline.Week) throws(SampleError) {
        let start = rootTime(author, week: week, afterHoursRate: 0)
        let context = textContext(team: team, about: author)
        var text = random.chance(0.3) ? "@channel " : ""
        random.pick(ChatPhrases.statements).render(into: &text, context, &random)
        var drafts = [MessageDraft(author: author, at: start, text: text)]
        for _ in 0..<random.int(below: 3) {
            if let other = anyone(week: week.index, excluding: author), let at = responseTime(other, after: start) {
                drafts.append(MessageDraft(author: other, at: at, inThread: true,
                                           text: random.pick(ChatPhrases.reactions).rendered(context, &random)))
            }
        }
        try emit(&drafts, channel: Self.general)
    }

    /// Small talk in #random, a channel without threads.
    private mutating func randomChatter(team: Int, author: Int, week: SampleTimeline.Week) throws(SampleError) {
        let start = rootTime(author, week: week, afterHoursRate: 0.1)
        let context = textContext(team: team, about: author)
        var drafts = [MessageDraft(author: author, at: start,
                                   text: random.pick(ChatPhrases.randomChatter).rendered(context, &random))]
        for _ in 0..<random.int(below: 3) {
            if let other = anyone(week: week.index, excluding: author), let at = responseTime(other, after: start) {
                drafts.append(MessageDraft(author: other, at: at,
                                           text: random.pick(ChatPhrases.reactions).rendered(context, &random)))
            }
        }
        try emit(&drafts, channel: Self.random)
    }

    /// A burst of a direct or group conversation: a run by the author, an answer, maybe a closing word.
    private mutating func conversation(team: Int, channel: ChatChannel, author: Int, partners: [Int],
                                       week: SampleTimeline.Week) throws(SampleError) {
        guard !partners.isEmpty else { return }
        let culture = organisation.teams[team].culture
        let partner = random.pick(partners)
        let start = rootTime(author, week: week, afterHoursRate: culture.afterHoursRate)
        var context = textContext(team: team, about: partner)
        var drafts = [MessageDraft(author: author, at: start,
                                   text: random.pick(ChatPhrases.directOpeners).rendered(context, &random))]
        var runEnd = start
        if random.chance(0.4) {
            runEnd += random.int64(5_000, 90_000)
            drafts.append(MessageDraft(author: author, at: runEnd,
                                       text: random.pick(ChatPhrases.directFollowOns).rendered(context, &random)))
        }
        guard let answer = responseTime(partner, after: runEnd) else {
            try emit(&drafts, channel: channel)
            return
        }
        context.first = organisation.people[author].firstName
        drafts.append(MessageDraft(author: partner, at: answer,
                                   text: random.pick(ChatPhrases.directAnswers).rendered(context, &random)))
        var last = answer
        if random.chance(0.3) {
            last += random.int64(5_000, 60_000)
            drafts.append(MessageDraft(author: partner, at: last,
                                       text: random.pick(ChatPhrases.directFollowOns).rendered(context, &random)))
        }
        // Back and forth: always-online teams keep a conversation going for several turns.
        let turns = culture.instantShare > 0.5 ? random.int(0...3) : random.int(0...1)
        var speaker = author
        for _ in 0..<turns {
            guard let next = responseTime(speaker, after: last) else { break }
            last = next
            drafts.append(MessageDraft(author: speaker, at: last,
                                       text: random.pick(ChatPhrases.directTurns).rendered(context, &random)))
            speaker = speaker == author ? partner : author
        }
        if random.chance(0.55) {
            drafts.append(MessageDraft(author: speaker, at: last + random.int64(20_000, 900_000),
                                       text: random.pick(ChatPhrases.closers).rendered(context, &random)))
        }
        try emit(&drafts, channel: channel)
    }

    /// jira-automation posts a ticket change in the team's tickets channel.
    private mutating func ticketPost(team: Int, week: SampleTimeline.Week) throws(SampleError) {
        let culture = organisation.teams[team].culture
        let at = random.int64(week.start, week.end)
        let context = textContext(team: team, about: organisation.teams[team].lead)
        var drafts = [MessageDraft(author: organisation.jiraBot, at: at - at % 1_000,
                                   text: random.pick(ChatPhrases.ticketPosts).rendered(context, &random))]
        try emit(&drafts, channel: ChatChannel(name: culture.publicChannel + "-tickets", kind: "public",
                                               threads: false))
    }

    /// standup-bot reminds someone in a direct conversation; they answer (a conversation with a bot).
    private mutating func botReminder(team: Int, person: Int, week: SampleTimeline.Week) throws(SampleError) {
        let bot = organisation.standupBot
        let start = rootTime(person, week: week, afterHoursRate: 0)
        var drafts = [MessageDraft(author: bot, at: start,
                                   text: "Reminder: post your standup update before 10:00. "
                                       + "Reply here or in the channel.")]
        if let answer = responseTime(person, after: start) {
            drafts.append(MessageDraft(author: person, at: answer,
                                       text: random.chance(0.5) ? "done" : "posted, thanks"))
        }
        try emit(&drafts, channel: ChatChannel(name: directChannelName(person, bot), kind: "direct", threads: false))
    }

    /// standup-bot opens the day's thread; the team answers in it within the hour.
    private mutating func standupThread(team: Int, week: SampleTimeline.Week) throws(SampleError) {
        let teamValue = organisation.teams[team]
        let lead = organisation.people[teamValue.lead]
        let days = (week.monday...(week.monday + 6)).filter { lead.isWorkday($0) }
        guard !days.isEmpty else { return }
        let opening = lead.window(onDay: random.pick(days)).start + random.int64(0, 30) * Millis.minute
        guard opening >= week.start, opening < week.end else { return }
        let start = opening
        var drafts = [MessageDraft(author: organisation.standupBot, at: start,
                                   text: "Standup time! What did you do yesterday, what's next, any blockers?")]
        let context = textContext(team: team, about: teamValue.lead)
        for member in random.shuffled(teamValue.members).prefix(2 + random.int(below: 4))
        where !organisation.people[member].away[week.index] {
            drafts.append(MessageDraft(author: member, at: start + random.int64(60_000, 5_400_000), inThread: true,
                                       text: random.pick(ChatPhrases.standupUpdates).rendered(context, &random)))
        }
        try emit(&drafts, channel: ChatChannel(name: teamValue.culture.publicChannel + "-standup", kind: "public",
                                               threads: true))
    }

    /// Everyone joins #general and their team channel at the start (system messages).
    private mutating func writeJoins() throws(SampleError) {
        let start = organisation.timeline.start
        for p in 0..<organisation.humanCount {
            let person = organisation.people[p]
            let culture = organisation.teams[person.team].culture
            var drafts = [MessageDraft(author: p, at: start + Int64(p) * 1_000,
                                       text: "\(person.name) joined #general", isSystem: true)]
            try emit(&drafts, channel: Self.general)
            drafts = [MessageDraft(author: p, at: start + Int64(p) * 1_000 + 500,
                                   text: "\(person.name) joined #\(culture.publicChannel)", isSystem: true)]
            try emit(&drafts, channel: ChatChannel(name: culture.publicChannel, kind: "public",
                                                   threads: culture.publicChannelThreads))
        }
    }

    private mutating func writeTopicChange(team: Int, week: SampleTimeline.Week) throws(SampleError) {
        let teamValue = organisation.teams[team]
        let lead = teamValue.lead
        let context = textContext(team: team, about: lead)
        var drafts = [MessageDraft(author: lead, at: rootTime(lead, week: week, afterHoursRate: 0),
                                   text: "set the channel topic: Quarter goals and on-call: "
                                       + TextTemplate("{doc}").rendered(context, &random),
                                   isSystem: true)]
        try emit(&drafts, channel: ChatChannel(name: teamValue.culture.publicChannel, kind: "public",
                                               threads: teamValue.culture.publicChannelThreads))
    }

    /// One plain message, used only when a benchmark week cannot place a unit.
    private mutating func writeFallback(week: SampleTimeline.Week) throws(SampleError) {
        let author = organisation.teams[0].lead
        var drafts = [MessageDraft(author: author, at: week.start, text: "Good morning!")]
        try emit(&drafts, channel: Self.random)
    }

    // MARK: Writing

    /// Writes a unit in time order; the first draft is its root. Drafts after the span are dropped.
    private mutating func emit(_ drafts: inout [MessageDraft], channel: ChatChannel) throws(SampleError) {
        var index = 1
        while index < drafts.count {
            var position = index
            while position > 1 && drafts[position - 1].at > drafts[position].at {
                drafts.swapAt(position - 1, position)
                position -= 1
            }
            index += 1
        }
        var root = (seconds: Int64(0), sequence: 0)
        for (position, draft) in drafts.enumerated() {
            guard allowance > 0, draft.at < organisation.timeline.end else { return }
            allowance -= 1
            sequence += 1
            let seconds = draft.at.floorDivided(by: Millis.second)
            if position == 0 { root = (seconds, sequence) }
            writer.messageId(seconds: seconds, sequence: sequence)
            writer.field(channel.name)
            if channel.kind == "public" && random.chance(0.3) { writer.empty() } else { writer.field(channel.kind) }
            writer.field(organisation.reference(draft.author, .chat, &random))
            let zone = organisation.people[draft.author].zone
            writer.timestamp(draft.at, offsetSeconds: random.chance(0.35) ? zone.seconds(at: draft.at) : nil,
                             millis: random.chance(0.02))
            if draft.inThread && channel.threads {
                writer.messageId(seconds: root.seconds, sequence: root.sequence)
            } else if position == 0 && channel.threads && random.chance(0.03) {
                writer.messageId(seconds: seconds, sequence: sequence)
            } else {
                writer.empty()
            }
            writer.field(draft.mentionColumn)
            writer.field(draft.text)
            if draft.isSystem { writer.field("true") } else { writer.empty() }
            writer.field("slack")
            try writer.endRow()
        }
    }

    // MARK: People and time

    private func directChannelName(_ a: Int, _ b: Int) -> String {
        let low = UInt64(min(a, b))
        let high = UInt64(max(a, b))
        return "D0" + SampleOrganisation.base36(low << 16 | high, length: 7)
    }

    private mutating func member(of team: Int, week: Int, excluding: Int) -> Int? {
        let members = organisation.teams[team].members
        for _ in 0..<6 {
            let candidate = random.pick(members)
            if candidate != excluding && !organisation.people[candidate].away[week] { return candidate }
        }
        return nil
    }

    private mutating func anyone(week: Int, excluding: Int) -> Int? {
        for _ in 0..<6 {
            let candidate = random.int(below: organisation.humanCount)
            if candidate != excluding && !organisation.people[candidate].away[week] { return candidate }
        }
        return nil
    }

    private func textContext(team: Int, about person: Int) -> TextContext {
        let culture = organisation.teams[team].culture
        return TextContext(topics: culture.topics, projectKey: culture.projectKey,
                           itemCount: itemCounts[team], repository: culture.repository,
                           first: organisation.people[person].firstName)
    }

    /// A moment in the week at which p writes: inside their working hours, or anywhere in the week with
    /// probability `afterHoursRate` (evenings and weekends, mostly).
    private mutating func rootTime(_ p: Int, week: SampleTimeline.Week, afterHoursRate: Double) -> Int64 {
        let person = organisation.people[p]
        if person.isBot || random.chance(afterHoursRate) {
            let t = random.int64(week.start, week.end)
            return t - t % 1_000
        }
        windowScratch.removeAll(keepingCapacity: true)
        var total: Int64 = 0
        for day in (week.monday - 1)...(week.monday + 7) where person.isWorkday(day) {
            let window = person.window(onDay: day)
            let start = max(window.start, week.start)
            let end = min(window.end, week.end)
            if end > start {
                windowScratch.append((start, end))
                total += end - start
            }
        }
        var position = random.int64(0, total)
        for window in windowScratch {
            let length = window.end - window.start
            if position < length {
                let t = window.start + position
                return t - t % 1_000
            }
            position -= length
        }
        let t = random.int64(week.start, week.end)
        return t - t % 1_000
    }

    /// When responder r answers something sent at t, following r's team culture; nil when they never do.
    private mutating func responseTime(_ r: Int, after t: Int64) -> Int64? {
        let person = organisation.people[r]
        guard person.team >= 0 else { return nil }
        let culture = organisation.teams[person.team].culture
        if random.chance(culture.unansweredRate) { return nil }
        var answer: Int64
        if random.chance(culture.instantShare) {
            answer = t + random.int64(15_000, 290_000)
        } else {
            let minutes = random.quantile(culture.delayQuantiles)
            answer = person.advance(from: t, working: Int64(minutes * 60_000)) + random.int64(0, 60_000)
        }
        if organisation.isAway(r, at: answer) {
            guard random.chance(0.5), let week = organisation.timeline.weekIndex(of: answer) else { return nil }
            var back = week
            while back < person.away.count && person.away[back] { back += 1 }
            guard back < organisation.timeline.weeks.count else { return nil }
            answer = person.advance(from: organisation.timeline.weeks[back].start,
                                    working: random.int64(10 * Millis.minute, 4 * Millis.hour))
        }
        return answer - answer % 1_000 + (random.chance(0.02) ? random.int64(1, 1_000) : 0)
    }
}
