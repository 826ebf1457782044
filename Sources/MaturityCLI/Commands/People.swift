import ArgumentParser
import Foundation
import MaturityCore
import MaturityReport

/// `maturity people ...`: the people directory without editing CSV. Changes are kept as overrides that every
/// later import applies again.
struct People: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "List, show, merge, split and correct people; changes survive re-imports.",
        discussion: """
        A REF names a person: their id (people.csv's person_id), an e-mail address, or an alias such as
        slack:U024BE7LH or jira:dlind. merge, split and set are kept in the store as overrides, applied again
        after every import (people overrides lists them, runs shows them).

        Examples:
          maturity people list --team platform
          maturity people show p01

        See Documentation/People.md.
        """,
        subcommands: [List.self, Show.self, Merge.self, Split.self, Set.self, Overrides.self],
        defaultSubcommand: List.self)

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "List the people: id, name, e-mail, team, time zone, hours, bot flag, references, messages.",
            discussion: """
            Examples:
              maturity people list
              maturity people list --team platform --format csv
              maturity people list --format json

            See Documentation/People.md.
            """)

        @OptionGroup var storeOptions: StoreOptions

        @Option(name: .long, help: ArgumentHelp("Only the people of this team.", valueName: "team"))
        var team: String?

        @Option(name: [.customShort("f"), .long], help: "Output format: text, csv or json.")
        var format: OutputFormat = .text

        func run() throws {
            try reportingErrors {
                let store = try storeOptions.open(readOnly: true)
                let people = try store.people(team: team)
                if let team, people.isEmpty {
                    let teams = Swift.Set(try store.people().map(\.team)).sorted()
                    throw CLIError("no person is in the team '\(team)'" + Suggestions.hint(team, among: teams),
                                   fix: "name one of the teams: \(teams.joined(separator: ", "))")
                }
                print(format.render(PeopleReport.listTable(people)), terminator: "")
            }
        }
    }

    struct Show: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Show one person: their fields, activity counts and every reference that names them.",
            discussion: """
            Examples:
              maturity people show p01
              maturity people show slack:U08PER6Z0 --format json

            See Documentation/People.md.
            """)

        @OptionGroup var storeOptions: StoreOptions

        @Argument(help: ArgumentHelp("The person: id, e-mail or alias.", valueName: "ref"))
        var reference: String

        enum Format: String, ExpressibleByArgument, CaseIterable { case text, json }

        @Option(name: [.customShort("f"), .long], help: "Output format: text or json.")
        var format: Format = .text

        func run() throws {
            try reportingErrors {
                let person = try storeOptions.open(readOnly: true).person(reference)
                print(format == .json ? PeopleReport.showJSON(person) : PeopleReport.showText(person), terminator: "")
            }
        }
    }

    struct Merge: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Merge people into the first: every reference of the others becomes the first person's.",
            discussion: """
            The first REF's person is kept with their id, team, time zone and hours; a name, e-mail or time zone
            they lack comes from the people merged in. Every metric then counts them as one person. Undo a part
            of it with people split.

            Examples:
              maturity people merge p01 diego.lind@orbitlabs.example
              maturity people merge p02 slack:U0VS7NO7G jira:esouza

            See Documentation/People.md.
            """)

        @OptionGroup var storeOptions: StoreOptions

        @Argument(help: ArgumentHelp("The person to keep, then the people to merge into them.", valueName: "ref"))
        var references: [String]

        func validate() throws {
            if references.count < 2 {
                throw ValidationError("people merge needs at least two references: the person to keep, then the "
                    + "people to merge into them")
            }
        }

        func run() throws {
            try reportingErrors {
                let change = try storeOptions.open().merge(references[0], Array(references.dropFirst()))
                if change.override == nil {
                    printError("note: \(references.joined(separator: ", ")) already name one person "
                        + "(\(change.person.id)); nothing was recorded")
                } else {
                    printError("merged into \(change.person.id): \(change.person.references.count) references "
                        + "(recorded as override \(change.override!.id); later imports keep it)")
                }
                print(PeopleReport.showText(change.person), terminator: "")
            }
        }
    }

    struct Split: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Split a reference off its person into a person of its own (undoes a merge of it).",
            discussion: """
            The reference becomes a person of its own (team unassigned), and earlier merges stop naming it.
            A person's directory id cannot be split off: split their other references.

            Examples:
              maturity people split jira:dlind
              maturity people show jira:dlind

            See Documentation/People.md.
            """)

        @OptionGroup var storeOptions: StoreOptions

        @Argument(help: ArgumentHelp("The reference to split off: an e-mail or alias.", valueName: "ref"))
        var reference: String

        func run() throws {
            try reportingErrors {
                let change = try storeOptions.open().split(reference)
                printError("split \(change.person.id) off into a person of its own (recorded as override "
                    + "\(change.override!.id); later imports keep it)")
                print(PeopleReport.showText(change.person), terminator: "")
            }
        }
    }

    struct Set: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Set a person's team, time zone, working hours, working days or bot flag.",
            discussion: """
            Only the options given change; the rest stays as the directory has it.

            Examples:
              maturity people set p01 --timezone Europe/Berlin --work-hours 08:00-16:00
              maturity people set b02 --bot
              maturity people set p03 --team data --workdays Mon-Thu

            See Documentation/People.md.
            """)

        @OptionGroup var storeOptions: StoreOptions

        @Argument(help: ArgumentHelp("The person: id, e-mail or alias.", valueName: "ref"))
        var reference: String

        @Option(name: .long, help: ArgumentHelp("The person's team.", valueName: "team"))
        var team: String?

        @Option(name: .long, help: ArgumentHelp("The person's IANA time zone, like Europe/Berlin.", valueName: "zone"))
        var timezone: String?

        @Option(name: .customLong("work-hours"),
                help: ArgumentHelp("The person's working hours, like 09:00-17:00.", valueName: "HH:MM-HH:MM"))
        var workHours: String?

        @Option(name: .long, help: ArgumentHelp("The person's working days, like Mon-Fri or Sun-Thu.", valueName: "days"))
        var workdays: String?

        @Flag(inversion: .prefixedNo, help: "Flag the person as a bot (or, with --no-bot, as a human).")
        var bot: Bool?

        /// The changes, checked as people.csv's values are.
        func changes() throws -> PersonChanges {
            var changes = PersonChanges()
            if let team {
                let trimmed = TextRules.trim(team)
                if trimmed.isEmpty { throw ValidationError("--team: the team is empty; name a team, like platform") }
                changes.team = trimmed
            }
            if let timezone {
                guard TimeZone(identifier: timezone) != nil else {
                    throw ValidationError("--timezone: unknown time zone '\(timezone)'"
                        + (Suggestions.closest(to: timezone, among: TimeZone.knownTimeZoneIdentifiers)
                            .map { "; did you mean '\($0)'?" } ?? "; use an IANA name such as Europe/Berlin (case matters)"))
                }
                changes.timezone = timezone
            }
            if let workHours {
                let parts = workHours.split(separator: "-", omittingEmptySubsequences: false).map(String.init)
                guard parts.count == 2, let start = try? WorkSchedule.parseClock(parts[0]),
                      (try? WorkSchedule.parseClock(parts[1])) != nil else {
                    throw ValidationError("--work-hours: '\(workHours)' is not HH:MM-HH:MM; write it like 09:00-17:00")
                }
                if start == 1440 {
                    throw ValidationError("--work-hours: working hours cannot start at 24:00; write 00:00")
                }
                changes.workStart = parts[0]
                changes.workEnd = parts[1]
            }
            if let workdays {
                do { _ = try WorkSchedule.parseWorkdays(workdays) } catch {
                    throw ValidationError("--workdays: \(error.message); write days and ranges such as Mon-Fri, "
                        + "Sun-Thu or Mon,Wed,Fri")
                }
                changes.workdays = workdays
            }
            changes.isBot = bot
            return changes
        }

        func validate() throws {
            if try changes().isEmpty {
                throw ValidationError("people set needs something to change: --team, --timezone, --work-hours, "
                    + "--workdays, --bot or --no-bot")
            }
        }

        func run() throws {
            try reportingErrors {
                let change = try storeOptions.open().set(reference, try changes())
                printError("set \(change.override!.changes.options) for \(change.person.id) (recorded as override "
                    + "\(change.override!.id); later imports keep it)")
                print(PeopleReport.showText(change.person), terminator: "")
            }
        }
    }

    struct Overrides: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "List the changes made with people merge, split and set, oldest first.",
            discussion: """
            Every import applies them again, in this order, after it has written the directory.

            Examples:
              maturity people overrides
              maturity people overrides --format json

            See Documentation/People.md.
            """)

        @OptionGroup var storeOptions: StoreOptions

        @Option(name: [.customShort("f"), .long], help: "Output format: text, csv or json.")
        var format: OutputFormat = .text

        func run() throws {
            try reportingErrors {
                let overrides = try storeOptions.open(readOnly: true).peopleOverrides()
                print(format.render(PeopleReport.overridesTable(overrides)), terminator: "")
            }
        }
    }
}
