/// A text with slots (`{topic}`, `{item}`, …) parsed once and filled many times.
struct TextTemplate {
    enum Slot: String {
        case topic, item, pr, doc, dashboard, first, number, clock
    }

    enum Piece {
        case literal(String)
        case slot(Slot)
    }

    let pieces: [Piece]

    init(_ source: String) {
        var pieces = [Piece]()
        var rest = Substring(source)
        while let open = rest.firstIndex(of: "{") {
            guard let close = rest[open...].firstIndex(of: "}"),
                  let slot = Slot(rawValue: String(rest[rest.index(after: open)..<close])) else {
                pieces.append(.literal(String(rest[...open])))
                rest = rest[rest.index(after: open)...]
                continue
            }
            if open > rest.startIndex { pieces.append(.literal(String(rest[..<open]))) }
            pieces.append(.slot(slot))
            rest = rest[rest.index(after: close)...]
        }
        if !rest.isEmpty { pieces.append(.literal(String(rest))) }
        self.pieces = pieces
    }

    static func list(_ sources: [String]) -> [TextTemplate] { sources.map(TextTemplate.init) }
}

/// What fills the slots of a template.
struct TextContext {
    var topics: [String]
    var projectKey: String
    var itemCount: Int
    var repository: String
    var first: String
}

extension TextTemplate {
    /// Appends the template with its slots filled to `text`.
    func render(into text: inout String, _ context: TextContext, _ random: inout SampleRandom) {
        for piece in pieces {
            switch piece {
            case .literal(let literal):
                text += literal
            case .slot(let slot):
                switch slot {
                case .topic:
                    text += context.topics.isEmpty ? "the roadmap" : random.pick(context.topics)
                case .item:
                    text += context.projectKey
                    text += "-"
                    text += String(1 + random.int(below: max(1, context.itemCount)))
                case .pr:
                    text += "https://github.orbitlabs.example/orbit/"
                    text += context.repository
                    text += "/pull/"
                    text += String(100 + random.int(below: 2_900))
                case .doc:
                    text += "https://docs.orbitlabs.example/d/"
                    text += SampleOrganisation.base36(random.next(), length: 8).lowercased()
                case .dashboard:
                    text += "https://grafana.orbitlabs.example/d/"
                    text += SampleOrganisation.base36(random.next(), length: 6).lowercased()
                    text += "?orgId=1&var-env=prod"
                case .first:
                    text += context.first
                case .number:
                    text += String(2 + random.int(below: 38))
                case .clock:
                    text += random.pick(Self.clocks)
                }
            }
        }
    }

    private static let clocks = ["15:00 UTC", "14:30 CET", "9am ET", "16:00 Berlin time", "noon", "17:30 IST"]

    func rendered(_ context: TextContext, _ random: inout SampleRandom) -> String {
        var text = ""
        render(into: &text, context, &random)
        return text
    }
}

/// The phrase book of the chat.
enum ChatPhrases {
    static let questions = TextTemplate.list([
        "Does anyone know why {topic} is failing since this morning?",
        "Can someone review this one? It's small: {pr}",
        "Who owns {topic} these days?",
        "Any update on {item}?",
        "Quick question: should {topic} go out before or after the freeze?",
        "Has anyone seen this error before?\n```\nTimeoutError: upstream took longer than 30s\n```",
        "Are we still doing the cleanup of \"{topic}\" this sprint?",
        "Which dashboard do you use for {topic}: {dashboard} or the old one?",
        "Is {item} blocked on us or on {first}'s side?",
        "What's the plan for {topic} next week?",
        "Where do I find the runbook for {topic}?",
        "Can we move {item} to next sprint? Scope grew, see {doc}",
        "{topic} の件、確認お願いできますか？",
        "Does the new limit apply to {topic}, or only to new accounts?",
        "Anyone free to pair on {item} this afternoon?",
        "Could you take a look at {item}, please? Customers are asking.",
    ])

    static let statements = TextTemplate.list([
        "Heads up: deploying {topic} at {clock}.",
        "FYI {item} is done. Notes: {doc}",
        "Dashboard for {topic}: {dashboard}",
        "Release notes for v{number}.{number} are up: {doc}",
        "Reminder: retro notes go in {doc}, please add yours by Friday.",
        "Merged {pr}, thanks all!",
        "Summary of today's sync:\n- {topic}: on track\n- {item}: blocked, waiting on review\n"
            + "- hiring: two interviews next week",
        "@here {topic} will be down for 10 minutes at {clock} for maintenance.",
        "I wrote up how {topic} works: {doc}",
        "Out tomorrow, back on Monday.",
        "New doc on {topic}, comments welcome: {doc}",
        "Shipped {item} 🎉",
        "Links from the call: {doc} and {pr}?plain=1",
        "Incident on {topic} is resolved. Timeline and follow-ups: {doc}",
    ])

    static let answers = TextTemplate.list([
        "Looking now.",
        "Yes, that's expected, see {doc}",
        "It's the cache config. Fix in {pr}",
        "Not sure, maybe ask in #eng-help",
        "Done ✅",
        "Good catch, thanks!",
        "I can take it after lunch.",
        "We decided to keep it as is; notes: {doc}",
        "Answered in the doc.",
        "Yes",
        "Let me check and get back to you, probably tomorrow.",
        "Shipped, \"{topic}\" is live.",
        "No, that one is on {first}. I'll ping them.",
        "It's in {item}, should land this week.",
        "Approved 👍",
        "Short answer: no. Long answer, with the numbers, in {doc}",
    ])

    static let followUps = TextTemplate.list([
        "Thanks!", "Perfect, thank you.", "👍", "Great, closing this.", "Got it.", "ok, will do",
        "Thanks, that worked.",
    ])

    static let reactions = TextTemplate.list([
        "Nice!", "🎉", "Thanks for the write-up", "+1", "Great work!", "Finally 🙌",
    ])

    static let directOpeners = TextTemplate.list([
        "hey {first}", "hi {first}, got a minute?", "Can you look at {item} when you have a sec?",
        "quick one: is {topic} ready for the demo?", "did you see my comment on {pr}?", "are you joining the call?",
        "I pushed the fix for {item}", "can we move our 1:1 to tomorrow?", "sent you the doc: {doc}",
        "do you have the numbers for {topic}?",
    ])

    static let directFollowOns = TextTemplate.list([
        "no rush", "it's about {topic}", "need it before the call at {clock}", "(the one from yesterday)",
    ])

    static let directAnswers = TextTemplate.list([
        "sure", "yes, on it", "sorry, was in a meeting. Yes, go ahead", "call in 5?", "looking",
        "no, not yet. Tomorrow?", "done", "yep, saw it, will reply there", "give me 10 min",
    ])

    static let directTurns = TextTemplate.list([
        "ok, and the numbers for {topic}?", "makes sense", "one more thing: {item} too?", "agreed",
        "I'll update {doc}", "can you share the link?", "not yet, waiting on {first}", "let's do it after the sync",
    ])

    static let closers = TextTemplate.list(["thanks!", "great", "👍", "ok", "perfect", "ty"])

    static let randomChatter = TextTemplate.list([
        "Anyone up for a virtual coffee at {clock}?", "Photos from the offsite: {doc}", "Happy Friday, everyone!",
        "Which headphones do you use for calls?", "Recommendations for a good book on {topic}? 😄",
        "The office plant survived another week.", "Lunch and learn on {topic} next Thursday, bring questions.",
    ])

    static let standupUpdates = TextTemplate.list([
        "Yesterday: {item}\nToday: {topic}\nBlockers: none",
        "Yesterday: calls with two customers\nToday: {item}\nBlockers: waiting on {first}",
        "Y: {topic}\nT: {item}, {item}\nB: -",
        "Out this afternoon, today only {item}.",
    ])

    static let ticketPosts = TextTemplate.list([
        "{item} moved from In Progress to Done", "{item} created: {topic} follow-up", "{item} assigned to {first}",
        "{item} is overdue", "{item} moved from To Do to In Progress",
    ])
}
