import ArgumentParser
import Foundation
import MaturityCore

struct SettingsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "settings", abstract: "Show the organisation's settings, or change them with the options.",
        discussion: """
        Examples:
          maturity settings
          maturity settings --min-group-size 3
          maturity settings --holiday-calendar de

        See Documentation/Metrics.md (working hours and the minimum group size).
        """)

    @OptionGroup var storeOptions: StoreOptions
    @OptionGroup var settingsOptions: SettingsOptions

    func run() throws {
        try reportingErrors {
            let store = try storeOptions.open()
            var settings = try store.settings()
            if !settingsOptions.isEmpty {
                let old = settings
                try settingsOptions.apply(to: &settings)
                if settings != old {
                    try store.save(settings)
                    for line in Self.changes(from: old, to: settings) { printError(line) }
                }
            }
            print(Self.describe(settings), terminator: "")
        }
    }

    /// `changed min-group-size: 5 -> 3`, one line per setting that differs.
    static func changes(from old: OrganisationSettings, to new: OrganisationSettings) -> [String] {
        let before = describe(old).split(separator: "\n"), after = describe(new).split(separator: "\n")
        return zip(before, after).compactMap { a, b in
            guard a != b else { return nil }
            let name = a.split(separator: " ").first.map(String.init) ?? ""
            let value = { (line: Substring) in line.dropFirst(name.count).trimmingCharacters(in: .whitespaces) }
            return "changed \(name): \(value(a)) -> \(value(b))"
        }
    }

    static func describe(_ s: OrganisationSettings) -> String {
        """
        org-timezone      \(s.timeZone.identifier)
        work-hours        \(WorkSchedule.formatClock(s.schedule.start))-\(WorkSchedule.formatClock(s.schedule.end))
        workdays          \(WorkSchedule.formatWorkdays(s.schedule.workdays))
        min-group-size    \(s.minGroupSize)
        holiday-calendar  \(s.holidayCalendar ?? "none")

        """
    }
}
