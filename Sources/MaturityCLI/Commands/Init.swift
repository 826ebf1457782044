import ArgumentParser
import Foundation
import MaturityCore

struct SettingsOptions: ParsableArguments {
    @Option(name: .customLong("org-timezone"), help: ArgumentHelp("The organisation's IANA time zone (default Etc/UTC; UTC is read as Etc/UTC).", valueName: "zone"))
    var orgTimezone: String?

    @Option(name: .customLong("work-hours"), help: ArgumentHelp("Default working hours (default 09:00-17:00).", valueName: "HH:MM-HH:MM"))
    var workHours: String?

    @Option(name: .long, help: ArgumentHelp("Default working days (default Mon-Fri).", valueName: "days"))
    var workdays: String?

    @Option(name: .customLong("min-group-size"), parsing: .unconditional,
            help: ArgumentHelp("Smallest group shown in reports (default 5).", valueName: "n"))
    var minGroupSize: Int?

    @Option(name: .customLong("holiday-calendar"),
            help: ArgumentHelp("The public-holiday calendar of everyone whose directory row names none (a calendar "
                + "of holidays.csv; 'none' or empty: no calendar; default none).", valueName: "name"))
    var holidayCalendar: String?

    var isEmpty: Bool {
        orgTimezone == nil && workHours == nil && workdays == nil && minGroupSize == nil && holidayCalendar == nil
    }

    /// Rejects values `apply(to:)` would reject, before any command that has these options runs (ArgumentParser
    /// validates an option group when it parses it).
    func validate() throws {
        var settings = OrganisationSettings()
        try apply(to: &settings)
    }

    func apply(to settings: inout OrganisationSettings) throws {
        if let orgTimezone {
            settings.timeZone = try parseZone(orgTimezone, option: "--org-timezone")
            settings.schedule.timeZone = settings.timeZone
        }
        if let workHours {
            let hours: (start: Int, end: Int)
            do { hours = try WorkSchedule.parseHours(workHours) } catch {
                throw ValidationError("--work-hours: '\(workHours)' is not HH:MM-HH:MM (\(error.message)); e.g. 09:00-17:00")
            }
            guard hours.start < 1440 else {
                throw ValidationError("--work-hours: '\(workHours)' starts at 24:00; hours cannot start at the end "
                    + "of the day: write 00:00")
            }
            settings.schedule.start = hours.start
            settings.schedule.end = hours.end
        }
        if let workdays {
            do { settings.schedule.workdays = try WorkSchedule.parseWorkdays(workdays) } catch {
                throw ValidationError("--workdays: \(error.message); e.g. Mon-Fri or Sun-Thu")
            }
        }
        if let minGroupSize {
            guard minGroupSize >= 1 else { throw ValidationError("--min-group-size must be at least 1, got \(minGroupSize)") }
            settings.minGroupSize = minGroupSize
        }
        if let holidayCalendar {
            let name = TextRules.trim(holidayCalendar)
            settings.holidayCalendar = name.isEmpty || name == "none" ? nil : name
        }
    }
}

struct Init: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Create the store and set the organisation's settings.",
        discussion: """
        Defaults: --org-timezone Etc/UTC, --work-hours 09:00-17:00, --workdays Mon-Fri, --min-group-size 5,
        --holiday-calendar none.

        Examples:
          maturity init --org-timezone Europe/Berlin --work-hours 09:00-17:00
          maturity init -s acme.sqlite --workdays Sun-Thu --min-group-size 3
          maturity init -s acme-de.sqlite --org-timezone Europe/Berlin --holiday-calendar de

        See Documentation/Schema.md.
        """)

    @OptionGroup var storeOptions: StoreOptions
    @OptionGroup var settingsOptions: SettingsOptions

    @Flag(name: .long, help: "Change the settings of a store that exists already (as 'maturity settings' does).")
    var force = false

    func run() throws {
        try reportingErrors {
            let store = try StoreOptions.store(at: storeOptions.path)
            guard try store.isInitialised() else {
                var settings = OrganisationSettings()
                try settingsOptions.apply(to: &settings)
                try store.save(settings)
                printError("store \(storeOptions.path) ready")
                print(SettingsCommand.describe(settings), terminator: "")
                return
            }
            // An existing store keeps its settings: init says what is there, and changes only with --force.
            let old = try store.settings()
            var new = old
            try settingsOptions.apply(to: &new)
            let counts = try store.counts()
            let holding = "\(counts.people) people, \(counts.messages) messages, \(counts.meetings) meetings, "
                + "\(counts.workItems) work items, \(counts.importRuns) import runs"
            if new != old && !force {
                throw CLIError("the store \(storeOptions.path) exists already (\(holding)), with other settings:\n"
                    + SettingsCommand.describe(old) + "nothing was changed",
                    fix: "change settings with 'maturity settings' (it prints old and new values), or add --force")
            }
            printError("store \(storeOptions.path) exists already (\(holding))")
            if new != old {
                try store.save(new)
                for line in SettingsCommand.changes(from: old, to: new) { printError(line) }
            }
            print(SettingsCommand.describe(new), terminator: "")
        }
    }
}
