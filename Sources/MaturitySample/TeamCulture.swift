/// Where and when one member of a team works.
struct Seat {
    var zone: String
    /// Minutes after local midnight.
    var start: Int = 540
    var end: Int = 1_020
    /// Bit d set when weekday d works (0 = Monday … 6 = Sunday).
    var workdays: UInt8 = Seat.mondayToFriday
    /// The `work_start`/`work_end` cells (empty for the organisation default).
    var hoursText: (start: String, end: String) = ("", "")
    /// The `workdays` cell (empty for the organisation default).
    var workdaysText: String = ""

    static let mondayToFriday: UInt8 = 0b001_1111
    static let sundayToThursday: UInt8 = 0b100_1111
    static let mondayTuesdayThursday: UInt8 = 0b000_1011

    static func standard(_ zone: String) -> Seat { Seat(zone: zone) }

    static func hours(_ zone: String, _ start: String, _ end: String) -> Seat {
        Seat(zone: zone, start: minutes(start), end: minutes(end), hoursText: (start, end))
    }

    static func sundayToThursday(_ zone: String) -> Seat {
        Seat(zone: zone, workdays: sundayToThursday, workdaysText: "Sun-Thu")
    }

    private static func minutes(_ clock: String) -> Int {
        let parts = clock.split(separator: ":")
        guard parts.count == 2, let hours = Int(parts[0]), let minutes = Int(parts[1]) else { return 540 }
        return hours * 60 + minutes
    }
}

/// A recurring meeting of a team.
struct SeriesPlan {
    var key: String
    var title: String
    /// Weekdays (0 = Monday) on which it occurs, in the organiser's zone.
    var weekdays: [Int]
    /// Every n-th week.
    var everyWeeks: Int
    /// Local start minute in the organiser's zone.
    var minute: Int
    var duration: Int
}

/// How a team works: the knobs that make its metrics differ from the other teams'.
struct TeamCulture {
    var name: String
    var projectKey: String
    var repository: String
    var seats: [Seat]
    var topics: [String]

    // Chat.
    var publicChannel: String
    /// False: the team channel never uses threads (conversation rules).
    var publicChannelThreads: Bool
    var privateChannel: String
    /// Units (a root or a conversation burst) per person and week.
    var unitsPerPersonWeek: Double
    /// Weights of unit kinds, in `UnitKind.allCases` order.
    var unitWeights: [Double]
    var questionRate: Double
    var mentionRate: Double
    var afterHoursRate: Double
    /// Share of answers within five minutes, whatever the hour ("always online").
    var instantShare: Double
    /// Working minutes to an answer at the fractions 0, 0.2, 0.4, 0.6, 0.8, 1.
    var delayQuantiles: [Double]
    var unansweredRate: Double

    // Meetings.
    var series: [SeriesPlan]
    var oneOnOneEveryWeeks: Int
    var adHocPerWeek: Double
    var focusBlocksPerPersonWeek: Double
    var agendaRate: Double
    var notesRate: Double
    var conferencingRate: Double
    var declineRate: Double
    var tentativeRate: Double
    var silentRate: Double

    // Work items.
    var itemsPerPersonQuarter: Double
    var descriptionRate: Double
    var acceptanceRate: Double
    var linkRate: Double
    var dueRate: Double
    var unownedRate: Double
    var multipleOwnerRate: Double
    var handOverRate: Double
    var staleRate: Double
    var doneRate: Double
    var wontDoRate: Double
    var assignedAtCreationRate: Double
    /// Days from start to done at the fractions 0, 0.2, …, 1.
    var cycleDays: [Double]
    var usesReviewStatus: Bool
    /// Share of resolved items whose `resolved_at` is left empty.
    var missingResolutionRate: Double
    /// The automation clears the assignee when an item is resolved.
    var automationClearsAssignee: Bool
}

/// The kinds of chat activity a unit of conversation can be.
enum UnitKind: Int, CaseIterable {
    case teamChannel, helpChannel, privateChannel, randomChannel, direct, group, botPost, standupThread
}

enum Cultures {
    static let berlin = "Europe/Berlin"

    /// The five teams, each with its own way of working.
    static let all: [TeamCulture] = [platform, growth, data, support, mobile]

    /// Async-first: answers in threads within hours, few meetings with agendas and notes, tidy tickets.
    static let platform = TeamCulture(
        name: "platform", projectKey: "PLAT", repository: "platform",
        seats: [.standard(berlin), .standard("Europe/Lisbon"), .hours("Asia/Kolkata", "10:00", "18:00"),
                .hours(berlin, "08:00", "16:00"), .standard("Europe/London"), .sundayToThursday("Asia/Jerusalem"),
                .standard(berlin), .standard("Asia/Kolkata")],
        topics: ["the deploy pipeline", "the API gateway", "the Postgres upgrade", "the staging cluster",
                 "rate limiting", "the build cache", "the auth service", "log retention", "the CDN config",
                 "the Terraform modules"],
        publicChannel: "platform", publicChannelThreads: true, privateChannel: "platform-oncall",
        unitsPerPersonWeek: 6.2, unitWeights: [0.52, 0.2, 0.05, 0.05, 0.1, 0.04, 0.04, 0],
        questionRate: 0.45, mentionRate: 0.28, afterHoursRate: 0.03,
        instantShare: 0.07, delayQuantiles: [3, 20, 40, 80, 160, 480], unansweredRate: 0.03,
        series: [SeriesPlan(key: "planning", title: "Sprint planning", weekdays: [1], everyWeeks: 2,
                            minute: 14 * 60, duration: 45),
                 SeriesPlan(key: "arch", title: "Architecture review", weekdays: [3], everyWeeks: 4,
                            minute: 15 * 60, duration: 60)],
        oneOnOneEveryWeeks: 4, adHocPerWeek: 1.2, focusBlocksPerPersonWeek: 1.5,
        agendaRate: 0.9, notesRate: 0.8, conferencingRate: 0.5,
        declineRate: 0.12, tentativeRate: 0.05, silentRate: 0.05,
        itemsPerPersonQuarter: 10, descriptionRate: 0.92, acceptanceRate: 0.7, linkRate: 0.75, dueRate: 0.75,
        unownedRate: 0.02, multipleOwnerRate: 0.04, handOverRate: 0.06, staleRate: 0.03,
        doneRate: 0.8, wontDoRate: 0.06, assignedAtCreationRate: 0.8, cycleDays: [1, 3, 5, 8, 12, 25],
        usesReviewStatus: true, missingResolutionRate: 0.02, automationClearsAssignee: false)

    /// Meeting-heavy and always online: daily stand-ups, status syncs, weekly 1:1s, replies within minutes,
    /// much of it in direct messages.
    static let growth = TeamCulture(
        name: "growth", projectKey: "GROW", repository: "growth",
        seats: [.standard("America/New_York"), .hours("America/New_York", "08:00", "16:00"),
                .standard("Europe/London"), .standard("America/Sao_Paulo"), .standard("America/New_York"),
                .hours("America/Chicago", "10:00", "18:00"), .standard("Europe/London"),
                .standard("America/New_York")],
        topics: ["the pricing page", "the Q3 campaign", "the CRM sync", "the onboarding emails",
                 "the trial funnel", "the partner deck", "lead scoring", "the webinar", "the renewal list",
                 "the landing page test"],
        publicChannel: "growth", publicChannelThreads: true, privateChannel: "growth-deals",
        unitsPerPersonWeek: 8.0, unitWeights: [0.14, 0.04, 0.2, 0.04, 0.4, 0.12, 0.02, 0.04],
        questionRate: 0.5, mentionRate: 0.32, afterHoursRate: 0.2,
        instantShare: 0.8, delayQuantiles: [1, 5, 12, 30, 70, 240], unansweredRate: 0.04,
        series: [SeriesPlan(key: "standup", title: "Daily standup", weekdays: [0, 1, 2, 3, 4], everyWeeks: 1,
                            minute: 9 * 60 + 30, duration: 30),
                 SeriesPlan(key: "weekly", title: "Weekly sync", weekdays: [0], everyWeeks: 1,
                            minute: 11 * 60, duration: 60),
                 SeriesPlan(key: "pipeline", title: "Pipeline review", weekdays: [2], everyWeeks: 1,
                            minute: 13 * 60, duration: 60),
                 SeriesPlan(key: "forecast", title: "Forecast check-in", weekdays: [4], everyWeeks: 1,
                            minute: 14 * 60, duration: 30),
                 SeriesPlan(key: "planning", title: "Team planning", weekdays: [1], everyWeeks: 1,
                            minute: 13 * 60, duration: 90),
                 SeriesPlan(key: "marketing", title: "Marketing sync", weekdays: [3], everyWeeks: 1,
                            minute: 10 * 60 + 30, duration: 60)],
        oneOnOneEveryWeeks: 1, adHocPerWeek: 16, focusBlocksPerPersonWeek: 0.1,
        agendaRate: 0.2, notesRate: 0.12, conferencingRate: 0.9,
        declineRate: 0.03, tentativeRate: 0.06, silentRate: 0.04,
        itemsPerPersonQuarter: 6, descriptionRate: 0.45, acceptanceRate: 0.1, linkRate: 0.3, dueRate: 0.55,
        unownedRate: 0.08, multipleOwnerRate: 0.15, handOverRate: 0.2, staleRate: 0.12,
        doneRate: 0.65, wontDoRate: 0.1, assignedAtCreationRate: 0.7, cycleDays: [0.5, 2, 4, 7, 12, 30],
        usesReviewStatus: false, missingResolutionRate: 0.05, automationClearsAssignee: false)

    /// Spread over Kolkata, Tokyo, Berlin and Los Angeles: slow answers, unanswered mentions, a weekly sync
    /// that is after hours for most of the team.
    static let data = TeamCulture(
        name: "data", projectKey: "DATA", repository: "data",
        seats: [.standard(berlin), .standard("Asia/Kolkata"), .standard("America/Los_Angeles"),
                .standard("Asia/Tokyo"), .hours("Asia/Kolkata", "10:00", "18:00"),
                .hours("America/Los_Angeles", "08:00", "16:00"), .standard(berlin), .standard("Asia/Tokyo")],
        topics: ["the churn model", "the nightly backfill", "the warehouse schema", "the dbt models",
                 "the feature store", "the attribution report", "the experiment dashboard", "data retention",
                 "the Airflow DAGs", "the revenue numbers"],
        publicChannel: "data-team", publicChannelThreads: true, privateChannel: "data-leads",
        unitsPerPersonWeek: 4.4, unitWeights: [0.48, 0.2, 0.05, 0.03, 0.18, 0.04, 0.02, 0],
        questionRate: 0.5, mentionRate: 0.4, afterHoursRate: 0.12,
        instantShare: 0.03, delayQuantiles: [15, 120, 300, 600, 1_100, 2_400], unansweredRate: 0.18,
        series: [SeriesPlan(key: "sync", title: "Data sync", weekdays: [2], everyWeeks: 1,
                            minute: 16 * 60 + 30, duration: 60),
                 SeriesPlan(key: "models", title: "Model review", weekdays: [3], everyWeeks: 2,
                            minute: 8 * 60, duration: 60)],
        oneOnOneEveryWeeks: 2, adHocPerWeek: 3, focusBlocksPerPersonWeek: 0.5,
        agendaRate: 0.55, notesRate: 0.35, conferencingRate: 0.8,
        declineRate: 0.12, tentativeRate: 0.08, silentRate: 0.06,
        itemsPerPersonQuarter: 8, descriptionRate: 0.7, acceptanceRate: 0.35, linkRate: 0.6, dueRate: 0.35,
        unownedRate: 0.08, multipleOwnerRate: 0.1, handOverRate: 0.14, staleRate: 0.15,
        doneRate: 0.7, wontDoRate: 0.05, assignedAtCreationRate: 0.6, cycleDays: [2, 5, 9, 15, 25, 50],
        usesReviewStatus: true, missingResolutionRate: 0.05, automationClearsAssignee: true)

    /// Answers reasonably, but its tickets are a mess: unowned, stale, without descriptions or due dates.
    static let support = TeamCulture(
        name: "support", projectKey: "SUP", repository: "support-tools",
        seats: [.standard(berlin), .sundayToThursday("Asia/Jerusalem"), .hours(berlin, "07:00", "15:00"),
                .standard("Asia/Kolkata"), .standard("America/Sao_Paulo"), .standard(berlin),
                .sundayToThursday("Asia/Jerusalem"), .standard("Europe/London")],
        topics: ["the refund macro", "the SLA report", "the login complaints", "the status page",
                 "the escalation queue", "the help center", "the invoice bug", "the phone queue",
                 "the chat widget", "ticket tagging"],
        publicChannel: "support-desk", publicChannelThreads: false, privateChannel: "support-escalations",
        unitsPerPersonWeek: 6.2, unitWeights: [0.42, 0.08, 0.1, 0.04, 0.24, 0.08, 0.04, 0],
        questionRate: 0.55, mentionRate: 0.3, afterHoursRate: 0.1,
        instantShare: 0.25, delayQuantiles: [2, 15, 45, 120, 300, 900], unansweredRate: 0.08,
        series: [SeriesPlan(key: "standup", title: "Support stand-up", weekdays: [0, 2, 4], everyWeeks: 1,
                            minute: 10 * 60, duration: 15),
                 SeriesPlan(key: "weekly", title: "Weekly sync", weekdays: [1], everyWeeks: 1,
                            minute: 13 * 60, duration: 45)],
        oneOnOneEveryWeeks: 2, adHocPerWeek: 3.5, focusBlocksPerPersonWeek: 0.2,
        agendaRate: 0.3, notesRate: 0.2, conferencingRate: 0.7,
        declineRate: 0.06, tentativeRate: 0.06, silentRate: 0.08,
        itemsPerPersonQuarter: 14, descriptionRate: 0.15, acceptanceRate: 0.02, linkRate: 0.12, dueRate: 0.08,
        unownedRate: 0.45, multipleOwnerRate: 0.12, handOverRate: 0.35, staleRate: 0.4,
        doneRate: 0.4, wontDoRate: 0.06, assignedAtCreationRate: 0.3, cycleDays: [0.2, 2, 6, 14, 30, 70],
        usesReviewStatus: false, missingResolutionRate: 0.35, automationClearsAssignee: false)

    /// In the middle on every count; half of it works Sunday to Thursday in Jerusalem.
    static let mobile = TeamCulture(
        name: "mobile", projectKey: "MOB", repository: "mobile",
        seats: [.sundayToThursday("Asia/Jerusalem"), .sundayToThursday("Asia/Jerusalem"), .standard(berlin),
                .standard("Europe/Warsaw"),
                Seat(zone: berlin, workdays: Seat.mondayTuesdayThursday, workdaysText: "Mon,Tue,Thu"),
                .standard("Europe/London"), .standard("Asia/Kolkata"), .sundayToThursday("Asia/Jerusalem")],
        topics: ["the iOS release", "the Android build", "push notifications", "the crash reports",
                 "the offline mode", "the app store listing", "deep links", "the dark theme", "the login screen",
                 "the React Native upgrade"],
        publicChannel: "mobile", publicChannelThreads: true, privateChannel: "mobile-release",
        unitsPerPersonWeek: 5.6, unitWeights: [0.4, 0.14, 0.1, 0.04, 0.22, 0.08, 0.02, 0],
        questionRate: 0.45, mentionRate: 0.35, afterHoursRate: 0.08,
        instantShare: 0.2, delayQuantiles: [2, 20, 60, 160, 400, 1_200], unansweredRate: 0.07,
        series: [SeriesPlan(key: "daily", title: "Mobile daily", weekdays: [0, 1, 2, 3], everyWeeks: 1,
                            minute: 10 * 60 + 30, duration: 15),
                 SeriesPlan(key: "weekly", title: "Weekly sync", weekdays: [1], everyWeeks: 1,
                            minute: 12 * 60, duration: 45),
                 SeriesPlan(key: "release", title: "Release check-in", weekdays: [3], everyWeeks: 2,
                            minute: 14 * 60, duration: 30)],
        oneOnOneEveryWeeks: 2, adHocPerWeek: 3.5, focusBlocksPerPersonWeek: 0.6,
        agendaRate: 0.5, notesRate: 0.4, conferencingRate: 0.7,
        declineRate: 0.08, tentativeRate: 0.06, silentRate: 0.05,
        itemsPerPersonQuarter: 9, descriptionRate: 0.6, acceptanceRate: 0.3, linkRate: 0.5, dueRate: 0.45,
        unownedRate: 0.1, multipleOwnerRate: 0.08, handOverRate: 0.12, staleRate: 0.12,
        doneRate: 0.7, wontDoRate: 0.06, assignedAtCreationRate: 0.6, cycleDays: [1, 3, 6, 10, 16, 35],
        usesReviewStatus: true, missingResolutionRate: 0.08, automationClearsAssignee: false)
}
